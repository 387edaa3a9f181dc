"""Sales Journal's domain: storage, services and queries. Imports no Qt."""

__version__ = "0.1.0"
