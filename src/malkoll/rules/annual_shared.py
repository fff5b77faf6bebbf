"""What the rules of the report fullmäktige adopts (`annual`, `annual_periods`) share: the
bolag, what the schema already reported, the periods' names, whether a file that seems
to be missing is there but could not be read, and where a finding about a missing file
of the municipality's points."""

from __future__ import annotations

from collections.abc import Collection

from malkoll.findings import START, Where
from malkoll.model import positions
from malkoll.model.timing import Due
from malkoll.reading.walk import SETTINGS
from malkoll.rules.context import Context


def bolag_ids(ctx: Context) -> list[str]:
    """The organisations of typ bolag in organisation.yaml, in file order."""
    return [org_id for org_id, org in ctx.index.orgs.items() if org.typ == "bolag"]


def gone(owner: object, name: str, key: str) -> bool:
    """Whether ``owner.name[key]`` is absent because the schema cut it (or the whole of
    ``owner.name``) away as wrong: that finding already says what to fix."""
    return positions.cut(owner, name) or positions.cut(getattr(owner, name), key)


def periods_named(ctx: Context, dues: list[Due]) -> str:
    """`Delårsrapport 1, Delårsrapport 2 och Årsredovisning`: the periods' names."""
    names = [ctx.period_name(d.period) for d in dues]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def unread(ctx: Context, *paths: str, read: Collection[str] = ()) -> bool:
    """Whether a file at one of ``paths`` (a path, or a folder ending in `/`), or the same
    name ending in `.yml`, is there but was not read (not among ``read``): its own finding
    (MK101, MK102, MK110, ...) says why, and what it holds is unknown, not missing."""
    wanted = {p for path in paths for p in (path, path.removesuffix(".yaml") + ".yml")}
    folders = tuple(p for p in wanted if p.endswith("/"))
    found = {p.path for p in ctx.repo.problems} - set(read)
    return any(p in wanted or (bool(folders) and p.startswith(folders)) for p in found)


def municipality(ctx: Context) -> tuple[str, Where]:
    """Where a finding about a file of the municipality's that does not exist points (a
    chapter of the förvaltningsberättelse, `hushallning.yaml`, `personal.yaml`,
    `bokslut.yaml`): at `kommun:` in malkoll.yaml, the municipality's entry, as a missing
    file of an organisation's points at its entry in organisation.yaml; the message names
    the file to create. Without `kommun` (MK106, or malkoll.yaml unreadable), at line 1,
    where MK106 points."""
    settings = ctx.repo.installningar
    if not settings.kommun:
        return SETTINGS, START
    return SETTINGS, positions.key(settings, "kommun")
