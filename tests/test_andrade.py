"""`malkoll validera --andrade [REF]` and changed files as arguments (`malkoll.scope`): with
another unit late, a complete unit's change passes the pre-commit hook and the merge
request job, and the default branch's job still fails.

The repository is Ale's example in a git repository of its own: on `main`, Nolskolan is
late (a verksamhetsmål without its outcome for the annual report, MK307); on the branch
`grundskola`, Grundskola's plan changes and stays complete.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES
from malkoll.cli.root import app
from malkoll.errors import ChangesUnknown
from malkoll.findings import Finding
from malkoll.scope.narrow import belongs, is_shared
from malkoll.scope.narrow import validera as changes
from malkoll.validate import validera
from malkoll.writers.scaffold import init

ROOT = Path(__file__).resolve().parents[1]
DAY = "--idag=2021-03-01"  # every period of 2020 past its submission date
LATE = "2020/plan/un/nolskolan.yaml"
OWN = "2020/plan/un/grundskola.yaml"
LATE_LINE = (
    "          helar: {utfall: 80, kommentar: Lärarnas bedömning av nuvarande årskurs 6 i "
    "december.}\n"
)
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_block(path: Path, start: str) -> None:
    """Take away the YAML block that begins with ``start``: its lines, and the more
    indented ones after them."""
    text = path.read_text(encoding="utf-8")
    at = text.index(start)
    lines = text[at:].splitlines(keepends=True)
    indent = len(lines[0]) - len(lines[0].lstrip())
    n = 1
    while n < len(lines) and len(lines[n]) - len(lines[n].lstrip()) > indent:
        n += 1
    path.write_text(text[:at] + "".join(lines[n:]), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return ale_in_git(tmp_path)


def ale_in_git(tmp_path: Path) -> Path:
    """Ale's example in git: Nolskolan late on main, Grundskola's complete change on a
    branch (committed)."""
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns(".malkoll-*"))
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text(".malkoll-cache/\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Ale 2020")
    edit(root / LATE, LATE_LINE, "")
    git(root, "commit", "-qam", "Nolskolan is late")
    git(root, "checkout", "-qb", "grundskola")
    edit(root / OWN, "systematiska kvalitetsarbetet", "systematiska och samlade kvalitetsarbetet")
    git(root, "commit", "-qam", "Grundskola's change")
    return root


def cli(repo: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    done = CliRunner().invoke(app, ["validera", DAY, *args])
    return done.exit_code, done.stdout, done.stderr


def malkoll(repo: Path, *args: str, env: dict[str, str] | None = None):
    """The real `malkoll` command, through the console entry point's fast path."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MALKOLL_", "GITHUB_"))}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "malkoll", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


# --- the bar ---------------------------------------------------------------------


def test_the_whole_check_fails_and_the_change_passes(repo, monkeypatch):
    """The default branch's check fails on Nolskolan; Grundskola's change, named as
    pre-commit names it or found with --andrade, passes and says what it left out."""
    status, out, _ = cli(repo, monkeypatch=monkeypatch)
    assert status == 1
    assert f"{LATE}:64:9: fel MK307" in out
    for args in ([OWN], ["--andrade", "main"], ["--andrade"]):
        status, out, _ = cli(repo, *args, monkeypatch=monkeypatch)
        assert status == 0, (args, out)
        assert "MK307" not in out
        assert out.strip().endswith(
            "Inga fel eller varningar i din ändring (1 fil). "
            "1 fel och 0 varningar i 1 fil utanför din ändring visas inte."
        )


def test_the_late_units_own_file_still_fails(repo, monkeypatch):
    """Nolskolan's own change shows its own missing outcome."""
    status, out, _ = cli(repo, LATE, monkeypatch=monkeypatch)
    assert status == 1
    assert f"{LATE}:64:9: fel MK307" in out
    assert out.strip().endswith("1 fel och 0 varningar i 1 av 1 fil i din ändring.")


def test_the_real_command_as_the_hook_and_the_jobs_run_it(repo):
    """The console entry point (its plain path and its replay) as pre-commit passes the
    files, and the ci jobs' commands: the change passes, the whole check fails."""
    for _ in range(2):  # the second time from the cache
        hook = malkoll(repo, "validera", DAY, OWN, "README.md")
        assert hook.returncode == 0, hook.stdout + hook.stderr
        assert "utanför din ändring" in hook.stdout
    assert malkoll(repo, "validera", DAY, "--andrade", "main").returncode == 0
    assert malkoll(repo, "validera", DAY).returncode == 1
    assert malkoll(repo, "validera", DAY, LATE).returncode == 1


