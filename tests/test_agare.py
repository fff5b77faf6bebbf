"""`malkoll agare`: CODEOWNERS checked against the organisation tree, through the CLI.

The file is read back with a small matcher that follows GitHub's rules for the patterns
malkoll writes (the last matching rule wins; `*` matches every file; a pattern with a
leading `/` is a path from the top of the checkout, with `\\` escaping the character
after it), and every pattern is first held to being one of those two kinds, so that the
matcher cannot pass a pattern it does not understand.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import BASE, EXAMPLES, run
from malkoll.reading.load import load
from malkoll.text import printable
from malkoll.writers.codeowners import MARKER, escape

DEFAULT = "@ale-kommun/kommunledning"
SHARED = [
    "malkoll.yaml",
    "organisation.yaml",
    "mal/1-livskvalitet.yaml",
    "indikatorer/N15505.yaml",
    "2020/uppdrag.yaml",
    "2020/ekonomi.yaml",
    "2020/arshjul.yaml",
    "README.md",
]


# --- reading CODEOWNERS back -----------------------------------------------------------


def _split(line: str) -> tuple[str, list[str]]:
    """A rule's pattern (up to the first space without a backslash before it) and owners."""
    match = re.match(r"((?:\\.|[^\s\\])+)\s+(.*)$", line)
    assert match, f"not a rule: {line!r}"
    return match.group(1), match.group(2).split()


def _unescape(pattern: str) -> str:
    return re.sub(r"\\(.)", r"\1", pattern)


def rules(text: str, platform: str = "github") -> list[tuple[str, list[str]]]:
    """The rules of a CODEOWNERS text, in order, each pattern of a kind `owners_of` knows:
    no unescaped glob character or space, and for GitHub no `#` (a comment there)."""
    special = set("*?[]\\ ") | ({"#"} if platform == "github" else set())
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, owners = _split(line)
        bare = re.sub(r"\\.", "", pattern)
        assert pattern == "*" or (pattern.startswith("/") and not special & set(bare)), (
            f"a pattern the matcher does not know: {pattern!r}"
        )
        out.append((pattern, owners))
    return out


def owners_of(text: str, path: str, platform: str = "github") -> list[str] | None:
    """The owners the last rule that matches ``path`` (from the checkout's top) gives."""
    found = None
    for pattern, owners in rules(text, platform):
        if pattern == "*" or _unescape(pattern[1:]) == path:
            found = owners
    return found


# --- repositories ------------------------------------------------------------------------


def _example(tmp_path: Path, folder: str = "") -> Path:
    """Ale 2020 in a git checkout at ``tmp_path`` (in ``folder`` of it)."""
    (tmp_path / ".git").mkdir()
    root = tmp_path / folder if folder else tmp_path
    shutil.copytree(EXAMPLES / "ale-2020", root, dirs_exist_ok=True)
    return root


def _tree_owners(root: Path) -> dict[str, list[str]]:
    """Whose approval each organisation's files need, read from organisation.yaml here
    and not by malkoll: its own `git`, or the nearest organisation's above it."""
    data = yaml.safe_load((root / "organisation.yaml").read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}

    def walk(orgs: list[dict[str, object]], above: list[str]) -> None:
        for org in orgs:
            git = org.get("git") or []
            users = ["@" + u.lstrip("@") for u in ([git] if isinstance(git, str) else git)]
            mine = users or above
            if mine:
                found[str(org["id"])] = mine
            walk(org.get("delar", []), mine)  # type: ignore[arg-type]

    walk(data, [])
    return found


def _owned_files(root: Path) -> list[tuple[str, str]]:
    """Every plan and internal-control file with the organisation it names."""
    repo = load(root, cache=False)
    return [
        (doc.path, doc.data.organisation)
        for year in repo.ar.values()
        for doc in (*year.planer, *year.internkontroll)
    ]


# --- the rules against the tree ---------------------------------------------------------


