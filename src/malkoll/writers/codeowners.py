"""`malkoll agare`: CODEOWNERS for GitHub and GitLab from the organisation tree.

What it says, and why:

- **The default owner first**: `*` for the users in `--standard` or in `git` of
  `malkoll.yaml`. It covers every file no later rule names: the shared files
  (`malkoll.yaml`, `organisation.yaml`, `mal/`, `indikatorer/`, each year's `uppdrag`,
  `ekonomi` and `arshjul`), CODEOWNERS itself, the CI files, and a file added after the
  last run. Both hosts use the **last** rule that matches a file, so the specific rules
  follow it. Without a default owner anyone could approve a change to
  `organisation.yaml` (who owns what) or to CODEOWNERS, so there must be one.
- **Then each organisation's files**, in the order of `organisation.yaml`: every plan
  (`ÅR/plan/**`, every year that is there: last year's file may still be corrected) and
  internal-control plan whose `organisation:` is that organisation, found by what the
  file says, not by its name. Its owners are the organisation's own `git` users, or where
  it has none those of the nearest organisation above it that has some: a sektor without
  users of its own is approved by its nämnd's controller. Where no organisation on the way
  up has users, the organisation *saknar ägare* and its files keep the default owner.
- **One list for both hosts.** GitLab's sections are additive (every section that has a
  rule for a file asks for its own approval, and a rule outside a section is always
  required), so a section per nämnd beside the default would make the default owner
  approve every unit's file too; the one list, last rule wins, means the same on both.
  GitHub reads `.github/CODEOWNERS` before the other places, GitLab the root's
  `CODEOWNERS`: malkoll writes the one the host reads first.
- **Paths** are anchored at the top of the git checkout (a leading `/`, and the goal
  repository's folder in front when it lies deeper), so no pattern starts with `#`, `!`
  or `[`. A space and the glob characters `*`, `?`, `[`, `]` are escaped with a
  backslash, which both hosts read. What cannot be written safely is left out and
  reported, its file keeping the default owner: a backslash, a control character or any
  white space but the plain space, and on GitHub a `#` (GitHub starts a comment there).
- **Never over a person's file**: the generated file starts with `MARKER`; a file at the
  target without it is refused.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from malkoll import atomic
from malkoll.errors import BadOption, WriteRefused
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.model.types import GitAnvandare
from malkoll.reading.load import load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.text import printable

PLATFORMS = {"github": "GitHub", "gitlab": "GitLab"}
"""The git hosts, with their names as shown."""

TARGETS = {
    "github": (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"),
    "gitlab": ("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"),
}
"""Where each host looks for CODEOWNERS, in its order: it reads the first it finds, and
malkoll writes that one."""

MARKER = "# Skriven av malkoll agare"
"""The start of the generated file's first line: only a file that starts so is replaced."""

_GLOB = frozenset("*?[]")
_USER: TypeAdapter[str] = TypeAdapter(GitAnvandare)
_TREE_FILES = {"malkoll.yaml", "malkoll.yml", "organisation.yaml", "organisation.yml"}
"""The files that say who owns what: with an error in them, nothing is written."""
_SHARED = "malkoll.yaml, organisation.yaml, mal/, indikatorer/, årens uppdrag, ekonomi och årshjul"


@dataclass(frozen=True)
class Rule:
    """One line of CODEOWNERS: a file (relative to the checkout's top) and its owners."""

    path: str
    pattern: str
    owners: tuple[str, ...]


@dataclass
class Group:
    """An organisation's files and whose approval they need."""

    org_id: str
    name: str
    owners: tuple[str, ...]
    owner_from: str | None
    """The organisation above whose users approve, when the organisation has none itself."""
    rules: list[Rule] = field(default_factory=list)


@dataclass
class Codeowners:
    """What `malkoll agare` writes, and what it has to say about it."""

    platform: str
    top: Path
    """The top of the git checkout (the goal repository's root outside one)."""
    target: str
    """Where the host reads CODEOWNERS, relative to ``top``."""
    default: tuple[str, ...]
    groups: list[Group]
    unowned: list[tuple[str, str, int]]
    """Organisations without users at or above them: id, name, how many files they have."""
    unsafe: list[str] = field(default_factory=list)
    """Files whose path cannot be written as a pattern (relative to ``top``)."""
    unmapped: list[tuple[str, str]] = field(default_factory=list)
    """Plan and internal-control files that name no known organisation: path, why."""
    others: list[str] = field(default_factory=list)
    """Other CODEOWNERS files the host will not read while ``target`` is there."""
    detected: str | None = None
    """How the platform was seen when it was not asked for ("" when nothing told)."""
    text: str = ""

    @property
    def rules(self) -> list[Rule]:
        return [rule for group in self.groups for rule in group.rules]


