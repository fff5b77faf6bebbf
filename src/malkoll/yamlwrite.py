"""Writing YAML that reads as if a person wrote it.

Block style, keys in the order given, Swedish characters as they are, dates as
YYYY-MM-DD, sequences indented under their key, short lists of plain values on one line
(`matt: [N15505]`), text with line breaks as a literal block, whole numbers without
`.0`, and every string that YAML would otherwise read as something else (a number such
as `"1.10"`, a date, `yes`, `no`, `null`) in double quotes.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import yaml

WIDTH = 100
"""Where long plain text is folded onto the next line."""

FLOW_LIMIT = 60
"""A list of plain values shorter than this on one line is written in flow style."""

_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `- item` indented under its key


def _looks_like_other(value: str) -> bool:
    """Whether YAML would read ``value``, written plainly, as anything but this text."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value.strip("\n"):
        return dumper.represent_scalar(_STR, value, style="|")
    if _looks_like_other(value):
        return dumper.represent_scalar(_STR, value, style='"')
    return dumper.represent_scalar(_STR, value)


def _float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    if value.is_integer():
        return dumper.represent_int(int(value))
    return dumper.represent_float(value)


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    plain = all(isinstance(x, str | int | float) and not isinstance(x, bool) for x in value)
    flow = plain and bool(value) and len(", ".join(str(x) for x in value)) < FLOW_LIMIT
    flow = flow and not any(isinstance(x, str) and "\n" in x for x in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(float, _float)
_Dumper.add_representer(dt.date, _date)
_Dumper.add_representer(list, _list)
_Dumper.add_multi_representer(dict, _dict)


def dump(data: Any, header: str = "") -> str:
    """``data`` as YAML, after ``header`` written as comment lines."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
        indent=2,
    )
    lines = [w for line in header.splitlines() for w in textwrap.wrap(line, WIDTH - 2) or [""]]
    comments = "".join(f"# {line}".rstrip() + "\n" for line in lines)
    return comments + body
