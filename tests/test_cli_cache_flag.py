"""`--utan-cache` on every command that reads the repository: the core is called with
`cache=False` (or, where it takes no `cache=` yet, under `MALKOLL_UTAN_CACHE`), and
nothing is written to `.malkoll-cache/`."""

from __future__ import annotations

import os
import shutil

import pytest

from helpers import BASE, build_repo, run
from malkoll.cache import FOLDER

READING = [
    ["validera", "{root}", "--idag", "2020-01-01"],
    ["status", "2020", "-C", "{root}", "--idag", "2020-09-05"],
    ["rapport", "2020", "-C", "{root}", "--idag", "2021-03-01", "--ut", "{root}/ut"],
    ["nytt-ar", "2021", "-C", "{root}"],
]


@pytest.mark.parametrize("args", READING, ids=lambda a: a[0])
def test_utan_cache_reads_everything_anew_and_keeps_nothing(tmp_path, args):
    """The command does what it does without the flag, and leaves no cache behind."""
    root = build_repo(tmp_path / "repo")
    shutil.rmtree(root / FOLDER, ignore_errors=True)  # the base's own, from other runs
    words = [a.format(root=root) for a in args]
    before = os.environ.get("MALKOLL_UTAN_CACHE")
    code, _, err = run(*words, "--utan-cache")
    assert code == 0, err
    assert not (root / FOLDER).exists()
    assert os.environ.get("MALKOLL_UTAN_CACHE") == before  # as it was before the command


@pytest.mark.parametrize(
    ("args", "module", "name"),
    [
        (["validera", str(BASE)], "malkoll.validate", "validera"),
        (["status", "2020", "-C", str(BASE)], "malkoll.status.compute", "status"),
        (["rapport", "2020", "-C", str(BASE)], "malkoll.report", "rapport"),
    ],
    ids=lambda x: x if isinstance(x, str) else None,
)
def test_the_core_is_told_cache_false(monkeypatch, args, module, name):
    """`--utan-cache` becomes `cache=False` in the core call; without it, `cache=True`."""
    seen: list[object] = []

    class Stop(Exception):
        pass

    def spy(*_args, **kwargs):
        seen.append(kwargs.get("cache"))
        raise Stop

    monkeypatch.setattr(f"{module}.{name}", spy)
    for extra in ([], ["--utan-cache"]):
        with pytest.raises(Stop):
            run(*args, *extra)
    assert seen == [True, False]


def test_every_command_that_reads_the_repository_has_the_flag():
    """validera, status, rapport, nytt-ar and kolada hamta say so in their help."""
    for command in (["validera"], ["status"], ["rapport"], ["nytt-ar"], ["kolada", "hamta"]):
        code, out, _ = run(*command, "--help")
        assert code == 0
        assert "--utan-cache" in out
        assert "Läs allt på nytt utan malkolls cache" in " ".join(out.split())