def shell(where: Path, line: str, env: dict[str, str]) -> int:
    """A CI job's line as the job's shell runs it, with the variables the platform sets
    and the `malkoll` command on the PATH."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MALKOLL_", "GITHUB_"))}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    environment.update(env)
    done = subprocess.run(
        ["sh", "-c", line], cwd=where, env=environment, capture_output=True, timeout=120
    )
    return done.returncode


def job(where: Path, lines: list[str], env: dict[str, str]) -> int:
    """A job's script: its lines in order until one fails, as GitLab runs it."""
    for line in lines:
        if status := shell(where, line, env):
            return status
    return 0


def test_the_generated_gitlab_jobs_pass_the_change_and_fail_the_default_branch(repo, tmp_path):
    """The `.gitlab-ci.yml` that `init` writes, its jobs' scripts as written: the merge
    request's job and the job of a branch pushed before it has a merge request (a clone
    of that branch alone, as GitLab makes it) pass the change; the default branch's job
    fails on the late unit."""
    new = tmp_path / "ny"
    init(new)
    pipeline = yaml.safe_load((new / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    base = git(repo, "merge-base", "main", "HEAD").strip()
    change = pipeline["validera-andring"]
    assert change["variables"]["GIT_DEPTH"] == 0
    script = change["script"]

    mr = {"CI_DEFAULT_BRANCH": "main", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base}
    assert job(repo, script, mr) == 0
    branch = tmp_path / "gren"
    git(tmp_path, "clone", "-q", "--single-branch", "-b", "grundskola", str(origin), str(branch))
    with pytest.raises(subprocess.CalledProcessError):
        git(branch, "rev-parse", "--verify", "-q", "origin/main")  # not in the clone
    assert job(branch, script, {"CI_DEFAULT_BRANCH": "main"}) == 0
    assert job(repo, pipeline["validera"]["script"], {"CI_DEFAULT_BRANCH": "main"}) == 1
    late = tmp_path / "sen"
    git(tmp_path, "clone", "-q", "--single-branch", "-b", "grundskola", str(origin), str(late))
    edit(late / LATE, "tidiga insatser", "tidiga och riktade insatser")
    git(late, "commit", "-qam", "Nolskolan's change, still late")
    assert job(late, script, {"CI_DEFAULT_BRANCH": "main"}) == 1
    assert pipeline["schema"]["script"] == ["malkoll schema --kontrollera"]


def test_the_generated_github_steps_pass_the_change_and_fail_the_default_branch(repo, tmp_path):
    """The workflow that `init` writes, its validera steps as written: a pull request
    and a push to another branch than the default (a full clone, as `fetch-depth: 0`
    makes it) pass the change; a push to the default branch fails on the late unit."""
    new = tmp_path / "ny"
    init(new)
    workflow = yaml.safe_load((new / ".github/workflows/malkoll.yml").read_text("utf-8"))
    steps = workflow["jobs"]["validera"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"]["fetch-depth"] == 0
    (change,) = [s for s in steps if s.get("name") == "malkoll validera (ändringen)"]
    (whole,) = [s for s in steps if s.get("name") == "malkoll validera (hela målrepot)"]
    default = "github.event.repository.default_branch"
    assert change["if"] == f"github.event_name == 'pull_request' || github.ref_name != {default}"
    assert whole["if"] == f"github.event_name != 'pull_request' && github.ref_name == {default}"
    assert change["env"]["BAS"] == (
        "${{ github.event.pull_request.base.sha || format('origin/{0}', " + default + ") }}"
    )
    base = git(repo, "merge-base", "main", "HEAD").strip()
    assert shell(repo, change["run"], {"BAS": base}) == 0  # a pull request
    clone = tmp_path / "klon"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "checkout", "-q", "grundskola")
    assert shell(clone, change["run"], {"BAS": "origin/main"}) == 0  # a push to a branch
    git(clone, "checkout", "-q", "main")
    assert shell(clone, whole["run"], {}) == 1
    (schema,) = [s for s in steps if s.get("run") == "malkoll schema --kontrollera"]
    assert schema["if"] == "!cancelled()"


def test_the_real_pre_commit_hook(repo, tmp_path):
    """pre-commit itself, with the `.pre-commit-config.yaml` that `init` writes, as
    written (a local hook: the malkoll installed here, offline): committing the complete
    unit's file passes, committing the late unit's file is stopped."""
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed")
    init(tmp_path / "ny")
    shutil.copy(tmp_path / "ny" / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "https_proxy": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "PIP_NO_INDEX": "1",
    }
    env = {k: v for k, v in env.items() if not k.startswith(("MALKOLL_", "GITHUB_"))}

    def commit(path: str, old: str, new: str) -> subprocess.CompletedProcess[str]:
        edit(repo / path, old, new)
        git(repo, "add", path, ".pre-commit-config.yaml")
        return subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-m", "x"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )

    subprocess.run([pre_commit, "install"], cwd=repo, env=env, check=True, capture_output=True)
    done = commit(OWN, "och samlade kvalitetsarbetet", "kvalitetsarbetet")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "malkoll validera" in done.stdout + done.stderr
    done = commit(LATE, "tidiga insatser", "tidiga och riktade insatser")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "MK307" in done.stdout + done.stderr


# --- what belongs to a change ------------------------------------------------------------


def test_uncommitted_and_new_files_are_part_of_the_change(repo, monkeypatch):
    """On main itself, the change is what is not committed yet: a changed plan and a new
    file the check reads (an unknown key in a new unit's plan)."""
    git(repo, "checkout", "-q", "main")
    status, out, _ = cli(repo, "--andrade", monkeypatch=monkeypatch)
    assert (status, out.strip()) == (
        0,
        "Ändringen rör inga filer som malkoll läser. "
        "1 fel och 0 varningar i 1 fil utanför din ändring visas inte.",
    )
    edit(repo / OWN, "bedomning: gul", "bedomning: blå")
    new = repo / "2020/plan/un/ny.yaml"
    new.write_text("organisation: grundskola\nar: 2020\nokand: 1\n", encoding="utf-8")
    status, out, _ = cli(repo, "--andrade", monkeypatch=monkeypatch)
    assert status == 1
    assert f"{OWN}:" in out
    assert "blå" in out
    assert "2020/plan/un/ny.yaml:3:1: fel MK104" in out
    assert LATE not in out


def test_every_format_is_filtered_the_same_way(repo, monkeypatch):
    """A finding of the change's own (a missing assessment) and one elsewhere (Nolskolan):
    text, json, github, gitlab and sarif each show the first and not the second, with the
    same summary."""
    edit(repo / OWN, "        bedomning: gul\n", "")
    wanted = {"text": OWN, "json": OWN, "github": OWN, "gitlab": OWN, "sarif": OWN}
    summaries = set()
    for fmt, path in wanted.items():
        status, out, err = cli(repo, "--andrade", "main", "-f", fmt, monkeypatch=monkeypatch)
        assert status == 1
        assert path in out
        assert "MK302" in out
        assert "nolskolan" not in out
        summaries.add((err or out.strip().splitlines()[-1]).strip())
    (summary,) = summaries
    assert summary.endswith(
        "i 1 av 1 fil i din ändring. 1 fel och 0 varningar i 1 fil utanför din ändring visas inte."
    )
    _, out, _ = cli(repo, "--andrade", "main", "-f", "json", monkeypatch=monkeypatch)
    doc = json.loads(out)
    assert doc["fel"] == 1
    assert {x["fil"] for x in doc["fynd"]} == {OWN}
    assert doc["andring"]["filer"] == [OWN]
    assert doc["andring"]["organisationer"] == ["grundskola"]
    assert doc["andring"]["utanfor"] == {"fel": 1, "varningar": 0, "filer": 1}
    assert doc["andring"]["jamfort_med"]["ref"] == "main"
    assert doc["andring"]["jamfort_med"]["commit"] == git(repo, "rev-parse", "main").strip()


def test_an_organisations_follow_up_elsewhere_belongs_to_its_change(repo, monkeypatch):
    """The nämnd's economy is in the year's shared ekonomi.yaml: a change to the nämnd's
    plan shows its own missing analysis there, not another nämnd's; a change to
    ekonomi.yaml itself shows both."""
    economy = repo / "2020/ekonomi.yaml"
    drop_block(economy, "      delar2: >-\n        Underskottet för perioden")  # un's
    drop_block(economy, "      helar: >-\n        Överskottet blev 2,9")  # ks's
    status, out, _ = cli(repo, "--utan-cache", monkeypatch=monkeypatch)
    codes = [line.split()[2] for line in out.splitlines() if ": fel " in line]
    assert codes.count("MK501") == 2  # un's and ks's deviations without analysis
    status, out, _ = cli(repo, "2020/plan/un/un.yaml", monkeypatch=monkeypatch)
    shown = [line for line in out.splitlines() if "MK501" in line]
    assert len(shown) == 1
    assert "Utbildningsnämnden" in shown[0]
    assert status == 1
    _, out, _ = cli(repo, "2020/ekonomi.yaml", monkeypatch=monkeypatch)
    assert sum("MK501" in line for line in out.splitlines()) == 2


def test_a_shared_file_reports_the_whole_check_and_says_why(repo, monkeypatch):
    """A change to a goal concerns everyone: the whole check, and the reason first."""
    edit(repo / "mal/1-god-utbildning.yaml", "\n", "\n# ändrad\n")
    status, out, _ = cli(repo, "--andrade", "main", monkeypatch=monkeypatch)
    assert status == 1
    assert f"{LATE}:64:9: fel MK307" in out
    assert out.strip().splitlines()[-1] == (
        "Ändringen rör mal/1-god-utbildning.yaml, som gäller alla: hela målrepot "
        "kontrolleras. 1 fel och 0 varningar i 1 av 64 filer."
    )


@pytest.mark.parametrize(
    ("path", "shared"),
    [
        ("malkoll.yaml", True),
        ("organisation.yml", True),
        ("mal/1-x.yaml", True),
        ("indikatorer/N15505.yaml", True),
        ("2020/arshjul.yaml", True),
        ("2020/ekonomi.yaml", False),
        ("2020/uppdrag.yaml", False),
        ("2020/plan/un/grundskola.yaml", False),
        ("2020/internkontroll/un.yaml", False),
        ("mal/gamla/x.yaml", False),  # not read: a stray file (MK107) of its own
        ("README.md", False),
        ("mal/README.md", False),
    ],
)
def test_which_files_concern_everyone(path, shared):
    """Settings, the organisation, goals, indicators and a year's årshjul concern everyone."""
    assert is_shared(path) is shared


@pytest.mark.parametrize(
    ("code", "path", "organisation", "kept"),
    [
        ("MK104", OWN, None, True),  # in a changed file: every finding
        ("MK104", LATE, "nolskolan", False),
        ("MK301", LATE, "nolskolan", False),  # another unit's follow-up
        ("MK501", "2020/ekonomi.yaml", "grundskola", True),  # the unit's own, elsewhere
        ("MK505", "organisation.yaml", "grundskola", True),
        ("MK310", "2020/plan/un/sektor-utbildning.yaml", "sektor-utbildning", False),
        ("MK207", "2020/plan/zz.yaml", "grundskola", True),  # two plans of the unit's
        ("MK203", "2020/plan/zz.yaml", "grundskola", False),  # a reference in another file
        ("MK403", "mal/1-god-utbildning.yaml", None, False),
    ],
)
def test_what_belongs_to_a_change(code, path, organisation, kept):
    """A finding belongs to a change in its file, or as the own follow-up (MK3xx–MK5xx,
    MK207) of an organisation whose plan changed."""
    finding = Finding(path, 1, 1, code, "fel", "x", organisation=organisation)
    assert belongs(finding, {OWN}, {"grundskola"}) is kept


# --- what cannot be known ------------------------------------------------------------------


def test_no_git_repository_is_one_swedish_line(tmp_path, monkeypatch):
    """--andrade outside git: exit 2 and a line that says what to do instead."""
    root = tmp_path / "utan-git"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns(".malkoll-*"))
    status, _out, err = cli(root, "--andrade", monkeypatch=monkeypatch)
    assert status == 2
    assert "är inte ett git-repo" in err
    assert "malkoll validera FIL" in err
    with pytest.raises(ChangesUnknown):
        changes(root, andrade="")


def test_an_unknown_ref_or_no_default_branch_is_one_swedish_line(repo, monkeypatch):
    """A ref git does not know, and a repository without main, master or origin/HEAD."""
    status, _, err = cli(repo, "--andrade", "finns-inte", monkeypatch=monkeypatch)
    assert status == 2
    assert "git känner inte till 'finns-inte'" in err
    git(repo, "branch", "-m", "main", "huvud")
    status, _, err = cli(repo, "--andrade", monkeypatch=monkeypatch)
    assert status == 2
    assert "Hittar ingen standardgren" in err
    status, _, _ = cli(repo, "--andrade", "huvud", monkeypatch=monkeypatch)
    assert status == 0


def test_a_repository_without_commits_is_all_new(tmp_path, monkeypatch):
    """Right after `git init` (as `malkoll init` leaves it) there is nothing to compare
    with: every file is new, settings and goals among them, so the whole check is shown."""
    root = tmp_path / "ny"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns(".malkoll-*"))
    git(root, "init", "-q", "-b", "main")
    edit(root / LATE, LATE_LINE, "")
    status, out, _ = cli(root, "--andrade", "-f", "json", monkeypatch=monkeypatch)
    assert status == 1
    scope = json.loads(out)["andring"]
    assert scope["hela_repot"] is True
    assert "malkoll.yaml" in scope["gemensamma_filer"]
    assert scope["jamfort_med"]["ref"] == "ingen commit"
    assert LATE in scope["filer"]


