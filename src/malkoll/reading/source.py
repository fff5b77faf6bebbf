"""The bytes and text of one file: only a regular file, within the size limit, in UTF-8.

Whatever keeps a file from being read is an `Unreadable` with its rule and Swedish words,
which `parse` turns into the file's one finding.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from malkoll import findings as f
from malkoll.reading.syntax import MK101
from malkoll.text import os_error

MAX_BYTES = 10 * 1024 * 1024
"""Files larger than this are refused (MK108)."""

MK102 = f.rule(
    "MK102",
    "fel",
    "Filen är inte UTF-8",
    "Alla filer ska sparas som UTF-8 (med eller utan BOM). Spara om filen som UTF-8 i "
    "din editor; äldre Windows-program sparar ofta som Latin-1 (ANSI).",
)
MK108 = f.rule(
    "MK108",
    "fel",
    "Filen är för stor eller för djupt nästlad",
    f"Filer större än {MAX_BYTES // (1024 * 1024)} MB läses inte, och inte heller filer "
    "vars alias (`*namn`) skulle växa till orimlig storlek (en 'aliasbomb') eller som är "
    "orimligt djupt nästlade. Dela upp filen eller ta bort aliasen.",
)

MK110 = f.rule(
    "MK110",
    "fel",
    "En fil som malkoll inte läser",
    "malkoll läser bara vanliga filer inne i målrepot, med namn i UTF-8. En länk "
    "(symbolisk länk) som pekar ut ur repot, en länkad mapp, en enhet eller namngiven pipe "
    "och ett filnamn som inte är UTF-8 läses inte: innehåll utanför repot ska aldrig hamna "
    "i fynd eller i en publicerad rapport, och en enhet som `/dev/zero` tar aldrig slut. "
    "Lägg in filen själv i repot i stället för en länk, och byt namn på filen om namnet "
    "inte kan visas.",
    wrong="2020/plan/ks.yaml -> /home/anna/ks.yaml",
    right="2020/plan/ks.yaml (en vanlig fil i repot)",
)

RULES = (MK102, MK108, MK110)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Unreadable(Exception):
    """Why a file was not read: the rule, and a Swedish message and hint."""

    def __init__(self, rule: f.Rule, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.rule, self.message, self.hint = rule, message, hint


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES`; `Unreadable` says why not.

    The file is opened without blocking (a FIFO would wait for a writer for ever) and
    checked after opening, so what is read is what was checked; the limit holds for the
    bytes read, not for what `stat` says (`/dev/zero` says 0).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise Unreadable(MK101, f"Filen kunde inte läsas: {os_error(err)}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(
                MK110,
                "Filen är inte en vanlig fil utan en enhet, en namngiven pipe eller liknande; "
                "malkoll läser den inte.",
                "Ta bort den ur repot; målrepot ska bara innehålla vanliga textfiler.",
            )
        if info.st_size > MAX_BYTES:
            raise too_large(info.st_size)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise too_large(size)
    except OSError as err:
        raise Unreadable(MK101, f"Filen kunde inte läsas: {os_error(err)}.") from None
    finally:
        os.close(fd)


def too_large(size: int) -> Unreadable:
    mb = max(size, MAX_BYTES + 1) / (1024 * 1024)
    return Unreadable(
        MK108,
        f"Filen är {mb:.1f} MB; största tillåtna storlek är {MAX_BYTES // 2**20} MB.",
        "Dela upp filen, till exempel en plan per enhet.",
    )


def decode(raw: bytes) -> str:
    """The text of a file saved as UTF-8 (with or without BOM); `Unreadable` says why not."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith(_UTF16_BOMS):
        raise Unreadable(
            MK102, "Filen är sparad som UTF-16, inte UTF-8.", "Spara om filen som UTF-8."
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _editor_position(raw[: err.start].decode("utf-8"))
        byte = raw[err.start : err.start + 1].hex().upper()
        raise Unreadable(
            MK102,
            f"Filen är inte UTF-8: byten 0x{byte} på rad {line}, kolumn {col} är inte giltig "
            "UTF-8 (filen är troligen sparad som Latin-1/ANSI).",
            "Spara om filen som UTF-8 i din editor.",
        ) from None


def _editor_position(before: str) -> tuple[int, int]:
    """The 1-based line and column an editor shows just after ``before``: CR LF, a lone CR
    and LF break lines (U+2028, U+2029 and U+0085 do not), and a column counts characters."""
    lines = before.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return len(lines), len(lines[-1]) + 1