def owners(index: Index, org_id: str) -> tuple[tuple[str, ...], str | None] | None:
    """The users whose approval the organisation's files need, and the organisation above
    they come from (None when they are its own); None when no organisation at or above it
    has any."""
    for at in (org_id, *index.ancestors(org_id)):
        org = index.org(at)
        if org is not None and org.git:
            return _handles(org.git), (None if at == org_id else at)
    return None


def _handles(users: list[str]) -> tuple[str, ...]:
    """Each user as `@name`, once, in the order written."""
    return tuple(dict.fromkeys("@" + user.lstrip("@") for user in users))


def escape(path: str, platform: str) -> str | None:
    """``path`` as an anchored CODEOWNERS pattern, or None when it cannot be written so
    that the host reads exactly this file."""
    out = ["/"]
    for ch in path:
        if ch == " ":
            out.append("\\ ")
        elif ch in _GLOB:
            out.append("\\" + ch)
        elif ch == "\\" or not ch.isprintable() or (ch == "#" and platform == "github"):
            return None
        else:
            out.append(ch)
    return "".join(out)


def checkout_top(root: Path) -> Path:
    """The top of the git checkout ``root`` lies in (a `.git` folder or file), or ``root``."""
    return next((d for d in (root, *root.parents) if (d / ".git").exists()), root)


def _users(given: list[str]) -> list[str]:
    """``--standard``'s users, each one a user or group the model accepts (nothing that
    could end a line or start another rule)."""
    for user in given:
        try:
            _USER.validate_python(user)
        except ValidationError:
            raise BadOption(
                f"--standard {printable(user)} är ingen användare eller grupp på git-värden: "
                "skriv till exempel @anna.andersson eller @kommun/controller."
            ) from None
    return given


def build(repo: Repository, platform: str, standard: list[str], top: Path) -> Codeowners:
    """The CODEOWNERS of ``repo`` for ``platform``, in a checkout whose top is ``top``."""
    default = _handles(_users(standard) or repo.installningar.git)
    if not default:
        raise BadOption(
            "Ingen standardägare: ange vem som godkänner de gemensamma filerna "
            f"({_SHARED}, CODEOWNERS och CI) med --standard @användare, eller med "
            'git: "@användare" i malkoll.yaml.'
        )
    index = Index.of(repo)
    prefix = _prefix(repo.root, top)
    files = _files_by_org(repo)
    result = Codeowners(platform, top, TARGETS[platform][0], default, [], [])
    for org_id in index.orgs:
        paths = files.pop(org_id, [])
        found = owners(index, org_id)
        if found is None:
            result.unowned.append((org_id, index.name(org_id), len(paths)))
            continue
        group = Group(org_id, index.name(org_id), found[0], found[1])
        for rel in sorted(paths):
            pattern = escape(prefix + rel, platform)
            if pattern is None:
                result.unsafe.append(prefix + rel)
            else:
                group.rules.append(Rule(prefix + rel, pattern, group.owners))
        if group.rules:
            result.groups.append(group)
    for org_id, paths in files.items():
        result.unmapped += [(rel, f"okänd organisation {org_id}") for rel in sorted(paths)]
    result.unmapped += [(rel, "kunde inte läsas") for rel in _unread(repo)]
    result.text = render(result, index)
    return result


def _prefix(root: Path, top: Path) -> str:
    try:
        rel = root.resolve().relative_to(top.resolve())
    except (OSError, RuntimeError, ValueError):
        return ""
    return "" if rel == Path() else rel.as_posix() + "/"


def _files_by_org(repo: Repository) -> dict[str, list[str]]:
    """Every plan and internal-control plan of every year, by the organisation it names.
    Each file counts: two plans of one organisation (MK207) both need its approval."""
    by_org: dict[str, list[str]] = {}
    for path, org_id in _named(repo):
        by_org.setdefault(org_id, []).append(path)
    return by_org


def _named(repo: Repository) -> list[tuple[str, str]]:
    """Each plan and internal-control plan that could be read, with the organisation it names."""
    return [
        pair
        for year in repo.ar.values()
        for pair in (
            *((doc.path, doc.data.organisation) for doc in year.planer),
            *((doc.path, doc.data.organisation) for doc in year.internkontroll),
        )
    ]


def _unread(repo: Repository) -> list[str]:
    """The plan and internal-control files whose organisation could not be read."""
    known = {path for path, _org in _named(repo)}
    return [
        rel
        for rel in repo.files
        if rel not in known
        and len(parts := rel.split("/")) > 2
        and parts[0].isdigit()
        and parts[1] in ("plan", "internkontroll")
    ]


