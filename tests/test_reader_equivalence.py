"""The reader's compiled part (`reading/_fastyaml.c`) and its Python path give identical
results: the same data (types and key order included), the same position records and the
same findings, for every example, every test fixture, a generated corpus, hand-written
tricky inputs, generated inputs and, when it is present, the YAML test suite.

The compiled-vs-Python tests skip when the compiled part is not built. Set
MALKOLL_YAML_TEST_SUITE to a folder of the YAML test suite's data (`<id>/in.yaml`, as on
its `data` branch: `git archive data | tar -x -C DIR`) to run its inputs too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from malkoll.model.kinds import field_names
from malkoll.reading import parse
from malkoll.text import fold

ROOT = Path(__file__).resolve().parent.parent
KEYS = field_names()
BUILT = parse._compiled is not None

compiled = pytest.mark.skipif(
    not BUILT, reason="the reader's C part is not built (no compiler or libyaml headers)"
)


def _shape(value: Any) -> Any:
    """The value with its types and order spelled out, so that equal means identical."""
    if isinstance(value, dict):
        return ("dict", [(k, _shape(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_shape(v) for v in value])
    return (type(value).__name__, value)


def _read(raw: bytes, compiled_part: bool) -> parse.ReadResult:
    was = parse.COMPILED
    parse.COMPILED = compiled_part
    try:
        return parse.read_bytes(raw, "fil.yaml", KEYS)
    finally:
        parse.COMPILED = was


def _difference(raw: bytes) -> str | None:
    """What differs between the two paths for ``raw``, or None."""
    fast, slow = _read(raw, True), _read(raw, False)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))  # for comparing deep data, after reading it
    try:
        if _shape(fast.data) != _shape(slow.data):
            return "data differs"
    finally:
        sys.setrecursionlimit(limit)
    if fast.readable != slow.readable or fast.problems != slow.problems:
        return f"problems: {fast.problems!r} != {slow.problems!r}"
    if fast.numbers != slow.numbers:  # plain values that may change as numbers (MK111)
        return f"numbers: {sorted(fast.numbers)!r} != {sorted(slow.numbers)!r}"
    return None


def _same(raw: bytes) -> parse.ReadResult:
    assert _difference(raw) is None
    return _read(raw, True)


def _fast(text: str) -> bool:
    """Whether the compiled part reads ``text`` itself (rather than leaving it to Python)."""
    assert parse._compiled is not None
    return parse._compiled(text, KEYS, fold, "\\" in text) is not None


def _all_same(files: list[Path]) -> list[Path]:
    """The files of ``files`` read differently by the two paths (none, we hope)."""
    assert files
    return [p for p in files if _difference(p.read_bytes()) is not None]


# --- the corpora ----------------------------------------------------------------------


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


@compiled
def test_every_example_reads_the_same() -> None:
    files = _yaml_files(ROOT / "exempel")
    assert _all_same(files) == []
    # ... and the compiled part reads them itself: the fallback is for the rare file.
    slow = [p for p in files if not _fast(p.read_text(encoding="utf-8-sig"))]
    assert len(slow) <= len(files) // 20, slow


@compiled
def test_every_fixture_reads_the_same() -> None:
    assert _all_same(_yaml_files(ROOT / "tests" / "repos")) == []


GENERATE = ("--enheter", "20", "--ut")
VALIDERA = ("--format", "json", "--idag", "2020-09-20")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("korpus") / "kommun"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), *GENERATE, str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@compiled
def test_a_generated_corpus_reads_the_same(generated: Path) -> None:
    files = _yaml_files(generated)
    assert len(files) > 50
    assert _all_same(files) == []
    assert all(_fast(p.read_text(encoding="utf-8")) for p in files)


def test_the_switch() -> None:
    """`COMPILED` says which path is in use; `MALKOLL_REN_PYTHON=1` forces Python."""
    code = "from malkoll.reading import parse; print(parse.COMPILED)"
    for value, expected in (("1", False), ("0", BUILT), ("", BUILT)):
        env = {**os.environ, "MALKOLL_REN_PYTHON": value}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == str(expected), value


@compiled
def test_validera_says_the_same_with_either_path(tmp_path: Path) -> None:
    """End to end, in two copies so that no cache can answer for the other path."""
    outputs = []
    for value in ("0", "1"):
        folder = tmp_path / f"ren-python-{value}"
        shutil.copytree(ROOT / "exempel" / "ale-2020-utkast", folder)
        env = {**os.environ, "MALKOLL_REN_PYTHON": value, "NO_COLOR": "1"}
        run = subprocess.run(
            [sys.executable, "-m", "malkoll", "validera", str(folder), *VALIDERA],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 1, run.stderr
        outputs.append(json.loads(run.stdout)["fynd"])
    assert outputs[0] == outputs[1]
    assert outputs[0]


# --- hand-written inputs ----------------------------------------------------------------

TRICKY = {
    "plain numbers": "a: 3.10\nb: '3.10'\nc: [010, \"1e3\", 12, 0x1A, 0o7, True, true]\n"
    "d: {e: .Inf, f: -.inf, g: .NaN, h: 1.0, i: 3.5, j: 1234567890123456, k: -0}\n"
    "l:\n  - +5\n  - [1.10, 2.0]\n  - {m: .5}\n  - 2020-12-31\n  - 1_000\n"
    "n: |\n  3.10\no: 0.0000001\np: 0.000001\nq: 5.\nr: 1e\ns: -.5\n",
    "non-ASCII": "namn: Åsa Öberg\nbeskrivning: ärende för år 2020 – klart\nårtal: [ö, ä]\n",
    "emoji before keys": "😀a: 1\nb😀: {c: 😀😀, d: [😀, x]}\n",
    "emoji in a flow map": "{a: 😀, b: å, 🎉: [🎉, ä]}\n",
    "4-byte before a list": "x: 𝄞𝄞\ny:\n  - 𝄞\n  - [𝄞, 𝄞]\n",
    "tabs": "a:\tb\nc: 'x\ty'\nd: \"x\\ty\"\ne: |\n  ett\tindrag\n",
    "syntax: a tab in a block scalar's indent": "e: |\n  \tindrag\n",
    "quoted null": "a: 'null'\nb: \"~\"\nc: null\nd: ~\ne:\nf: NULL\ng: Null\nh: nULL\ni: ''\n"
    'j: ""\nk: !!null\nl: !!str\n',
    "null keys": "null: 1\n~: 2\n'': 3\nNULL: [x]\n",
    "block scalars": "a: |\n  rad 1\n  rad 2\n\nb: >-\n  vikt\n  text\n\nc: |+\n  behåll\n\n\n"
    "d: |2-\n   indrag\ne: >\n  ett\n\n  två\n  \nf: |-\ng: end\n",
    "flow": "a: [1, [2, 3], {b: c, d: [e]}]\nf: {}\ng: []\nh: [a: b]\ni: [{j: k}]\n"
    "l: {m, n: }\no: [p, ]\n",
    "empty values": "a:\nb: []\nc: {}\nd: ''\ne:\n  -\n  - ''\n  - ~\nf: -x\n",
    "syntax: a dash as a value": "f: -\n",
    "comments": "# kommentar\na: 1 # efter\nb: # tom\n  - x # och\n# slut\n",
    "duplicates": "a: 1\nb: 2\na: 3\nc:\n  d: 1\n  d: [2, 3]\n",
    "duplicate after folding": "bedömning: Grön\nbedomning: Gul\nåtgärder: x\natgärder: y\n",
    "unknown non-ASCII key": "höjd: 1\nhojd: 2\nbedömning: Röd\n",
    "duplicate with nested duplicates": "a: 1\na:\n  b: 1\n  b: 2\n  c: {d: 1, d: 2}\n",
    "reserved key": "__pos__: x\na:\n  __pos__: [1]\n  b: 2\n",
    "sequences of mappings": "- a: 1\n  b: [x, y]\n- [c, d]\n- - e\n  - f: g\n",
    "multi-line plain": "a: rad ett\n  rad två\n\n  rad tre\nb: 'citat\n  rad'\n",
    "text the schema types": "a: 1.10\nb: 0180\nc: yes\nd: 2020-03-31\ne: 1e3\nf: .inf\n",
    "tags": "a: !!int 1\nb: !foo bar\nc: !!map {d: e}\nd: !!seq [f]\ne: !<tag:x> y\n",
    "explicit document": "%YAML 1.1\n---\na: 1\n...\n",
    "explicit keys": "? a\n: 1\n? b\n",
    "root list": "- 1\n- [2]\n- {a: b}\n",
    "root text": "bara text\n",
    "root quoted": "'x'\n",
    "root null": "~\n",
    "empty document": "---\n",
    "comment only": "# bara en kommentar\n",
    "nothing": "",
    "backslash, no control": 'a: "C:\\\\mapp\\\\fil"\nb: c:\\mapp\nc: "\\t\\n"\n',
    "escape controls": 'a: "\\e"\nb: "\\x07"\n',
    "a break before a control": 'a: "\\r\\x07"\nb: "\\x85"\n',
    "bidi override": "a: \u202etext\nb: ok\n",
    "left-to-right mark": 'a: "\\u200e"\nb: x\u200ey\n',
    "hidden breaks": "a: x\u2028y\nb: 2\n",
    "anchor and alias": "a: &x 1\nb: *x\nc: &y [1, 2]\nd: *y\n",
    "anchor alone": "a: &x 1\nb: 2\n",
    "undefined alias": "a: *x\n",
    "list as key": "? [a]\n: b\n",
    "map as key": "{[a]: b, {c: d}: e}\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax: colon": "a: b: c\n",
    "syntax: unclosed": "a: [1, 2\n",
    "syntax: tab indent": "a:\n\tb: 1\n",
    "syntax: escape": 'a: "\\q"\n',
    "syntax: after the end": "a: 1\n b: 2\n",
    "flow explicit key, closed": "[ ? ]\n",
    "flow explicit key, extra": "[ ? ] ]\n",
    "flow explicit key, value": "[ ? a : b, c ]\n",
    "flow explicit key in a map": "{ ? a : b }\n",
    "flow explicit key after emoji": "😀: [ ? x ]\n",
    "long line": "a: " + "å" * 70_000 + "\nb: [" + ", ".join(["x"] * 2000) + "]\n",
    "many lines": "".join(f"k{i}: [v{i}]\n" for i in range(3000)),
}
"""Inputs that have tripped YAML readers, or that the compiled part leaves to Python."""

FAST = {
    "plain numbers",
    "non-ASCII",
    "emoji before keys",
    "emoji in a flow map",
    "4-byte before a list",
    "tabs",
    "quoted null",
    "null keys",
    "block scalars",
    "flow",
    "empty values",
    "comments",
    "duplicates",
    "duplicate after folding",
    "unknown non-ASCII key",
    "duplicate with nested duplicates",
    "reserved key",
    "sequences of mappings",
    "multi-line plain",
    "text the schema types",
    "tags",
    "explicit document",
    "explicit keys",
    "root list",
    "root text",
    "root quoted",
    "root null",
    "empty document",
    "comment only",
    "nothing",
    "backslash, no control",
    "flow explicit key in a map",
    "long line",
    "many lines",
}


@compiled
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_inputs_read_the_same(name: str) -> None:
    text = TRICKY[name]
    _same(text.encode("utf-8"))
    assert parse._compiled is not None
    controls = "\\" in text or any(ch in text for ch in parse._BIDI_CONTROLS)
    fast = parse._compiled(text, KEYS, fold, controls) is not None
    assert fast == (name in FAST)


@compiled
@pytest.mark.parametrize(
    "raw",
    [
        b"a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  rad\r\n  rad\r\n",
        b"a: 1\rb:\r  - x\r",
        b"\xef\xbb\xbfa: 1\nb: [\xc3\xa5]\n",
        b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n",
        b"a: 1\n\xef\xbb\xbfb: 2\n",
        b"a: \xff\n",
        b"\xff\xfea\x00",
        b"a: [" + b"[" * 600 + b"]" * 600 + b"]\n",
    ],
    ids=["CRLF", "CR", "BOM", "two BOMs", "BOM inside", "not UTF-8", "UTF-16", "flow nesting"],
)
def test_bytes_read_the_same(raw: bytes) -> None:
    _same(raw)


@compiled
@pytest.mark.parametrize("depth", [150, 199, 200, 201, 400, 1200])
def test_deep_nesting_reads_the_same(depth: int) -> None:
    block = "".join(f"{'  ' * i}k:\n" for i in range(depth)) + "  " * depth + "v\n"
    _same(block.encode())
    _same(("- " * depth + "x\n").encode())


@compiled
def test_positions_count_characters_not_bytes() -> None:
    """libyaml's columns (and PyYAML's marks) count characters: å and 😀 are one each."""
    text = "x: {a: 😀, b: å}\nå😀: [x, 😀, y]\n"
    data = _same(text.encode()).data
    start, keys = data["x"]["__pos__"]
    assert start == (1 << 24) | 4
    assert keys == {"a": (1 << 24) | 5, "b": (1 << 24) | 11}
    line = 2 << 24
    assert data["__pos__"][1]["å😀"] == (line | 1, line | 6, line | 9, line | 12)


# --- generated inputs -------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        *(" ", "  ", "\n", "\t", "- ", ": ", ":", "? ", ",", "[", "]", "{", "}", "#", "&a ", "*a"),
        *("!", "!!str ", "|", ">", "|-", ">+", "'", '"', "%", "@", "`", "~", "null", "\\", "\\e"),
        *("\r\n", "\r", "---\n", "...\n", "a", "b", "å", "ä", "ö", "😀", "bedömning", "bedomning"),
        *("__pos__", "\u2028", "\u202e", "\x85", "\ufeff", "0180", "1.10", "\x07"),
        *("3.10", "010", "1e3", "0x1A", ".inf", ".Inf", "True", "-0", "12", "3.5", "+", "."),
    ]
)


@compiled
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_generated_text_reads_the_same(text: str) -> None:
    assert _difference(text.encode("utf-8")) is None


_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Cc"), exclude_characters="\r"
    ),
    max_size=12,
)
_KEY = st.one_of(_TEXT, st.sampled_from(sorted(KEYS)), st.sampled_from(["bedömning", "åtgärder"]))
_DATA = st.recursive(
    st.none() | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEY, inner, max_size=4),
    max_leaves=20,
)


@compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DATA, st.sampled_from([None, True, False]), st.sampled_from([None, '"', "'", "|"]))
def test_generated_documents_read_the_same(data: Any, flow: bool | None, style: Any) -> None:
    text = yaml.safe_dump(
        data, allow_unicode=True, default_flow_style=flow, default_style=style, sort_keys=False
    )
    assert _difference(text.encode("utf-8")) is None


# --- the YAML test suite ------------------------------------------------------------------


def _suite() -> list[Path]:
    folder = os.environ.get("MALKOLL_YAML_TEST_SUITE")
    if not folder or not Path(folder).is_dir():
        return []
    return sorted(Path(folder).rglob("in.yaml"))


@compiled
@pytest.mark.skipif(not _suite(), reason="MALKOLL_YAML_TEST_SUITE is not set to its data")
def test_the_yaml_test_suite_reads_the_same() -> None:
    files = _suite()
    assert _all_same(files) == []


# --- the compiled part's texts: cache, decoding, bytes, cursor ----------------------------

_WIDE = ["a", "å", "ÿ", "\xa0", "Ā", "߿", "ࠀ", "–", "😀", "𝄞"]
"""One character of each UTF-8 length and kind (ASCII, Latin-1, two bytes wider than
Latin-1, three and four bytes), at and beside the edges the decoding tests."""


def _texts() -> list[str]:
    out = []
    for ch in _WIDE:
        for n in (1, 7, 8, 9, 39, 40, 41, 100):
            out.append(ch * n)
            out.append("x" * n + ch)
            out.append(ch + "y" * n)
            out.append(("ab" + ch) * (n // 3 + 1))
    return out


@compiled
def test_texts_of_every_width_read_the_same() -> None:
    """Short texts come from a cache and others are decoded by the compiled part itself
    where they are ASCII or Latin-1: the same text, of the same kind, either way."""
    texts = _texts()
    document = "".join(f"k{i}: {json.dumps(t, ensure_ascii=False)}\n" for i, t in enumerate(texts))
    document += "lista:\n" + "".join(f"  - '{t}'\n" for t in texts)
    for _ in range(2):  # cold, then from the cache
        data = _same(document.encode()).data
        assert [data[f"k{i}"] for i in range(len(texts))] == texts
        assert data["lista"] == texts
    assert parse._compiled is not None
    assert _fast(document)


@compiled
def test_keys_of_every_length_and_width_read_the_same() -> None:
    """Keys come from the same cache (longer than it holds, too), with folding after it."""
    keys = [*sorted(KEYS), "bedömning", "åtgärder", "höjd", "__pos__", "_pos_", "__pos__x"]
    keys += [t for t in _texts() if "\n" not in t]
    keys += ["k" * n for n in (38, 39, 40, 41, 1000, 70_000)]
    keys += ["ö" * n for n in (19, 20, 21, 500)]
    keys = list(dict.fromkeys(keys))

    def pair(key: str, value: str) -> str:
        written = json.dumps(key, ensure_ascii=False)
        # A simple key is at most 1024 characters in YAML; longer ones are explicit (`?`).
        return f"{written}: {value}" if len(key) < 1000 else f"? {written}\n: {value}"

    document = "".join(pair(k, str(i)) + "\n" for i, k in enumerate(keys))
    nested = ("  " + pair(k, "[x]").replace("\n", "\n  ") + "\n" for k in keys)
    document += "inne:\n" + "".join(nested)
    for _ in range(2):
        result = _same(document.encode())
        assert _fast(document)
        # __pos__ twice, and bedömning and åtgärder, the same keys as bedomning and atgarder
        assert [p.rule.code for p in result.problems] == ["MK103"] * 6
        assert set(keys) - {"bedömning", "åtgärder", "__pos__"} <= set(result.data)


@compiled
def test_many_distinct_texts_overflow_the_cache_and_read_the_same() -> None:
    """More short texts than the cache has room for: slots are overwritten, nothing else."""
    lines = (f"n{i}: v{i % 7000}\nm{i % 50}x{i}: [w{i}, v{i % 3000}]\n" for i in range(9000))
    document = "".join(lines)
    for _ in range(2):
        _same(document.encode())
    assert parse._compiled is not None
    getattr(parse._fastyaml, "_clear_cache")()  # noqa: B009 (not in the stub: for tests)
    _same(document.encode())


@compiled
def test_known_keys_are_interned() -> None:
    """A key the schema knows is the interned str, as the schema's own literals are."""
    data = _same(b"delmal:\n  - delmal: '1'\n    aktiviteter: []\nokand_nyckel: 1\n").data
    for key in ("delmal", "aktiviteter"):
        assert key in KEYS
    outer = next(k for k in data if k == "delmal")
    inner = next(k for k in data["delmal"][0] if k == "delmal")
    assert outer is sys.intern("delmal")
    assert inner is outer


