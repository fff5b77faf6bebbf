"""The reader's compiled part (`_fastyaml.c`): libyaml's events straight to malkoll's data."""

from collections.abc import Callable
from typing import Any

LIBYAML_VERSION: str
"""The version of the libyaml it was built with."""

def parse(
    text: str | bytes,
    known_keys: frozenset[str],
    fold: Callable[[str], str],
    controls: bool,
    /,
) -> tuple[Any, list[tuple[int, int, str, str]], list[int]] | None:
    """The data of one YAML document (its text, or the text's UTF-8 bytes) with its
    position records, its duplicate keys (0-based line and column, the key as written,
    the key as the schema knows it) and the packed positions of plain values that may
    change as numbers (see `reading.numbers`), or None where the Python
    path must read it."""

def _clear_cache() -> None:
    """Empty the table of short texts kept between files (for tests and leak checks)."""
