"""A small YAML writer that writes the way people do: block style, some flow style.

PyYAML's pure-Python dumper is slow and writes everything one way; the benchmark corpus
wants a mix of block mappings, short flow mappings (`{status: pagar, kommentar: ...}`),
flow lists of ids, and free text as plain, quoted, folded (`>-`) or literal (`|-`)
scalars. Strings YAML would read as something else (`1.1`, `no`, `2020-01-01`) are quoted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

INDENT = 2
FLOW_LIST_WIDTH = 72
FOLD_WIDTH = 84

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_RESERVED = {"", "~", "y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_NUMBER_OR_DATE = re.compile(
    r"[-+]?(\.?[0-9][0-9_:.,eE+-]*|\.inf|\.nan)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*",
    re.IGNORECASE | re.DOTALL,
)


class Flow(dict):
    """A mapping written on one line: `{a: 1, b: 2}`."""


@dataclass(frozen=True)
class Block:
    """Free text written as a block scalar: `|` keeps the lines, `>` folds them."""

    text: str
    style: str = "|"


@dataclass(frozen=True)
class Quoted:
    """A string always written in double quotes, like an id: `"1440"`."""

    text: str


def _plain_ok(text: str, flow: bool) -> bool:
    """Whether a string can be written without quotes and read back as the same string."""
    if text != text.strip() or text.lower() in _RESERVED or text[0] in _INDICATORS:
        return False
    if _NUMBER_OR_DATE.fullmatch(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\n" in text or "\t" in text:
        return False
    return not (flow and any(c in text for c in ",[]{}"))


def scalar(value: Any, flow: bool = False) -> str:
    """One scalar as YAML text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(round(value, 2))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Quoted):
        return json.dumps(value.text, ensure_ascii=False)
    if isinstance(value, Block):
        return json.dumps(value.text, ensure_ascii=False)
    if value is None:
        return "null"
    text = str(value)
    return text if _plain_ok(text, flow) else json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        items = (f"{scalar(k, True)}: {_flow(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, True)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list | Block)


def _block_scalar(block: Block, indent: int) -> list[str]:
    pad = " " * indent
    if block.style == ">":
        lines = textwrap.wrap(
            block.text, FOLD_WIDTH, break_long_words=False, break_on_hyphens=False
        )
        return [">-", *(pad + line for line in lines)]
    lines = block.text.split("\n")
    return ["|-", *((pad + line) if line else "" for line in lines)]


def _value_lines(key: str, value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, Block):
        first, *rest = _block_scalar(value, indent + INDENT)
        out.append(f"{pad}{key}: {first}")
        out.extend(rest)
    elif isinstance(value, Flow) or (isinstance(value, dict | list) and not value):
        out.append(f"{pad}{key}: {_flow(value)}")
    elif isinstance(value, dict):
        out.append(f"{pad}{key}:")
        _mapping(value, indent + INDENT, out)
    elif isinstance(value, list):
        flow = _flow(value) if all(_is_scalar(v) for v in value) else ""
        if flow and len(flow) + indent + len(key) <= FLOW_LIST_WIDTH:
            out.append(f"{pad}{key}: {flow}")
        else:
            out.append(f"{pad}{key}:")
            _sequence(value, indent + INDENT, out)
    else:
        out.append(f"{pad}{key}: {scalar(value)}")


def _mapping(data: dict, indent: int, out: list[str]) -> None:
    for key, value in data.items():
        _value_lines(scalar(key), value, indent, out)


def _sequence(items: list, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, Flow) or _is_scalar(item):
            out.append(f"{pad}- {_flow(item)}")
        elif isinstance(item, dict):
            sub: list[str] = []
            _mapping(item, indent + INDENT, sub)
            sub[0] = f"{pad}- {sub[0][indent + INDENT :]}"
            out.extend(sub)
        else:
            out.append(f"{pad}- {_flow(item)}")


def dumps(data: dict | list, header: str = "") -> str:
    """A whole document; `header` is written first as a comment."""
    out: list[str] = [f"# {line}" for line in header.splitlines()]
    if isinstance(data, dict):
        _mapping(data, 0, out)
    else:
        _sequence(data, 0, out)
    return "\n".join(out) + "\n"
