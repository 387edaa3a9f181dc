"""Everything a person touches: the Qt app, its views and dialogs, and the command line."""
