"""MK111: an id written as a plain number (`delmal: 1.10`) is text to malkoll but the number
1.1 to every other YAML tool (the forms of `malkoll formular`, editors): a warning, by
both reader paths, from the cache too, with the fix quoted; numbers that come back as
written (`12`, `3.5`) and quoted ids give none."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import BASE, REPOS, build_repo, run
from malkoll.model.kinds import field_names
from malkoll.reading import load, parse
from malkoll.reading.numbers import changes_as_number
from malkoll.reading.plain import js_number, written_back

CASE = REPOS / "fel" / "mk111-id-som-tal"
PLAN = "2020/plan/sektor/grundskola.yaml"


@pytest.fixture(params=[True, False], ids=["compiled", "python"])
def reader_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param and parse._compiled is None:
        pytest.skip("the reader's C part is not built")
    monkeypatch.setattr(parse, "COMPILED", request.param)
    return bool(request.param)


def _validera(root: Path, *extra: str) -> tuple[int, str]:
    status, out, err = run("validera", str(root), "--idag", "2020-01-01", "--utan-cache", *extra)
    return status, out + err


def test_plain_number_ids_warn_and_say_what_to_write(tmp_path: Path, reader_path: bool) -> None:
    root = build_repo(tmp_path / "repo", CASE)
    status, out = _validera(root)
    assert status == 0, out  # a warning does not fail validera
    assert (
        f"{PLAN}:9:5: varning MK111 Id:t `1.10` står utan citattecken; andra verktyg "
        '(formulären, editorn) läser det som talet 1.1. Skriv "1.10".'
    ) in out
    assert 'Med citattecken förblir id:t text för alla verktyg: `delmal: "1.10"`.' in out
    assert "mal/1-utbildning.yaml:11:5: varning MK111 Id:t `1.10`" in out
    assert '`id: "1.10"`' in out
    assert out.count("MK111") == 2


def test_the_fix_quoted_gives_no_warning(tmp_path: Path, reader_path: bool) -> None:
    """The base repository is the fix: the same ids quoted."""
    assert '- delmal: "1.10"' in (BASE / PLAN).read_text(encoding="utf-8")
    status, out = _validera(build_repo(tmp_path / "repo"))
    assert status == 0
    assert "MK111" not in out


def test_list_items_and_numbers_that_come_back_unchanged(tmp_path: Path, reader_path: bool) -> None:
    """An id in a list (`matt`, `indikatorer`) is checked item by item; `12` and a quoted
    `"010"` are left alone, as is a number in a field that is not an id."""
    mal = (BASE / "mal/1-utbildning.yaml").read_text(encoding="utf-8")
    mal = mal.replace("indikatorer: [N15505]", "indikatorer: [N15505, '010', 12, 0x1A]")
    root = build_repo(tmp_path / "repo", files={"mal/1-utbildning.yaml": mal})
    _, out = _validera(root)
    lines = [line for line in out.splitlines() if "MK111" in line]
    assert len(lines) == 1, out
    assert "mal/1-utbildning.yaml:10:38: varning MK111 Id:t `0x1A`" in lines[0]
    assert "talet 26" in lines[0]
    assert '`indikatorer: "0x1A"`' in out


def test_severity_is_set_by_regler(tmp_path: Path) -> None:
    settings = (BASE / "malkoll.yaml").read_text(encoding="utf-8") + "regler: {MK111: fel}\n"
    root = build_repo(tmp_path / "repo", CASE, files={"malkoll.yaml": settings})
    status, out = _validera(root)
    assert status == 1
    assert f"{PLAN}:9:5: fel MK111" in out
    off = (BASE / "malkoll.yaml").read_text(encoding="utf-8") + "regler: {MK111: av}\n"
    root = build_repo(tmp_path / "av", CASE, files={"malkoll.yaml": off})
    status, out = _validera(root)
    assert status == 0
    assert "MK111" not in out


def test_the_cache_keeps_where_the_numbers_stand(reader_path: bool) -> None:
    """A file read from the reader's cache still knows its plain numbers (the warning is
    made after reading, from the cached result as from a fresh one)."""
    raw = (CASE / PLAN).read_bytes()
    result = parse.read_bytes(raw, PLAN, field_names())
    assert result.numbers == {(9 << 24) | 5}
    cached = load._from_entry(load._entry(result), PLAN)
    assert cached is not None
    assert cached.numbers == result.numbers
    assert cached.data == result.data


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("3.10", "3.1"),
        ("010", "10"),
        ("1e3", "1000"),
        ("1.0", "1"),
        ("-0", "0"),
        (".5", "0.5"),
        ("+5", "5"),
        ("0o17", "15"),
        ("0x1A", "26"),
        (".Inf", ".inf"),
        ("True", "true"),
        ("0.0000001", "1e-7"),
        ("12345678901234567890", "12345678901234567000"),
        ("12", "12"),
        ("3.5", "3.5"),
        ("1234567890123456", "1234567890123456"),
        ("2020-12-31", None),
        ("1_000", None),
        ("N15505", None),
    ],
)
def test_written_back_as_javascripts_yaml_writes_it(text: str, back: str | None) -> None:
    assert written_back(text) == back


def test_js_number_formats_as_ecmascript() -> None:
    assert [js_number(x) for x in (1e21, 1e20, 1.5e-7, 0.000001, -2.5, 123.456)] == [
        "1e+21",
        "100000000000000000000",
        "1.5e-7",
        "0.000001",
        "-2.5",
        "123.456",
    ]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("3.10", True),
        ("010", True),
        ("1e3", True),
        ("0x1A", True),
        ("False", True),
        ("+.inf", True),
        ("1234567890123456", True),
        ("12", False),
        ("3.5", False),
        ("-0.5", False),
        ("0", False),
        ("true", False),
        (".nan", False),
        ("2020-12-31", False),
        ("1.1.2", False),
        ("1e", False),
    ],
)
def test_the_readers_quick_test(text: str, flagged: bool) -> None:
    """Both paths note a plain value where a core-schema reader may write it back changed."""
    assert changes_as_number(text) is flagged
    raw = f"a: {text}\nb: [{text}]\nc: '{text}'\n".encode()
    for compiled in (True, False) if parse._compiled is not None else (False,):
        was = parse.COMPILED
        parse.COMPILED = compiled
        try:
            numbers = parse.read_bytes(raw, "f.yaml", frozenset()).numbers
        finally:
            parse.COMPILED = was
        assert numbers == ({(1 << 24) | 1, (2 << 24) | 5} if flagged else frozenset())


def test_the_editor_warns_while_the_id_is_typed(tmp_path: Path) -> None:
    """The editor's session (`malkoll lsp`) reports MK111 for an unsaved text, and not
    once the id is quoted."""
    import datetime as dt

    from malkoll.session import Session

    root = build_repo(tmp_path / "repo")
    session = Session.open(root, idag=dt.date(2020, 1, 1))
    assert [x for x in session.findings() if x.code == "MK111"] == []
    text = (root / PLAN).read_text(encoding="utf-8")
    plain = session.change(PLAN, text.replace('delmal: "1.10"', "delmal: 1.10"))
    assert [(x.code, x.path, x.line, x.col) for x in plain if x.code == "MK111"] == [
        ("MK111", PLAN, 9, 5)
    ]
    quoted = session.change(PLAN, text)
    assert [x for x in quoted if x.code == "MK111"] == []
