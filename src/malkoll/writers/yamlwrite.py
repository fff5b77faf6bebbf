"""Writing YAML that reads as if a person wrote it.

Block style, keys in the order given, Swedish characters as they are, dates as
YYYY-MM-DD, sequences indented under their key, short lists of plain values on one line
(`matt: [N15505]`), text with line breaks as a literal block, whole numbers without
`.0`, and every string that YAML would otherwise read as something else (a number such
as `"1.10"`, a date, `yes`, `no`, `null`) in double quotes.

A string with a character a person cannot see (a control character, U+2028, a
bidirectional override, a lone surrogate) is written in double quotes with every such
character as its escape (`quote`), so that the file shows it and reads back the same.
`quote` is also what every other writer of YAML (the templates of `malkoll init`) uses
for a value.
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


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
"""YAML's own escapes in a double-quoted scalar."""


BAD_VALUE = (
    "filen har ett värde som inte går att läsa, till exempel ett datum som inte finns "
    "(2020-02-30); rätta det eller skriv det inom citattecken"
)
"""Why ruamel.yaml cannot read a file that is valid YAML: a value it cannot construct."""


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``: `"`
    and `\\` escaped, and every character that is not printable (controls, line and
    paragraph separators, format characters such as the bidirectional overrides, lone
    surrogates, non-breaking spaces) as its escape. Safe in block and flow context."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            if code < 0x100:
                out.append(f"\\x{code:02X}")
            elif code < 0x10000:
                out.append(f"\\u{code:04X}")
            else:
                out.append(f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


def hidden(text: str) -> bool:
    """Whether ``text`` has a character that `quote` escapes beyond `"`, `\\`, newline and
    tab: one that a person reading the file would not see."""
    return not all(ch.isprintable() or ch in "\n\t" for ch in text)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `- item` indented under its key

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        """Every double-quoted scalar through `quote`, on one line."""
        self.write_indicator(quote(text), True)


def _looks_like_other(value: str) -> bool:
    """Whether YAML would read ``value``, written plainly, as anything but this text."""
    resolved: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return resolved != _STR


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if hidden(value):
        return dumper.represent_scalar(_STR, value, style='"')
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
    shown = "".join(ch if ch.isprintable() or ch == "\n" else quote(ch)[1:-1] for ch in header)
    lines = [w for line in shown.splitlines() for w in textwrap.wrap(line, WIDTH - 2) or [""]]
    comments = "".join(f"# {line}".rstrip() + "\n" for line in lines)
    return comments + body


def as_number(value: Any) -> float | None:
    """A value read back from a user's YAML as a number, to compare with the figure a
    writer would set (`kolada hamta`, `ekonomi importera`): a number, or a text written as
    one (`1 234,5`); None for anything else, a boolean too."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            return None
    return None
