"""`malkoll webbplats`: the year's reports, what is missing and an index, as one folder.

Through the CLI and the core, on both examples: a page for every followed-up period and
nämnd, every link of every page resolving to a file (and anchor) of the site, the draft's
missing pieces listed under their unit, text from the repository escaped, and the folder
written whole and never over one malkoll did not write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLES
from malkoll.cli.root import app
from malkoll.model.index import Index
from malkoll.reading.load import load
from malkoll.site import build
from malkoll.site.folder import MARK
from malkoll.status.compute import compute

DAYS = {"ale-2020": "2021-03-01", "ale-2020-utkast": "2020-09-20"}
PERIODS = {"ale-2020": ["delar1", "delar2", "helar"], "ale-2020-utkast": ["delar1", "delar2"]}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module", params=sorted(DAYS))
def site(request, tmp_path_factory) -> tuple[str, Path]:
    """The site of an example, built by `malkoll webbplats` into a tmp folder."""
    name = request.param
    out = tmp_path_factory.mktemp(f"webbplats-{name}") / "webbplats"
    code, output = run(
        "webbplats", "2020", "-C", str(EXAMPLES / name), "--ut", str(out), "--idag", DAYS[name]
    )
    assert code == 0, output
    assert f"Skrev webbplatsen {out}" in output
    return name, out


class Page(HTMLParser):
    """The links and ids of a page, and its headings and landmarks in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"])
        if values.get("id"):
            self.ids.add(values["id"])


