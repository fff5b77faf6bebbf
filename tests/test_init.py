"""`malkoll init`: the new repository, its CI files, idempotence, and that it validates clean."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES
from malkoll.cli import init as cli_init
from malkoll.cli import schema as cli_schema
from malkoll.model import kinds
from malkoll.model.annual import KAPITEL_KRAVS
from malkoll.reading.walk import discover
from malkoll.validate import validera
from malkoll.writers import jsonschema as editor
from malkoll.writers.scaffold import MALKOLL_PIP, init

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 5, 10)

EXPECTED = {
    "README.md",
    "malkoll.yaml",
    "organisation.yaml",
    "mal/1-exempel.yaml",
    "2026/arshjul.yaml",
    "2026/internkontroll/ks.yaml",
    "2026/plan/ks/ks.yaml",
    "2026/plan/ks/kansliet.yaml",
    "2026/hushallning.yaml",
    "2026/bokslut.yaml",
    "2026/personal.yaml",
    "2026/malsattningar/1.yaml",
    *(f"2026/forvaltningsberattelse/helar/{chapter}.md" for chapter in KAPITEL_KRAVS),
    ".github/workflows/malkoll.yml",
    ".github/workflows/webbplats.yml",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    ".gitignore",
    ".vscode/settings.json",
    ".vscode/extensions.json",
    *(f".malkoll/schema/{kind}.schema.json" for kind in kinds.BY_NAME),
}


def _app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("init")(cli_init.init)
    app.command("schema")(cli_schema.schema)
    return app


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(_app(), list(args))
    return result.exit_code, result.output


def files_in(root: Path) -> dict[str, bytes]:
    """The user's files (malkoll's own cache, `.malkoll-cache/`, is not theirs)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not {".malkoll-cache", ".git"} & set(p.relative_to(root).parts)
    }


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True
    )


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "malrepo"
    init(root, idag=DAY)
    return root


def test_init_creates_the_files_and_lists_them(tmp_path):
    """`malkoll init KATALOG` creates exactly the documented files and names each one."""
    code, out = run("init", str(tmp_path / "nytt"), "--ar", "2026", "--idag", "2026-05-10")
    assert code == 0
    assert set(files_in(tmp_path / "nytt")) == EXPECTED
    assert f"Skapade {len(EXPECTED)} filer" in out
    for rel in EXPECTED:
        assert f"  {rel}\n" in out


def test_init_makes_a_git_repository_unless_inside_one(tmp_path):
    """`pre-commit install` needs a repository: init makes one in a new folder, says so,
    and never makes one inside another repository."""
    code, out = run("init", str(tmp_path / "nytt"))
    assert code == 0
    assert (tmp_path / "nytt" / ".git").is_dir()
    assert "git init" in out
    code, out = run("init", str(tmp_path / "nytt"))
    assert "redan ett git-repo" in out
    subprocess.run(["git", "init", "-q", str(tmp_path / "kommun")], check=True)
    inner = tmp_path / "kommun" / "mal-och-uppfoljning"
    code, out = run("init", str(inner))
    assert code == 0
    assert (inner / "malkoll.yaml").is_file()
    assert not (inner / ".git").exists()
    assert "ligger i ett annat git-repo" in out


def test_init_inside_a_goal_repository_is_refused(repo):
    """A goal repository inside another is never what is meant (the outer one reads none
    of its files): init stops with one Swedish line naming the outer one (exit 2) and
    writes nothing; init in the goal repository itself still adds what is missing."""
    before = files_in(repo)
    for inner in (repo / "sektor", repo / "2026" / "plan" / "ny"):
        code, out = run("init", str(inner))
        assert code == 2, out
        assert f"ligger i målrepot {repo} (där finns malkoll.yaml)" in out
        assert "inget skapades" in out
        assert "Traceback" not in out
        assert not inner.exists()
    assert files_in(repo) == before
    (repo / ".gitignore").unlink()
    code, out = run("init", str(repo))
    assert code == 0
    assert "Skapade 1 fil" in out


def test_the_new_repository_ignores_what_is_built(repo):
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"rapporter/", "webbplats/", ".malkoll-cache/"} <= set(ignored)
    assert '"1440"' not in (repo / "malkoll.yaml").read_text(encoding="utf-8")


