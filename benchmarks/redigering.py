"""An edit of one plan file, on disk or in the editor's session.

    python benchmarks/redigering.py DIR 2020/plan/sektor-x/enhet.yaml --andringar 20

Run as a script it is the editor benchmark: in one process it opens the repository with
`malkoll.session.Session.open(DIR, idag=...)`, then replaces the plan file's text `--andringar`
times (after `--uppvarmning` untimed edits), each time with a new text, and times each
`Session.change(rel, text)` until the findings are back. It prints one JSON line:
`oppna_s`, `andringar_s` (one time per timed edit), `fynd_fore` and `fynd_efter` (the
number of findings before the first and after the last edit, the same when every edit
keeps the file valid). Without `malkoll.session` it prints `{"saknas": "..."}` and exits 0.

`run.py` imports `pick` and `edited` from here for the "one file changed" measurement,
which edits the same file on disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

# A plain one-line `resultat:` in a block mapping: the edit appends a sentence to it.
_RESULT = re.compile(r"^(?P<head> +resultat: )(?P<text>[^\s\"'|>{\[&*!%@`#].*)$", re.MULTILINE)
_SUFFIX = re.compile(r" Ändring [0-9-]+\.$")


def pick(root: Path) -> str:
    """The first plan file (sorted) with an analysis the edit can change, relative to root."""
    for path in sorted(root.glob("*/plan/*/*.yaml")):
        if _RESULT.search(path.read_text(encoding="utf-8")):
            return path.relative_to(root).as_posix()
    raise SystemExit(f"ingen planfil i {root} har en analys att ändra")


def edited(text: str, token: str | None) -> str:
    """The text with the first analysis's `resultat` ending in ` Ändring TOKEN.`.

    Any earlier edit is replaced, so the file stays valid and as long as the original plus
    one sentence; `token` None gives the original text back.
    """
    match = _RESULT.search(text)
    if match is None:
        raise ValueError("ingen analys att ändra")
    value = _SUFFIX.sub("", match["text"])
    if token is not None:
        value += f" Ändring {token}."
    return text[: match.start("text")] + value + text[match.end("text") :]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mapp", type=Path, help="målrepot")
    parser.add_argument("fil", help="planfilen som ändras, relativt målrepot")
    parser.add_argument("--andringar", type=int, default=20, help="tidtagna ändringar (20)")
    parser.add_argument("--uppvarmning", type=int, default=2, help="ändringar först (2)")
    parser.add_argument(
        "--idag", type=dt.date.fromisoformat, help="dagen kontrollen gäller (standard: i dag)"
    )
    args = parser.parse_args(argv)
    try:
        from malkoll.session import Session  # here: the API may not exist yet
    except ImportError as exc:
        print(json.dumps({"saknas": f"malkoll.session: {exc}"}, ensure_ascii=False))
        return 0
    started = time.perf_counter()
    session = Session.open(args.mapp, idag=args.idag)
    opened = time.perf_counter() - started
    before = len(session.findings())
    original = (args.mapp / args.fil).read_text(encoding="utf-8")
    nonce = time.time_ns() % 10**9  # a text this session has never seen
    times: list[float] = []
    after = before
    for i in range(args.uppvarmning + args.andringar):
        text = edited(original, f"{nonce}-{i}")
        started = time.perf_counter()
        found = session.change(args.fil, text)
        seconds = time.perf_counter() - started
        after = len(found)
        if i >= args.uppvarmning:
            times.append(seconds)
    report = {"oppna_s": opened, "andringar_s": times, "fynd_fore": before, "fynd_efter": after}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
