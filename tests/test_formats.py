"""The output formats of `validera`, checked exactly on a result built by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from malkoll import __version__
from malkoll.findings import Finding
from malkoll.formats import (
    FORMATS,
    all_rules,
    as_json,
    checkout_prefix,
    fingerprints,
    github,
    github_data,
    github_property,
    gitlab,
    sarif,
    sarif_uri,
    step_summary,
    summary,
    text,
)
from malkoll.rules.catalog import RULES
from malkoll.validate import Result

ANSI = re.compile(r"\x1b\[[0-9;]*m")

ERROR = Finding(
    path="2020/plan/ks.yaml",
    line=12,
    col=5,
    code="MK104",
    severity="fel",
    message="Okänd nyckel `atgard`: 100 %, se\nnästa rad",
    hint="Menade du `atgarder`?",
    organisation="ks",
    period="helar",
)
WARNING = Finding(
    path="2020/uppfoljning/bun.yaml",
    line=3,
    col=1,
    code="MK205",
    severity="varning",
    message="Perioden `t1` | finns inte.",
)
FILES = ["2020/plan/bun.yaml", "2020/plan/ks.yaml", "2020/uppfoljning/bun.yaml", "malkoll.yaml"]


def make_result(root: Path, *findings: Finding) -> Result:
    return Result(root=root, findings=list(findings), files=FILES)


@pytest.fixture
def result(tmp_path, monkeypatch) -> Result:
    """The two findings in a repository that is the working directory (no prefix)."""
    monkeypatch.chdir(tmp_path)
    return make_result(tmp_path, ERROR, WARNING)


def title(code: str) -> str:
    return RULES[code].title


def test_formats_registry(result):
    """Every format is named, takes (result, color) and returns (stdout, stderr)."""
    assert set(FORMATS) == {"text", "json", "github", "gitlab", "sarif"}
    for name, format_ in FORMATS.items():
        out, err = format_(result, color=False)
        assert isinstance(out, str)
        if name == "text":
            assert err == ""
            assert out.endswith(summary(result) + "\n")
        else:
            assert err == summary(result) + "\n"
            assert summary(result) not in out


def test_machine_formats_ignore_color(result):
    """Colour changes only the text format; the machine formats are byte-identical."""
    for name in ("json", "github", "gitlab", "sarif"):
        assert FORMATS[name](result, color=True) == FORMATS[name](result, color=False)


def test_text_plain(result):
    """The text format keeps its exact shape: head line, indented hint, a blank line between
    files, and the summary."""
    out, err = text(result)
    assert err == ""
    assert out == (
        "2020/plan/ks.yaml:12:5: fel MK104 Okänd nyckel `atgard`: 100 %, se nästa rad\n"
        "    Menade du `atgarder`?\n"
        "\n"
        "2020/uppfoljning/bun.yaml:3:1: varning MK205 Perioden `t1` | finns inte.\n"
        "\n"
        "1 fel och 1 varning i 2 av 4 filer.\n"
    )


def test_text_without_findings(tmp_path):
    """Without findings the text format is the summary line alone."""
    assert text(make_result(tmp_path)) == ("Inga fel eller varningar i 4 filer.\n", "")


def test_text_color(result):
    """With colour: severity red/yellow, place dimmed, and the same text once ANSI is gone."""
    plain, _ = text(result)
    colored, err = text(result, color=True)
    assert err == ""
    assert colored != plain
    assert ANSI.sub("", colored) == plain
    assert "\x1b[2m2020/plan/ks.yaml:12:5:\x1b[0m \x1b[1;31mfel\x1b[0m MK104" in colored
    assert "\x1b[2m2020/uppfoljning/bun.yaml:3:1:\x1b[0m \x1b[1;33mvarning\x1b[0m" in colored


@pytest.mark.parametrize("color", [False, True])
def test_text_never_wraps(tmp_path, color):
    """A 300-character message stays on one line, coloured or not."""
    message = ("ord " * 75)[:299] + "!"
    assert len(message) == 300
    long = Finding("2020/plan/ks.yaml", 1, 1, "MK105", "fel", message, hint="x " * 150)
    out, _ = text(make_result(tmp_path, long), color=color)
    lines = ANSI.sub("", out).split("\n")
    assert lines[0] == f"2020/plan/ks.yaml:1:1: fel MK105 {message}"
    assert lines[1] == "    " + " ".join(["x"] * 150)
    assert lines[2:] == ["", "1 fel och 0 varningar i 1 av 4 filer.", ""]


def test_json_shape_unchanged(result):
    """The public JSON shape keeps its keys, order and values; summary to stderr."""
    out, err = as_json(result)
    assert err == "1 fel och 1 varning i 2 av 4 filer.\n"
    doc = json.loads(out)
    assert list(doc) == ["format", "malkoll", "rot", "filer", "fel", "varningar", "fynd"]
    assert doc == {
        "format": 1,
        "malkoll": __version__,
        "rot": str(result.root),
        "filer": 4,
        "fel": 1,
        "varningar": 1,
        "fynd": [
            {
                "fil": "2020/plan/ks.yaml",
                "rad": 12,
                "kolumn": 5,
                "kod": "MK104",
                "allvarlighet": "fel",
                "meddelande": "Okänd nyckel `atgard`: 100 %, se\nnästa rad",
                "tips": "Menade du `atgarder`?",
                "organisation": "ks",
                "period": "helar",
            },
            {
                "fil": "2020/uppfoljning/bun.yaml",
                "rad": 3,
                "kolumn": 1,
                "kod": "MK205",
                "allvarlighet": "varning",
                "meddelande": "Perioden `t1` | finns inte.",
                "tips": "",
                "organisation": None,
                "period": None,
            },
        ],
    }
    assert list(doc["fynd"][0]) == [
        "fil",
        "rad",
        "kolumn",
        "kod",
        "allvarlighet",
        "meddelande",
        "tips",
        "organisation",
        "period",
    ]


def test_github_escaping():
    """Workflow-command data escapes %, CR, LF; properties also escape : and ,."""
    assert github_data("100 %\r\na: b, c") == "100 %25%0D%0Aa: b, c"
    assert github_property("100 %\r\na: b, c") == "100 %25%0D%0Aa%3A b%2C c"


def test_github_annotations(result):
    """One ::error / ::warning per finding, with file, line, col, title and escaped text."""
    out, err = github(result)
    assert err == "1 fel och 1 varning i 2 av 4 filer.\n"
    assert out == (
        f"::error file=2020/plan/ks.yaml,line=12,col=5,title=MK104 {title('MK104')}"
        "::Okänd nyckel `atgard`: 100 %25, se%0Anästa rad%0AMenade du `atgarder`?\n"
        f"::warning file=2020/uppfoljning/bun.yaml,line=3,col=1,title=MK205 {title('MK205')}"
        "::Perioden `t1` | finns inte.\n"
    )


def test_github_escapes_properties(tmp_path):
    """A path with `,` `:` `%` cannot break out of its property."""
    odd = Finding("2020/a,b:c%d.yaml", 1, 2, "MK102", "fel", "x")
    out, _ = github(make_result(tmp_path, odd), prefix="")
    assert out.startswith("::error file=2020/a%2Cb%3Ac%25d.yaml,line=1,col=2,title=MK102 ")
    assert out.count("::") == 2


def test_checkout_prefix(tmp_path, monkeypatch):
    """The prefix is the repository's folder relative to the working directory, or none."""
    root = tmp_path / "exempel" / "ale-2020"
    root.mkdir(parents=True)
    assert checkout_prefix(root, tmp_path) == "exempel/ale-2020/"
    assert checkout_prefix(root, root) == ""
    assert checkout_prefix(tmp_path, root) == ""  # not inside the working directory
    monkeypatch.chdir(tmp_path)
    assert checkout_prefix(root) == "exempel/ale-2020/"
    assert checkout_prefix(Path("exempel/ale-2020")) == "exempel/ale-2020/"


