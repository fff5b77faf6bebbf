"""The command line: one module per command. Each parses its options, calls the core,
prints and picks the exit status; none holds domain logic.

The entry point imports nothing heavy itself: a `validera` whose answer the cache holds
(`replay`) is answered before typer, pydantic or the models are imported, and a plain
`validera` or `rapport` command line (`plain.py`) runs without typer (`answer.py`, the
same functions the typer commands call). Everything else goes through typer (`root.py`).
"""

from __future__ import annotations

import gc
import os
import sys

__all__ = ["app", "main"]


def main() -> None:
    """The `malkoll` command."""
    from malkoll.cli import plain, replay

    argv = sys.argv[1:]
    given = plain.read(argv)
    planned = replay.plan(argv, given)
    if planned is not None:
        status = replay.replay(planned)
        if status is not None:
            os._exit(replay.flushed(status))
    if given is not None:  # a plain validera or rapport: no typer needed to read it
        # The cyclic collector only walks the imports' and the model's objects again and
        # again in a process that ends as soon as it has answered (`load` pauses it too).
        gc.disable()
        from malkoll.cli import answer

        status = replay.flushed(answer.run(given))
        if planned is not None:
            replay.store(planned)
        os._exit(status)
    from malkoll.cli.root import main as run

    run()


def __getattr__(name: str) -> object:
    if name == "app":  # the typer application, imported when it is asked for
        from malkoll.cli.root import app

        return app
    raise AttributeError(name)
