"""Hostile input is normal input: numbers, file kinds, links, names, control characters and
positions. Nothing gives a traceback, a hang, unbounded memory, content from outside the
repository, or a finding at a line the editor does not show.

The report's escaping and the Kolada client have their own hostile suites
(`test_report_hostile.py`, `test_kolada_hostile.py`); the CLI's words and writers theirs
(`test_cli_hostile.py`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BASE, BEFORE_ANY_PERIOD, EXAMPLES, build_repo, check, places, run
from malkoll.reading.parse import MAX_NODES, read_bytes

LATE = "--idag 2021-03-01"
SECRET = "hemlig-rad-utanfor-repot-4711"
"""Written to a file outside the repository: it must never show in any output."""


def _edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace ``old`` once in ``rel``; the 1-based line where the edit stands."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _report(root: Path, out: Path) -> tuple[int, str]:
    """`malkoll rapport 2020` in both formats: exit status and the text of both files."""
    status, _stdout, _stderr = run(
        "rapport", "2020", "-C", str(root), "--ut", str(out), "--idag", "2021-03-01"
    )
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.glob("*")) if p.is_file()]
    return status, "\n".join(texts)


def _editor_lines(text: str) -> list[str]:
    """The lines an editor shows: CR LF, a lone CR and LF break lines; U+2028, U+2029 and
    U+0085 do not (git, GitHub and the common editors show them inside a line)."""
    return re.split(r"\r\n|\r|\n", text)


# --- numbers ---------------------------------------------------------------------------

NOT_FINITE = [
    "inf",
    "-inf",
    ".inf",
    "-.Inf",
    "nan",
    ".NaN",
    "1e309",
    "-1e309",
    "1.7976931348623157e308",
    "1e16",
    "-2e15",
    "1" * 401,
]
"""Numbers no municipality writes: not finite, or beyond ±10^15."""

NUMBER_SITES = {
    "indicator outcome": ("indikatorer/N15505.yaml", "T: 219.8", "T: {}"),
    "indicator comparison": ("indikatorer/N15505.yaml", "2020: 231.1", "2020: {}"),
    "delmål target": ("mal/1-utbildning.yaml", "2020: 225", "2020: {}"),
    "budget": ("2020/ekonomi.yaml", "budget: 650000", "budget: {}"),
    "outcome": ("2020/ekonomi.yaml", "utfall: 53800", "utfall: {}"),
    "period budget": ("2020/ekonomi.yaml", "periodbudget: 54000", "periodbudget: {}"),
    "forecast": ("2020/ekonomi.yaml", "prognos: -2000", "prognos: {}"),
    "verksamhetsmål target": ("2020/plan/alafors-skola.yaml", "malvarde: 90", "malvarde: {}"),
    "verksamhetsmål outcome": ("2020/plan/alafors-skola.yaml", "{utfall: 84}", "{{utfall: {}}}"),
    "risk": ("2020/internkontroll/bun.yaml", "sannolikhet: 3", "sannolikhet: {}"),
}


@pytest.mark.parametrize("value", NOT_FINITE)
@pytest.mark.parametrize("site", list(NUMBER_SITES))
def test_numbers_beyond_reason_are_mk105_at_their_line(tmp_path, site, value):
    """Every number a person writes is finite and within range, or an MK105 at its line."""
    rel, old, new = NUMBER_SITES[site]
    root = build_repo(tmp_path / "repo")
    line = _edit(root, rel, old, new.format(value))
    found = check(root, LATE).findings
    assert [x.line for x in found if x.path == rel and x.code == "MK105"] == [line]
    assert all(x.path != rel or x.code == "MK105" for x in found), places(found)
    for x in found:
        assert not {"Input", "should", "valid", "error"} & set(x.message.split()), x.message


@pytest.mark.parametrize("value", ["inf", "nan", "1e309", "1e16"])
def test_a_report_over_numbers_beyond_reason_is_built(tmp_path, value):
    """The report is built (as a draft) and prints no `inf` or `nan` anywhere."""
    root = build_repo(tmp_path / "repo")
    for rel, old, new in NUMBER_SITES.values():
        _edit(root, rel, old, new.format(value))
    status, text = _report(root, tmp_path / "ut")
    assert status == 0
    assert "UTKAST" in text
    # The draft's appendix quotes the wrong values in its findings; nothing else shows them.
    text = re.sub(r"\\?`" + re.escape(value) + r"\\?`", "", text)
    words = re.findall(r"[\w.+-]+", text.lower())
    for word in ("inf", "-inf", "nan", "infinity", "1e309", "1e16", "1e+16"):
        assert word not in words, word


# --- files that are not regular files in the repository ------------------------------


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "utanfor.yaml"
    secret.write_text(f"organisation: {SECRET}\nar: 2020\n{SECRET}: 1\n", encoding="utf-8")
    return secret


def _malkoll(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """malkoll in a process of its own, so that a hang fails the test instead of the run."""
    return subprocess.run(
        [sys.executable, "-m", "malkoll", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


LINKS = {
    "a file outside": lambda tmp: str(_outside(tmp)),
    "a file outside, relative": lambda tmp: os.path.relpath(_outside(tmp), tmp / "repo/2020/plan"),
    "/etc/passwd": lambda tmp: "/etc/passwd",
    "/dev/zero": lambda tmp: "/dev/zero",
    "/dev/urandom": lambda tmp: "/dev/urandom",
    "a dangling link": lambda tmp: str(tmp / "finns-inte.yaml"),
}


@pytest.mark.parametrize("name", list(LINKS))
def test_a_link_out_of_the_repository_is_not_read(tmp_path, name):
    """A committed link to anything outside is MK110, read neither by validera nor rapport."""
    root = build_repo(tmp_path / "repo")
    link = root / "2020/plan/lankad.yaml"
    link.symlink_to(LINKS[name](tmp_path))
    done = _malkoll("validera", "-C", str(root), LATE.split()[0], LATE.split()[1])
    assert done.returncode == 1, done.stderr
    assert "2020/plan/lankad.yaml:1:1: fel MK110" in done.stdout
    assert SECRET not in done.stdout + done.stderr
    assert "root:" not in done.stdout
    assert "Traceback" not in done.stderr
    report = _malkoll("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"))
    assert report.returncode == 0, report.stderr
    for built in (tmp_path / "ut").iterdir():
        text = built.read_text(encoding="utf-8")
        assert SECRET not in text
        assert "root:x:" not in text


def test_a_link_to_a_root_file_out_of_the_repository_is_not_read(tmp_path):
    """organisation.yaml as a link out is MK110 too; the missing file is not reported again."""
    root = build_repo(tmp_path / "repo")
    (root / "organisation.yaml").unlink()
    (root / "organisation.yaml").symlink_to(_outside(tmp_path))
    found = check(root, BEFORE_ANY_PERIOD).findings
    assert "organisation.yaml:1:1: fel MK110" in places(found)
    assert all(SECRET not in x.message + x.hint for x in found)


def test_a_link_inside_the_repository_is_read(tmp_path):
    """A link to a file in the repository is read like the file itself."""
    root = build_repo(tmp_path / "repo")
    plan = root / "2020/plan/alafors-skola.yaml"
    shutil.move(plan, root / "delad-plan.yaml")
    plan.symlink_to("../../delad-plan.yaml")
    assert places(check(root, LATE).findings) == []


def test_a_linked_folder_is_not_followed(tmp_path):
    """A linked folder under plan/ (here a loop back up) is one MK110, not a walk without end."""
    root = build_repo(tmp_path / "repo")
    (root / "2020/plan/sektor/loop").symlink_to("..")
    (root / "2021").symlink_to(tmp_path)
    found = places(check(root, BEFORE_ANY_PERIOD).findings)
    assert found == ["2020/plan/sektor/loop:1:1: fel MK110", "2021:1:1: fel MK110"]


def test_a_loop_of_links_is_refused_not_a_traceback(tmp_path):
    """A link that points at itself, or two that point at each other, is MK110 in every
    command; a folder given with -C that is such a loop is one line and exit 2."""
    root = build_repo(tmp_path / "repo")
    (root / "indikatorer/slinga.yaml").symlink_to("slinga.yaml")
    (root / "2020/plan/a.yaml").symlink_to("b.yaml")
    (root / "2020/plan/b.yaml").symlink_to("a.yaml")
    found = places(check(root, BEFORE_ANY_PERIOD).findings)
    for rel in ("indikatorer/slinga.yaml", "2020/plan/a.yaml", "2020/plan/b.yaml"):
        assert f"{rel}:1:1: fel MK110" in found
    late = LATE.split()
    for command in (
        ["validera", *late],
        ["rapport", "2020", *late],
        ["status", "--idag", "2020-09-01"],
        ["nytt-ar", "2021"],
    ):
        done = _malkoll(*command, "-C", str(root))
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert done.returncode in (0, 1, 2), (command, done.stderr)
    (tmp_path / "runt").symlink_to("runt")
    for command in (["validera"], ["rapport", "2020"], ["status"], ["init"]):
        done = _malkoll(*command, "-C", str(tmp_path / "runt"))
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert done.returncode == 2, (command, done.stderr)
        assert "slinga" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_named_yaml_does_not_hang(tmp_path):
    """A named pipe is refused without waiting for a writer."""
    root = build_repo(tmp_path / "repo")
    os.mkfifo(root / "2020/plan/ror.yaml")
    done = _malkoll("validera", "-C", str(root), "--idag", "2020-01-01", timeout=30)
    assert "2020/plan/ror.yaml:1:1: fel MK110" in done.stdout
    assert done.returncode == 1


def test_a_folder_named_like_a_file_is_walked_not_read(tmp_path):
    """A folder called `x.yaml` is a folder: its YAML files are found, it is not opened."""
    root = build_repo(tmp_path / "repo")
    (root / "2020/plan/mapp.yaml").mkdir()
    assert places(check(root, BEFORE_ANY_PERIOD).findings) == []


# --- names -----------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_mk110_and_the_report_is_built(tmp_path):
    """A name with a Latin-1 byte is shown escaped, not read, and does not crash rapport."""
    root = build_repo(tmp_path / "repo")
    try:
        (root / os.fsdecode(b"2020/plan/f\xf6rskola.yaml")).write_text("x: 1\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take names that are not UTF-8")
    found = check(root, BEFORE_ANY_PERIOD).findings
    assert places(found) == ["2020/plan/f\\xf6rskola.yaml:1:1: fel MK110"]
    found[0].path.encode("utf-8")  # printable and encodable
    status, text = _report(root, tmp_path / "ut")
    assert status == 0
    assert "f\\xf6rskola.yaml" in text


YEARISH = {
    "2020 ": " (`2020`)",
    " 2020": " (`2020`)",
    "20200": "",
    "202": "",
    "２０２０": " (`2020`)",
    "2021\n": " (`2021`)",
    "٢٠٢٠": " (`2020`)",
}


@pytest.mark.parametrize("name", list(YEARISH))
def test_a_folder_that_looks_like_a_year_is_not_skipped_in_silence(tmp_path, name):
    """Every YAML file below a year-like folder that is not four ASCII digits is MK107."""
    root = build_repo(tmp_path / "repo")
    try:
        shutil.copytree(root / "2020", root / name)
    except OSError:
        pytest.skip("this file system does not take that name")
    found = [x for x in check(root, BEFORE_ANY_PERIOD).findings if x.path.startswith(name)]
    year = sorted(p.relative_to(root / "2020").as_posix() for p in (root / "2020").rglob("*.yaml"))
    assert len(year) == 12  # the base's plans, economy, årshjul and annual report's files
    assert sorted(x.path for x in found) == [f"{name}/{rel}" for rel in year]
    assert {x.code for x in found} == {"MK107"}
    assert f"fyra siffror{YEARISH[name]}." in found[0].message


# --- control characters and hidden line breaks ---------------------------------------

CONTROLS = ["\\e]0;titel\\a\\e[2J", "\\0", "\\x07", "\\x9b31m", "\\u202e", "\\u2066", "\\x7f"]


@pytest.mark.parametrize("escape", CONTROLS)
def test_a_control_character_in_a_text_is_mk105_at_its_line(tmp_path, escape):
    """An escape that puts a control character in a text is an MK105 where it is written."""
    root = build_repo(tmp_path / "repo")
    line = _edit(
        root,
        "2020/plan/alafors-skola.yaml",
        "hur_vi_arbetar: Fokus på läsning och tidiga insatser.",
        f'hur_vi_arbetar: "Fokus {escape} på läsning."',
    )
    found = check(root, BEFORE_ANY_PERIOD).findings
    assert places(found) == [f"2020/plan/alafors-skola.yaml:{line}:21: fel MK105"]
    assert "styrtecken" in found[0].message


MULTILINE_SITES = {
    "number": ("indikatorer/N15505.yaml", "T: 219.8", "T: {}"),
    "key": ("indikatorer/N15505.yaml", "T: 219.8", "{}: 219.8"),
    "delmål id": ("2020/plan/bun.yaml", 'delmal: "1.1"', "delmal: {}"),
    "assessment": ("2020/plan/bun.yaml", "bedomning: gul", "bedomning: {}"),
    "period": ("2020/arshjul.yaml", "period: delar1", "period: {}"),
    "date": ("2020/arshjul.yaml", "datum: 2020-03-31", "datum: {}"),
    "month and day": (
        "malkoll.yaml",
        "kommun: Testkommun",
        "kommun: Testkommun\nperioder:\n  helar: {{namn: Helår, per: {}}}",
    ),
}


@pytest.mark.parametrize("site", list(MULTILINE_SITES))
@pytest.mark.parametrize("value", ['"8\\n8"', '"gul\\r\\n#forged"', '"x\\ry"'])
def test_a_value_with_line_breaks_is_quoted_on_one_line(tmp_path, site, value):
    """A value that spans lines is shown on one line in every message and hint, so that
    no finding spans lines in any output (and none can forge a line of its own)."""
    root = build_repo(tmp_path / "repo")
    rel, old, new = MULTILINE_SITES[site]
    _edit(root, rel, old, new.format(value))
    found = check(root, LATE).findings
    assert any(x.path == rel for x in found), places(found)
    for finding in found:
        for words in (finding.message, finding.hint):
            assert not re.search("[\r\n]", words), finding


@pytest.mark.parametrize("ch", ["\u2028", "\u2029", "\x85"])
def test_hidden_line_breaks_do_not_move_the_positions(tmp_path, ch):
    """A text with U+2028, U+2029 or U+0085 keeps them, and later findings keep their line."""
    root = build_repo(tmp_path / "repo")
    rel = "2020/plan/alafors-skola.yaml"
    _edit(
        root,
        rel,
        "hur_vi_arbetar: Fokus på läsning och tidiga insatser.",
        f"hur_vi_arbetar: Fokus{ch}på läsning{ch}{ch}och tidiga insatser.",
    )
    line = _edit(root, rel, "    matt: [N15505]", "    matt: [N15505]\n    okand_nyckel: 1") + 1
    found = check(root, BEFORE_ANY_PERIOD).findings
    assert places(found) == [f"{rel}:{line}:5: fel MK104"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_byte_that_is_not_utf8_is_named_at_the_editors_line_and_column(tmp_path, newline):
    """MK102 names the bad byte where the editor shows it: lines broken by CR LF, CR or LF
    (not by U+2028), the column counted in characters, not in bytes."""
    root = build_repo(tmp_path / "repo")
    rel = "2020/plan/alafors-skola.yaml"
    text = "# Förskola\u2028åäö\n# två\nnamn: Ålafors \x00\n"
    raw = text.replace("\n", newline).encode("utf-8").replace(b"\x00", b"\xe9")
    (root / rel).write_bytes(raw)
    found = [x for x in check(root, BEFORE_ANY_PERIOD).findings if x.path == rel]
    assert places(found) == [f"{rel}:1:1: fel MK102"]
    assert "byten 0xE9 på rad 3, kolumn 15 " in found[0].message


@settings(max_examples=80, deadline=None)
@given(
    before=st.lists(
        st.tuples(
            st.sampled_from(["", "\u2028", "\u2029", "\x85", "\u2028\u2029"]),
            st.sampled_from(["plain", "double", "single", "block", "folded"]),
        ),
        max_size=8,
    )
)
def test_positions_match_the_editors_lines(before, tmp_path_factory):
    """Whatever hidden breaks stand in the texts above it, a finding is at its own line."""
    lines = []
    for i, (brk, style) in enumerate(before):
        text = f"ett{brk}två{brk}tre"
        if style == "plain":
            lines.append(f"k{i}: {text}")
        elif style == "double":
            lines.append(f'k{i}: "{text}"')
        elif style == "single":
            lines.append(f"k{i}: '{text}'")
        else:
            lines += [f"k{i}: {'|' if style == 'block' else '>'}", f"  {text}"]
    lines.append("fel: [1, 2")
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    found = read_bytes(raw, "f.yaml", frozenset()).problems
    assert len(found) == 1
    shown = _editor_lines(raw.decode("utf-8"))
    where = found[0].where
    assert where.line == len(lines), (found[0], shown)
    assert where.col <= len(shown[where.line - 1]) + 1


@pytest.fixture(scope="module")
def copies() -> Iterator[list[tuple[Path, list[Path]]]]:
    """Scratch copies of the examples and the base, with their YAML files."""
    with tempfile.TemporaryDirectory() as tmp:
        out = []
        for source in (EXAMPLES / "ale-2020", EXAMPLES / "ale-2020-utkast", BASE):
            copy = Path(tmp) / source.name
            shutil.copytree(source, copy)
            out.append((copy, sorted(copy.rglob("*.yaml"))))
        yield out


HOSTILE_PIECES = [
    "\u2028",
    "\u2029",
    "\x85",
    "\x1b[2J",
    "\x00",
    "\x07",
    '"\\e]0;x\\a"',
    "\u202e",
    "\ufeff",
    "\r",
    "\t",
    ": ",
    '"',
    "'",
    "[",
    "{",
    "&a ",
    "*a",
    "- ",
    "\n",
]


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    which=st.integers(min_value=0),
    edits=st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(HOSTILE_PIECES)), min_size=1, max_size=5
    ),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_damaged_files_give_findings_inside_the_file(copies, which, edits, cut):
    """Hostile characters anywhere, or a file cut short: findings, never a traceback, and
    every finding at a line and column the editor shows."""
    root, files = copies[which % len(copies)]
    target = files[which % len(files)]
    original = target.read_bytes()
    text = original.decode("utf-8")
    for at, piece in edits:
        i = at % (len(text) + 1)
        text = text[:i] + piece + text[i:]
    if cut is not None:
        text = text[: cut % (len(text) + 1)]
    try:
        target.write_bytes(text.encode("utf-8"))
        for finding in check(root, LATE).findings:
            path = root / finding.path
            shown = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
            editor_lines = _editor_lines(shown)
            assert 1 <= finding.line <= len(editor_lines), finding
            assert 1 <= finding.col <= len(editor_lines[finding.line - 1]) + 1, finding
            assert finding.message.isprintable() or "\n" not in finding.message
    finally:
        target.write_bytes(original)


# --- memory and time -------------------------------------------------------------------

_MEASURE = textwrap.dedent(
    """
    import resource, sys, time
    from malkoll.reading.parse import read_bytes
    raw = open(sys.argv[1], "rb").read()
    start = time.perf_counter()
    result = read_bytes(raw, "f.yaml", frozenset())
    took = time.perf_counter() - start
    # The peak of this process's own memory: ru_maxrss would also count the peak of the
    # process that started it (Linux keeps it across exec), here the whole test run.
    try:
        status = open("/proc/self/status").read()
        rss = int(status.split("VmHWM:")[1].split()[0]) // 1024
    except (OSError, IndexError):
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(" ".join(x.code for x in result.problems), round(took, 2), rss)
    """
)


@pytest.mark.parametrize(
    "content",
    [
        "".join(f"- {{a: {i}}}\n" for i in range(400_000)),
        "x: [" + ", ".join("1" for _ in range(1_200_000)) + "]\n",
        "".join(f"k{i}:\n" for i in range(300_000)),
    ],
    ids=["400,000 small mappings", "a list of 1.2 million", "300,000 empty keys"],
)
def test_a_file_of_many_tiny_values_is_refused_in_bounded_memory(tmp_path, content):
    """Memory follows the number of values, not the bytes: past the limit a file is MK108,
    found without building it (well under a second a megabyte, a bounded resident size)."""
    path = tmp_path / "stor.yaml"
    path.write_text(content, encoding="utf-8")
    assert path.stat().st_size < 10 * 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    codes, took, rss = done.stdout.split()
    assert codes == "MK108"
    assert int(rss) < 300, f"{rss} MiB"
    assert float(took) < 30


def test_a_file_with_many_values_under_the_limit_is_read():
    """A large but plausible file (an indicator with ten thousand values) is read whole."""
    rows = "".join(f"  {1900 + i % 300}{i}: {{T: {i}, K: {i}, M: {i}}}\n" for i in range(10_000))
    result = read_bytes(f"utfall:\n{rows}".encode(), "f.yaml", frozenset())
    assert result.problems == []
    assert MAX_NODES > 4 * 10_000
