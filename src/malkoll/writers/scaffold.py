"""`malkoll init`: a new goal repository, ready to edit, check and publish.

The files come from the templates in `nytt_repo/` (shipped with malkoll), rendered with a
small Jinja environment of their own. A file that exists is never overwritten, so `init`
in a repository that already has some of the files adds only the missing ones, and a
second `init` changes nothing.

The new repository validates clean on the day it is made: the starter plans carry a
follow-up for every period that has already passed in the year, and the nämnd has an
internal-control plan and its own analysis above the unit's (the chain of dialogue).
The year also gets the annual report's files (`scaffold_annual`): god ekonomisk
hushållning with a commented example goal, the result lines, personnel, the example
goal's own follow-up, and the förvaltningsberättelse's required chapters with their
headings; figures and assessments only for the periods that have passed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from malkoll import atomic
from malkoll.errors import BadOption, InitProblem
from malkoll.model import files as m
from malkoll.reading.walk import SETTINGS
from malkoll.text import printable
from malkoll.writers import jsonschema as editor
from malkoll.writers.scaffold_annual import KAPITEL_TEMPLATE, chapters, result_lines
from malkoll.writers.yamlwrite import hidden, quote

MALKOLL_PIP = "malkoll @ git+https://github.com/malkoll/malkoll"
"""How CI installs malkoll in a new repository (a pip requirement); the README says how to
change it. malkoll is not on PyPI."""
MALKOLL_PIP_LSP = "malkoll[lsp] @ git+https://github.com/malkoll/malkoll"
"""The same with the language server (`malkoll lsp`), for the writers' editors."""
MALKOLL_REPO = "https://github.com/malkoll/malkoll"
"""malkoll's repository: the remote form of the pre-commit hook (its `.pre-commit-hooks.yaml`)
and the VS Code extension (`editors/vscode/`), as the new repository's README names them."""
STANDARD_KOMMUN = "Min kommun"
INLAMNING_DAGAR = 14
"""Days from a period's date to its submission date in the starter årshjul."""

NAMND = {"id": "ks", "namn": "Kommunstyrelsen"}
ENHET = {"id": "kansliet", "namn": "Kansliet"}
DELMAL = "1.1"
MALSATTNING = "1"
"""The example goal's id in `mal/1-exempel.yaml`, followed up in `ÅR/malsattningar/`."""

_ANALYS_ENHET = {
    "resultat": "Fler besökare känner sig väl bemötta.",
    "orsaker": "Bemötandeutbildningen har nått halva personalen.",
    "avvikelser": "Telefonkontakterna får sämre omdömen än besöken.",
    "grupper": "Inga skillnader mellan kvinnor och män.",
    "slutsatser": "Utbildningen ger resultat och ska nå alla.",
    "atgarder": "Enhetschefen ser över telefonrutinerna under hösten.",
}
_ANALYS_NAMND = {
    "resultat": "Enheterna rapporterar bättre bemötande än i fjol.",
    "orsaker": "Utbildningen i bemötande har börjat ge effekt.",
    "avvikelser": "Telefonkontakterna ligger efter.",
    "grupper": "Inga skillnader mellan kvinnor och män.",
    "slutsatser": "Arbetet fortsätter enligt planen.",
    "atgarder": "Nämnden följer upp telefonrutinerna i december.",
}


_PLAIN = re.compile(r"[^\W\d_](?:[\w.()/–-]| (?! ))*(?<! )")
"""Text that may stand unquoted in YAML, in block and flow context alike: it starts with a
letter and has only letters, digits, single spaces and `.()/–-` (checked further by reading
it back). Anything else is written in double quotes."""


@dataclass
class InitResult:
    """What `init` did: the files it created and the ones it found and left alone."""

    root: Path
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    existing: bool = False
    """Whether the folder already was a goal repository (a `malkoll.yaml`): then only the
    files around the data (CI, editor, git) are added, never example goals or plans."""
    git: str = ""
    """What was done about git: `skapat` (a new repository), `finns` (the folder is its
    top already), `inuti` (the folder lies inside another repository: none is made), or
    `saknas` (no git program)."""


