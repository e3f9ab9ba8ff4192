"""The complaints desk: the log, the intake form and the complaint dialog."""