def parsed(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_a_report_for_every_followed_up_period_and_namnd(site):
    name, out = site
    repo = load(EXAMPLES / name, cache=False)
    index = Index.of(repo)
    namnder = [o for o in index.orgs if index.namnd_of(o) == o]
    assert len(namnder) >= 5
    expected = {"index.html", "fynd.html", MARK}
    for period in PERIODS[name]:
        expected.add(f"rapport-2020-{period}.html")
        expected.update(f"rapport-2020-{period}-{n}.html" for n in namnder)
    assert {p.name for p in out.iterdir()} == expected
    start = (out / "index.html").read_text(encoding="utf-8")
    for period in PERIODS[name]:
        assert f'href="rapport-2020-{period}.html"' in start
        for n in namnder:
            assert f'href="rapport-2020-{period}-{n}.html"' in start
            assert html.escape(index.name(n), quote=False) in start
    if name == "ale-2020-utkast":  # delar2 is being written: its reports are drafts
        assert "rapport-2020-helar" not in start
        assert "(utkast)" in start
    report = (out / f"rapport-2020-{PERIODS[name][-1]}-un.html").read_text(encoding="utf-8")
    assert "Utbildningsnämnden" in report
    assert 'href="index.html"' in report
    assert 'href="fynd.html"' in report
    assert "__malkoll" not in report  # the preview's reload script is visa's only


def test_every_link_of_every_page_resolves(site):
    """Each relative link of each page names a file of the site, and its anchor an id in
    that file; no link is absolute (the site works under any Pages path)."""
    _name, out = site
    pages = {p.name: parsed(p) for p in out.glob("*.html")}
    checked = 0
    for name, page in pages.items():
        assert page.lang == "sv", name
        assert {"header", "main"} <= set(page.tags), name
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not parts.scheme, (name, href)
            assert not parts.netloc, (name, href)
            assert not href.startswith("/"), (name, href)
            target = unquote(parts.path) or name
            assert target in pages, (name, href)
            if parts.fragment:
                assert parts.fragment in pages[target].ids, (name, href)
            checked += 1
    assert checked > 3 * len(pages)


def test_the_findings_page_lists_what_each_unit_is_missing(tmp_path):
    """The draft's findings page lists, under each unit, each piece `status` finds
    missing for the period it shows for the day, with its file and line, and the
    findings of validera."""
    out = tmp_path / "s"
    code, output = run(
        "webbplats", "-C", str(EXAMPLES / "ale-2020-utkast"), "--ut", str(out), "--idag",
        "2020-09-20",
    )  # fmt: skip
    assert code == 0, output
    text = (out / "fynd.html").read_text(encoding="utf-8")
    repo = load(EXAMPLES / "ale-2020-utkast", cache=False)
    status = compute(repo, 2020, dt.date(2020, 9, 20))
    units = [o for o in status.organisationer if o.brister]
    assert len(units) >= 5
    for org in units:
        heading = f">{html.escape(org.namn, quote=False)}</h3>"
        assert heading in text, org.namn
        start = text.index(heading)
        end = text.find("<h3", start)
        part = text[start : end if end > 0 else len(text)]
        for b in org.brister:
            assert html.escape(b.saknas, quote=False) in part, (org.namn, b.saknas)
            if b.fil and b.rad:
                assert f"<code>{b.fil}:{b.rad}</code>" in part
    assert f"Saknas för {status.period.namn.lower()}" in text
    assert "MK500" in text  # a finding of validera that is not a missing follow-up


def test_the_complete_example_has_its_findings_page_too():
    built = build.build(EXAMPLES / "ale-2020", 2020, today=dt.date(2021, 3, 1), cache=False)
    assert [p.id for p in built.perioder] == ["delar1", "delar2", "helar"]
    assert not built.failed
    assert "fynd.html" in built.files
    assert b"rapport-2020-helar.html" in built.files["index.html"]


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>{{ 7*7 }}'


@pytest.fixture
def hostile(tmp_path) -> Path:
    """Ale's example with markup and script in the kommun, an organisation's name, an
    analysis and a broken file's name."""
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020-utkast", repo)
    settings = repo / "malkoll.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("kommun: Ale kommun", f"kommun: '{HOSTILE}'"), "utf-8")
    org = repo / "organisation.yaml"
    text = org.read_text(encoding="utf-8")
    org.write_text(text.replace("namn: Utbildningsnämnden", f"namn: '{HOSTILE}'", 1), "utf-8")
    plan = repo / "2020/plan/un/un.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("orsaker: Brist", f"orsaker: '{HOSTILE}' Brist", 1), "utf-8")
    (repo / "2020/plan/un/<script>x.yaml").write_text("organisation: [", encoding="utf-8")
    return repo


def test_text_from_the_repository_is_escaped_on_every_page(hostile, tmp_path):
    out = tmp_path / "s"
    code, output = run("webbplats", "2020", "-C", str(hostile), "--ut", str(out))
    assert code == 0, output
    pages = list(out.glob("*.html"))
    assert len(pages) > 10
    seen = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page.name
        assert "<img src=x" not in text, page.name
        assert "<script>x" not in text, page.name
        if "&lt;script&gt;alert" in text:
            seen += 1
            assert "{{ 7*7 }}" in text  # a template in the data is text, not run
    assert seen == len(pages)  # the kommun is on every page, escaped


def test_an_existing_folder_malkoll_did_not_write_is_refused(tmp_path):
    own = tmp_path / "mitt"
    own.mkdir()
    (own / "viktigt.txt").write_text("mitt", encoding="utf-8")
    code, output = run("webbplats", "2020", "-C", str(EXAMPLES / "ale-2020"), "--ut", str(own))
    assert code == 2
    assert "skrevs inte av malkoll" in output
    assert [p.name for p in own.iterdir()] == ["viktigt.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # nothing left


def test_a_site_malkoll_wrote_is_replaced_whole(tmp_path):
    out = tmp_path / "s"
    args = ("webbplats", "2020", "-C", str(EXAMPLES / "ale-2020"), "--ut", str(out))
    assert run(*args)[0] == 0
    (out / "gammal.html").write_text("kvar?", encoding="utf-8")
    assert run(*args)[0] == 0
    assert not (out / "gammal.html").exists()
    assert (out / MARK).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]  # no temporary folders


@pytest.mark.parametrize("kind", ["file", "link"])
def test_a_file_or_link_at_the_target_is_refused(tmp_path, kind):
    target = tmp_path / "s"
    if kind == "file":
        target.write_text("x", encoding="utf-8")
    else:
        (tmp_path / "annan").mkdir()
        target.symlink_to(tmp_path / "annan")
    code, output = run("webbplats", "2020", "-C", str(EXAMPLES / "ale-2020"), "--ut", str(target))
    assert code == 2, output
    assert "Skriver inte webbplatsen" in output
    if kind == "link":
        assert list((tmp_path / "annan").iterdir()) == []


def test_ut_in_a_missing_folder_is_one_line(tmp_path):
    missing = tmp_path / "finns-inte" / "s"
    code, output = run("webbplats", "2020", "-C", str(EXAMPLES / "ale-2020"), "--ut", str(missing))
    assert code == 2
    assert "finns inte" in output
    assert not (tmp_path / "finns-inte").exists()


def test_default_folder_is_webbplats_in_the_repository(tmp_path):
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", repo)
    code, output = run("webbplats", "2020", "-C", str(repo), "--idag", "2021-03-01")
    assert code == 0, output
    assert (repo / "webbplats/index.html").is_file()
    assert run("validera", str(repo), "--idag", "2021-03-01")[0] == 0  # the site is not read


def test_a_year_not_in_the_repository_is_one_line():
    code, output = run("webbplats", "2019", "-C", str(EXAMPLES / "ale-2020"))
    assert code == 2
    assert "Året 2019 finns inte" in output


def test_extra_files_are_put_under_their_path_and_linked(tmp_path):
    """The hook for the form manager: files given to the builder are in the site, and an
    `admin/index.html` among them is linked from the index."""
    extra = {"admin/index.html": b"<!DOCTYPE html><title>CMS</title>", "admin/config.yml": b"x"}
    built = build.build(EXAMPLES / "ale-2020", 2020, today=dt.date(2021, 3, 1), extra=extra)
    assert built.files["admin/config.yml"] == b"x"
    assert b'href="admin/index.html"' in built.files["index.html"]
    assert b'href="admin/index.html"' in built.files["fynd.html"]
    without = build.build(EXAMPLES / "ale-2020", 2020, today=dt.date(2021, 3, 1))
    assert b"admin/" not in without.files["index.html"]


def test_a_report_that_cannot_be_built_is_a_page_saying_why(tmp_path):
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", repo)
    (repo / "mallar").mkdir()
    (repo / "mallar/rapport.html.j2").write_text("{{ r.finns_inte }}", encoding="utf-8")
    out = tmp_path / "s"
    result = CliRunner().invoke(app, ["webbplats", "2020", "-C", str(repo), "--ut", str(out)])
    assert result.exit_code == 1, result.output  # so CI notices; the pages are written
    assert "kunde inte byggas" in result.output
    page = (out / "rapport-2020-helar.html").read_text(encoding="utf-8")
    assert "Rapporten kunde inte byggas" in page
    assert "finns_inte" in page
    assert "(kunde inte byggas)" in (out / "index.html").read_text(encoding="utf-8")


def test_the_forms_malkoll_formular_wrote_are_under_admin(tmp_path):
    """The admin/ `malkoll formular` wrote in the repository goes into the site and is
    linked from its pages; an admin/ of a person's own (no formular mark) does not."""
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020-utkast", repo)
    code, output = run("formular", "2020", "-C", str(repo))
    assert code == 0, output
    out = tmp_path / "s"
    code, output = run("webbplats", "2020", "-C", str(repo), "--ut", str(out))
    assert code == 0, output
    # a plain `malkoll formular` writes forms for the local backend: said before publishing
    assert "varning: formulären i admin/ är skrivna för den lokala backenden" in output
    assert "malkoll formular --backend gitlab" in output
    assert (out / "admin/index.html").read_bytes() == (repo / "admin/index.html").read_bytes()
    assert (out / "admin/config.yml").read_bytes() == (repo / "admin/config.yml").read_bytes()
    for page in ("index.html", "fynd.html"):
        assert 'href="admin/index.html"' in (out / page).read_text(encoding="utf-8")
    (repo / "admin/config.yml").write_text("backend: {name: git-gateway}\n", encoding="utf-8")
    code, output = run("webbplats", "2020", "-C", str(repo), "--ut", str(out))
    assert code == 0, output
    assert "admin/ skrevs inte av malkoll formular och kommer inte med på webbplatsen." in output
    assert "lokala backenden" not in output
    assert not (out / "admin").exists()
    assert "admin/" not in (out / "index.html").read_text(encoding="utf-8")


def test_the_findings_page_is_about_the_period_status_shows_for_the_day(tmp_path):
    """On 2020-01-15 `status` shows delårsrapport 1 (the period being written), not the
    latest followed-up period: the findings page and the index say the same, and the day."""
    out = tmp_path / "s"
    code, output = run(
        "webbplats", "-C", str(EXAMPLES / "ale-2020-utkast"), "--ut", str(out), "--idag",
        "2020-01-15",
    )  # fmt: skip
    assert code == 0, output
    repo = load(EXAMPLES / "ale-2020-utkast", cache=False)
    status = compute(repo, 2020, dt.date(2020, 1, 15))
    assert status.period.id == "delar1"
    text = (out / "fynd.html").read_text(encoding="utf-8")
    assert "delårsrapport 1 kräver den 2020-01-15" in text
    assert "delårsrapport 2" not in text
    start = (out / "index.html").read_text(encoding="utf-8")
    missing = sum(len(o.brister) for o in status.organisationer)
    assert "saknas för delårsrapport 1 den 2020-01-15" in start
    assert f"{missing} sak" in start


def test_the_index_counts_in_swedish_and_spaces_its_link(tmp_path):
    built = build.build(EXAMPLES / "ale-2020-utkast", 2020, today=dt.date(2020, 9, 20), cache=False)
    text = built.files["index.html"].decode("utf-8")
    assert f"{built.fynd.saknas} saker saknas" in text
    assert re.search(r"varningar\.\s+<a href=\"fynd.html\"", text), text
    built.fynd = dataclasses.replace(built.fynd, saknas=1)
    one = build._page([], built.root, "webbplats/index.html.j2", built, {})
    assert "1 sak saknas" in one
    assert "1 saker" not in one


def test_a_broken_settings_file_gives_a_neutral_name(tmp_path):
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", repo)
    (repo / "malkoll.yaml").write_text("kommun: [\n", encoding="utf-8")
    out = tmp_path / "s"
    code, output = run("webbplats", "2020", "-C", str(repo), "--ut", str(out))
    assert code in (0, 1), output
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Målrepot – mål och uppföljning 2020</title>" in text
    assert "rapporterna för 2020 från Målrepot" in text
    assert "finns s rapporter" not in text
    assert "<title> –" not in text


@pytest.mark.parametrize(
    ("source", "swedish", "detail"),
    [
        ("ok\n{{ r.ar + }}", "Mallen mallar/rapport.html.j2, rad 2, är felskriven", "(unexpected"),
        (
            "ok\n\n{{ x.y }}",
            "Mallen mallar/rapport.html.j2, rad 3, använder något som",
            "(&#39;x&#39;",
        ),
        ("{{ 1 // 0 }}", "Mallen mallar/rapport.html.j2, rad 1, delar med noll", "by zero)"),
    ],
)
def test_a_broken_template_is_told_in_swedish_with_file_and_line(tmp_path, source, swedish, detail):
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", repo)
    (repo / "mallar").mkdir()
    (repo / "mallar/rapport.html.j2").write_text(source, encoding="utf-8")
    out = tmp_path / "s"
    result = CliRunner().invoke(app, ["webbplats", "2020", "-C", str(repo), "--ut", str(out)])
    assert result.exit_code == 1, result.output
    assert html.unescape(swedish) in result.output
    page = (out / "rapport-2020-helar.html").read_text(encoding="utf-8")
    assert swedish in page
    assert detail in page


def test_forms_for_a_git_host_are_taken_without_a_warning(tmp_path):
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020-utkast", repo)
    code, output = run(
        "formular", "2020", "-C", str(repo), "--backend", "gitlab", "--app-id", "abc123",
        "--repo", "kommunen/mal",
    )  # fmt: skip
    assert code == 0, output
    out = tmp_path / "s"
    code, output = run("webbplats", "2020", "-C", str(repo), "--ut", str(out))
    assert code == 0, output
    assert (out / "admin/config.yml").is_file()
    assert "varning" not in output
    assert "admin/" not in output


def test_a_plan_that_cannot_be_read_is_under_the_namnd_of_its_folder(tmp_path):
    """Invalid YAML in 2020/plan/un/un.yaml: its finding is listed under the nämnd whose
    other plans live in un/ when they tell it, else under "Filer som inte kunde läsas";
    never under "Gemensamma filer"."""
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020-utkast", repo)
    folder = repo / "2020/plan/un"
    others = sorted(p.name for p in folder.glob("*.yaml") if p.name != "un.yaml")
    (folder / "un.yaml").write_text("organisation: un\ntrasig: [\n", encoding="utf-8")
    built = build.build(repo, 2020, today=dt.date(2020, 9, 20), cache=False)
    groups = {g.namn: g for g in built.fynd.grupper}
    placed = [g for g in groups.values() if any(e.id == "2020/plan/un/un.yaml" for e in g.enheter)]
    assert len(placed) == 1
    if others:
        assert placed[0].id == "un"
    else:
        assert placed[0].namn == "Filer som inte kunde läsas"
    assert placed[0].namn != "Gemensamma filer"
    text = built.files["fynd.html"].decode("utf-8")
    assert "2020/plan/un/un.yaml" in text
    # a folder with no other plan: the section of files that could not be read
    for name in others:
        (folder / name).unlink()
    built = build.build(repo, 2020, today=dt.date(2020, 9, 20), cache=False)
    placed = [
        g for g in built.fynd.grupper if any(e.id == "2020/plan/un/un.yaml" for e in g.enheter)
    ]
    assert [g.namn for g in placed] == ["Filer som inte kunde läsas"]
    assert 'id="olasta"' in built.files["fynd.html"].decode("utf-8")
