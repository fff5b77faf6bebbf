"""Forms in the browser: the content manager's configuration (Decap CMS) generated from
the models and the repository, and the page that loads it (`malkoll formular`, and the
site's `admin/`).

`admin_files(root, year, backend)` is what a caller needs: the files of `admin/` by their
path relative to that folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from malkoll.forms.config import BACKENDS as BACKENDS
from malkoll.forms.config import Backend as Backend
from malkoll.forms.config import Forms as Forms
from malkoll.forms.config import build
from malkoll.forms.page import index_html

MARKER = "# Skriven av malkoll formular: skriv inte här, kör kommandot igen.\n"
"""The first line of the generated config.yml: a folder whose config.yml lacks it is a
person's, and is never written over."""


def config_text(forms: Forms) -> str:
    """config.yml: the marker line, then the configuration as indented YAML for a person
    to review, every value keeping its type exactly (ids like "1.10" stay text in the
    options and file names; see forms/yamltext.py)."""
    from malkoll.forms.yamltext import dump

    return MARKER + dump(forms.config)


@dataclass
class Prepared:
    """What `prepare` read and built."""

    root: Path
    year: int
    forms: Forms
    files: dict[str, bytes]


def prepare(
    start: Path,
    year: int | None,
    backend: Backend,
    cms_url: str | None = None,
    cache: bool = True,
) -> Prepared:
    """Read the repository at or above ``start`` and build admin/'s files for ``year``
    (None: the repository's latest year)."""
    from malkoll.errors import BadOption
    from malkoll.reading.load import load
    from malkoll.reading.walk import find_root

    root = find_root(start)
    chosen = year if year is not None else default_year(root)
    if chosen is None:
        raise BadOption("Repot har inga årsmappar ännu: ange året, eller kör malkoll nytt-ar.")
    repo = load(root, cache=cache)
    if chosen not in repo.ar:
        years = ", ".join(str(y) for y in sorted(repo.ar)) or "inga"
        raise BadOption(f"Året {chosen} finns inte i målrepot (årsmappar: {years}).")
    forms = build(repo, chosen, backend)
    files = {
        "index.html": index_html(repo.installningar.kommun, chosen, cms_url).encode("utf-8"),
        "config.yml": config_text(forms).encode("utf-8"),
    }
    return Prepared(root, chosen, forms, files)


def admin_files(
    root: Path, year: int, backend: Backend | None = None, cms_url: str | None = None
) -> dict[str, bytes]:
    """admin/'s files (relative path → content) for the repository at ``root`` and
    ``year``; ``backend`` None: the local backend (decap-server on this machine)."""
    return prepare(root, year, backend or Backend(), cms_url).files


def default_year(root: Path) -> int | None:
    """The latest year folder of the repository, None when it has none."""
    from malkoll.reading.walk import discover

    years = [s.year for s in discover(root)[0] if s.year is not None]
    return max(years) if years else None


def write(files: dict[str, bytes], folder: Path, root: Path) -> bool:
    """Write admin/'s files into ``folder`` (under ``root``), whole or not at all; a folder
    malkoll formular did not write (no marker in its config.yml) is refused. False when
    every file is already as it would be written."""
    from malkoll.atomic import create, replace
    from malkoll.errors import WriteRefused
    from malkoll.text import printable

    texts = {folder / rel: data.decode("utf-8") for rel, data in files.items()}
    config = folder / "config.yml"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise WriteRefused(f"{printable(str(folder))} är inte en mapp: skriver inget.")
    if folder.is_dir() and any(folder.iterdir()):
        try:
            ours = config.read_text(encoding="utf-8").startswith(MARKER)
        except (OSError, UnicodeDecodeError):
            ours = False
        if not ours:
            raise WriteRefused(
                f"{printable(str(folder))} finns redan och är inte skriven av malkoll "
                "formular: skriver inget. Välj en annan mapp med --ut."
            )
        if all(_same(path, text) for path, text in texts.items()):
            return False
        replace(texts, root)
        return True
    create(texts, root)
    return True


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False
