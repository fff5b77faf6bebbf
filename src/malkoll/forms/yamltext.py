"""config.yml as YAML a person reviews: block style, indented, keys in the order built,
å, ä and ö as they are, and in double quotes every string another YAML reader could take
for something else.

Decap CMS reads the file with the `yaml` npm package (YAML 1.2), PyYAML and many other
tools with YAML 1.1's rules: a string is left plain only when neither would read it as a
number, a boolean, null or a date (`"1.10"`, `"no"`, `"2020-03-31"`, `"1e3"`, `"0o17"`
are quoted).
"""

from __future__ import annotations

from typing import Any

import yaml

WIDTH = 100_000
"""No value folded onto the next line: a long label or description stays on its own line,
as a person would write it and search for it."""

_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}
"""Booleans and null in YAML 1.1 or 1.2, in any case."""


def _ambiguous(value: str) -> bool:
    """Whether a YAML 1.1 or 1.2 reader could take ``value``, written plainly, for anything
    but this text: a number-like start (digit, sign, dot), one of `_WORDS`, or what
    PyYAML's own resolver reads as another type."""
    if not value or value[0] in "0123456789+-." or value.lower() in _WORDS:
        return True
    resolved: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return resolved != _STR


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def _quote(text: str) -> str:
    """``text`` double-quoted on one line, every character a person cannot see (controls,
    U+2028, bidirectional overrides) as its escape: PyYAML would write some of them raw,
    and the `yaml` package reads U+2028 there as a line break."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `- item` indented under its key

    def ignore_aliases(self, data: Any) -> bool:
        """Every collection written out in full, never as `&id001` and `*id001` (the
        plan folders share one list of fields)."""
        return True

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        """Every double-quoted scalar through `_quote`, on one line."""
        self.write_indicator(_quote(text), True)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    hidden = not all(ch.isprintable() for ch in value)
    style = '"' if hidden or _ambiguous(value) else None
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
        indent=2,
    )