def test_a_folder_among_files_is_refused(repo, monkeypatch):
    """One folder is the repository (as always); a folder among files is a usage mistake."""
    status, _, _ = cli(repo, "2020", monkeypatch=monkeypatch)
    assert status == 1  # the whole check of the repository the folder is in
    status, _, err = cli(repo, "2020", OWN, monkeypatch=monkeypatch)
    assert status == 2
    assert "2020 är en mapp" in err


def test_files_of_a_repository_in_a_folder_of_the_checkout(repo, monkeypatch):
    """pre-commit runs at the top of the checkout: files named from there find the goal
    repository in its folder, and files outside it are left alone."""
    top = repo.parent / "kommun"
    top.mkdir()
    shutil.move(repo, top / "styrning")
    (top / "README.md").write_text("# Kommunen\n", encoding="utf-8")
    monkeypatch.chdir(top)
    result = changes(top / "styrning", ["README.md", f"styrning/{OWN}"], cwd=top)
    assert result.scope is not None
    assert result.scope.changed == (OWN,)
    assert result.findings == []
    status, _, _ = cli(top, "README.md", f"styrning/{OWN}", monkeypatch=monkeypatch)
    assert status == 0
    status, _, _ = cli(top, "README.md", f"styrning/{LATE}", monkeypatch=monkeypatch)
    assert status == 1


