"""Hostile values in the reports: every value reaches Markdown and HTML as text, never as
markup, a link, a template tag, a control character or a change of the report's structure."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import re
from html.parser import HTMLParser
from typing import Any

import jinja2
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from helpers import BASE, EXAMPLES, build_repo, run
from malkoll import atomic
from malkoll.errors import BadOption
from malkoll.findings import Finding
from malkoll.reading.load import load
from malkoll.report import annual_model as a
from malkoll.report import md, rapport
from malkoll.report import view as v
from malkoll.report.charts import trend_chart
from malkoll.report.render import (
    FORMATS,
    default_templates,
    environment,
    html_value,
    markdown_html,
    number,
    percent,
    render,
)
from malkoll.report.safe import clean, safe_link

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](java\\script:alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "[x]\n\n[x]: javascript:alert(1)\n",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    "{: onclick=alert(1)}",
    "a | b",
    "\n# rubrik\n",
    "\n===\n",
    "\n- lista\n",
    "    kod",
    "{{ 7*7 }}",
    "{% raw %}",
    "{#",
    "\x00",
    "\x1b[2J",
    "\x85",
    "\u202e",
    "\u2028",
    "\u2066",
    "\ufeff",
    "\udcff",
    "\ud800",
    "&lt;script&gt;",
    "`",
    "*",
    "_",
    "\\",
    "#",
    "1.",
    "-",
]
NO_DIGITS = st.characters(blacklist_categories=("Nd", "Cs"))
PAYLOAD = (
    st.lists(st.sampled_from(PAYLOADS) | st.text(NO_DIGITS, max_size=4), min_size=1, max_size=4)
    .map("".join)
    .filter(bool)
)

BLOCK_FIELDS = {
    ("Malvy", "beskrivning"),
    ("Analysdel", "text"),
    ("Namndvy", "sammanfattning"),
    ("Ekonomirad", "analys"),
    ("Ekonomirad", "atgarder"),
    ("Malvy", "text"),
    ("Uppfoljning", "hur_vi_arbetar"),
    ("Internkontrollvy", "bedomning"),
    ("Kapitelvy", "text"),
    ("Gehbedomning", "text"),
    ("Balanskravsvy", "atgardsplan"),
    ("Personalvy", "kommentar"),
    ("Bolagvy", "uppdrag"),
    ("Bolagvy", "sammanfattning"),
    ("Projektrad", "kommentar"),
    ("Projektrad", "motivering"),
}
"""The fields the Markdown report renders as a user's Markdown blocks (`| text`); every
other string is plain text or one line of Markdown."""

KEPT = {("Kapitelvy", "id"), ("Balanskravsvy", "saknas")}
"""Fields left as they are: a chapter's id is one of malkoll's (`model.annual.KAPITEL`),
never a user's, and the templates put the computed parts by it; a text there would hide
the balanskravsutredning (which then says only why it cannot be computed)."""

CHART_POINTS = [(2019, 1.0, 2.0, None), (2020, 2.0, None, 3.0)]
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
)
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "srcset", "poster"}
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "frame", "base", "form", "link"}
ALE = EXAMPLES / "ale-2020"
RENDERER = MarkdownIt("commonmark", {"html": True}).enable("table")
"""A renderer that lets raw HTML through, as mkdocs, Jekyll and pandoc do."""


# --- the view model, with every string hostile -------------------------------------------


@pytest.fixture(scope="module", params=["helar", "delar2"])
def base(request) -> v.Rapport:
    """A report with every part present: a draft (an appendix), changes since the last
    period, a success factor with a description, a named nämnd and a commit; and the
    förvaltningsberättelse and the bolag of Ale's report for the period (the annual
    report's, or the interim's with its forecasts), with every branch the templates have
    (a deficit to restore and its plan, a bolag without follow-up, a missing chapter)."""
    repo = load(BASE)
    report = v.build(repo, 2020, "helar", today=dt.date(2021, 3, 1), commit="abc")
    ale = v.build(load(ALE), 2020, request.param, today=dt.date(2021, 3, 1))
    finding = Finding("2020/plan/\udcff.yaml", 1, 1, "MK110", "fel", "Filen.", "", "bun")
    step = report.skala[0]
    goal = dataclasses.replace(
        report.mal[0],
        framgangsfaktorer=[("Tidiga", "Insatser")],
        prognos=step if request.param != "helar" else None,
        av="Ansvarig",
        team=["Ett", "Två"],
        faktorer=[*report.mal[0].faktorer, a.Faktorvy("ff9", "Namn", "Text", None, None)],
    )
    change = v.Forandring("1.1", "Org", report.skala[1], step, "bättre")
    matrix = dataclasses.replace(report.matris, foregaende="Förra", forandringar=[change])
    return dataclasses.replace(
        report,
        mal=[goal],
        matris=matrix,
        utkast=True,
        bilaga=v.appendix(v.Source(repo, repo.ar[2020], "helar"), [finding]),
        forvaltning=_every_branch(ale.forvaltning),
        bolag=[*ale.bolag, _unfollowed(ale.bolag[0])],
        beslut=ale.beslut,
        diarienummer="KS 2021/1",
    )


def _unfollowed(b: Any) -> Any:
    return dataclasses.replace(
        b, org_id="b2", anchor="bolag-b2", uppfoljd=False, mal=[], fil="2020/bolag/b2.yaml"
    )


def _every_branch(f: Any) -> Any:
    """Ale's förvaltningsberättelse with what Ale does not have: a deficit to restore and
    its plan, figures missing, a chapter missing, a bolag without follow-up."""
    bk = dataclasses.replace(
        f.balanskrav,
        underskott=[(2019, 700.0)],
        aterstallt=300.0,
        kvar=400.0,
        atgardsplan="Plan.",
        utan_justeringar=True,
    )
    personal = dataclasses.replace(f.personal, ej_redovisat="Förklaring.", saknas=["Män"])
    kapitel = [dataclasses.replace(f.kapitel[0], saknas=True), *f.kapitel[1:]]
    koncern = dataclasses.replace(
        f.koncern, bolag=[*f.koncern.bolag, _unfollowed(f.koncern.bolag[0])]
    )
    resultat = dataclasses.replace(f.resultat, saknas=["Saknas."])
    geh = dataclasses.replace(
        f.geh,
        verksamhetsmal=[
            *f.geh.verksamhetsmal,
            a.Verksamhetsmalrad("9.9", "Namn", None, None, None, "delmal-9-9", False),
        ],
    )
    return dataclasses.replace(
        f,
        balanskrav=bk,
        personal=personal,
        kapitel=kapitel,
        koncern=koncern,
        resultat=resultat,
        geh=geh,
        saknas=["2020/personal.yaml"],
    )


@pytest.fixture(scope="module")
def neutral(base) -> tuple[str, str, str]:
    """Both reports with every string `x`."""
    return both(hostile(base, "x", "x"))


def hostile(obj: Any, plain: str, blocks: str, anchors: bool = True) -> Any:
    """``obj`` with every string (ids, colours and optional texts too, and anchors unless
    told) replaced: by ``blocks`` in a user's Markdown blocks, by ``plain`` elsewhere."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name == "diagram":  # SVG made in Python: its title is the value
                changes[f.name] = trend_chart(plain, CHART_POINTS, {2020: 2.5})
            elif (f.name == "anchor" and not anchors) or (type(obj).__name__, f.name) in KEPT:
                continue
            elif isinstance(value, str) or (value is None and "str" in str(f.type)):
                changes[f.name] = blocks if (type(obj).__name__, f.name) in BLOCK_FIELDS else plain
            else:
                changes[f.name] = hostile(value, plain, blocks, anchors)
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, list):
        return [plain if isinstance(x, str) else hostile(x, plain, blocks, anchors) for x in obj]
    if isinstance(obj, tuple):
        return tuple(
            plain if isinstance(x, str) else hostile(x, plain, blocks, anchors) for x in obj
        )
    return obj


