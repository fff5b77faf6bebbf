"""What an id or a finding means, in Markdown for the editor's hover: a delmål, an
organisation or an indicator with its name and text; a rule with its explanation and its
wrong and right example (as `malkoll regler KOD` prints it)."""

from __future__ import annotations

import re

from malkoll.findings import Finding
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.rules.catalog import RULES
from malkoll.text import tal

_WORD = re.compile(r"[^\s\[\]{},:\"'#]+")

ORG_FIELDS = {"organisation", "givet_av", "id"}
DELMAL_FIELDS = {"delmal", "id"}
INDICATOR_FIELDS = {"matt", "indikatorer", "indikator", "underlag", "id", "kolada"}
KINDS = {
    "namnd": "nämnd",
    "bolag": "bolag",
    "sektor": "sektor",
    "verksamhet": "verksamhet",
    "enhet": "enhet",
}
"""An organisation's `typ` as a reader says it."""


def word_at(line: str, col: int) -> tuple[str, int] | None:
    """The id-like word at ``col`` (0-based code points) and where it starts."""
    for found in _WORD.finditer(line):
        if found.start() <= col <= found.end():
            return found.group(0), found.start()
    return None


def explain_id(repo: Repository, word: str, field: str | None) -> str | None:
    """The delmål, organisation or indicator ``word`` names, as Markdown; the field the
    word is a value of (when known) says which of them to look for first."""
    index = Index.of(repo)
    looks = [
        (DELMAL_FIELDS, _delmal),
        (ORG_FIELDS, _organisation),
        (INDICATOR_FIELDS, _indicator),
    ]
    if field is not None:
        looks.sort(key=lambda look: field not in look[0])
    for _fields, explain in looks:
        text = explain(index, word)
        if text is not None:
            return text
    return None


def _delmal(index: Index, word: str) -> str | None:
    dm = index.delmal.get(word)
    if dm is None:
        return None
    parts = [f"**Delmål {dm.id}**: {dm.namn}"]
    goal = index.goal(dm.id)
    if goal is not None:
        parts.append(f"Målsättning {goal.id}: {goal.namn}")
    if dm.beskrivning:
        parts.append(dm.beskrivning)
    if dm.ansvarig:
        parts.append(f"Ansvarig: {dm.ansvarig}")
    if dm.indikatorer:
        names = [f"{i} ({_name(index, i)})" for i in dm.indikatorer]
        parts.append("Indikatorer: " + ", ".join(names))
    return "\n\n".join(parts)


def _name(index: Index, ind: str) -> str:
    doc = index.indicator_defs.get(ind)
    return doc.data.namn if doc is not None else "okänd"


def _organisation(index: Index, word: str) -> str | None:
    org = index.org(word)
    if org is None:
        return None
    parts = [f"**{org.namn}** (`{org.id}`, {KINDS.get(org.typ, org.typ)})"]
    above = index.parent(org.id)
    if above is not None:
        parts.append(f"Under: {index.name(above)}")
    if org.chef:
        parts.append(f"Chef: {org.chef}")
    below = index.children(org.id)
    if below:
        parts.append("Består av: " + ", ".join(index.name(x) for x in below))
    return "\n\n".join(parts)


def _indicator(index: Index, word: str) -> str | None:
    doc = index.indicator_defs.get(word)
    if doc is None:
        return None
    ind = doc.data
    better = "högre är bättre" if ind.riktning == "hogre" else "lägre är bättre"
    parts = [f"**{ind.id}**: {ind.namn}", f"{ind.enhet or 'ingen enhet'}, {better}"]
    if ind.malvarde:
        parts.append("Målvärde: " + ", ".join(f"{y}: {tal(v)}" for y, v in ind.malvarde.items()))
    values = index.values.get(ind.id)
    if values is not None and values.utfall:
        year = max(values.utfall)
        total = values.utfall[year].T
        if total is not None:
            parts.append(f"Utfall {year}: {tal(total)}")
    if ind.beskrivning:
        parts.append(ind.beskrivning)
    parts.append(f"Definieras i `{doc.path}`.")
    return "\n\n".join(parts)


def explain_findings(found: list[Finding]) -> str | None:
    """The findings at the cursor with their rules explained."""
    parts = []
    for finding in found:
        rule = RULES.get(finding.code)
        text = f"**{finding.code}** ({finding.severity}): {finding.message}"
        if finding.hint:
            text += f"\n\n{finding.hint}"
        if rule is not None:
            text += f"\n\n*{rule.title}.* {rule.explanation}"
            if rule.wrong:
                text += f"\n\nFel:\n\n```yaml\n{rule.wrong}\n```"
            if rule.right:
                text += f"\n\nRätt:\n\n```yaml\n{rule.right}\n```"
            text += f"\n\nStäng av eller ändra i malkoll.yaml: `regler: {{{finding.code}: av}}`"
        parts.append(text)
    return "\n\n---\n\n".join(parts) if parts else None