def test_every_plan_file_needs_its_organisations_owners(tmp_path, monkeypatch):
    """For every plan and internal-control file of Ale 2020, the last matching rule gives
    the owners the tree gives its organisation; the shared files get the default owner."""
    root = _example(tmp_path)
    monkeypatch.chdir(tmp_path)
    status, out, _err = run("agare", "--standard", DEFAULT)
    assert status == 0, out
    assert out.startswith("Skrev .github/CODEOWNERS för GitHub")
    text = (tmp_path / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert text.startswith(MARKER)
    expected = _tree_owners(root)
    files = _owned_files(root)
    assert len(files) == 27
    for path, org in files:
        assert owners_of(text, path) == expected.get(org, [DEFAULT]), path
    for path in [*SHARED, ".github/CODEOWNERS", ".github/workflows/malkoll.yml"]:
        assert owners_of(text, path) == [DEFAULT], path
    assert rules(text)[0] == ("*", [DEFAULT])


def test_a_unit_without_users_is_approved_by_the_nearest_above_with_some(tmp_path):
    """Aroseniusskolan has no `git`: Grundskola's chef approves; a sektor without users
    is approved by the nämnd's controller; a unit's own users win over its nämnd's."""
    _example(tmp_path)
    status, out, _err = run("agare", "-C", str(tmp_path), "--ut", "-")
    assert status == 0
    assert owners_of(out, "2020/plan/un/aroseniusskolan.yaml") == ["@ale-chef-grundskola"]
    assert owners_of(out, "2020/plan/un/sektor-utbildning.yaml") == ["@ale-kommun/controller-un"]
    assert owners_of(out, "2020/plan/un/nolskolan.yaml") == ["@ale-rektor-nolskolan"]
    assert owners_of(out, "2020/plan/un/un.yaml") == ["@ale-kommun/controller-un"]
    assert owners_of(out, "2020/internkontroll/un.yaml") == ["@ale-kommun/controller-un"]
    assert "# Aroseniusskolan (aroseniusskolan), godkänns av Grundskola (grundskola)" in out


def test_the_default_owner_comes_from_malkoll_yaml_and_is_required(tmp_path):
    """Without --standard the default owner is `git` in malkoll.yaml; with neither,
    nothing is written and the command says what to do."""
    _example(tmp_path)
    status, out, _err = run("agare", "-C", str(tmp_path), "--ut", "-")
    assert status == 0
    assert rules(out)[0] == ("*", [DEFAULT])
    settings = tmp_path / "malkoll.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(f'git: "{DEFAULT}"\n', ""), encoding="utf-8"
    )
    status, out, err = run("agare", "-C", str(tmp_path))
    assert status == 2
    assert out == ""
    assert "malkoll: Ingen standardägare" in err
    assert "--standard @användare" in err
    assert not (tmp_path / ".github").exists()
    status, out, _err = run(
        "agare", "-C", str(tmp_path), "--ut", "-", "--standard", "a", "--standard", "@b/c"
    )
    assert status == 0
    assert rules(out)[0] == ("*", ["@a", "@b/c"])


def test_a_default_owner_that_could_break_the_file_is_refused(tmp_path):
    """--standard takes one user or group: nothing that ends a line or adds an owner."""
    _example(tmp_path)
    for bad in ["@a\n* @b", "@a @b", "a#b"]:
        status, _out, err = run("agare", "-C", str(tmp_path), "--standard", bad)
        assert status == 2, bad
        assert "är ingen användare eller grupp" in err, bad
    assert not (tmp_path / ".github").exists()


def test_files_are_found_by_what_they_say_not_by_their_name(tmp_path):
    """A plan named anything, anywhere under plan/, belongs to the organisation it names;
    one naming no known organisation keeps the default owner and is reported."""
    root = _example(tmp_path)
    plan = root / "2020/plan/un/nolskolan.yaml"
    moved = root / "2020/plan/skolor/Nol/vår plan.yaml"
    moved.parent.mkdir(parents=True)
    plan.rename(moved)
    (root / "2020/plan/okand.yaml").write_text(
        "organisation: finns-inte\nar: 2020\n", encoding="utf-8"
    )
    status, out, err = run("agare", "-C", str(root), "--ut", "-")
    assert status == 0
    assert owners_of(out, "2020/plan/skolor/Nol/vår plan.yaml") == ["@ale-rektor-nolskolan"]
    assert "/2020/plan/skolor/Nol/vår\\ plan.yaml @ale-rektor-nolskolan" in out
    assert owners_of(out, "2020/plan/okand.yaml") == [DEFAULT]
    assert "  2020/plan/okand.yaml: okänd organisation finns-inte" in err