def test_second_init_changes_nothing_and_says_so(repo):
    """A second `init` writes nothing and says there was nothing to do."""
    before = files_in(repo)
    code, out = run("init", str(repo), "--idag", "2026-11-30")
    assert code == 0
    assert out.startswith(f"{repo} är redan ett målrepo: bara filerna runt datat")
    around = [
        rel
        for rel in EXPECTED
        if (not rel.endswith(".yaml") or rel.startswith("."))
        and "/forvaltningsberattelse/" not in rel
    ]
    assert f"Inget att göra: alla {len(around) + 1} filer finns redan" in out  # + malkoll.yaml
    assert files_in(repo) == before


def test_init_in_an_existing_goal_repository_adds_no_example_data(tmp_path):
    """In a repository that has its own goals and plans, `init` adds CI, editor and git
    files for its latest year, never example goals, plans or another year: what validera
    finds is the same before and after."""
    root = shutil.copytree(
        EXAMPLES / "ale-2020-utkast", tmp_path / "ale", ignore=shutil.ignore_patterns(".malkoll-*")
    )
    day = dt.date(2020, 9, 20)
    before = [x.head() for x in validera(root, idag=day, cache=False).findings]
    code, out = run("init", str(root), "--idag", "2026-11-30")
    assert code == 0, out
    assert "är redan ett målrepo" in out
    assert not (root / "mal/1-exempel.yaml").exists()
    assert sorted(p.name for p in root.iterdir() if p.name.isdigit()) == ["2020"]
    assert 'MALKOLL_AR: "2020"' in (root / ".gitlab-ci.yml").read_text(encoding="utf-8")
    pages = (root / ".github/workflows/webbplats.yml").read_text(encoding="utf-8")
    assert 'MALKOLL_AR: "2020"' in pages
    assert [x.head() for x in validera(root, idag=day, cache=False).findings] == before


def test_existing_files_are_never_overwritten(tmp_path):
    """A file that exists is left as it is and reported as left alone; the rest is created."""
    root = tmp_path / "befintligt"
    (root / ".vscode").mkdir(parents=True)
    (root / "README.md").write_text("Vår egen README\n", encoding="utf-8")
    (root / ".vscode/settings.json").write_text("{}\n", encoding="utf-8")
    code, out = run("init", str(root))
    assert code == 0
    assert (root / "README.md").read_text(encoding="utf-8") == "Vår egen README\n"
    assert (root / ".vscode/settings.json").read_text(encoding="utf-8") == "{}\n"
    assert "Lämnade 2 befintliga filer orörda:\n  README.md\n  .vscode/settings.json\n" in out
    assert (root / "malkoll.yaml").is_file()


def test_no_temporary_files_are_left(repo):
    """The files are written atomically: no temporary file stays behind."""
    assert not list(repo.rglob("*.tmp"))


def test_a_file_in_the_way_is_one_line_and_exit_2(tmp_path):
    """A file where a folder of the new repository belongs stops init cleanly (exit 2)."""
    root = tmp_path / "krock"
    root.mkdir()
    (root / "mal").write_text("", encoding="utf-8")
    code, out = run("init", str(root))
    assert code == 2
    assert "mal finns redan och är inte en mapp" in out
    assert not (root / "malkoll.yaml").exists()


@pytest.mark.parametrize(
    "day",
    [
        "2026-01-01",
        "2026-03-31",
        "2026-04-01",
        "2026-04-20",
        "2026-08-31",
        "2026-09-01",
        "2026-10-15",
        "2026-12-31",
        "2027-01-01",
        "2027-02-20",
        "2028-06-01",
    ],
)
def test_new_repository_validates_clean(tmp_path, day):
    """On the day it is made, at any date of the year or after, the repository has no findings."""
    today = dt.date.fromisoformat(day)
    root = tmp_path / "r"
    init(root, ar=2026, idag=today)
    result = validera(root, idag=today)
    assert [f"{x.path}:{x.line} {x.code} {x.message}" for x in result.findings] == []
    assert result.files == sorted(s.rel for s in discover(root)[0])


def test_missing_follow_up_is_found_later(tmp_path):
    """The starter plan covers only the periods passed at init: later ones are asked for."""
    root = tmp_path / "r"
    init(root, ar=2026, idag=dt.date(2026, 2, 1))
    codes = {x.code for x in validera(root, idag=dt.date(2026, 5, 1)).findings}
    assert {"MK301", "MK302", "MK305"} <= codes


def test_year_option_and_today(tmp_path):
    """`--ar` chooses the year's folder; by default it is this year."""
    run("init", str(tmp_path / "a"), "--ar", "2031")
    assert (tmp_path / "a/2031/plan/ks/kansliet.yaml").is_file()
    run("init", str(tmp_path / "b"))
    assert (tmp_path / f"b/{dt.date.today().year}/arshjul.yaml").is_file()


