"""The report's templates are compiled once and kept as Python keeps its `.pyc`
(`~/.cache/malkoll/mallar/jinja/`, here each test's own user cache folder, outside the
repository): the same report with the cache, without it and from damaged
entries; a municipality's own template compiled again when it changes; nothing kept
without a root or with `MALKOLL_UTAN_CACHE`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest

from conftest import CACHE_MODE
from helpers import EXAMPLES
from malkoll.cache import FOLDER
from malkoll.reading.load import load
from malkoll.report import view as v
from malkoll.report.render import FORMATS, default_templates, render

ALE = EXAMPLES / "ale-2020"
DAY = dt.date(2021, 2, 15)
PAGES = ("andringar.", "dialog.", "_sida.")
"""The templates of the pages `malkoll andringar` and `malkoll dialog` write, beside the
report (`_andringar.*` and its macros are the report's own section and stay)."""
TEMPLATES = sorted(p.name for p in default_templates().glob("*.j2") if not p.name.startswith(PAGES))
"""Every template of the report, the included parts too (not the site's pages, nor the
pages of `andringar` and `dialog`): the annual report of the example uses each one."""
FORMATS_OF_ENTRIES = sorted(name.split(".")[-2] for name in TEMPLATES)
"""One cache entry per template, named by its format (`html-…`, `md-…`)."""


@pytest.fixture(scope="module")
def report() -> v.Rapport:
    return v.build(load(ALE, cache=False), 2020, "helar", today=DAY)


@pytest.fixture(scope="module")
def uncached(report) -> dict[str, str]:
    return {fmt: render(report, fmt, []) for fmt in FORMATS}


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from source."""
    seen: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch) -> Path:
    folder = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def folder_of(user_cache: Path) -> Path:
    """Where the compiled templates are kept: the user's cache folder."""
    return user_cache / "malkoll" / "mallar" / "jinja"


def entries(user_cache: Path) -> list[str]:
    folder = folder_of(user_cache)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def render_all(report: v.Rapport, root: Path | None) -> dict[str, str]:
    return {fmt: render(report, fmt, [], cache_root=root) for fmt in FORMATS}


def test_compiled_once_then_read_from_the_cache(tmp_path, report, uncached, compiled, user_cache):
    """The first report compiles every template and keeps it, one entry per template and
    format (an included template once, even one included in a loop); the next compiles
    nothing and renders the same bytes (with the cache off or its entries damaged, it
    compiles again and still renders the same)."""
    assert render_all(report, tmp_path) == uncached
    assert sorted(compiled) == TEMPLATES
    compiled.clear()
    assert render_all(report, tmp_path) == uncached
    if CACHE_MODE == "av":
        assert entries(user_cache) == []
        assert sorted(compiled) == TEMPLATES
        return
    assert [name.split("-")[0] for name in entries(user_cache)] == FORMATS_OF_ENTRIES
    assert compiled == ([] if CACHE_MODE == "pa" else compiled)


def test_without_a_root_or_with_the_cache_off_nothing_is_kept(
    tmp_path, monkeypatch, report, uncached, compiled, user_cache
):
    """`render` without ``cache_root`` (`--utan-cache`), or with `MALKOLL_UTAN_CACHE`,
    compiles from source and writes nothing."""
    assert render_all(report, None) == uncached
    monkeypatch.setenv("MALKOLL_UTAN_CACHE", "1")
    assert render_all(report, tmp_path) == uncached
    assert not (tmp_path / FOLDER).exists()
    assert entries(user_cache) == []
    assert sorted(compiled) == sorted(TEMPLATES * 2)


def test_damaged_or_planted_entries_are_ignored_and_rewritten(
    tmp_path, report, uncached, user_cache
):
    """An entry cut short, overwritten with other bytes, or put there by someone without
    the user's secret (one committed to the repository) is never run: the report is the
    same, and the entry is written again."""
    render_all(report, tmp_path)
    folder = folder_of(user_cache)
    if CACHE_MODE == "av":
        pytest.skip("the cache is off")
    for number, entry in enumerate(sorted(folder.iterdir())):
        raw = entry.read_bytes()
        entry.write_bytes([raw[: len(raw) // 2], b"MKC1" + bytes(200), b""][number % 3])
    assert render_all(report, tmp_path) == uncached
    if CACHE_MODE == "pa":
        assert all(len(p.read_bytes()) > 1000 for p in folder.iterdir())


def test_a_municipalitys_own_template_is_compiled_again_when_it_changes(tmp_path, report):
    """An override has its own entry beside the standard template's; editing it gives the
    edited report at once, and the standard template's entry stays valid."""
    own = tmp_path / "mallar"
    own.mkdir()
    template = own / "rapport.html.j2"

    def title(word: str) -> str:
        template.write_text(
            '{% extends "standard/rapport.html.j2" %}\n'
            f"{{% block dokumenttitel %}}{word}{{% endblock %}}\n",
            encoding="utf-8",
        )
        html = render(report, "html", [own], cache_root=tmp_path)
        return html.split("<title>", 1)[1].split("</title>", 1)[0]

    assert title("Ett") == "Ett"
    assert title("Två") == "Två"
    assert title("Ett") == "Ett"
    assert render(report, "html", [], cache_root=tmp_path).count("<title>Ett") == 0