def test_ci_formats_use_checkout_paths(tmp_path, monkeypatch):
    """github, gitlab, sarif and the step summary name files from the checkout's root."""
    root = tmp_path / "exempel" / "ale-2020"
    root.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    res = make_result(root, ERROR)
    full = "exempel/ale-2020/2020/plan/ks.yaml"
    assert github(res)[0].startswith(f"::error file={full},line=12,col=5,")
    assert json.loads(gitlab(res)[0])[0]["location"] == {"path": full, "lines": {"begin": 12}}
    location = json.loads(sarif(res)[0])["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": full}
    assert f"| {full}:12 |" in step_summary(res)
    assert github(res, prefix="")[0].startswith("::error file=2020/plan/ks.yaml,")


def test_step_summary(result):
    """The step summary is a heading, the summary and a table with pipes escaped."""
    assert step_summary(result) == (
        "## malkoll validera\n"
        "\n"
        "1 fel och 1 varning i 2 av 4 filer.\n"
        "\n"
        "| Fil | Kod | Allvarlighet | Organisation | Period | Meddelande |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| 2020/plan/ks.yaml:12 | MK104 | fel | ks | helar | "
        "Okänd nyckel `atgard`: 100 %, se nästa rad |\n"
        "| 2020/uppfoljning/bun.yaml:3 | MK205 | varning |  |  | "
        "Perioden `t1` \\| finns inte. |\n"
    )