def test_kommun_is_quoted_safely(tmp_path):
    """A municipality's name that YAML would misread is written so that it reads back exactly."""
    name = 'Ale kommun: "test" #1'
    init(tmp_path / "r", kommun=name, idag=DAY)
    data = yaml.safe_load((tmp_path / "r/malkoll.yaml").read_text(encoding="utf-8"))
    assert data["kommun"] == name
    assert validera(tmp_path / "r", idag=DAY).findings == []


def test_generated_yaml_files_fit_their_schemas(repo):
    """Every YAML file init writes validates against its JSON Schema (check-jsonschema)."""
    for source in discover(repo)[0]:
        schema = repo / ".malkoll/schema" / editor.schema_file(source.kind)
        done = check_jsonschema("--schemafile", str(schema), str(repo / source.rel))
        assert done.returncode == 0, done.stdout + done.stderr


def test_github_workflow_is_valid(repo):
    """The GitHub Actions workflow passes GitHub's published workflow schema."""
    workflow = repo / ".github/workflows/malkoll.yml"
    done = check_jsonschema("--builtin-schema", "vendor.github-workflows", str(workflow))
    assert done.returncode == 0, done.stdout + done.stderr
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert set(data[True]) == {"push", "pull_request"}  # YAML 1.1 reads `on` as True
    steps = [s.get("run", "") for job in data["jobs"].values() for s in job["steps"]]
    assert 'pip install "$MALKOLL_PIP"' in steps
    assert "malkoll validera" in steps
    assert 'malkoll rapport "$MALKOLL_AR"' in steps
    assert data["env"] == {"MALKOLL_PIP": MALKOLL_PIP, "MALKOLL_AR": "2026"}
    assert "default_branch" in data["jobs"]["rapport"]["if"]


def test_github_actions_are_their_current_major_versions(repo):
    """Every action the workflow uses is at its current major version (Node 24; Node 20
    actions are deprecated on GitHub's runners in 2026): checkout v7, setup-python v7,
    cache v6, upload-artifact v7."""
    data = yaml.safe_load((repo / ".github/workflows/malkoll.yml").read_text(encoding="utf-8"))
    uses = {s["uses"] for job in data["jobs"].values() for s in job["steps"] if "uses" in s}
    assert uses == {
        "actions/checkout@v7",
        "actions/setup-python@v7",
        "actions/cache@v6",
        "actions/upload-artifact@v7",
    }


def test_gitlab_ci_is_valid(repo):
    """The GitLab CI file passes GitLab's published schema and reports Code Quality."""
    ci = repo / ".gitlab-ci.yml"
    done = check_jsonschema(
        "--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci", str(ci)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = yaml.safe_load(ci.read_text(encoding="utf-8"))
    job = data["validera"]
    assert "malkoll validera --format gitlab > gl-code-quality-report.json || true" in job["script"]
    assert job["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality-report.json"},
    }
    assert data["rapport"]["artifacts"]["paths"] == ["rapporter/"]
    assert data["variables"]["MALKOLL_PIP"] == MALKOLL_PIP


def test_github_pages_workflow_is_valid_and_publishes_the_site(repo):
    """The Pages workflow passes GitHub's workflow schema, builds `malkoll webbplats` on
    the default branch only, and publishes it with the Pages actions at their current
    majors and the permissions they need (pages and id-token: write)."""
    workflow = repo / ".github/workflows/webbplats.yml"
    done = check_jsonschema("--builtin-schema", "vendor.github-workflows", str(workflow))
    assert done.returncode == 0, done.stdout + done.stderr
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert set(data[True]) == {"push", "workflow_dispatch"}
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = data["jobs"]["bygg"], data["jobs"]["publicera"]
    assert build["if"] == "github.ref_name == github.event.repository.default_branch"
    runs = [s.get("run") for s in build["steps"]]
    assert 'malkoll webbplats "$MALKOLL_AR" --ut _site' in runs
    uses = {s["uses"]: s for job in (build, deploy) for s in job["steps"] if "uses" in s}
    assert set(uses) == {
        "actions/checkout@v7",
        "actions/setup-python@v7",
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
    }
    assert uses["actions/upload-pages-artifact@v5"]["with"] == {"path": "_site/"}
    assert deploy["needs"] == "bygg"
    assert deploy["environment"]["name"] == "github-pages"
    assert data["env"] == {"MALKOLL_PIP": MALKOLL_PIP, "MALKOLL_AR": "2026"}


