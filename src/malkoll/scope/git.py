"""The files a change touches, as git knows them: `validera --andrade [REF]`.

A change is what the work tree holds that the merge base of REF and HEAD does not: the
commits of the branch since it left REF, and what is staged, changed and new (untracked,
not ignored) on top of them, since a pre-commit hook or a person runs the check before
the commit. Without REF, the default branch: `origin/HEAD`, else `main`, else `master`
(and their `origin/` copies); in a repository without commits, everything is new. git
runs as a program, without a shell and with a time limit; whatever goes wrong is one
Swedish line (`ChangesUnknown`).
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

from malkoll.errors import ChangesUnknown

if TYPE_CHECKING:
    from pathlib import Path

TIMEOUT = 30.0
"""Seconds one git command may take."""

NO_COMMIT = "ingen commit"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
"""What a repository without commits is compared with: git's empty tree (all is new)."""

DEFAULT_BRANCHES = ("origin/HEAD", "main", "master", "origin/main", "origin/master")
"""Where the default branch is looked for, in order."""


Changes = tuple[tuple[str, str], set[str]]
"""The ref compared with and the commit of the merge base, and the files changed."""


def changed_files(root: Path | str, ref: str | None) -> Changes:
    """The ref compared with and its merge base with HEAD, and the files changed since it
    (committed, staged, changed or new), relative to ``root`` and only those inside it."""
    _git(root, "rev-parse", "--show-toplevel")
    new = _paths(_git(root, "ls-files", "--others", "--exclude-standard", "-z"))
    if not ref and _commit(root, "HEAD") is None:  # no commit yet: everything is new
        return (NO_COMMIT, EMPTY_TREE), new | _paths(_git(root, "ls-files", "-z"))
    if ref:
        named = ref
        commit = _commit(root, ref)
        if commit is None:
            raise ChangesUnknown(_unknown(ref))
    else:
        named, commit = _default_branch(root)
    head = _commit(root, "HEAD")
    base = commit
    if head is not None:  # a repository without commits: everything in it is new
        found = _git(root, "merge-base", commit, head, allow_failure=True).strip()
        if not found:
            raise ChangesUnknown(
                f"{named} och HEAD har ingen gemensam historik i den här klonen. Hämta mer "
                "historik (i CI: fetch-depth: 0 i GitHub, GIT_DEPTH: 0 i GitLab) eller ange "
                "en annan ref."
            )
        base = found
    changed = _paths(_git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", base))
    return (named, base), changed | new


def _unknown(ref: str) -> str:
    """What to say of a ref git does not know: a file or a folder (relative to the
    working directory) is named with the form that names it; anything else is a ref."""
    import shlex

    quoted = shlex.quote(ref)
    takes = "--andrade tar en gren, en tagg eller en commit"
    if os.path.isfile(ref):  # noqa: PTH113 (light: git.py runs before pathlib is imported)
        return (
            f"{ref!r} är en fil, inte en git-ref: {takes}, och de ändrade filerna anges som "
            f"argument. Skriv malkoll validera --andrade -- {quoted} (ändringen sedan "
            f"standardgrenen och filen) eller malkoll validera {quoted} (bara filen)."
        )
    if os.path.isdir(ref):  # noqa: PTH112
        return (
            f"{ref!r} är en mapp, inte en git-ref: {takes}. Målrepots mapp anges med -C: "
            f"malkoll validera --andrade -C {quoted}."
        )
    if ref.lower().endswith((".yaml", ".yml")):
        return (
            f"git känner inte till {ref!r}, och ingen fil heter så: {takes}, och de "
            "ändrade filerna anges som argument (malkoll validera --andrade -- FIL...)."
        )
    return (
        f"git känner inte till {ref!r}. Ange en gren, en tagg eller en commit efter "
        "--andrade (eller --andrade sist, utan värde, för standardgrenen)."
    )


_NOT_A_REPOSITORY = (
    "{root} är inte ett git-repo, så --andrade kan inte veta vad som ändrats. Kör i ett "
    "git-repo, eller ange de ändrade filerna: malkoll validera FIL..."
)


def _default_branch(root: Path | str) -> tuple[str, str]:
    for name in DEFAULT_BRANCHES:
        commit = _commit(root, name)
        if commit is not None:
            if name == "origin/HEAD":  # the branch it points to, as a person names it
                named = _git(root, "rev-parse", "--abbrev-ref", name, allow_failure=True)
                return (named.strip() or name), commit
            return name, commit
    raise ChangesUnknown(
        "Hittar ingen standardgren att jämföra med (origin/HEAD, main eller master). Ange "
        "den: malkoll validera --andrade GREN."
    )


def _commit(root: Path | str, ref: str) -> str | None:
    """The commit ``ref`` names, or None."""
    if ref.startswith("-"):  # never an option to git
        return None
    target = f"{ref}^{{commit}}"
    found = _git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", target, allow_failure=True
    )
    return found.strip() or None


def _paths(output: str) -> set[str]:
    return {p for p in output.split("\0") if p}


def _git(root: Path | str, *args: str, allow_failure: bool = False) -> str:
    """git's output (file names as the file system gives them), or "" when it fails and
    ``allow_failure``; otherwise a failure is `ChangesUnknown`, in git's own words unless
    the folder is no git repository."""
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", os.fspath(root), "-c", "core.quotepath=off", *args],
            capture_output=True,
            timeout=TIMEOUT,
            env=environment,
            check=False,
        )
    except FileNotFoundError:
        raise ChangesUnknown(
            "git finns inte installerat, så --andrade kan inte veta vad som ändrats. "
            "Installera git, eller ange de ändrade filerna: malkoll validera FIL..."
        ) from None
    except subprocess.TimeoutExpired:
        raise ChangesUnknown(
            f"git svarade inte inom {TIMEOUT:.0f} sekunder (git {args[0]})."
        ) from None
    except OSError as err:
        raise ChangesUnknown(f"git gick inte att köra: {err.strerror}.") from None
    if done.returncode != 0:
        if allow_failure:
            return ""
        said = os.fsdecode(done.stderr).strip()
        if "not a git repository" in said:
            raise ChangesUnknown(_NOT_A_REPOSITORY.format(root=root))
        last = said.splitlines()[-1] if said else f"slutstatus {done.returncode}"
        raise ChangesUnknown(f"git {args[0]} misslyckades: {last}")
    return os.fsdecode(done.stdout)
