"""malkoll's cache: what a run read and found, kept so that the next run need not redo it.

Two kinds of entry, both in the repository's own cache folder `.malkoll-cache/` (which
holds a `.gitignore` of `*`, so git ignores it without a word in the user's own
`.gitignore`), or in the user's cache folder where the repository is read-only:

- **reads** (`lasningar.bin`): per file, what the reader made of its bytes (the data with
  its positions, and the reader's findings), keyed by the file's path and content. One
  changed file is read again; the others come from here.
- **results** (`resultat/`): a whole command's output and exit status, keyed by
  everything that can change it: the content of every file the command can read, its
  arguments, the folder it runs in, the day, the environment that sets the output's form,
  and malkoll's own code. An unchanged repository answers at once.

The cache is never wrong by construction: every key covers malkoll's code (the size and
time of each of its files), the Python and the libraries that shape a result; every entry
carries a keyed checksum (BLAKE2b with a secret kept in the user's cache folder, outside
any repository), so a corrupt, truncated, foreign or forged entry (one committed to the
repository, say) is ignored and rewritten; and entries are written to a temporary file
and renamed into place, so concurrent runs can only replace a whole entry with another
whole entry. This module is the ground floor: it imports nothing of malkoll's and only
the standard library, so that a warm run need not import anything heavy.
"""

# The cache works on many files per run with os's own functions, which take and give
# strings: a Path per file would cost more than the cache saves.
# ruff: noqa: PTH100, PTH103, PTH105, PTH108, PTH111, PTH116, PTH118, PTH120, PTH123

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import stat
import sys
import time

PathLike = str | os.PathLike[str]
"""A path as a string or a `Path`: the warm path imports neither pathlib nor typing."""

FOLDER = ".malkoll-cache"
"""The cache folder in a repository's root."""
_GITIGNORE = "# malkolls cache: skapas och rensas av malkoll, ska inte checkas in.\n*\n"
_MAGIC = b"MKC1"
_MAC_SIZE = 32
_KEY_FILE = "nyckel"
_RESULTS = "resultat"
_READS = "lasningar.bin"
_FILES = "filer.bin"
_RACY_NS = 2_000_000_000
"""A file changed this close before the digests were written is read again."""
_KEEP_RESULTS = 16
"""How many whole-result entries are kept (the newest)."""
SKIPPED_DIRS = frozenset({"mallar", "rapporter", "node_modules", "venv", "site-packages"})
"""Top folders of a repository that malkoll never reads (templates, reports, tools)."""
SUFFIXES = (".yaml", ".yml")
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_LARGE = 10 * 1024 * 1024
"""Files above the reader's limit are keyed by size and time, not read whole."""
_DEPENDENCIES = ("yaml", "pydantic", "pydantic_core", "jinja2", "markupsafe", "markdown_it")
"""Libraries whose version can change a result: their files' sizes and times are keyed."""


