"""Writing the imported result lines into `ÅÅÅÅ/bokslut.yaml`, keeping what a person wrote.

The same round trip as `write` does for ekonomi.yaml (comments, key order, flow or block
style, the spelling of every value not changed, and each unchanged line exactly as it
was): only each line's `budget` and, under `perioder`, each follow-up period's `utfall`
are set. A line's `namn` and `prognos`, and everything else of the file (`balanskrav`,
`koncernresultat`, `femarsoversikt`, `beslut`), stay as they are. A line missing from the
file is added at the end of `poster`; a file missing is created with `poster:` alone. A
value equal to the one in the file is not rewritten, so a second import changes no byte.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from malkoll.ledger.posts import PostFigures
from malkoll.ledger.write import (
    _SAME,
    Merged,
    NamndChange,
    _dump,
    _entry,
    _load,
    _mapping,
    _month_position,
    _set,
    _top_list,
    keep_lines,
)
from malkoll.writers.yamlwrite import as_number

HEADER = (
    "Kommunens resultat under nämndernas nettokostnad, i {unit}, med tecken som i\n"
    "resultaträkningen: intäkter positiva, kostnader negativa. Budget och utfall importeras\n"
    "med `malkoll ekonomi importera`; prognoserna skrivs för hand."
)


def merge_posts(
    existing: str | None, rel: str, posts: list[PostFigures], keys: dict[int, str], unit: str
) -> Merged:
    """The file ``rel`` (text ``existing``, None when there is none) with ``posts``."""
    doc = _load(existing, rel, HEADER.format(unit=unit), top="poster")
    seq = _top_list(doc, "poster", 0, rel)
    merged = Merged(existing or "")
    for post in posts:
        change = NamndChange(post.post)
        entry = _entry(seq, post.post, key="post")
        if entry is None:
            entry = CommentedMap()
            entry["post"] = post.post
            seq.append(entry)
            change.new = True
        if post.budget is not None:
            old = _set(entry, "budget", post.budget, ("post", "namn"))
            if old is not _SAME:
                change.budget = (old, post.budget)
        if "perioder" not in entry:
            at = list(entry).index("budget") + 1 if "budget" in entry else len(entry)
            entry.insert(at, "perioder", CommentedMap())
        where = f"poster.{post.post}.perioder"
        perioder = _mapping(entry, "perioder", rel, where, flow=False)
        changed = []
        for month, (key, value) in sorted(post.periods.items()):
            if key not in perioder:
                perioder.insert(_month_position(perioder, month, keys), key, None)
            period = _mapping(perioder, key, rel, f"{where}.{key}", flow=True)
            old = period.get("utfall")
            if _set(period, "utfall", value) is not _SAME:
                changed.append((key, old, value))
        change.periods = [key for key, _, _ in changed]
        moved = [(k, o, n) for k, o, n in changed if as_number(o) != n]
        if moved:
            change.example = moved[-1]
        if change.new or change.periods or change.budget:
            merged.changes.append(change)
    if merged.changed:
        merged.text = keep_lines(existing or "", _dump(doc))
    return merged
