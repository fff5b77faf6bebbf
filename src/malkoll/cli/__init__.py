"""The command line: one module per command. Each parses its options, calls the core,
prints and picks the exit status; none holds domain logic."""

from malkoll.cli.root import app, main

__all__ = ["app", "main"]
