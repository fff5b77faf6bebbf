"""`malkoll validera` answered from the cache when nothing it depends on has changed.

Before the command line is even parsed (typer, pydantic and the models cost a tenth of a
second to import), the console entry point asks `plan` whether this is a `validera` the
cache can answer: the key (`malkoll.cache.results_key`) covers every file the command can
read, its arguments, the folder it runs in, the day, the environment that shapes the
output (colours, CI variables, the terminal) and malkoll's own code. A hit writes the
stored output, appends the stored GitHub step summary, and exits with the stored status.
A miss runs the command as usual; the command hands its output to `record`, and the entry
point stores it, unless a file changed while it ran.

Only the plain forms are answered here: any option this module does not know (`--help`,
`--utan-cache`, a typo) runs the command as usual, which then says what is wrong. Files
named (a pre-commit hook's) are in the key as the command line names them, with what
each is; for `--andrade`, whose answer depends on git's state (HEAD, the ref, the index)
as much as on the files, git is asked what changed, and its answer is in the key and is
what the command then reports on.
"""

# The warm path runs before anything else is imported: os's string functions, not pathlib
# (which alone would cost more than the rest of the warm path).
# ruff: noqa: PTH109, PTH112, PTH113, PTH116, PTH123

from __future__ import annotations

import hashlib
import os
import sys
import time
from typing import TYPE_CHECKING

from malkoll import cache
from malkoll.cli import plain

if TYPE_CHECKING:
    from malkoll.scope.git import Changes

ENVIRONMENT = (
    "NO_COLOR",
    "FORCE_COLOR",
    "CI",
    "TERM",
    "COLORTERM",
    "COLUMNS",
    "LINES",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "GITLAB_CI",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "PYTHONIOENCODING",
    "LANG",
    "LC_ALL",
)
"""What in the environment can change what `validera` prints."""


class Plan:
    """A `validera` the cache may answer: its repository, its store and the key of its
    result, what git said changed (`--andrade`: the command uses the same, so that its
    answer is the key's), and (once the command ran) what it printed."""

    def __init__(
        self, root: str, store: cache.Cache, key: str, changes: Changes | None = None
    ) -> None:
        self.root = root
        self.store = store
        self.key = key
        self.changes = changes
        self.recorded: tuple[str, str, int, str | None] | None = None


_ACTIVE: Plan | None = None


def plan(argv: list[str], given: dict[str, object] | None) -> Plan | None:
    """The plan for the command line ``argv`` (without the program; ``given``, its fields
    as `plain.read` read them), or None when it is not a `validera` the cache can answer
    (or there can be no cache)."""
    global _ACTIVE
    if given is None or given["command"] != "validera" or given.get("utan_cache"):
        return None
    if os.environ.get("MALKOLL_UTAN_CACHE"):
        return None
    root = plain.root(plain.folder(given))
    store = cache.Cache.open(root) if root is not None else None
    if root is None or store is None:
        return None
    changes = None
    if "andrade" in given:  # the answer depends on git's state too: what git says is in the key
        changes = _changes(root, str(given["andrade"]))
        if changes is None:
            return None  # the command says what is wrong
    parts = [
        b"validera",
        cache.fingerprint(),
        "\0".join(argv).encode("utf-8", "surrogateescape"),
        os.fsencode(os.getcwd()),
        time.strftime("%Y-%m-%d").encode(),
        *(f"{n}={os.environ.get(n)}".encode("utf-8", "surrogateescape") for n in ENVIRONMENT),
        f"{_tty(sys.stdout)}{_tty(sys.stderr)}{_size()}".encode(),
        _kinds(given.get("filer") or given.get("mapp")),
        _changes_key(changes),
        tree_digest(root, store),
    ]
    _ACTIVE = Plan(root, store, cache.results_key(parts), changes)
    return _ACTIVE


def _changes(root: str, ref: str) -> Changes | None:
    """What git says changed since ``ref`` ("" for the default branch), or None when it
    cannot say."""
    from malkoll.errors import ChangesUnknown
    from malkoll.scope import git

    try:
        return git.changed_files(root, ref or None)
    except ChangesUnknown:
        return None