def test_gitlab_pages_job_publishes_the_site_from_the_default_branch(repo):
    """GitLab Pages: a job named `pages` builds the site into public/ on the default
    branch and keeps public/ as its artifact; the file passes GitLab's schema."""
    ci = repo / ".gitlab-ci.yml"
    done = check_jsonschema(
        "--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci", str(ci)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    job = yaml.safe_load(ci.read_text(encoding="utf-8"))["pages"]
    assert job["script"] == ['malkoll webbplats "$MALKOLL_AR" --ut public']
    assert job["artifacts"] == {"paths": ["public"]}
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", "when": "always"}]


def test_the_pages_jobs_build_a_site_in_the_new_repository(repo, tmp_path):
    """What both Pages jobs run, run in the new repository: the site is built where the
    job publishes it from."""
    from malkoll.cli.root import app

    copy = tmp_path / "repo"
    shutil.copytree(repo, copy)
    out = str(copy / "public")  # CI runs in the repository: --ut public
    result = CliRunner().invoke(app, ["webbplats", "2026", "-C", str(copy), "--ut", out])
    assert result.exit_code == 0, result.output
    assert (copy / "public/index.html").is_file()
    assert (copy / "public/fynd.html").is_file()


def test_gitlab_checks_the_whole_repository_only_on_the_default_branch(repo):
    """The whole check runs on the default branch; a merge request and a branch pushed
    before it has one check their change; the schemas are checked in a job of their own,
    so that they are checked (and seen) also when the validation fails."""
    data = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert data["validera"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert data["validera-andring"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'},
        {"if": "$CI_COMMIT_BRANCH && $CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH"},
    ]
    schema = data["schema"]
    assert schema["stage"] == "test"
    assert "rules" not in schema
    assert "needs" not in schema
    assert schema["script"] == ["malkoll schema --kontrollera"]
    for job in ("validera", "validera-andring"):
        assert not any("schema" in line for line in data[job]["script"])


def test_pre_commit_config_is_the_published_hook_as_a_local_one(repo):
    """The new repository's pre-commit config runs the malkoll the writer installed
    (`repo: local`, `language: system`: nothing fetched, no mutable `rev`), the same hook
    as the one `.pre-commit-hooks.yaml` publishes for the remote form."""
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (published,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (local,) = config["repos"]
    assert local["repo"] == "local"
    assert "rev" not in local
    (hook,) = local["hooks"]
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is True
    drop = {"language", "description"}
    assert {k: v for k, v in hook.items() if k not in drop} == {
        k: v for k, v in published.items() if k not in drop
    }
    assert hook["files"] == r"(\.ya?ml|/forvaltningsberattelse/.+\.md)$"


OFFLINE = {
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "PIP_NO_INDEX": "1",
}
"""Any attempt to reach the network fails: the hook must work offline."""


def test_pre_commit_works_as_written_in_a_new_repository(tmp_path):
    """`malkoll init` in an empty folder, `pre-commit install`, and the generated config
    as written, offline: the first commit and a complete change pass, a change with an
    error is stopped and names the finding."""
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists() or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed")
    root = tmp_path / "ny"
    code, out = run("init", str(root))
    assert code == 0, out
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MALKOLL_", "GITHUB_"))}
    env |= OFFLINE | {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False
        )

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        return sh(
            "git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", message
        )

    done = sh(pre_commit, "install")
    assert done.returncode == 0, done.stdout + done.stderr
    assert sh("git", "add", "-A").returncode == 0
    done = commit("Nytt målrepo")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "malkoll validera" in done.stdout + done.stderr
    plan = root / f"{dt.date.today().year}/plan/ks/kansliet.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("frågar besökarna", "frågar alla besökare"), encoding="utf-8")
    sh("git", "add", str(plan))
    done = commit("En fullständig ändring")
    assert done.returncode == 0, done.stdout + done.stderr
    plan.write_text(text.replace("hur_vi_arbetar:", "hur_vi_jobbar:"), encoding="utf-8")
    sh("git", "add", str(plan))
    done = commit("Ett fel")
    assert done.returncode == 1, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "kansliet.yaml" in said
    assert "hur_vi_jobbar" in said
    assert sh("git", "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_pre_commit_hooks_file():
    """`.pre-commit-hooks.yaml` runs `malkoll validera` once per commit, with the staged
    files (pre-commit's default), in one process."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["entry"] == "malkoll validera"
    assert hook["language"] == "python"
    assert hook.get("pass_filenames", True) is True
    assert hook["require_serial"] is True
    assert "name" in hook
    assert hook.get("always_run") or hook["files"] == r"(\.ya?ml|/forvaltningsberattelse/.+\.md)$"


def _readme_blocks() -> list[str]:
    """The YAML blocks of malkoll's own README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.split("\n```", 1)[0] for block in text.split("```yaml\n")[1:]]


def test_the_readmes_ci_and_pre_commit_snippets_follow_the_generated_files(repo, tmp_path):
    """malkoll's README shows the pre-commit config `init` writes, the actions at the
    versions it writes, and a GitLab snippet GitLab's schema accepts."""
    blocks = _readme_blocks()
    (hook,) = [b for b in blocks if b.startswith("# .pre-commit-config.yaml")]
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load(hook) == config
    workflow = (repo / ".github/workflows/malkoll.yml").read_text(encoding="utf-8")
    (steps,) = [b for b in blocks if "actions/checkout@" in b]
    for step in yaml.safe_load(steps):
        if "uses" in step:
            assert f"uses: {step['uses']}" in workflow
    (gitlab,) = [b for b in blocks if "gl-code-quality-report.json" in b]
    snippet = tmp_path / "snippet.gitlab-ci.yml"
    snippet.write_text(gitlab, encoding="utf-8")
    done = check_jsonschema(
        "--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci", str(snippet)
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_vscode_settings_tie_every_kind_to_its_schema(repo):
    """`.vscode/settings.json` maps each kind's schema (present in the repo) to its globs."""
    settings = json.loads((repo / ".vscode/settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert len(schemas) == len(kinds.KINDS)
    for kind, globs in ((k.name, k.globs()) for k in kinds.KINDS):
        path = f"./.malkoll/schema/{kind}.schema.json"
        assert schemas[path] == globs
        assert (repo / path).is_file()
    extensions = json.loads((repo / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]


def test_readme_explains_installing_malkoll_in_ci(repo):
    """The generated README is Swedish and says how CI installs malkoll and how to change it."""
    text = (repo / "README.md").read_text(encoding="utf-8")
    assert "Så installeras malkoll i CI" in text
    assert f'MALKOLL_PIP: "{MALKOLL_PIP}"' in text
    assert "MALKOLL_AR" in text
    assert "malkoll validera" in text


def test_readme_names_the_language_server_and_when_to_rewrite_the_schemas(repo):
    """The generated README offers `malkoll lsp` and malkoll's VS Code extension besides
    Red Hat's YAML extension, says how pre-commit finds malkoll, and says that the schemas
    follow the scale, periods, organisations and goals, which CI checks."""
    text = " ".join((repo / "README.md").read_text(encoding="utf-8").split())
    assert "malkoll lsp" in text
    assert 'pip install "malkoll[lsp] @ git+https://github.com/malkoll/malkoll"' in text
    assert "https://github.com/malkoll/malkoll/tree/main/editors/vscode" in text
    assert "`malkoll` måste finnas i PATH" in text
    for part in ("bedömningsskalan", "perioderna", "`organisation.yaml`", "`mal/`"):
        assert part in text.split("## Editorstödet")[1]
    assert "malkoll schema --kontrollera" in text
    assert "innan den har en merge request" in text


def test_templates_ship_with_the_package():
    """The templates are package data (`malkoll/writers/nytt_repo/`), found through importlib."""
    from importlib import resources

    shipped = resources.files("malkoll").joinpath("writers", "nytt_repo")
    assert shipped.joinpath("plan-enhet.yaml.j2").is_file()


def test_the_ci_files_run_once_with_least_rights_and_check_before_the_report(repo):
    """The GitHub workflow reads only, times out, runs once per change and builds the report
    after the check; the GitLab pipeline checks before it builds, once per change."""
    import yaml

    workflow = yaml.safe_load((repo / ".github/workflows/malkoll.yml").read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow[True]["push"]["branches"]  # `on:` reads as True in YAML 1.1
    assert all(job["timeout-minutes"] for job in workflow["jobs"].values())
    assert workflow["jobs"]["rapport"]["needs"] == "validera"
    uses = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert "actions/checkout@v7" in uses
    pipeline = yaml.safe_load((repo / ".gitlab-ci.yml").read_text("utf-8"))
    assert pipeline["stages"] == ["test", "build"]
    assert (pipeline["validera"]["stage"], pipeline["rapport"]["stage"]) == ("test", "build")
    assert pipeline["workflow"]["rules"]