# --- never a stale answer ------------------------------------------------------------------


def test_andrade_follows_git_when_the_files_stay_the_same(repo):
    """The same files, another git state: the branch merged into main leaves nothing
    changed, and the answer says so at once. What git says is in the key of the replayed
    answer: the same state twice is one answer kept, another state another one."""
    edit(repo / OWN, "        bedomning: gul\n", "")
    git(repo, "commit", "-qam", "Grundskola without an assessment")
    before = malkoll(repo, "validera", DAY, "--andrade", "main")
    assert before.returncode == 1
    assert "MK302" in before.stdout
    kept = sorted((repo / ".malkoll-cache" / "resultat").glob("*"))
    again = malkoll(repo, "validera", DAY, "--andrade", "main")
    assert (again.stdout, again.returncode) == (before.stdout, before.returncode)
    assert sorted((repo / ".malkoll-cache" / "resultat").glob("*")) == kept
    assert len(kept) == 1
    git(repo, "branch", "-f", "main", "HEAD")
    after = malkoll(repo, "validera", DAY, "--andrade", "main")
    assert after.returncode == 0, after.stdout
    assert "MK302" not in after.stdout
    assert "Ändringen rör inga filer som malkoll läser." in after.stdout
    git(repo, "reset", "-q", "--soft", "HEAD~1")  # the same files, the change only staged
    staged = malkoll(repo, "validera", DAY, "--andrade", "main")
    assert staged.returncode == 1  # since the merge base: the staged change is the change
    assert "MK302" in staged.stdout
    assert validera(repo).errors >= 2  # the whole check still sees both


@pytest.mark.parametrize(
    "args",
    [
        [OWN],
        [OWN, "README.md", LATE],
        ["--andrade"],
        ["--andrade", "main"],
        ["--andrade=main", "--format", "json"],
        [OWN, "--andrade"],
        ["--andrade", "--strikt"],
        ["--andrade", "finns-inte"],
    ],
)
def test_the_plain_path_and_typer_agree(repo, args):
    """A plain line runs without typer (`cli/plain.py`), one typer must read (`-ftext` is
    not plain) through typer: the same output and status, with the cache off for both."""
    edit(repo / OWN, "        bedomning: gul\n", "")  # a finding of the change's own
    off = {"MALKOLL_UTAN_CACHE": "1"}
    plain = malkoll(repo, "validera", DAY, *args, env=off)
    typer = malkoll(repo, "validera", "-ftext", DAY, *args, env=off)
    assert (plain.stdout, plain.stderr, plain.returncode) == (
        typer.stdout,
        typer.stderr,
        typer.returncode,
    )
    assert plain.returncode in (0, 1, 2)
