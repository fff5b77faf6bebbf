"""Writing a set of files whole or not at all, and never over what a person put there.

`create` is for the writers that add files to a goal repository (`init`, `nytt-ar`): a
path that exists in any form – a file, a symbolic link (even one that points nowhere), a
folder, a FIFO – is never replaced, and a link is never followed. Each file is written to
a temporary file beside it first and then linked into place (`link` fails rather than
replace anything); where the file system cannot link, it is created with `O_EXCL`. If
anything fails, every file and folder this call made is removed again.

`replace` is for files that malkoll owns and rewrites (`malkoll schema`): a regular file
is replaced whole, atomically; anything else at the path is refused.

Folders between ``root`` and a file are made as needed, and must be real folders: a
symbolic link among them is refused, so nothing is written outside the repository. This
module is the ground floor: it imports nothing of malkoll's but its errors and words.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from malkoll.errors import MalkollError, WriteRefused
from malkoll.text import os_error, printable

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CANNOT_LINK = {
    errno.EPERM,
    errno.EXDEV,
    errno.EMLINK,
    errno.ENOSYS,
    errno.EOPNOTSUPP,
    getattr(errno, "ENOTSUP", errno.EOPNOTSUPP),
}
"""What `link` says on a file system without hard links (FAT, some network shares)."""


def create(files: Mapping[Path, str | bytes], root: Path) -> None:
    """Create every file of ``files`` (under ``root``) whole, or none of them; a path that
    exists in any form is refused (`WriteRefused`), and nothing is written."""
    _write(files, root, replace_files=False)


def replace(files: Mapping[Path, str | bytes], root: Path) -> None:
    """Write every file of ``files`` (under ``root``), replacing regular files; anything
    else at a path (a link, a folder, a FIFO) is refused."""
    _write(files, root, replace_files=True)


def _write(files: Mapping[Path, str | bytes], root: Path, replace_files: bool) -> None:
    made_dirs: list[Path] = []
    staged: list[tuple[Path, Path, str | bytes]] = []
    placed: list[Path] = []
    done = False
    try:
        made_dirs += _make_root(root)
        for path, text in files.items():
            _check_place(path, root, replace_files)
            made_dirs += _make_parents(path, root)
            staged.append((_stage(path, text), path, text))
        for tmp, path, text in staged:
            if replace_files:
                _check_place(path, root, replace_files)
                tmp.replace(path)
            else:
                _link(tmp, path, text, root)
            placed.append(path)
        done = True
    except OSError as err:
        where = _shown(Path(err.filename), root) if err.filename else "filerna"
        raise MalkollError(f"Kunde inte skriva {where}: {os_error(err)}.") from None
    finally:
        for tmp, _path, _text in staged:
            _remove(tmp)
        if not done and not replace_files:
            for path in placed:
                _remove(path)
            for folder in reversed(made_dirs):
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _shown(path: Path, root: Path) -> str:
    """``path`` as a message names it: relative to ``root``, or whole where it is ``root``
    itself (never `.`) or outside it."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return printable(str(path))
    return printable(rel.as_posix() if rel.parts else str(path))


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "en symbolisk länk"
    if stat.S_ISDIR(mode):
        return "en mapp"
    if stat.S_ISREG(mode):
        return "en fil"
    return "en särskild fil (till exempel en FIFO)"


def _check_place(path: Path, root: Path, replace_files: bool) -> None:
    """Refuse a path that is taken, or whose folders are not all real folders."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        outside = f"Skriver inte {printable(str(path))}: den ligger utanför {printable(str(root))}."
        raise WriteRefused(outside) from None
    folder = root
    for part in rel.parts[:-1]:
        folder = folder / part
        mode = _lstat(folder)
        if mode is None:
            return  # made by `_make_parents`; nothing below it can exist yet
        if not stat.S_ISDIR(mode):
            raise WriteRefused(
                f"Skriver inte {_shown(path, root)}: {_shown(folder, root)} är {_kind(mode)}, "
                "inte en mapp. Flytta undan den och försök igen."
            )
    mode = _lstat(path)
    if mode is None or (replace_files and stat.S_ISREG(mode)):
        return
    raise WriteRefused(
        f"Skriver inte över {_shown(path, root)}: där finns redan {_kind(mode)}. "
        "Flytta undan den och försök igen."
    )


def _lstat(path: Path) -> int | None:
    try:
        return path.lstat().st_mode
    except FileNotFoundError:
        return None


def _make_root(root: Path) -> list[Path]:
    """``root`` and the folders above it that do not exist yet, made; outermost first."""
    missing = []
    folder = root
    while _lstat(folder) is None and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir()
    return missing[::-1]


def _make_parents(path: Path, root: Path) -> list[Path]:
    """The folders between ``root`` and ``path`` that had to be made, outermost first."""
    made = []
    folder = root
    for part in path.relative_to(root).parts[:-1]:
        folder = folder / part
        try:
            folder.mkdir()
            made.append(folder)
        except FileExistsError:
            mode = _lstat(folder)
            if mode is None or not stat.S_ISDIR(mode):  # made meanwhile, and not a folder
                _check_place(path, root, replace_files=False)
    return made


def _encoded(text: str | bytes) -> bytes:
    """A text as UTF-8 (a lone surrogate, from a file name that is not UTF-8, written as its
    escape, never fatal); bytes (a PDF, a Word file) as they are."""
    return text if isinstance(text, bytes) else text.encode("utf-8", "backslashreplace")


def _stage(path: Path, text: str | bytes) -> Path:
    """``text`` in a new temporary file beside ``path`` (the umask decides its mode)."""
    data = _encoded(text)
    for attempt in range(100):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{attempt}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return tmp
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))


def _link(tmp: Path, path: Path, text: str | bytes, root: Path) -> None:
    """Put the staged file at ``path``, which must not exist in any form."""
    try:
        os.link(tmp, path, follow_symlinks=False)
        return
    except FileExistsError:
        _check_place(path, root, replace_files=False)
        raise
    except OSError as err:
        if err.errno not in _CANNOT_LINK:
            raise
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
    except FileExistsError:
        _check_place(path, root, replace_files=False)
        raise
    with os.fdopen(fd, "wb") as fh:
        fh.write(_encoded(text))


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
