"""Build hook: compile the reader's C part (`src/malkoll/reading/_fastyaml.c`) when it can.

The C part reads YAML with libyaml's event parser straight into malkoll's data; without it
malkoll reads the same files, with identical results, through PyYAML. So the build never
fails for it: where there is no compiler, no libyaml headers, or the built module does not
load, a warning is shown and the wheel is pure Python. `MALKOLL_REN_PYTHON=1` skips it.

A standard wheel gets the module and a platform tag; an editable install compiles it in
place beside the source (git ignores it), where the editable path finds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "malkoll.reading._fastyaml"
SOURCE = Path("src/malkoll/reading/_fastyaml.c")


class CompiledReaderHook(BuildHookInterface):
    """Adds the compiled reader to the wheel when it builds and loads."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._temp: str | None = None
        python_only = os.environ.get("MALKOLL_REN_PYTHON", "") not in ("", "0")
        if self.target_name != "wheel" or python_only:
            return
        root = Path(self.root)
        self._temp = tempfile.mkdtemp(prefix="malkoll-build-")
        try:
            built = _compile(root / SOURCE, Path(self._temp))
            _check_loads(built)
        except Exception as err:  # no compiler, no yaml.h, no libyaml: the Python reader
            self.app.display_warning(
                f"malkoll: the reader's C part was not built ({type(err).__name__}: {err}); "
                "malkoll reads YAML through PyYAML instead, with the same results."
            )
            return
        target = f"malkoll/reading/{built.name}"
        if version == "editable":
            shutil.copy2(built, root / "src" / target)
        else:
            build_data["force_include"][str(built)] = target
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
        self.app.display_info(f"malkoll: built the reader's C part ({built.name})")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        temp = getattr(self, "_temp", None)
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


def _compile(source: Path, build_dir: Path) -> Path:
    """Compile and link the module with setuptools' compiler for this Python."""
    from setuptools import Distribution, Extension

    include_dirs, library_dirs = _pkg_config("yaml-0.1")
    extension = Extension(
        MODULE,
        sources=[str(source)],
        libraries=["yaml"],
        include_dirs=include_dirs,
        library_dirs=library_dirs,
    )
    dist = Distribution({"name": "malkoll", "ext_modules": [extension]})
    command: Any = dist.get_command_obj("build_ext")
    command.build_lib = str(build_dir / "lib")
    command.build_temp = str(build_dir / "temp")
    command.ensure_finalized()
    command.run()
    built = Path(command.get_ext_fullpath(MODULE))
    if not built.is_file():
        raise FileNotFoundError(built)
    return built


def _pkg_config(package: str) -> tuple[list[str], list[str]]:
    """Where pkg-config says libyaml is (Homebrew, a prefix), or nothing extra."""
    try:
        out = subprocess.run(
            ["pkg-config", "--cflags-only-I", "--libs-only-L", package],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return [], []
    return [f[2:] for f in out if f.startswith("-I")], [f[2:] for f in out if f.startswith("-L")]


def _check_loads(built: Path) -> None:
    """Load the built module in a fresh interpreter, so a module that cannot load (libyaml
    missing at run time, a wrong architecture) is never installed."""
    code = (
        "import importlib.util as u, sys; s = u.spec_from_file_location(sys.argv[2], sys.argv[1]); "
        "m = u.module_from_spec(s); s.loader.exec_module(m); "
        "assert m.parse('a: [1]', frozenset(), str, False)[0]['a'] == ['1']"
    )
    if not built.name.endswith(sysconfig.get_config_var("EXT_SUFFIX") or ".so"):
        raise ValueError(f"unexpected file name {built.name}")
    subprocess.run([sys.executable, "-c", code, str(built), MODULE], check=True, timeout=60)
