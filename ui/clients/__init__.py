"""The client registry's screens (سجل العملاء): the list, the client file and the forms."""
