"""Subcommands of `sales-journal`. Each module has `register(subparsers)`; none imports Qt at import time."""
