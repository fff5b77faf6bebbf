"""libyaml's syntax errors as findings: where an editor shows them, in Swedish only.

PyYAML is imported only with an error to describe (it is not needed to read a valid file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml

from malkoll import findings as f
from malkoll.findings import START, Where

MK101 = f.rule(
    "MK101",
    "fel",
    "Filen är inte giltig YAML",
    "YAML-tolken kunde inte läsa filen. Meddelandet anger raden och vad tolken såg; "
    "vanliga orsaker är fel indrag, tabbar i stället för mellanslag och text som "
    "innehåller `: ` utan citattecken.",
    wrong="analys:\n  resultat: Målet: nås inte",
    right='analys:\n  resultat: "Målet: nås inte"',
)

RULES = (MK101,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""
# libyaml's descriptions of common mistakes, in Swedish; the original follows in parentheses.
_PROBLEMS = {
    "mapping values are not allowed": "ett kolon följt av mellanslag där det inte får stå; "
    "sätt texten inom citattecken om den innehåller `: `",
    "could not find expected ':'": "förväntade `:` efter en nyckel",
    "did not find expected key": "förväntade en nyckel; kontrollera indraget",
    "did not find expected '-' indicator": "förväntade ett listelement (`-`); kontrollera indraget",
    "found character that cannot start any token": "ett tecken som inte kan inleda ett värde "
    "(till exempel en tabb, `@` eller `` ` ``); indrag görs med mellanslag och sådan text "
    "skrivs inom citattecken",
    "found undefined alias": "ett alias (`*namn`) utan motsvarande ankare (`&namn`)",
    "but found another document": "filen innehåller flera dokument (`---`); den ska innehålla ett",
    "found unexpected end of stream": "filen tar slut mitt i ett värde; saknas ett citattecken "
    "eller en avslutande parentes?",
    "control characters are not allowed": "filen innehåller otillåtna kontrolltecken",
    "did not find expected node content": "förväntade ett värde",
    "found unknown escape character": "en okänd escape-sekvens (`\\`) inom dubbla citattecken; "
    "använd enkla citattecken",
    "did not find expected ',' or ']'": "förväntade `,` eller `]` i en lista inom hakparenteser",
    "did not find expected ',' or '}'": "förväntade `,` eller `}` i en mappning inom klamrar",
    "found duplicate anchor": "samma ankare (`&namn`) finns två gånger",
    "tab character": "en tabb i indraget; indrag görs med mellanslag",
    "block sequence entries are not allowed": "ett listelement (`- `) där det inte får stå; "
    "kontrollera indraget",
    "block mapping entries are not allowed": "en nyckel där den inte får stå; kontrollera indraget",
    "expected <document start>": "mer text efter filens slut; kontrollera indraget",
    "found unexpected document indicator": "`---` eller `...` mitt i ett värde",
    "found unknown directive name": "ett okänt direktiv (`%`)",
    "found undefined tag handle": "en okänd tagg (`!`)",
    "found invalid Unicode character escape code": "en ogiltig Unicode-escape (`\\u`) inom "
    "dubbla citattecken",
    "did not find expected hexdecimal number": "en ofullständig escape-sekvens (`\\x`, `\\u`) "
    "inom dubbla citattecken",
    "found unexpected ':'": "ett kolon där det inte får stå; sätt texten inom citattecken",
    "incomplete UTF-8 octet sequence": "en ofullständig UTF-8-följd",
    "invalid leading UTF-8 octet": "en byte som inte är giltig UTF-8",
    "invalid trailing UTF-8 octet": "en byte som inte är giltig UTF-8",
    "invalid Unicode character": "ett tecken som inte är tillåtet i YAML",
    "while scanning an anchor": "ett ankare (`&namn`) utan namn",
    "while scanning an alias": "ett alias (`*namn`) utan namn",
    "did not find expected comment or line break": "text efter ett värde där raden borde "
    "ta slut; sätt texten inom citattecken",
    "did not find the expected '>'": "en ofullständig tagg (`!<...>`)",
    "did not find expected whitespace or line break": "förväntade mellanslag eller radslut",
    "found extra characters": "oväntade tecken",
    "found a comment": "en kommentar (`#`) där den inte får stå",
}
_UNKNOWN_PROBLEM = "YAML-tolken kunde inte läsa vidare här; kontrollera indrag och citattecken"

# What libyaml was in the middle of, in Swedish, for the hint of MK101.
_CONTEXTS = {
    "block mapping": "i en mappning (nycklar med värden)",
    "block collection": "i en lista eller mappning",
    "flow sequence": "i en lista inom hakparenteser",
    "flow mapping": "i en mappning inom klamrar",
    "quoted scalar": "i en text inom citattecken",
    "simple key": "vid en nyckel",
    "block scalar": "i en flerradig text (`|` eller `>`)",
    "alias": "vid ett alias (`*namn`)",
    "anchor": "vid ett ankare (`&namn`)",
    "directive": "i ett direktiv (`%`)",
}


def syntax_error(err: yaml.YAMLError, text: str, rel: str) -> f.Problem:
    """MK101 for libyaml's error in ``text``."""
    from yaml.reader import ReaderError

    problem = str(getattr(err, "problem", None) or getattr(err, "reason", None) or err)
    where = _error_position(err, text, problem)
    swedish = next((sv for en, sv in _PROBLEMS.items() if en in problem), _UNKNOWN_PROBLEM)
    if isinstance(err, ReaderError) and isinstance(err.character, int):
        swedish = f"{swedish} (U+{err.character:04X})"
    message = f"Ogiltig YAML: {swedish}" + ("" if swedish.endswith("?") else ".")
    context = str(getattr(err, "context", None) or "")
    inside = next((sv for en, sv in _CONTEXTS.items() if en in context), None)
    hint = f"Felet finns {inside}; kontrollera indrag och citattecken där." if inside else ""
    return f.Problem(MK101, rel, where, message, hint)


def _error_position(err: yaml.YAMLError, text: str, problem: str) -> Where:
    """The line and column an editor shows for libyaml's error."""
    from yaml.reader import ReaderError

    if isinstance(err, ReaderError):
        # The position of a bad character is a byte offset into the UTF-8 text.
        before = text.encode("utf-8")[: err.position].decode("utf-8", "ignore")
        return Where(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
    mark = getattr(err, "problem_mark", None)
    if mark is None:
        return START
    context = getattr(err, "context_mark", None)
    if "end of stream" in problem and context is not None:
        mark = context  # the value the file ends inside, not the line after the end
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if mark.line >= len(lines):  # past the last line: its end
        return Where(max(len(lines), 1), len(lines[-1]) + 1 if lines else 1)
    return Where(mark.line + 1, mark.column + 1)
