"""Clients: the people and organisations the association deals with."""