def test_step_summary_caps_rows(tmp_path):
    """Past the limit the table stops and says how many findings it left out."""
    many = [Finding("2020/plan/ks.yaml", n, 1, "MK105", "fel", f"fel {n}") for n in range(1, 8)]
    md = step_summary(make_result(tmp_path, *many), prefix="", limit=5)
    rows = [line for line in md.splitlines() if line.startswith("| 2020/")]
    assert len(rows) == 5
    assert md.endswith("Tabellen visar de första 5 av 7 fynden; 2 visas inte här (se loggen).\n")


def test_step_summary_without_findings(tmp_path):
    """Without findings the step summary has no table."""
    md = step_summary(make_result(tmp_path), prefix="")
    assert md == "## malkoll validera\n\nInga fel eller varningar i 4 filer.\n"


def test_gitlab_code_quality(result):
    """A JSON array of Code Quality issues with exactly GitLab's fields and severities."""
    out, err = gitlab(result)
    assert err == "1 fel och 1 varning i 2 av 4 filer.\n"
    issues = json.loads(out)
    assert isinstance(issues, list)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
    first, second = issues
    assert {k: v for k, v in first.items() if k != "fingerprint"} == {
        "description": "Okänd nyckel `atgard`: 100 %, se nästa rad",
        "check_name": "MK104",
        "severity": "major",
        "location": {"path": "2020/plan/ks.yaml", "lines": {"begin": 12}},
    }
    assert {k: v for k, v in second.items() if k != "fingerprint"} == {
        "description": "Perioden `t1` | finns inte.",
        "check_name": "MK205",
        "severity": "minor",
        "location": {"path": "2020/uppfoljning/bun.yaml", "lines": {"begin": 3}},
    }


def test_gitlab_fingerprints_stable_and_unique(tmp_path, result):
    """Fingerprints repeat across runs and differ between findings, even identical ones."""
    again = make_result(tmp_path, ERROR, WARNING)
    first = [x["fingerprint"] for x in json.loads(gitlab(result)[0])]
    assert first == [x["fingerprint"] for x in json.loads(gitlab(again)[0])]
    assert len(set(first)) == 2
    doubled = [x["fingerprint"] for x in json.loads(gitlab(make_result(tmp_path, ERROR, ERROR))[0])]
    assert len(set(doubled)) == 2
    assert doubled[0] == first[0]
    other = Finding(**{**ERROR.__dict__, "message": "Något annat"})
    assert json.loads(gitlab(make_result(tmp_path, other))[0])[0]["fingerprint"] != first[0]


