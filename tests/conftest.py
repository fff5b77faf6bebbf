import itertools
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _outside_ci(monkeypatch):
    """Tests choose their own format: the CI's variables must not switch it to github."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


# The cache (`malkoll.cache`) must never change a result: the whole suite runs with it on
# (the default), off (`MALKOLL_TEST_CACHE=av`) and with every entry it writes damaged
# (`MALKOLL_TEST_CACHE=korrupt`). Its secret and any read-only fallback live in a folder
# of the session, never in the user's own cache.
CACHE_MODE = os.environ.get("MALKOLL_TEST_CACHE", "pa")


@pytest.fixture(scope="session")
def _user_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _cache_mode(monkeypatch, _user_cache):
    monkeypatch.setenv("XDG_CACHE_HOME", str(_user_cache))
    monkeypatch.delenv("MALKOLL_UTAN_CACHE", raising=False)
    if CACHE_MODE == "av":
        monkeypatch.setenv("MALKOLL_UTAN_CACHE", "1")
    elif CACHE_MODE == "korrupt":
        from malkoll import cache

        real_write = cache._write_atomic
        damages = itertools.cycle(_DAMAGES)

        def damaged(folder, name, payload):
            if name in (".gitignore", "nyckel"):
                return real_write(folder, name, payload)
            return real_write(folder, name, next(damages)(payload))

        monkeypatch.setattr(cache, "_write_atomic", damaged)


def _flip(payload: bytes) -> bytes:
    at = len(payload) // 2
    return payload[:at] + bytes([payload[at] ^ 0x40]) + payload[at + 1 :]


_DAMAGES = (
    lambda p: p[: len(p) // 2],  # cut short
    _flip,  # one bit wrong in the body
    lambda p: b"",  # empty
    lambda p: b"MKC0" + p[4:],  # another version's magic
    lambda p: p[:4] + bytes(32) + p[36:],  # a forged checksum
)
