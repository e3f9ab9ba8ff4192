"""The complaints desk: one register of complaints, inquiries, suggestions and compliments."""