def test_organisations_without_owners_are_reported(tmp_path):
    """AB Alebyggen has no users and nothing above it: it is listed as saknar ägare."""
    _example(tmp_path)
    status, out, _err = run("agare", "-C", str(tmp_path))
    assert status == 0
    assert "Saknar ägare (ingen git på organisationen eller ovanför" in out
    assert "  AB Alebyggen (alebyggen): 0 filer\n" in out
    assert "Require review from Code Owners" in out


def test_a_goal_repository_deeper_in_the_checkout(tmp_path, monkeypatch):
    """CODEOWNERS goes to the checkout's top, with the repository's folder in each path."""
    root = _example(tmp_path, "mål/ale")
    monkeypatch.chdir(root)
    status, out, _err = run("agare")
    assert status == 0
    assert "Skrev ../../.github/CODEOWNERS" not in out
    text = (tmp_path / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert owners_of(text, "mål/ale/2020/plan/un/grundskola.yaml") == ["@ale-chef-grundskola"]
    assert owners_of(text, "2020/plan/un/grundskola.yaml") == [DEFAULT]


# --- escaping ----------------------------------------------------------------------------

ODD = {
    "sp ace.yaml": "/2020/plan/sp\\ ace.yaml",
    "[x].yaml": "/2020/plan/\\[x\\].yaml",
    "st*r.yaml": "/2020/plan/st\\*r.yaml",
    "q?.yaml": "/2020/plan/q\\?.yaml",
    "!bang.yaml": "/2020/plan/!bang.yaml",
    "#hash.yaml": None,
    "åäö.yaml": "/2020/plan/åäö.yaml",
    "back\\slash.yaml": None,
    "tab\tx.yaml": None,
    "nbsp\u00a0x.yaml": None,
}
"""File names and the pattern GitHub is given for them (None: left out and reported)."""


@pytest.mark.parametrize("platform", ["github", "gitlab"])
def test_odd_file_names_are_escaped_or_reported(tmp_path, platform):
    """Spaces and glob characters are escaped and still name their file; a backslash,
    a tab or other white space, and on GitHub a `#`, are reported and keep the default."""
    root = shutil.copytree(BASE, tmp_path / "r")
    (root / ".git").mkdir()
    org = root / "organisation.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("typ: enhet}", 'typ: enhet, git: "@rektor"}'),
        encoding="utf-8",
    )
    for name in ODD:
        (root / "2020/plan" / name).write_text(
            "organisation: alafors-skola\nar: 2020\n", encoding="utf-8"
        )
    status, out, err = run(
        "agare", "-C", str(root), "--ut", "-", "--standard", "@ctl", "--plats", platform
    )
    assert status == 0
    for name, pattern in ODD.items():
        path = f"2020/plan/{name}"
        if platform == "gitlab" and name.startswith("#"):
            pattern = "/2020/plan/#hash.yaml"  # only GitHub takes `#` for a comment there
        if pattern is None:
            assert owners_of(out, path, platform) == ["@ctl"], name
            assert f"\n  {printable(path)}\n" in err, name
        else:
            assert f"{pattern} @rektor\n" in out, name
            assert owners_of(out, path, platform) == ["@rektor"], name
    assert escape("2020/plan/#a.yaml", "gitlab") == "/2020/plan/#a.yaml"
    assert escape("2020/plan/#a.yaml", "github") is None
    assert escape("a\nb.yaml", "gitlab") is None


def test_a_name_cannot_add_a_rule_through_a_comment(tmp_path):
    """An organisation's name with a line break stays on its comment line."""
    _example(tmp_path)
    org = tmp_path / "organisation.yaml"
    text = org.read_text(encoding="utf-8").replace(
        "  namn: Utbildningsnämnden\n", '  namn: "Utbildningsnämnden\\n* @inkräktare"\n'
    )
    org.write_text(text, encoding="utf-8")
    status, out, _err = run("agare", "-C", str(tmp_path), "--ut", "-")
    assert status == 0
    assert all("@inkräktare" not in owners for _p, owners in rules(out))
    assert "# Utbildningsnämnden * @inkräktare (un)" in out


# --- writing, and never over a person's file -------------------------------------------


