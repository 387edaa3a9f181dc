"""Dialogs. Each has a classmethod `ask(...)` returning the answer, so tests can replace one function."""