def _comment(text: str) -> str:
    """User text on one comment line: whatever would end the line becomes a space."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def render(result: Codeowners, index: Index) -> str:
    """The CODEOWNERS text."""
    host = PLATFORMS[result.platform]
    lines = [
        f"{MARKER} för {host}. Ändra inte här: ändra `git` i organisation.yaml eller",
        "# malkoll.yaml och kör `malkoll agare` igen (malkoll skriver bara över en fil som",
        "# börjar med raden ovan).",
        "#",
        "# Den sista regeln som matchar en fil gäller. Standardägaren godkänner allt som",
        "# ingen regel längre ned nämner: malkoll.yaml, organisation.yaml, mal/,",
        "# indikatorer/, årens uppdrag, ekonomi och årshjul, CODEOWNERS, CI och nya filer.",
        "# Under den kommer varje organisations planer och internkontroll, godkända av",
        "# organisationens egna användare på git-värden eller, om den saknar egna, av dem",
        "# närmast ovanför.",
        "",
        "* " + " ".join(result.default),
    ]
    for group in result.groups:
        why = f"{group.name} ({group.org_id})"
        if group.owner_from is not None:
            why += f", godkänns av {index.name(group.owner_from)} ({group.owner_from})"
        lines += ["", "# " + _comment(why)]
        lines += [f"{rule.pattern} {' '.join(rule.owners)}" for rule in group.rules]
    return "\n".join(lines) + "\n"


# --- choosing the host, and writing ----------------------------------------------------


def detect(top: Path) -> tuple[str, str]:
    """The host a checkout is for, and how that was seen: a CODEOWNERS that malkoll wrote,
    the `origin` remote's address, the CI folder or file; GitHub (and "") when nothing
    tells or both CI files are there (`init` writes both)."""
    for platform, targets in TARGETS.items():
        text = _read(top / targets[0])
        if text is not None and text.startswith(f"{MARKER} för {PLATFORMS[platform]}"):
            return platform, f"{targets[0]} som malkoll skrev"
    url = _origin(top)
    for platform in PLATFORMS:
        if platform in url:
            return platform, "git-remoten origin"
    github, gitlab = (top / ".github").is_dir(), (top / ".gitlab-ci.yml").is_file()
    if github != gitlab:
        return ("github", ".github/") if github else ("gitlab", ".gitlab-ci.yml")
    return "github", ""


def _origin(top: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(top), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip().lower() if done.returncode == 0 else ""


def _read(path: Path) -> str | None:
    """A regular file's text (never through a link); None when there is none, or it is
    not UTF-8 text."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def is_generated(path: Path) -> bool | None:
    """Whether the file at ``path`` is malkoll's; None when there is nothing there."""
    if not os.path.lexists(path):
        return None
    text = _read(path)
    return text is not None and text.startswith(MARKER)


def prepare(start: Path, platform: str | None, standard: list[str], cache: bool) -> Codeowners:
    """Read the repository at or above ``start`` and build its CODEOWNERS; ``platform``
    None: the one `detect` sees."""
    root = find_root(start)
    top = checkout_top(root)
    chosen, how = (platform, None) if platform is not None else detect(top)
    if chosen not in PLATFORMS:
        raise BadOption(f"Okänd plats {chosen}: välj github eller gitlab.")
    with paused_gc():
        repo = load(root, cache=cache)
    broken = sorted({x.path for x in repo.problems if x.rule.severity == "fel"} & _TREE_FILES)
    if broken:
        raise BadOption(
            f"{broken[0]} har fel, så malkoll vet inte säkert vem som äger vad. "
            "Rätta dem först: malkoll validera."
        )
    result = build(repo, chosen, standard, top)
    result.detected = how
    result.others = [rel for rel in TARGETS[chosen][1:] if os.path.lexists(top / rel)]
    return result


def current(path: Path) -> str | None:
    """The text at ``path`` now, or None when there is no such file."""
    return _read(path)


def write(result: Codeowners, path: Path, root: Path, shown: str) -> bool:
    """Write ``result`` to ``path`` (under ``root``, with every folder between a real one)
    unless it is there already (False); a file there that malkoll did not write is refused."""
    if is_generated(path) is False:
        raise WriteRefused(
            f"Skriver inte över {shown}: den är inte skriven av malkoll (första raden är "
            f"inte ”{MARKER} …”). Flytta undan den, eller skriv reglerna till "
            "skärmen med --ut - och för över dem för hand."
        )
    if _read(path) == result.text:
        return False
    atomic.replace({path: result.text}, root)
    return True