@compiled
@pytest.mark.parametrize("text", [TRICKY[name] for name in sorted(FAST)][:20] + _texts()[:40])
def test_bytes_and_text_read_the_same(text: str) -> None:
    """The compiled part reads the file's bytes as it reads their text."""
    assert parse._compiled is not None
    controls = "\\" in text
    as_text = parse._compiled(text, KEYS, fold, controls)
    as_bytes = parse._compiled(text.encode(), KEYS, fold, controls)
    assert _shape(as_text) == _shape(as_bytes)


@compiled
@pytest.mark.parametrize("width", _WIDE)
def test_the_cursor_finds_flow_keys_after_any_text(width: str) -> None:
    """The explicit key `?` in a flow list is found (and left to Python) after any mix of
    characters, which the cursor steps over up to eight bytes at a time."""
    for n in range(0, 40):
        prefix = "".join(width if (i * 7) % 3 else "a" for i in range(n))
        left = f"t: '{prefix}'\nu: [ ? x ]\n"
        kept = f"t: '{prefix}'\nu: [ {{x: y}}, {{? z : w}} ]\nv: {{a: b}}\n"
        _same(left.encode())
        _same(kept.encode())
        assert not _fast(left), n
        assert _fast(kept), n
    bom = "\ufeff" + f"t: '{width * 30}'\nu: [ ? x ]\n"
    _same(bom.encode())


@compiled
def test_reading_a_valid_file_imports_no_pyyaml() -> None:
    """PyYAML (about 10 ms to import) is for the Python path and syntax errors only."""
    code = (
        "import sys\n"
        "from malkoll.reading import parse\n"
        "from malkoll.model.kinds import field_names\n"
        "r = parse.read_bytes(b'a: [1, {b: c}]\\n', 'f.yaml', field_names())\n"
        "assert r.readable and not r.problems, r\n"
        "assert 'yaml' not in sys.modules, sorted(m for m in sys.modules if 'yaml' in m)\n"
        "r = parse.read_bytes(b'a: [1\\n', 'f.yaml', field_names())\n"
        "assert r.problems[0].rule.code == 'MK101', r\n"
        "assert 'yaml' in sys.modules\n"
    )
    env = {**os.environ, "MALKOLL_REN_PYTHON": "0"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
