"""The förvaltningsberättelse's chapters: Markdown files in `ÅÅÅÅ/forvaltningsberattelse/`.

Each period that has one has a folder of its own (`2020/forvaltningsberattelse/helar/`),
one file per chapter, named by the chapter (`oversikt.md`, `handelser.md`; the names are
`model.annual.KAPITEL`). A file's first `# ` heading is the chapter's title as printed;
the rest is its text, rendered safely like every text a person writes.

The files are read like the YAML files: only regular files inside the repository, within
the size limit, in UTF-8; what cannot be read is its finding (MK102, MK108, MK110), and a
file in the wrong place is MK107 or, in a folder that names no period, MK107.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from malkoll import findings as f
from malkoll.findings import START, Where
from malkoll.model.annual import KAPITEL, Kapitel
from malkoll.model.repository import FIRST_YEAR, LAST_YEAR
from malkoll.reading.source import MK110, Unreadable, decode, read_limited
from malkoll.reading.walk import MK107
from malkoll.text import fold, quote

FOLDER = "forvaltningsberattelse"
_NOT_UTF8 = "Filnamnet är inte UTF-8; malkoll läser inte filen."
_LINK_OUT = "Filen är en länk som pekar ut ur målrepot; malkoll läser den inte."
_YEAR = re.compile(r"[0-9]{4}")
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$")


def read_chapters(
    root: Path, periods: list[str]
) -> tuple[dict[int, list[Kapitel]], list[f.Problem]]:
    """Every chapter of every year's förvaltningsberättelse, by year, and what kept a file
    from being read or placed."""
    years = sorted(
        int(e.name)
        for e in _listing(root)
        if _YEAR.fullmatch(e.name) and FIRST_YEAR <= int(e.name) <= LAST_YEAR
    )
    chapters: dict[int, list[Kapitel]] = {}
    problems: list[f.Problem] = []
    real_root = root.resolve()
    for year in years:
        folder = root / str(year) / FOLDER
        if folder.is_symlink() or not folder.is_dir():
            continue  # a linked folder is the walk's finding (MK110), as for any folder
        for entry in _listing(folder):
            rel = f"{year}/{FOLDER}/{entry.name}"
            if not _utf8(entry.name):
                problems.append(_refused(_shown(rel), _NOT_UTF8))
                continue
            if entry.is_dir(follow_symlinks=False):
                inside = sorted(
                    (e for e in _listing(Path(entry.path)) if _is_markdown(e.name)),
                    key=lambda e: e.name,
                )
                if entry.name not in periods:
                    for e in inside:
                        if not _utf8(e.name):
                            continue
                        problems.append(
                            f.Problem(
                                MK107,
                                f"{rel}/{e.name}",
                                START,
                                f"Mappen {quote(entry.name)} är ingen period i malkoll.yaml "
                                f"(perioderna är {', '.join(periods)}), så malkoll läser inte "
                                "kapitlet.",
                                "Lägg kapitlet i mappen för perioden det gäller, t.ex. "
                                f"{year}/{FOLDER}/{periods[-1]}/{e.name}.",
                            )
                        )
                    continue
                for e in inside:
                    if not _utf8(e.name):
                        problems.append(
                            _refused(
                                _shown(f"{rel}/{e.name}"),
                                _NOT_UTF8,
                            )
                        )
                        continue
                    one = _chapter(real_root, Path(e.path), f"{rel}/{e.name}", entry.name)
                    if isinstance(one, Kapitel):
                        chapters.setdefault(year, []).append(one)
                    else:
                        problems.append(one)
            elif _is_markdown(entry.name):
                problems.append(
                    f.Problem(
                        MK107,
                        rel,
                        START,
                        "Kapitlen i förvaltningsberättelsen ligger i en mapp per period, så "
                        "malkoll läser inte filen här.",
                        f"Flytta den till {year}/{FOLDER}/{periods[-1]}/{entry.name} (eller "
                        "mappen för en annan period).",
                    )
                )
    return chapters, problems


def _chapter(real_root: Path, path: Path, rel: str, period: str) -> Kapitel | f.Problem:
    if path.is_symlink():
        try:
            inside = path.resolve().is_relative_to(real_root)
        except (RuntimeError, OSError):
            inside = False
        if not inside:
            return _refused(rel, _LINK_OUT)
    try:
        text = decode(read_limited(path))
    except Unreadable as err:
        return f.Problem(err.rule, rel, START, err.message, err.hint)
    stem = fold(path.stem).lower()
    heading, line, body = _split(text)
    title = heading or KAPITEL.get(stem) or path.stem.replace("-", " ").capitalize()
    return Kapitel(rel, period, stem, title, body, line)


def _split(text: str) -> tuple[str | None, int, str]:
    """The first `# ` heading, its line and the text after it; (None, 0, text) without
    one before other text."""
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        match = _HEADING.match(line)
        if match:
            return match.group(1).strip(), number, "\n".join(lines[number:]).strip("\n")
        break
    return None, 0, text.strip("\n")


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(rel: str) -> str:
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return []


def _is_markdown(name: str) -> bool:
    return name.lower().endswith(".md") and not name.startswith(".")


def _refused(rel: str, message: str) -> f.Problem:
    return f.Problem(
        MK110,
        rel,
        Where(1, 1),
        message,
        "Lägg in filen själv i repot (inte en länk), eller ta bort den.",
    )