class _Page(HTMLParser):
    """Tags, attributes and visible text of an HTML page, entities decoded."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(page: str, where: str) -> str:
    """Nothing in ``page`` runs: no script or frame, no `on…=` attribute, no link or
    source but http(s), mailto and relative ones, no control characters; its text."""
    parsed = _Page(page)
    for tag, attrs in parsed.tags:
        assert tag not in FORBIDDEN_TAGS, (where, tag)
        for name, value in attrs:
            assert not name.startswith("on"), (where, tag, name)
            if name in URL_ATTRIBUTES and value:
                seen = "".join(c for c in value if c.isprintable() and not c.isspace()).lower()
                scheme = re.match(r"([a-z][a-z0-9+.\-]*):", seen)
                assert not scheme or scheme.group(1) in {"http", "https", "mailto"}, (
                    where,
                    tag,
                    value,
                )
    assert "<script" not in page.lower(), where
    assert not CONTROL.search(page), (where, CONTROL.search(page))
    text = "".join(parsed.text)
    assert not CONTROL.search(text), where
    return text


def both(view: v.Rapport) -> tuple[str, str, str]:
    """The Markdown report, it rendered with HTML allowed, and the HTML report."""
    markdown = render(view, "md", [])
    return markdown, RENDERER.render(markdown), render(view, "html", [])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=PAYLOAD)
def test_every_value_is_text_in_both_reports(base, neutral, payload):
    """Any value in any field (names, ids, anchors, the scale, periods, the kommun, users'
    Markdown) leaves both reports inert and free of control characters, `{{ 7*7 }}` never
    becomes 49, and the plain text reads exactly as written."""
    markdown, rendered, page = both(hostile(base, payload, payload))
    assert not CONTROL.search(markdown)
    seen_md = assert_inert(rendered, "md")
    seen_html = assert_inert(page, "html")
    # Counted text node by text node: a `\x94` beside a risk value of 9 is not a 49.
    for shown_page, neutral_page in ((rendered, neutral[1]), (page, neutral[2])):
        nodes = "\n".join(_Page(shown_page).text)
        assert nodes.count("49") == "\n".join(_Page(neutral_page).text).count("49")
    shown = clean(payload)
    if "\n" not in shown and shown.strip() == shown:
        assert shown in seen_html  # a name in HTML: exactly as written
        assert " ".join(shown.split()) in " ".join(seen_md.split())  # and in Markdown


STRUCTURE = re.compile(r"<(h[1-6]|table|tr|th|td|li|a|img|blockquote|pre|hr)\b")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=PAYLOAD)
@example(payload=" ")  # `**{{ name }}**` of a blank name was a thematic break (`** **`)
@example(payload="<script>alert(1)</script>\n# rubrik\n")
def test_no_value_changes_the_markdown_structure(base, payload):
    """A `|` keeps to its cell, a line break never starts a heading, a list, a quote or
    code, and no value makes a link: the Markdown report has the same headings, tables,
    rows, cells, list items and links whatever the names (users' blocks left plain; the
    anchors are the view's slugs)."""
    markdown = render(hostile(base, payload, "x", anchors=False), "md", [])
    neutral = render(hostile(base, "x", "x", anchors=False), "md", [])
    counts = STRUCTURE.findall(RENDERER.render(markdown))
    assert sorted(counts) == sorted(STRUCTURE.findall(RENDERER.render(neutral)))
    assert _pipes_per_table(markdown) == _pipes_per_table(neutral)


def _pipes_per_table(markdown: str) -> list[list[int]]:
    """Per table, the unescaped `|` of each row (a `|` after an odd run of `\\` is text)."""
    tables: list[list[int]] = []
    previous = False
    for line in markdown.splitlines():
        row = line.startswith("|")
        if row and not previous:
            tables.append([])
        if row:
            pipes = [m for m in re.finditer(r"(\\*)\|", line) if len(m.group(1)) % 2 == 0]
            tables[-1].append(len(pipes))
        previous = row
    return tables


# --- one escaping path -------------------------------------------------------------------------


SAFE_FILTERS = {
    "md": {"text", "cell", "code", "tal", "procent", "datum", "lower", "capitalize", "join"},
    "html": {"text", "cell", "code", "css", "tal", "procent", "datum", "lower", "capitalize"},
}
"""What the shipped templates may apply last to a value; everything else they print
goes through the format's `finalize` as it is."""


def _outputs(fmt: str) -> list[tuple[str, jinja2.nodes.Expr]]:
    env = environment(fmt, [])
    found = []
    for path in sorted(default_templates().glob(f"*.{fmt}.j2")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        found += [
            (path.name, node) for out in tree.find_all(jinja2.nodes.Output) for node in out.nodes
        ]
    return found


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_expression_in_the_shipped_templates_goes_through_the_escaping_path(fmt):
    """Both environments autoescape through their `finalize`; no `{{ … }}` in the shipped
    templates marks a value safe, except the chart SVG that charts.py escapes itself."""
    env = environment(fmt, [])
    assert env.autoescape is True
    assert env.finalize is (md.finalize if fmt == "md" else html_value)
    assert isinstance(env, md.MarkdownEnvironment) == (fmt == "md")
    outputs = _outputs(fmt)
    assert outputs
    for name, node in outputs:
        if isinstance(node, jinja2.nodes.TemplateData):
            continue
        assert not list(node.find_all(jinja2.nodes.MarkSafe)), name
        for flt in node.find_all(jinja2.nodes.Filter):
            if flt.name == "safe":
                assert fmt == "html", name
                assert _dotted(flt.node) == "ind.diagram", name
            elif flt is node:
                assert flt.name in SAFE_FILTERS[fmt] | {"safe"}, (name, flt.name)


def _dotted(node: jinja2.nodes.Node) -> str:
    if isinstance(node, jinja2.nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    return getattr(node, "name", "?")


EVIL = "[x](javascript:alert(1)) <b>|</b>"


@pytest.mark.parametrize(
    "source",
    [
        "{{ x }}",
        "{{ x ~ m() }}",
        "{{ m() ~ x }}",
        "{{ m() + x }}",
        "{{ [m(), x] | join(', ') }}",
        "{{ [x, x] | join(m()) }}",
        "{{ x | e }}",
        "{{ x | forceescape }}",
        "{{ b + x }}",
        "{{ x | replace('x', m()) }}",
        "{% filter upper %}{{ x }}{% endfilter %}",
        "{% autoescape false %}{{ x }}{% endautoescape %}",
        "{% call w() %}{{ x }}{% endcall %}",
        "{{ x | cell }}",
        "{{ x | text }}",
        "{{ x | code }}",
    ],
)
def test_a_markdown_template_cannot_escape_as_html_by_accident(source):
    """A municipality's own Markdown template: joining, concatenating, macros, blocks and
    Jinja's own escaping filters all escape a value as Markdown, never only as HTML."""
    env = environment("md", [])
    prelude = (
        "{% macro m() %}*m*{% endmacro %}{% macro w() %}{{ caller() }}{% endmacro %}"
        "{% set b %}**b**{% endset %}"
    )
    out = env.from_string(prelude + source).render(x=EVIL)
    page = RENDERER.render(out)
    assert "<a " not in page, out
    assert "<b>" not in page, out
    assert "javascript:alert(1)" in "".join(_Page(page).text).lower()


def test_joining_to_safe_text_keeps_the_spaces():
    """Escaping a piece joined to a macro's output keeps its spaces; only a value printed
    on its own loses them at its ends."""
    env = environment("md", [])
    prelude = "{% macro m() %}*m*{% endmacro %}"
    source = '{{ m() ~ " " ~ x }}|{{ [m(), x] | join(", ") }}|{{ m() + " – " + x }}|{{ y }}|'
    assert (
        env.from_string(prelude + source).render(x="a_", y="  b  ")
        == "*m* a\\_|*m*, a\\_|*m* – a\\_|b|"
    )


def test_links_follow_one_policy_in_both_formats():
    """http, https, mailto and anchors are links; any other scheme, however spelt, is text."""
    good = ["https://ale.se", "http://a.se/x:y", "mailto:a@b.se", "#mal-1", "sida.html", "a/b:c"]
    bad = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:x",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "\u200bjavascript:alert(1)",
    ]
    assert all(safe_link(u) for u in good)
    assert not any(safe_link(u) for u in bad)
    for url in [*bad[:3], "data:image/png;base64,AAAA"]:
        html = markdown_html(f"[x]({url}) ![y]({url})")
        assert "href=" not in html, html
        assert "src=" not in html, html
        assert "href=" not in RENDERER.render(md.sanitize(f"[x]({url}) ![y]({url})"))
    assert 'href="https://ale.se"' in markdown_html("[x](https://ale.se)")
    assert md.sanitize("[x](https://ale.se)") == "[x](https://ale.se)"


def test_users_markdown_keeps_its_formatting():
    """Sanitising is not escaping: emphasis, lists, safe links and tables stay Markdown."""
    text = "**fet** och *kursiv*\n\n- en\n- två\n\n[Ale](https://ale.se)"
    assert md.sanitize(text) == text
    page = RENDERER.render(md.sanitize(text))
    assert "<strong>fet</strong>" in page
    assert "<li>två</li>" in page
    assert '<a href="https://ale.se">Ale</a>' in page


# --- control characters, surrogates and file names -----------------------------------------


def test_a_file_name_that_is_not_utf8_is_written_as_its_bytes(tmp_path, base):
    """A surrogate-escaped path (a finding's) never crashes the report: it is shown as
    `\\xff`, and the writer would not crash on one either."""
    name = os.fsdecode(b"2020/plan/\xff.yaml")
    files = {tmp_path / f"r.{fmt}": render(base, fmt, []) for fmt in FORMATS}
    atomic.replace(files, tmp_path)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "\\xff.yaml:1" in text
    atomic.replace({tmp_path / "s.md": f"{name}\n"}, tmp_path)
    assert (tmp_path / "s.md").read_text(encoding="utf-8") == "2020/plan/\\udcff.yaml\n"
    assert clean(name) == "2020/plan/\\xff.yaml"
    assert clean("a\x1b\x00\u202e\u2028\ud800b\n\tc") == "a\\x1b\\x00\\u202e\\u2028\\ud800b\n\tc"


def test_a_template_folder_that_is_not_utf8_is_named_in_one_printable_line(tmp_path):
    """`--mallar` naming a missing folder whose name is not UTF-8: one line, no crash."""
    folder = tmp_path / os.fsdecode(b"mallar-\xff\x1b")
    with pytest.raises(BadOption) as err:
        rapport(BASE, 2020, templates=folder, out=tmp_path / "ut")
    assert "mallar-\\xff\\x1b finns inte" in str(err.value)
    str(err.value).encode("utf-8")  # printable: no lone surrogate left


@pytest.mark.parametrize(
    "kind", ["kommun", "organisation", "analys", "ids"], ids=["kommun", "org", "analys", "id"]
)
def test_hostile_yaml_builds_both_reports(tmp_path, kind):
    """From the YAML on: payloads in the kommun, the scale, period names, names, analyses
    and ids give a report (a draft where the checks object), never a traceback. (The
    reader refuses control characters in values; the view model's tests have them.)"""
    root = build_repo(tmp_path / "repo")
    payload = "".join(p for p in PAYLOADS if clean(p) == p)
    for path in root.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned = _poisoned(data, payload, kind)
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True), encoding="utf-8")
    status, _, err = run("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"))
    assert status == 0, err
    markdown = (tmp_path / "ut/rapport-2020-helar.md").read_text(encoding="utf-8")
    page = (tmp_path / "ut/rapport-2020-helar.html").read_text(encoding="utf-8")
    assert not CONTROL.search(markdown)
    assert_inert(RENDERER.render(markdown), "md")
    assert_inert(page, "html")
    assert "&lt;script&gt;" in markdown  # the payload arrived
    assert "&lt;script&gt;" in page