def init(
    folder: Path,
    ar: int | None = None,
    kommun: str | None = None,
    idag: dt.date | None = None,
) -> InitResult:
    """Create a goal repository in ``folder``; files that exist are left as they are.

    ``ar`` is the year to set up (default: this year); ``idag`` the day it validates clean
    on (default: today): the starter plans follow up the periods of ``ar`` before it.
    """
    if kommun is not None:
        check_name(kommun)
    try:
        root = folder.resolve()
    except (RuntimeError, OSError):  # a loop of links: RuntimeError before Python 3.13
        raise InitProblem(f"{folder} går inte att nå: länkarna bildar en slinga.") from None
    if root.exists() and not root.is_dir():
        raise InitProblem(f"{folder} finns redan och är inte en mapp.")
    _check_not_nested(folder, root)
    day = idag or dt.date.today()
    existing = (root / "malkoll.yaml").is_file()
    year = ar if ar is not None else (_latest_year(root) if existing else None) or day.year
    files = planned_files(year, kommun or STANDARD_KOMMUN, day)
    if existing:  # the municipality's own data stays theirs: no example goals or plans
        data = {rel for rel, name in _templates(year) if name in _DATA_TEMPLATES}
        chapters = f"{year}/forvaltningsberattelse/"
        files = {
            rel: text
            for rel, text in files.items()
            if rel not in data and not rel.startswith(chapters)
        }
    result = InitResult(root, existing=existing)
    missing: dict[Path, str] = {}
    for rel, text in files.items():
        path = root / rel
        if os.path.lexists(path):  # a file, a link (even a broken one), a folder, a FIFO
            result.kept.append(rel)
        else:
            _check_parents(root, path, rel)
            missing[path] = text
            result.created.append(rel)
    # The schemas last, fitted to the repository as it then stands (its scale, periods
    # and ids, also where files were kept), as `malkoll schema` writes them: a new
    # repository's `malkoll schema --kontrollera` passes.
    schema_dir = root / editor.SCHEMA_DIR
    schemas = {p: t for p, t in missing.items() if p.parent == schema_dir}
    if len(missing) > len(schemas):
        atomic.create({p: t for p, t in missing.items() if p not in schemas}, root)
    if schemas:
        fitted = editor.texts(schema_dir, editor.repository_facts(root))
        atomic.create({p: fitted.get(p, t) for p, t in schemas.items()}, root)
    result.git = _git_init(root)
    return result


def _check_not_nested(folder: Path, root: Path) -> None:
    """A goal repository inside another one is never what is meant: the outer one reads
    none of its files (malkoll finds the nearest `malkoll.yaml` above a file, so which one
    a file belongs to would depend on where you stand)."""
    outer = next((p for p in root.parents if (p / SETTINGS).is_file()), None)
    if outer is not None:
        where = printable(str(outer))
        raise InitProblem(
            f"{printable(str(folder))} ligger i målrepot {where} (där finns {SETTINGS}). "
            "Ett målrepo i ett annat läses inte av det yttre, så inget skapades. Välj en mapp "
            f"utanför {where}, eller kör malkoll init {printable(shlex.quote(str(outer)))} "
            "för att lägga till det som saknas där."
        )


def _git_init(root: Path) -> str:
    """Make ``root`` a git repository unless it is one or lies inside one (a repository
    in a repository is never what is meant; `pre-commit install` needs one)."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30
        )

    try:
        top = git("rev-parse", "--show-toplevel")
        if top.returncode == 0:
            return "inuti" if Path(top.stdout.strip()).resolve() != root else "finns"
        made = git("init", "-q")
    except (OSError, subprocess.SubprocessError):
        return "saknas"
    return "skapat" if made.returncode == 0 else "saknas"


def planned_files(ar: int, kommun: str, idag: dt.date) -> dict[str, str]:
    """Every file of a new repository, by its path relative to the root, in write order."""
    settings = m.Installningar(kommun=kommun)
    last = next(reversed(settings.perioder))
    perioder = [
        {
            "id": key,
            "namn": period.namn,
            "per": period.per,
            "datum": (date := _period_date(ar, period.per)).isoformat(),
            "inlamning": (date + dt.timedelta(days=INLAMNING_DAGAR)).isoformat(),
            "sista": key == last,
            "passerad": date < idag,
        }
        for key, period in settings.perioder.items()
    ]
    best = next(iter(settings.bedomning))
    kravs = list(dict.fromkeys([*settings.analys.kravs, "resultat", "orsaker"]))
    if best in settings.analys.atgarder_vid:
        kravs.append("atgarder")
    handelser = [
        {"datum": p["datum"], "vad": p["namn"], "period": p["id"], "inlamning": p["inlamning"]}
        for p in perioder
    ]
    handelser.append(
        {"datum": f"{ar}-12-15", "vad": f"Nämndernas internkontrollplaner för {ar + 1} antas"}
    )
    handelser.sort(key=lambda h: str(h["datum"]))
    context = {
        "sista": perioder[-1],
        "forsta": perioder[0],
        "poster": result_lines(perioder),
        "malsattning": MALSATTNING,
        "handelser": handelser,
        "kommun": kommun,
        "ar": ar,
        "perioder": perioder,
        "passerade": [p for p in perioder if p["passerad"]],
        "bedomning": best,
        "analys_enhet": {k: _ANALYS_ENHET[k] for k in kravs},
        "analys_namnd": {k: _ANALYS_NAMND[k] for k in kravs},
        "namnd": NAMND,
        "enhet": ENHET,
        "delmal": DELMAL,
        "pip": MALKOLL_PIP,
        "pip_lsp": MALKOLL_PIP_LSP,
        "repo_url": MALKOLL_REPO,
    }
    env = _environment()
    rendered: dict[str, str] = {}
    for rel, name in _templates(ar):
        rendered[rel] = env.get_template(name).render(context)
        if name == "malsattning.yaml.j2":  # the year's chapters beside its other files
            for path, chapter in chapters(ar, perioder[-1]).items():
                rendered[path] = env.get_template(KAPITEL_TEMPLATE).render(kapitel=chapter)
    schema_dir = editor.SCHEMA_DIR.as_posix()
    rendered[".vscode/settings.json"] = (
        json.dumps(editor.vscode_settings(schema_dir), ensure_ascii=False, indent=2) + "\n"
    )
    rendered[".vscode/extensions.json"] = _shipped("vscode-extensions.json")
    for kind, schema in editor.schemas().items():
        rendered[f"{schema_dir}/{editor.schema_file(kind)}"] = editor.dump(schema)
    return rendered


_DATA_TEMPLATES = frozenset(
    {
        "organisation.yaml.j2",
        "mal.yaml.j2",
        "arshjul.yaml.j2",
        "internkontroll.yaml.j2",
        "plan-namnd.yaml.j2",
        "plan-enhet.yaml.j2",
        "hushallning.yaml.j2",
        "bokslut.yaml.j2",
        "personal.yaml.j2",
        "malsattning.yaml.j2",
    }
)
"""The templates of a new repository's example data, left out in an existing one."""