def user_folder() -> str | None:
    """malkoll's folder in the user's cache (`$XDG_CACHE_HOME/malkoll`, `~/.cache/malkoll`)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if base.startswith("~"):  # no home directory
        return None
    return _real_folder(os.path.join(base, "malkoll"))


def directory(root: PathLike) -> str | None:
    """The cache folder for the repository at ``root``, made if need be: `.malkoll-cache/`
    in the repository, or (read-only repository) a folder of its own in the user's cache;
    None where neither can be written."""
    own = _real_folder(os.path.join(root, FOLDER), gitignore=True)
    if own is not None:
        return own
    user = user_folder()
    if user is None:
        return None
    digest = hashlib.blake2b(os.fsencode(os.path.abspath(root)), digest_size=10).hexdigest()
    return _real_folder(os.path.join(user, "repo", digest))


def _real_folder(path: str, gitignore: bool = False) -> str | None:
    """``path`` as a real, writable folder of ours (made if missing), or None. A link or
    anything else in its place is never followed or written through."""
    try:
        if not os.path.lexists(path):
            os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode) or not os.access(path, os.W_OK | os.X_OK):
            return None
        if gitignore and not os.path.lexists(os.path.join(path, ".gitignore")):
            _write_atomic(path, ".gitignore", _GITIGNORE.encode())
    except OSError:
        return None
    return path


def _write_atomic(folder: str, name: str, payload: bytes) -> None:
    """Write ``folder/name`` whole: a new temporary file beside it, renamed into place."""
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.replace(tmp, os.path.join(folder, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


SECRET_VARIABLE = "MALKOLL_CACHE_NYCKEL"
"""An environment variable that, when set, is the secret of the checksums (a masked CI
variable, where the user's cache folder cannot be kept between jobs)."""


def _secret(root: PathLike) -> bytes | None:
    """The key of the entries' checksums: from `SECRET_VARIABLE`, or a random key made
    once in the user's cache folder. Never a key kept inside the repository at ``root``:
    whoever can commit to it could then sign entries of their own."""
    given = os.environ.get(SECRET_VARIABLE)
    if given:
        return hashlib.sha256(b"malkoll\0" + given.encode("utf-8", "surrogateescape")).digest()
    folder = user_folder()
    if folder is None or _inside(folder, root):
        return None
    path = os.path.join(folder, _KEY_FILE)
    try:
        with open(path, "rb") as fh:
            key = fh.read(64)
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        _write_atomic(folder, _KEY_FILE, os.urandom(32))
        with open(path, "rb") as fh:  # another run may have won the race: use its key
            key = fh.read(64)
    except OSError:
        return None
    return key if len(key) == 32 else None


def _inside(path: str, root: PathLike) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


_FINGERPRINT: bytes | None = None


def fingerprint() -> bytes:
    """malkoll's code, the Python and the libraries that shape a result: every file of
    the malkoll package (and its templates) by path, size and time, and the same of the
    libraries' top files. object change of code makes every entry stale."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        h = hashlib.blake2b(digest_size=20)
        h.update(sys.version.encode())
        h.update(os.path.realpath(sys.executable).encode())
        package = os.path.dirname(os.path.realpath(__file__))
        for folder in (package, os.path.join(os.path.dirname(os.path.dirname(package)), "mallar")):
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
                for name in sorted(filenames):
                    _stat_into(h, os.path.join(dirpath, name))
        for name in _DEPENDENCIES:
            spec = _origin(name)
            if spec:
                _stat_into(h, spec)
        _FINGERPRINT = h.digest()
    return _FINGERPRINT


def _origin(module: str) -> str | None:
    import importlib.util  # a warm run needs it only here

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


def _stat_into(h: hashlib.blake2b, path: str) -> None:
    try:
        info = os.stat(path)
    except OSError:
        return
    h.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())


class Entries:
    """Signed, versioned payloads in one cache folder."""

    def __init__(self, folder: str, secret: bytes) -> None:
        self.folder = folder
        self.secret = secret

    @classmethod
    def open(cls, root: PathLike) -> Entries | None:
        """The entries of the repository at ``root``; None where there can be no cache."""
        folder = directory(root)
        secret = _secret(root) if folder is not None else None
        if folder is None or secret is None:
            return None
        return cls(folder, secret)

    @classmethod
    def of_malkoll(cls, name: str, root: PathLike) -> Entries | None:
        """Entries of malkoll's own (its compiled templates, as Python keeps its `.pyc`):
        in the user's cache folder, shared by every repository and kept with
        `--utan-cache`; in the repository's cache where the user has none."""
        user = user_folder()
        folder = _real_folder(os.path.join(user, name)) if user is not None else None
        if folder is None or _inside(folder, root):
            return cls.open(root)
        secret = _secret(root)
        return cls(folder, secret) if secret is not None else None

    def _mac(self, body: bytes | memoryview) -> bytes:
        mac = hmac.new(self.secret, fingerprint(), "sha256")
        mac.update(body)
        return mac.digest()

    def load(self, name: str) -> object:
        """The value stored under ``name``, or None if it is missing, corrupt, foreign
        (another malkoll, another machine's key) or forged."""
        try:
            with open(os.path.join(self.folder, name), "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    return None
                blob = fh.read()
        except OSError:
            return None
        head = len(_MAGIC) + _MAC_SIZE
        if len(blob) < head or not blob.startswith(_MAGIC):
            return None
        body = memoryview(blob)[head:]
        if not hmac.compare_digest(blob[len(_MAGIC) : head], self._mac(body)):
            return None
        try:
            return marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return None

    def store(self, name: str, value: object) -> None:
        """Store ``value`` (of the types `marshal` writes) under ``name``; a cache that
        cannot be written is no error."""
        try:
            body = marshal.dumps(value)  # type: ignore[arg-type]  # checked by marshal
        except ValueError:
            return
        folder = self.folder
        if "/" in name:
            sub, name = name.rsplit("/", 1)
            made = _real_folder(os.path.join(self.folder, sub))
            if made is None:
                return
            folder = made
        with contextlib.suppress(OSError):
            _write_atomic(folder, name, _MAGIC + self._mac(body) + body)


class Cache:
    """The cache of one run over one repository.

    Files are known by the digest of their content. To know it without reading every
    file, the last run's digests are kept with each file's size, modification and change
    times and inode, as git's index does; a digest is trusted only when all of these are
    unchanged and the file was last changed well before the digests were written (a file
    changed in the same moment could otherwise look unchanged). Writing a file always
    moves its change time, which no tool can set back.
    """

    def __init__(self, entries: Entries) -> None:
        self.entries = entries
        stamped = entries.load(_FILES)
        self._started = time.time_ns()
        self._known: dict[str, tuple[int, int, int, int, bytes]] = {}
        if isinstance(stamped, tuple) and len(stamped) == 2 and isinstance(stamped[1], dict):
            written, known = stamped
            self._trusted_before = written - _RACY_NS
            self._known = known
        else:
            self._trusted_before = 0
        self._seen: dict[str, tuple[int, int, int, int, bytes]] = {}
        self._reads_old: dict[bytes, object] | None = None
        self._reads_now: dict[bytes, object] = {}
        self._reads_changed = False
        self.consistent = True
        """False once a file was seen to change during the run: its result is not kept."""

    @classmethod
    def open(cls, root: PathLike, enabled: bool = True) -> Cache | None:
        """The cache of the repository at ``root``, or None when it is off or impossible."""
        if not enabled or os.environ.get("MALKOLL_UTAN_CACHE"):
            return None
        entries = Entries.open(root)
        return cls(entries) if entries is not None else None

    def digest(
        self, path: PathLike, rel: str, limit: int = _LARGE
    ) -> tuple[bytes | None, bytes | None]:
        """The digest of a regular file's content, and its bytes if they had to be read
        (None, None for anything that is not a regular file of at most ``limit`` bytes)."""
        try:
            info = os.stat(path)
        except OSError:
            return None, None
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None, None
        mark = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        seen = self._seen.get(rel)
        if seen is not None:  # asked before in this run: the same answer, or a change
            if seen[:4] == mark:
                return seen[4], None
            self.consistent = False
        known = self._known.get(rel)
        if (
            known is not None
            and known[:4] == mark
            and max(info.st_mtime_ns, info.st_ctime_ns) < self._trusted_before
        ):
            self._seen[rel] = known
            return known[4], None
        raw = _read(path)
        if raw is None or len(raw) > limit:
            return None, None
        digest = hashlib.sha256(raw).digest()
        self._seen[rel] = (*mark, digest)
        return digest, raw

    def digest_of(self, rel: str, raw: bytes) -> bytes:
        """The digest of the content of ``rel`` as the caller read it (after `digest`)."""
        digest = hashlib.sha256(raw).digest()
        seen = self._seen.get(rel)
        if seen is not None and seen[4] != digest:
            self.consistent = False  # changed since `digest` was asked
            self._seen[rel] = (*seen[:4], digest)
        return digest

    def read_entry(self, rel: str, digest: bytes) -> object:
        """The reader's result for this file as it is, from an earlier run, or None."""
        if self._reads_old is None:
            loaded = self.entries.load(_READS)
            self._reads_old = loaded if isinstance(loaded, dict) else {}
        key = _read_key(rel, digest)
        value = self._reads_old.get(key)
        if value is not None:
            self._reads_now[key] = value
        return value

    def keep_read(self, rel: str, digest: bytes, value: object) -> None:
        self._reads_now[_read_key(rel, digest)] = value
        self._reads_changed = True

    def save(self) -> None:
        """Write back what changed: the digests, and the read entries this run used (so
        the store holds the repository as it is now, never its history). Saving again
        writes only what changed since."""
        merged = {**self._known, **self._seen}
        if merged != self._known or (self._trusted_before <= 0 and self._seen):
            self.entries.store(_FILES, (self._started, merged))
            self._known, self._trusted_before = merged, self._started - _RACY_NS
        if self._reads_changed or (
            self._reads_old is not None and len(self._reads_now) != len(self._reads_old)
        ):
            self.entries.store(_READS, self._reads_now)
            self._reads_old, self._reads_changed = dict(self._reads_now), False

    def load_result(self, key: str) -> object:
        return self.entries.load(f"{_RESULTS}/{key}")

    def store_result(self, key: str, value: object) -> None:
        self.entries.store(f"{_RESULTS}/{key}", value)
        prune(os.path.join(self.entries.folder, _RESULTS), _KEEP_RESULTS)


def _read_key(rel: str, digest: bytes) -> bytes:
    return rel.encode("utf-8", "surrogateescape") + b"\0" + digest


def _read(path: PathLike) -> bytes | None:
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def results_key(parts: list[bytes]) -> str:
    """The name of a whole-result entry, from everything that can change the result."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()[:40]


def prune(folder: PathLike, keep: int) -> None:
    """Keep the newest ``keep`` entries of a folder of the cache."""
    try:
        found = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(folder) if e.is_file()]
    except OSError:
        return
    for _, path in sorted(found, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