def test_a_hand_written_codeowners_is_never_replaced(tmp_path):
    """A CODEOWNERS without malkoll's first line is refused, in Swedish, and left as it
    was; --ut - still shows the rules."""
    _example(tmp_path)
    mine = tmp_path / ".github/CODEOWNERS"
    mine.parent.mkdir()
    mine.write_text("* @någon\n", encoding="utf-8")
    status, out, err = run("agare", "-C", str(tmp_path))
    assert status == 2
    assert out == ""
    assert "malkoll: Skriver inte över" in err
    assert "inte skriven av malkoll" in err
    assert mine.read_text(encoding="utf-8") == "* @någon\n"
    status, out, _err = run("agare", "-C", str(tmp_path), "--ut", "-")
    assert status == 0
    assert out.startswith(MARKER)
    assert mine.read_text(encoding="utf-8") == "* @någon\n"


def test_a_link_at_the_target_is_refused(tmp_path):
    """A symbolic link where CODEOWNERS goes is not followed."""
    _example(tmp_path)
    elsewhere = tmp_path / "annan.txt"
    elsewhere.write_text(MARKER + "\n", encoding="utf-8")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github/CODEOWNERS").symlink_to(elsewhere)
    status, _out, err = run("agare", "-C", str(tmp_path))
    assert status == 2
    assert "Skriver inte över" in err
    assert elsewhere.read_text(encoding="utf-8") == MARKER + "\n"


def test_kontrollera_both_ways(tmp_path):
    """--kontrollera writes nothing: 1 while the file is missing or stale, 0 when it is
    what malkoll would write; a second run writes nothing new."""
    _example(tmp_path)
    target = tmp_path / ".github/CODEOWNERS"
    status, out, _err = run("agare", "-C", str(tmp_path), "--kontrollera")
    assert status == 1
    assert ".github/CODEOWNERS finns inte" in out
    assert not target.exists()
    assert run("agare", "-C", str(tmp_path))[0] == 0
    status, out, _err = run("agare", "-C", str(tmp_path), "--kontrollera")
    assert status == 0
    assert ".github/CODEOWNERS är aktuell." in out
    status, out, _err = run("agare", "-C", str(tmp_path))
    assert status == 0
    assert "är redan aktuell" in out
    org = tmp_path / "organisation.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace('"@ale-chef-teknik"', '"@ny-chef-teknik"'),
        encoding="utf-8",
    )
    before = target.read_text(encoding="utf-8")
    status, out, _err = run("agare", "-C", str(tmp_path), "--kontrollera")
    assert status == 1
    assert "är inte aktuell: kör malkoll agare" in out
    assert target.read_text(encoding="utf-8") == before
    assert run("agare", "-C", str(tmp_path))[0] == 0
    assert owners_of(target.read_text(encoding="utf-8"), "2020/plan/sbn/teknik.yaml") == [
        "@ny-chef-teknik"
    ]


def test_gitlab_is_written_where_gitlab_reads_first(tmp_path):
    """A checkout with only .gitlab-ci.yml gets CODEOWNERS at its root; a CODEOWNERS that
    malkoll wrote for GitLab keeps it there even when both CI files are there."""
    _example(tmp_path)
    (tmp_path / ".gitlab-ci.yml").write_text(
        "malkoll: {script: [malkoll validera]}\n", encoding="utf-8"
    )
    status, out, _err = run("agare", "-C", str(tmp_path))
    assert status == 0
    assert "för GitLab (sett på .gitlab-ci.yml" in out
    assert "Code owner approval" in out
    text = (tmp_path / "CODEOWNERS").read_text(encoding="utf-8")
    assert text.startswith(f"{MARKER} för GitLab")
    assert owners_of(text, "2020/plan/oan/hemtjansten.yaml") == ["@ale-chef-hemtjansten"]
    (tmp_path / ".github").mkdir()
    status, out, _err = run("agare", "-C", str(tmp_path))
    assert status == 0
    assert "CODEOWNERS för GitLab är redan aktuell" in out
    status, out, _err = run("agare", "-C", str(tmp_path), "--plats", "github")
    assert status == 0
    assert (tmp_path / ".github/CODEOWNERS").is_file()
    assert "Obs: CODEOWNERS finns också, men GitHub läser bara .github/CODEOWNERS." in out


def test_an_organisation_file_with_errors_writes_nothing(tmp_path):
    """While organisation.yaml has errors malkoll cannot know who owns what."""
    _example(tmp_path)
    org = tmp_path / "organisation.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("typ: namnd", "typ: namd", 1), encoding="utf-8"
    )
    status, _out, err = run("agare", "-C", str(tmp_path))
    assert status == 2
    assert "organisation.yaml har fel" in err
    assert not (tmp_path / ".github").exists()
