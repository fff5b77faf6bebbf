"""Whether ekonomi.yaml already holds the imported figures, without ruamel's round trip.

A second import of the same ledger changes no byte; finding that out through ruamel.yaml
(pure Python, with comments) costs about a second on a thousand units. `unchanged`
composes the file with libyaml instead and answers True only where `write.merge` would
find nothing to set and nothing to refuse; anything it is not sure of (an anchor or an
alias, a `%YAML` directive, a key that is no plain word or quoted text, a key twice, a
tag of its own, a date, a figure written other than as a plain whole number, a nämnd,
an enhet, a period or a figure missing, an `enheter` entry the import would remove) is
False, and `merge` then does the round trip as before. So the answer is the same,
sooner: the file's text, with no changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from malkoll.ledger.aggregate import FIELDS, Figures, NamndFigures

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_RESERVED = frozenset(["null", "true", "false", "yes", "no", "on", "off", "y", "n"])
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")
)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Unsure(Exception):
    """Something `unchanged` leaves to the round trip."""


def _word(node: yaml.Node) -> str:
    """A scalar that is text to ruamel (YAML 1.2) and to libyaml alike."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
        raise _Unsure
    text = str(node.value)
    if node.style in ("'", '"'):
        return text
    if not node.style and _WORD.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    raise _Unsure


def _check_all(root: yaml.Node) -> None:
    """Every node: no part twice (an alias), only the standard tags, no date, and each
    mapping's keys words, each once."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if node.tag not in _PLAIN_TAGS:
            raise _Unsure
        if isinstance(node, yaml.ScalarNode):
            continue
        if id(node) in seen:
            raise _Unsure
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
            continue
        keys = set()
        for key, value in node.value:
            word = _word(key)
            if word in keys:
                raise _Unsure
            keys.add(word)
            todo.append(value)


def _map(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise _Unsure
    return {_word(k): v for k, v in node.value}


def _items(node: yaml.Node | None) -> Iterator[dict[str, yaml.Node] | None]:
    if not isinstance(node, yaml.SequenceNode):
        raise _Unsure
    for item in node.value:
        yield _map(item) if isinstance(item, yaml.MappingNode) else None


def _org(item: dict[str, yaml.Node] | None) -> str:
    if item is None:
        return ""
    value = item.get("organisation")
    return "" if value is None else _word(value).strip()


def _entry(node: yaml.Node | None, org: str) -> dict[str, yaml.Node]:
    for item in _items(node):
        if item is not None and _org(item) == org:
            return item
    raise _Unsure  # a new entry


def _same(owner: dict[str, yaml.Node], key: str, value: int) -> None:
    node = owner.get(key)
    if (
        not isinstance(node, yaml.ScalarNode)
        or node.tag != _INT
        or node.style  # plain: None or "" (libyaml)
        or not _WHOLE.fullmatch(str(node.value))
        or int(node.value) != value
    ):
        raise _Unsure


PeriodKey = Callable[[Any, int, dict[int, str]], str]
"""`write._period_key`: the key a month is written under, given the period keys."""


def _figures(
    owner: dict[str, yaml.Node], figures: Figures, keys: dict[int, str], period_key: PeriodKey
) -> None:
    if figures.budget is not None:
        _same(owner, "budget", figures.budget)
    perioder = _map(owner.get("perioder"))
    for month, values in figures.months.items():
        key = period_key(perioder, month, keys)
        period = _map(perioder.get(key))
        for name in FIELDS:
            if name in values:
                _same(period, name, values[name])


def unchanged(
    existing: str | None, figures: list[NamndFigures], keys: dict[int, str], period_key: PeriodKey
) -> bool:
    """True when ``existing`` (ekonomi.yaml's text) has every figure as ``figures`` and
    the import would change nothing; False when it might not."""
    if existing is None:
        return False
    text = existing.removeprefix("\ufeff")
    if re.search(r"^%", text, re.MULTILINE):
        return False  # a directive (`%YAML 1.1`) changes how ruamel reads the file
    try:
        root = yaml.compose(text, Loader=_LOADER)  # a safe loader, nodes only
        if root is None:
            return False
        _check_all(root)
        doc = _map(root)
        namnder = doc.get("namnder")
        for namnd in figures:
            entry = _entry(namnder, namnd.org)
            _figures(entry, namnd, keys, period_key)
            enheter = entry.get("enheter")
            wanted = {e.org for e in namnd.enheter}
            if any(_org(item) not in wanted for item in _items(enheter)):
                raise _Unsure  # an entry the import removes
            for part in namnd.enheter:
                _figures(_entry(enheter, part.org), part, keys, period_key)
    except Exception:  # unsure, or libyaml's own error: the round trip decides
        return False
    return True