def _changes_key(changes: Changes | None) -> bytes:
    if changes is None:
        return b"-"
    (named, commit), files = changes
    listed = "\0".join([named, commit, *sorted(files)])
    return listed.encode("utf-8", "surrogateescape")


def active() -> Plan | None:
    """The plan of this process's `validera`, for the command to read through its cache."""
    return _ACTIVE


def replay(chosen: Plan) -> int | None:
    """Write the stored answer and give its exit status; None if there is none."""
    entry = chosen.store.load_result(chosen.key)
    if not (
        isinstance(entry, tuple)
        and len(entry) == 4
        and isinstance(entry[0], str)
        and isinstance(entry[1], str)
        and isinstance(entry[2], int)
        and (entry[3] is None or isinstance(entry[3], str))
    ):
        return None
    out, err, status, summary = entry
    status = int(status)
    sys.stdout.write(out)
    if err:
        sys.stderr.write(err)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary is not None and summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(summary)
    return status


def record(root: cache.PathLike, out: str, err: str, status: int, summary: str | None) -> None:
    """What the command printed for the repository at ``root`` and its exit status, for
    `store` (without a plan for that repository: nothing)."""
    if _ACTIVE is not None and os.fspath(root) == _ACTIVE.root:
        _ACTIVE.recorded = (out, err, status, summary)


def store(chosen: Plan) -> None:
    """Keep what the command recorded, unless a file changed while it ran."""
    if chosen.recorded is not None and chosen.store.consistent:
        chosen.store.store_result(chosen.key, chosen.recorded)
    chosen.store.save()


def flushed(status: int) -> int:
    """``status`` once stdout and stderr are written out; 1 if a reader closed the pipe
    early (`malkoll status | head`), without the interpreter's warning about it."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, or a stream closed already
            status = status or 1
    return status


def _kinds(paths: object) -> bytes:
    """What each path named on the command line is (a file, a folder, nothing), which
    decides whether it is the folder or a file changed."""
    named = paths if isinstance(paths, list) else [paths] if isinstance(paths, str) else []
    return "".join(
        "f" if os.path.isfile(p) else "d" if os.path.isdir(p) else "-" for p in named
    ).encode()


def _tty(stream: object) -> str:
    try:
        return "t" if stream.isatty() else "-"  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return "-"


def _size() -> str:
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        return ""
    return f"{size.columns}x{size.lines}"


def tree_digest(root: str, store: cache.Cache) -> bytes:
    """A digest of everything in the repository that reading it can depend on: every
    folder and YAML file malkoll could walk into (its path and kind), every YAML file's
    content, and where each link points. More than the reader looks at, never less."""
    h = hashlib.sha256()
    real_root = os.path.realpath(root) + os.sep
    stack: list[tuple[str, str]] = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            h.update(f"E{rel}\0{err.errno}\n".encode("utf-8", "surrogateescape"))
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or (not rel and name in cache.SKIPPED_DIRS):
                continue
            here = f"{rel}/{name}" if rel else name
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir()
            except OSError:
                h.update(f"?{here}\n".encode("utf-8", "surrogateescape"))
                continue
            if is_dir and not is_link:
                h.update(f"D{here}\n".encode("utf-8", "surrogateescape"))
                subfolders.append((entry.path, here))
                continue
            if not (is_dir or name.lower().endswith(cache.SUFFIXES)):
                continue
            if is_link:
                target = os.path.realpath(entry.path)
                inside = target.startswith(real_root)
                h.update(f"L{here}\0{target}\0{inside}\n".encode("utf-8", "surrogateescape"))
                if is_dir or not inside:
                    continue
            digest, _ = store.digest(entry.path, here)
            h.update(f"F{here}\n".encode("utf-8", "surrogateescape"))
            h.update(digest or _not_regular(entry.path))
        stack.extend(reversed(subfolders))
    return h.digest()


def _not_regular(path: str) -> bytes:
    """What a file that is not read is keyed by: its kind and size."""
    try:
        info = os.stat(path)
    except OSError as err:
        return f"!{err.errno}".encode()
    return f"S{info.st_mode}:{info.st_size}:{info.st_mtime_ns}".encode()