def test_a_finding_keeps_its_fingerprint_when_a_line_above_it_moves(tmp_path):
    """GitLab and code scanning match findings by fingerprint: a line added above a finding
    must not make it a new finding (and the old one fixed)."""
    moved = Finding(**{**ERROR.__dict__, "line": ERROR.line + 3, "col": ERROR.col + 2})
    before = json.loads(gitlab(make_result(tmp_path, ERROR))[0])[0]["fingerprint"]
    after = json.loads(gitlab(make_result(tmp_path, moved))[0])[0]["fingerprint"]
    assert before == after
    in_sarif = json.loads(sarif(make_result(tmp_path, moved))[0])["runs"][0]["results"][0]
    assert in_sarif["partialFingerprints"] == {"malkollFinding/v1": before}
    elsewhere = Finding(**{**ERROR.__dict__, "organisation": "bun"})
    assert json.loads(gitlab(make_result(tmp_path, elsewhere))[0])[0]["fingerprint"] != before


def test_sarif_log(result):
    """A SARIF 2.1.0 log: one run, every rule sorted, results pointing at their rules."""
    out, err = sarif(result)
    assert err == "1 fel och 1 varning i 2 av 4 filer.\n"
    log = json.loads(out)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert set(driver) == {"name", "version", "informationUri", "rules"}
    assert (driver["name"], driver["version"]) == ("malkoll", __version__)
    assert driver["informationUri"].startswith("https://")
    rules = {r.code: r for r in all_rules()}
    assert [r["id"] for r in driver["rules"]] == sorted(rules)
    for entry in driver["rules"]:
        rule = rules[entry["id"]]
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", entry["name"]), entry["name"]
        assert entry["name"] != rule.code
        assert entry["shortDescription"] == {"text": rule.title}
        assert entry["fullDescription"] == {"text": rule.explanation}
        level = {"fel": "error", "varning": "warning"}[rule.severity]
        assert entry["defaultConfiguration"] == {"level": level}
        assert entry["help"]["text"].startswith(rule.explanation)
        assert entry["help"]["markdown"].startswith(rule.explanation)
        if rule.wrong:
            assert rule.wrong in entry["help"]["text"]
            assert f"```yaml\n{rule.wrong}\n```" in entry["help"]["markdown"]
        if rule.right:
            assert f"```yaml\n{rule.right}\n```" in entry["help"]["markdown"]
    ids = [r["id"] for r in driver["rules"]]
    prints = [x.pop("partialFingerprints") for x in run["results"]]
    assert prints == [{"malkollFinding/v1": fp} for fp in fingerprints(result, "")]
    assert run["results"] == [
        {
            "ruleId": "MK104",
            "ruleIndex": ids.index("MK104"),
            "level": "error",
            "message": {
                "text": "Okänd nyckel `atgard`: 100 %, se\nnästa rad\nMenade du `atgarder`?"
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "2020/plan/ks.yaml"},
                        "region": {"startLine": 12, "startColumn": 5},
                    }
                }
            ],
            "properties": {"organisation": "ks", "period": "helar"},
        },
        {
            "ruleId": "MK205",
            "ruleIndex": ids.index("MK205"),
            "level": "warning",
            "message": {"text": "Perioden `t1` | finns inte."},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "2020/uppfoljning/bun.yaml"},
                        "region": {"startLine": 3, "startColumn": 1},
                    }
                }
            ],
        },
    ]


def test_sarif_uri():
    """SARIF URIs keep `/` and percent-encode spaces, `:` and non-ASCII letters."""
    assert sarif_uri("2020/plan/förskola nämnd.yaml") == "2020/plan/f%C3%B6rskola%20n%C3%A4mnd.yaml"
    assert sarif_uri("a:b\\c.yaml") == "a%3Ab/c.yaml"


def test_sarif_matches_schema(result):
    """The SARIF log validates against the 2.1.0 schema (as pydantic-sarif models it)."""
    model = pytest.importorskip("pydantic_sarif.model")
    log = json.loads(sarif(result)[0])
    model.StaticAnalysisResultsFormatSarifVersion210JsonSchema.model_validate(log)
