"""The forms a site publishes: the `admin/` that `malkoll formular` wrote in the
repository, and what to say about it (forms for this computer only, or an `admin/` of a
person's own that the site leaves out). `malkoll webbplats` and `malkoll visa` use it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from malkoll.forms import MARKER


def repository_forms(root: Path) -> dict[str, bytes]:
    """The forms for the site's `admin/`, by their path in the site: the ones
    `malkoll formular` wrote in the repository's `admin/` (with the git host, repository
    and OAuth application given to it there), when its config.yml carries formular's
    mark; none otherwise (no forms, or an `admin/` of a person's own)."""
    folder = root / "admin"
    try:
        ours = not folder.is_symlink() and (folder / "config.yml").read_bytes().startswith(
            MARKER.encode("utf-8")
        )
    except OSError:
        return {}
    out: dict[str, bytes] = {}
    for name in ("index.html", "config.yml") if ours else ():
        path = folder / name
        if path.is_file() and not path.is_symlink():
            out[f"admin/{name}"] = path.read_bytes()
    return out


def notes(root: Path, files: Mapping[str, bytes]) -> list[str]:
    """What to say about the repository's `admin/`: forms for this computer only (the local
    backend, a plain `malkoll formular`) that a published site would carry, or an
    `admin/` of a person's own that the site leaves out."""
    config = files.get("admin/config.yml")
    if config is not None:
        try:
            data = yaml.safe_load(config.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            data = None
        local = isinstance(data, dict) and (
            bool(data.get("local_backend"))
            or (
                isinstance(data.get("backend"), dict)
                and data["backend"].get("name") == "git-gateway"
            )
        )
        if local:
            return [
                "varning: formulären i admin/ är skrivna för den lokala backenden (decap-server) "
                "och fungerar bara på den egna datorn. Kör malkoll formular --backend gitlab "
                "--app-id … --repo … (eller --backend github) innan webbplatsen publiceras."
            ]
        return []
    if (root / "admin").exists():
        return ["admin/ skrevs inte av malkoll formular och kommer inte med på webbplatsen."]
    return []