def _latest_year(root: Path) -> int | None:
    """The latest year folder of an existing repository (the year its CI follows up)."""
    try:
        years = [int(p.name) for p in root.iterdir() if re.fullmatch(r"\d{4}", p.name)]
    except OSError:
        return None
    return max((y for y in years if 1900 <= y <= 2200 and (root / str(y)).is_dir()), default=None)


def _templates(ar: int) -> list[tuple[str, str]]:
    """Each templated file's path in the new repository and its template in `nytt_repo/`."""
    return [
        ("README.md", "README.md.j2"),
        ("malkoll.yaml", "malkoll.yaml.j2"),
        ("organisation.yaml", "organisation.yaml.j2"),
        ("mal/1-exempel.yaml", "mal.yaml.j2"),
        (f"{ar}/arshjul.yaml", "arshjul.yaml.j2"),
        (f"{ar}/internkontroll/{NAMND['id']}.yaml", "internkontroll.yaml.j2"),
        (f"{ar}/plan/{NAMND['id']}/{NAMND['id']}.yaml", "plan-namnd.yaml.j2"),
        (f"{ar}/plan/{NAMND['id']}/{ENHET['id']}.yaml", "plan-enhet.yaml.j2"),
        (f"{ar}/hushallning.yaml", "hushallning.yaml.j2"),
        (f"{ar}/bokslut.yaml", "bokslut.yaml.j2"),
        (f"{ar}/personal.yaml", "personal.yaml.j2"),
        (f"{ar}/malsattningar/{MALSATTNING}.yaml", "malsattning.yaml.j2"),
        (".github/workflows/malkoll.yml", "github-workflow.yml.j2"),
        (".github/workflows/webbplats.yml", "github-pages.yml.j2"),
        (".gitlab-ci.yml", "gitlab-ci.yml.j2"),
        (".pre-commit-config.yaml", "pre-commit-config.yaml.j2"),
        (".gitignore", "gitignore.j2"),
    ]


def _period_date(year: int, per: str) -> dt.date:
    month, day = (int(x) for x in per.split("-"))
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _check_parents(root: Path, path: Path, rel: str) -> None:
    """A file where a folder of the new repository should be is a clear error."""
    for parent in path.parents:
        if parent == root:
            return
        if parent.exists() and not parent.is_dir():
            raise InitProblem(
                f"Kan inte skapa {rel}: {parent.relative_to(root).as_posix()} finns redan "
                "och är inte en mapp."
            )


def _template_dir() -> Any:
    return resources.files("malkoll").joinpath("writers", "nytt_repo")


def _shipped(name: str) -> str:
    return str(_template_dir().joinpath(name).read_text(encoding="utf-8"))


def _environment() -> jinja2.Environment:
    """The environment for the new repository's files: plain text (YAML, Markdown), not
    HTML, so no autoescape; values that go into YAML are quoted with the `q` filter."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _shipped(name)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["q"] = _quote
    return env


def check_name(kommun: str) -> None:
    """`--kommun`: a name a person can read, on one line."""
    if not kommun.strip():
        raise BadOption("Kommunens namn (--kommun) är tomt. Ange det, t.ex. --kommun 'Ale kommun'.")
    if hidden(kommun) or "\n" in kommun or "\t" in kommun:
        raise BadOption(
            f"Kommunens namn (--kommun) har ett tecken som inte syns: {printable(kommun)}. "
            "Skriv namnet på en rad, utan styrtecken."
        )


def _quote(value: object) -> str:
    """A YAML scalar for a value: as written when it is plain text that YAML reads back as
    the same text, in block and flow context alike; otherwise `yamlwrite.quote`, YAML's
    double-quoted form with every special character escaped. A number malkoll computes
    (an int or a finite float, never a bool) is written as the number it is."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return quote(text)
