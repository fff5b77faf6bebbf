"""Writing the site as a folder: whole, and never over a folder malkoll did not write.

The site is written to a new folder beside the target (`.webbplats.ny-…`), then put in
its place by renaming: the old site is renamed aside first and removed after. A folder at
the target is replaced only when it holds malkoll's mark (`MARK`, written with every
site) or is empty; anything else there (a person's folder, a file, a link) is refused
and nothing is written. If anything fails, what was made is removed and the old site
stays as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from malkoll.errors import MalkollError, WriteRefused
from malkoll.text import os_error, printable

MARK = ".malkoll-webbplats"
"""The file that says a folder is a site malkoll wrote, so that it may write it again."""
_MARK_TEXT = (
    "Den här mappen skrevs av malkoll webbplats och skrivs om helt nästa gång webbplatsen "
    "byggs. Lägg inget eget här.\n"
)


def write(files: Mapping[str, bytes], target: Path) -> None:
    """Write ``files`` (relative POSIX paths) as the folder ``target``, replacing the site
    malkoll wrote there before."""
    parent = target.parent
    if not parent.is_dir():
        raise WriteRefused(
            f"Mappen {printable(str(parent))} finns inte; skapa den, eller välj en annan med --ut."
        )
    _check_target(target)
    try:
        new = Path(tempfile.mkdtemp(prefix=f".{target.name}.ny-", dir=parent))
    except OSError as err:
        raise MalkollError(
            f"Kunde inte skriva i {printable(str(parent))}: {os_error(err)}."
        ) from None
    old: Path | None = None
    try:
        for rel, data in {**files, MARK: _MARK_TEXT.encode("utf-8")}.items():
            path = new.joinpath(*_parts(rel))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        new.chmod(0o755)  # mkdtemp's folder is private; a site is for reading
        _check_target(target)  # nothing has taken the place meanwhile
        if os.path.lexists(target):
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.gammal-", dir=parent))
            target.replace(old / "x")
        new.replace(target)
    except OSError as err:
        if old is not None and not os.path.lexists(target):
            with contextlib.suppress(OSError):
                (old / "x").replace(target)  # the old site back in its place
        where = printable(str(err.filename or target))
        raise MalkollError(f"Kunde inte skriva webbplatsen {where}: {os_error(err)}.") from None
    finally:
        shutil.rmtree(new, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _parts(rel: str) -> tuple[str, ...]:
    """A file's relative path as parts; never absolute, never `..`."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", ".") or "\\" in p for p in parts):
        raise WriteRefused(f"Skriver inte {printable(rel)}: sökvägen går ut ur webbplatsen.")
    return parts


def _check_target(target: Path) -> None:
    """Refuse a target that is not a site malkoll wrote (or an empty folder)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as err:
        raise MalkollError(f"Kunde inte läsa {printable(str(target))}: {os_error(err)}.") from None
    shown = printable(str(target))
    if not stat.S_ISDIR(mode):
        kind = "en symbolisk länk" if stat.S_ISLNK(mode) else "inte en mapp"
        raise WriteRefused(f"Skriver inte webbplatsen till {shown}: den är {kind}.")
    if (target / MARK).is_file() or not any(target.iterdir()):
        return
    raise WriteRefused(
        f"Skriver inte webbplatsen till {shown}: mappen finns redan och skrevs inte av malkoll "
        f"(den saknar {MARK}). Välj en annan mapp med --ut, eller töm den."
    )