FIXED = {"typ", "bedomning", "status", "riktning", "rapporteras", "period", "farg", "per"}
IDS = {"id", "organisation", "delmal", "indikator", "indikatorer", "matt", "kolada"}


def _poisoned(data: Any, payload: str, kind: str, key: str = "") -> Any:
    """YAML data with the payload added to the strings ``kind`` names."""
    if isinstance(data, dict):
        out = {k: _poisoned(x, payload, kind, str(k)) for k, x in data.items()}
        if kind == "kommun" and "kommun" in out:
            step = {"namn": payload, "text": payload, "symbol": payload}
            out["bedomning"] = dict.fromkeys(("gron", "gul", "rod"), step)
            periods = {"delar1": "03-31", "delar2": "08-31", "helar": "12-31"}
            out["perioder"] = {p: {"namn": payload, "per": d} for p, d in periods.items()}
        return out
    if isinstance(data, list):
        return [_poisoned(x, payload, kind, key) for x in data]
    if not isinstance(data, str) or key in FIXED:
        return data
    wanted = {
        "kommun": key == "kommun",
        "organisation": key == "namn",
        "analys": key not in IDS and key != "namn",
        "ids": key in IDS,
    }[kind]
    return data + payload if wanted else data


# --- templates that never end, and numbers that are not numbers -------------------------------


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"rapport.md.j2": '{% include "rapport.md.j2" %}'}, "inkluderar, ärver eller anropar"),
        ({"rapport.md.j2": '{% extends "rapport.md.j2" %}'}, "inkluderar, ärver eller anropar"),
        (
            {"rapport.md.j2": '{% include "a.j2" %}', "a.j2": '{% include "rapport.md.j2" %}'},
            "inkluderar, ärver eller anropar",
        ),
        ({"rapport.md.j2": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"}, "anropar"),
        ({"rapport.md.j2": "{{ 1 / 0 }}"}, "rapport.md.j2:1 gick inte att använda"),
        ({"rapport.md.j2": "\n{{ r.kommun | tal }}"}, "rapport.md.j2:2 gick inte att använda"),
        ({"rapport.md.j2": "{{ r.mal[99] }}"}, "något som inte finns"),
    ],
)
def test_an_own_template_that_never_ends_or_fails_is_one_line(tmp_path, files, message):
    """A template that includes or extends itself, or fails while rendering: one Swedish
    line, exit 2, nothing written."""
    root = build_repo(tmp_path / "repo", files={f"mallar/{n}": t for n, t in files.items()})
    status, out, err = run("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"))
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err + out
    assert not (tmp_path / "ut").exists()


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_a_number_that_is_not_finite_is_a_dash_and_not_drawn(bad):
    """Defence behind the models' bound: the filters show `–`, the chart leaves it out."""
    assert number(bad) == number(bad, 1) == percent(bad) == "–"
    chart = trend_chart("Titel", [(2019, 1.0, bad, None), (2020, bad, 2.0, 3.0)], {2020: bad})
    assert "nan" not in chart.lower()
    assert "inf" not in chart.lower()
    assert chart.count("<circle") == 3
    assert "Målvärde" not in chart
    assert trend_chart("Titel", [(2020, bad, bad, bad)], {2020: bad}) == ""
    assert trend_chart("Titel", [(2020, 1e308, -1e308, None)], {}) == ""


def test_the_chart_handles_equal_and_huge_values():
    """Equal values far from zero still get an axis, in finitely many ticks."""
    chart = trend_chart("T", [(2019, 1e17, None, None), (2020, 1e17, None, None)], {})
    assert chart.startswith("<svg")
    assert "nan" not in chart
