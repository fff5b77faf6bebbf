"""malkoll's cache (`malkoll.cache`): it never changes a result, and it cannot be made to.

The whole suite also runs with the cache on, off and with every entry damaged
(`MALKOLL_TEST_CACHE=pa|av|korrupt`, see conftest.py); these tests hold the parts."""

from __future__ import annotations

import os
import shutil
import stat
import threading
import time
from pathlib import Path

import pytest

from helpers import EXAMPLES
from malkoll import cache
from malkoll.model.kinds import field_names
from malkoll.reading.load import Reader, load
from malkoll.reading.parse import read_file
from malkoll.reading.walk import discover

pytestmark = pytest.mark.skipif(
    os.environ.get("MALKOLL_TEST_CACHE", "pa") != "pa", reason="the cache itself is off or damaged"
)


@pytest.fixture
def repo(tmp_path):
    target = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", target, ignore=shutil.ignore_patterns(".malkoll-*"))
    return target


def test_the_folder_ignores_itself_for_git(repo):
    folder = cache.directory(repo)
    assert Path(folder) == repo / ".malkoll-cache"
    assert (Path(folder) / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_a_cached_read_is_the_read(repo):
    """Every file of the example read from the cache is what the reader makes of it."""
    files, _ = discover(repo)
    keys = field_names()
    fresh = {s.rel: read_file(repo / s.rel, s.rel, keys) for s in files}
    for _ in range(2):  # the first run fills the cache, the second reads from it
        store = cache.Cache.open(repo)
        assert store is not None
        reader = Reader(repo, store)
        for rel, expected in fresh.items():
            got = reader.read(rel)
            assert (got.data, got.readable, got.problems) == (
                expected.data,
                expected.readable,
                expected.problems,
            )
        store.save()


def test_a_broken_file_reads_the_same_from_the_cache(repo):
    plan = repo / "2020/plan/un/nolskolan.yaml"
    plan.write_text("organisation: [\nbedömning: 1\nbedomning: 2\n", encoding="utf-8")
    first = load(repo)
    second = load(repo)
    assert first.problems == second.problems
    assert first.problems == load(repo, cache=False).problems


def test_a_file_changed_in_the_same_moment_is_read_again(repo):
    plan = repo / "2020/plan/un/nolskolan.yaml"
    store = cache.Cache.open(repo)
    _, raw = store.digest(plan, "p")
    assert raw is not None
    store.save()
    # The digests were written now; the file's own time is now too: not to be trusted.
    again = cache.Cache.open(repo)
    _, raw = again.digest(plan, "p")
    assert raw is not None
    old = time.time_ns() - 10 * 10**9
    os.utime(plan, ns=(old, old))  # ctime stays new: still read
    third = cache.Cache.open(repo)
    _, raw = third.digest(plan, "p")
    assert raw is not None


def test_an_old_unchanged_file_is_known_by_its_stat(repo, monkeypatch):
    plan = repo / "2020/plan/un/nolskolan.yaml"
    store = cache.Cache.open(repo)
    digest, _ = store.digest(plan, "p")
    store.save()
    monkeypatch.setattr(cache, "_RACY_NS", -(10**12))  # as if written long after the file
    store = cache.Cache.open(repo)
    store._trusted_before = time.time_ns() + 10**12
    assert store.digest(plan, "p") == (digest, None)
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed, raw = store.digest(plan, "p")
    assert raw is not None
    assert changed != digest
    assert not store.consistent  # seen to change within one run


def test_a_key_inside_the_repository_is_refused(repo, monkeypatch):
    """Whoever can commit to the repository could commit a key and entries signed with it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo / ".cache"))
    assert cache.Cache.open(repo) is None


def test_entries_signed_with_another_key_are_not_read(repo, monkeypatch):
    monkeypatch.setenv(cache.SECRET_VARIABLE, "ett")
    cache.Entries.open(repo).store("x", {"a": 1})
    assert cache.Entries.open(repo).load("x") == {"a": 1}
    monkeypatch.setenv(cache.SECRET_VARIABLE, "ett annat")
    assert cache.Entries.open(repo).load("x") is None


def test_a_linked_cache_folder_is_never_written_through(repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".malkoll-cache").symlink_to(elsewhere, target_is_directory=True)
    folder = cache.directory(repo)
    assert folder is not None
    assert not Path(folder).resolve().is_relative_to(elsewhere)
    load(repo)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_repository_uses_the_users_cache(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    mode = repo.stat().st_mode
    repo.chmod(mode & ~stat.S_IWUSR & ~stat.S_IWGRP & ~stat.S_IWOTH)
    try:
        folder = cache.directory(repo)
    finally:
        repo.chmod(mode)
    assert folder is not None
    assert Path(folder).is_relative_to(tmp_path / "xdg")


def test_a_repository_without_room_for_the_cache_uses_the_users(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    real = cache._real_folder

    def read_only(path, gitignore=False):
        if Path(path).is_relative_to(repo):
            return None  # as the folder of a read-only checkout
        return real(path, gitignore)

    monkeypatch.setattr(cache, "_real_folder", read_only)
    folder = cache.directory(repo)
    assert folder is not None
    assert Path(folder).is_relative_to(tmp_path / "xdg")
    assert load(repo).files == load(repo, cache=False).files


def test_concurrent_writers_leave_whole_entries(repo):
    entries = cache.Entries.open(repo)
    values = [{"n": n, "text": "å" * 50_000} for n in range(8)]
    found: list[object] = []

    def write(value):
        for _ in range(20):
            entries.store("delad", value)
            found.append(entries.load("delad"))

    threads = [threading.Thread(target=write, args=(v,)) for v in values]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found
    assert all(v in values for v in found)  # never a torn or mixed entry
    assert not [p for p in Path(entries.folder).iterdir() if p.name.endswith(".tmp")]


def test_the_fingerprint_changes_with_malkolls_code(monkeypatch, tmp_path):
    before = cache.fingerprint()
    monkeypatch.setattr(cache, "_FINGERPRINT", None)
    assert cache.fingerprint() == before
    monkeypatch.setattr(cache, "_FINGERPRINT", None)
    monkeypatch.setattr(cache.sys, "version", "3.99 (some other Python)")
    assert cache.fingerprint() != before
