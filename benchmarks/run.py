"""Benchmarks for issue 11: malkoll's commands against a bare libyaml load of the same files.

    python benchmarks/run.py                          # every row of the issue's table
    python benchmarks/run.py --snabb                  # a quick subset
    python benchmarks/run.py --korpus A-1000,B-1000 -n 5 --json resultat.json

Generates the corpora when they are missing or stale (A-100 ... B-3000 in benchmarks/data:
A short values and many nodes, B long texts; see generate.py), then runs every measurement
of a corpus in a fresh process, interleaved, after a warm-up round, so drift on the
machine hits them all alike:

- the baseline: every *.yaml file read with `yaml.load(..., Loader=yaml.CSafeLoader)`;
- `malkoll validera` cold (`--utan-cache` where it exists, the cache folder deleted first),
  warm (nothing changed since the run before it) and with one plan file changed;
- the editor: `malkoll.session.Session.change()` of one plan file, in-process;
- `malkoll status` (text, to a file and with COLUMNS=120) and `malkoll rapport` (md+html);
- start-up: `malkoll regler` against `python -c "import typer"`, and more.

Reports the min and median wall time and the peak memory (max RSS) of each, the ratios
to the baseline measured in the same run, and each goal of the issue as met (✓) or not (✗).
A failing or missing command is reported, not fatal.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import generate
import redigering

HERE = Path(__file__).resolve().parent
SHOW_LINES = 15
TODAY = "2021-03-01"
"""The day every check is made (`--idag`): all three periods of 2020 are due, so the
result does not depend on the clock, and the cache's key (which holds the day) neither."""
YEAR = "2020"
CACHE_FOLDER = ".malkoll-cache"
EDITOR_EDITS = 20

# Skips hidden folders (malkoll's cache) like malkoll does.
BARE_LOAD = """\
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
docs = []
for path in sorted(root.rglob("*.yaml")):
    if any(p.startswith(".") for p in path.relative_to(root).parts):
        continue
    with path.open(encoding="utf-8") as f:
        docs.append(yaml.load(f.read(), Loader=yaml.CSafeLoader))
print(len(docs), "filer")
"""
BARE_COMPOSE = """\
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
n = 0
for path in sorted(root.rglob("*.yaml")):
    if any(p.startswith(".") for p in path.relative_to(root).parts):
        continue
    with path.open(encoding="utf-8") as f:
        yaml.compose(f.read(), Loader=yaml.CSafeLoader)
    n += 1
print(n, "filer")
"""
BARE_IMPORT = "import typer, rich, pydantic, jinja2, yaml"
WITHOUT_RULES = """\
import datetime as dt
import sys
from pathlib import Path
from malkoll import findings
from malkoll.model.timing import Timing
from malkoll.rules import ids, references, settings
from malkoll.rules.context import Context
from malkoll.reading.walk import find_root
from malkoll.reading.load import load, paused_gc
def check():
    repo = load(find_root(Path(sys.argv[1])))
    ctx = Context.build(repo, Timing(dt.date.fromisoformat(sys.argv[2])))
    problems = [*repo.problems, *settings.check(ctx), *ids.check(ctx), *references.check(ctx)]
    return len(findings.build(problems, repo.installningar.regler))
with paused_gc():  # as validera: the model is freed before the collector is back
    found = check()
print(found, "fynd")
"""
"""`validera` without the completeness and plausibility rules (MK3xx–MK5xx): reading,
schema and references only, to show what the full rule set adds."""

# --- the rows -------------------------------------------------------------------------

ROWS = {
    "bas": "libyaml-läsning (bas)",
    "compose": "libyaml compose (noder)",
    "utan-regler": "validera utan MK3xx–MK5xx",
    "kallt": "validera kallt",
    "varmt": "validera varmt (inget ändrat)",
    "andrad": "validera, en fil ändrad",
    "editor": "editorn: en ändring",
    "status": "status (text till fil)",
    "status120": "status (text, COLUMNS=120)",
    "rapport": "rapport md+html",
    "rapport-varm": "rapport md+html, cache på",
}
SMALL = ("bas", "kallt", "rapport")
LARGE_A = ("bas", "kallt", "editor", "status", "status120", "rapport", "rapport-varm")
DEFAULT = {
    "A-100": SMALL,
    "A-1000": tuple(ROWS),
    "A-3000": LARGE_A,
    "B-100": SMALL,
    "B-1000": tuple(ROWS),
    "B-3000": SMALL,
}
"""The default run: every row at 1,000 units, what the issue asks at 3,000 units (the
editor, peak memory, status) on A, and rapport / validera at every size."""
QUICK = {"A-100": SMALL, "A-1000": tuple(ROWS)}
CORPUS_NAME = re.compile(r"(?P<letter>[AB])-(?P<units>[0-9]+)")
LETTER_SORT = {letter: sort for sort, letter in generate.SORTS.items()}

EDITOR_GOAL_MS = {1000: 150.0, 3000: 300.0}
"""The editor's budget on corpus A at 1,000 units, and at 3,000 units of either kind."""
RSS_GOAL_MIB = 256.0


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    status: int
    output: str = field(default="", repr=False)
    edits: list[float] = field(default_factory=list)  # the editor's timed edits
    extra: dict = field(default_factory=dict)


@dataclass
class Measurement:
    group: str  # the corpus, or "start"
    key: str
    name: str
    command: list[str]
    env: dict[str, str] | None = None
    prepare: Callable[[], None] | None = None  # untimed, before each run
    runs: list[Run] = field(default_factory=list)

    @property
    def editor(self) -> bool:
        return self.key == "editor"

    @property
    def missing(self) -> str:
        """Why the measured API is missing, or ""."""
        return next((str(r.extra["saknas"]) for r in self.runs if "saknas" in r.extra), "")

    @property
    def ok(self) -> list[Run]:
        """The runs that ended with status 0: the times come from these only."""
        return [r for r in self.runs if r.status == 0]

    @property
    def times(self) -> list[float]:
        if self.editor:
            return [t for r in self.ok for t in r.edits]
        return [r.seconds for r in self.ok]

    @property
    def best(self) -> float:
        return min(self.times, default=0.0)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else 0.0

    @property
    def rss(self) -> float:
        return max((r.max_rss_mib for r in self.ok), default=0.0)

    @property
    def rss_low(self) -> float:
        return min((r.max_rss_mib for r in self.ok), default=0.0)

    @property
    def failed(self) -> list[Run]:
        return [r for r in self.runs if r.status != 0]

    @property
    def usable(self) -> bool:
        return bool(self.times) and not self.missing

    @property
    def note(self) -> str:
        """Why the figures are missing or rest on fewer runs than asked for."""
        if self.missing:
            return self.missing
        if not self.failed:
            return ""
        return f"{len(self.failed)} av {len(self.runs)} körningar misslyckades"


@dataclass
class Corpus:
    name: str
    sort: str
    units: int
    path: Path
    rows: tuple[str, ...]
    files: int = 0
    size: int = 0
    edit_file: str = ""  # the plan file "one file changed" and the editor edit


# --- running one process ----------------------------------------------------------------------


# The measured process is started by a small launcher, not by this script: on Linux a
# child's max RSS starts at the peak RSS of the process that forked it (the address space
# it execs from), so this script (with the generator and PyYAML loaded) would put a floor
# under every figure. The launcher imports nothing and stays near a bare interpreter.
LAUNCHER = """\
import os, sys, time
out = int(sys.argv[1])
argv = sys.argv[2:]
actions = [(os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, out, 2)]
started = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
print(seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def _rss_mib(maxrss: int) -> float:
    """ru_maxrss is KiB on Linux, bytes on macOS."""
    return maxrss / (2**20 if sys.platform == "darwin" else 2**10)


def run_once(command: Sequence[str], timeout: float, env: dict[str, str] | None = None) -> Run:
    """Run a command in a fresh process: wall time, peak memory, exit status, output.

    Its output goes to a file, as when a command's output is redirected or piped."""
    with tempfile.TemporaryFile() as out:
        fd = out.fileno()
        launcher = [sys.executable, "-S", "-c", LAUNCHER, str(fd), *command]
        try:
            proc = subprocess.Popen(
                launcher,
                stdout=subprocess.PIPE,
                stderr=fd,
                pass_fds=(fd,),
                start_new_session=True,
                env=env if env is not None else plain_env(),
            )
        except OSError as exc:
            return Run(0.0, 0.0, -1, f"kunde inte starta {command[0]}: {exc}")
        try:
            report, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the launcher's own group: it and its child
            proc.communicate()
            report = b""
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    try:
        seconds, maxrss, status = report.split()
        return Run(float(seconds), _rss_mib(int(maxrss)), int(status), text)
    except ValueError:
        reason = f"avbruten efter {timeout:g} s" if not report else report.decode(errors="replace")
        return Run(float(timeout), 0.0, -1, f"{text}\n(mätningen misslyckades: {reason})")


_NOT_PASSED = ("COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE", "MALKOLL_UTAN_CACHE")
"""Not handed to what is measured: a terminal's width, and what would make every run
pay for compiling malkoll's modules again or turn the cache off behind the rows' back."""


def plain_env(**extra: str) -> dict[str, str]:
    """This environment without `_NOT_PASSED`, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_PASSED}
    return env | extra


def malkoll_command() -> list[str]:
    """The `malkoll` next to this Python, or `python -m malkoll`."""
    exe = Path(sys.executable).parent / "malkoll"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "malkoll"]


def has_option(command: str, option: str) -> bool:
    """Whether `malkoll COMMAND --help` mentions the option."""
    try:
        done = subprocess.run(
            [*malkoll_command(), command, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            env=plain_env(COLUMNS="200"),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return option in done.stdout


# --- corpora --------------------------------------------------------------------------


def yaml_files(root: Path) -> list[Path]:
    """The corpus's YAML files, without hidden folders (malkoll's cache)."""
    return [
        p
        for p in sorted(root.rglob("*.yaml"))
        if not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]


def ensure_corpus(corpus: Corpus, seed: int) -> None:
    """Generate the corpus unless an up-to-date one with the same parameters is there."""
    marker = corpus.path / generate.MARKER
    wanted = {
        "sort": corpus.sort,
        "enheter": corpus.units,
        "seed": seed,
        "generator": generate.source_hash(),
    }
    try:
        stamp = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    if any(stamp.get(k) != v for k, v in wanted.items()):
        print(f"Genererar {corpus.name} ({corpus.units} enheter) i {corpus.path} ...", flush=True)
        started = time.perf_counter()
        generate.generate(corpus.path, corpus.units, seed, corpus.sort)
        print(f"  klart på {time.perf_counter() - started:.1f} s", flush=True)
    files = yaml_files(corpus.path)
    corpus.files = len(files)
    corpus.size = sum(f.stat().st_size for f in files)
    if {"andrad", "editor"} & set(corpus.rows):
        corpus.edit_file = redigering.pick(corpus.path)
        restore(corpus)  # an edit an interrupted run left behind


def restore(corpus: Corpus) -> None:
    """The edited plan file as generated."""
    path = corpus.path / corpus.edit_file
    text = path.read_text(encoding="utf-8")
    original = redigering.edited(text, None)
    if original != text:
        path.write_text(original, encoding="utf-8")


# --- the measurements -------------------------------------------------------------------


@dataclass
class Options:
    """What the installed malkoll offers, found once per run."""

    no_cache: dict[str, bool]  # command -> has --utan-cache

    def cold(self, command: str) -> list[str]:
        return ["--utan-cache"] if self.no_cache.get(command) else []


_TOKENS = itertools.count()
_NONCE = time.time_ns() % 10**9


def new_token() -> str:
    """A word no run has written before, so the changed file's content is always new."""
    return f"{_NONCE}-{next(_TOKENS)}"


def drop_cache(corpus: Corpus) -> Callable[[], None]:
    def run() -> None:
        shutil.rmtree(corpus.path / CACHE_FOLDER, ignore_errors=True)

    return run


def validera(corpus: Corpus, extra: Sequence[str] = ()) -> list[str]:
    return [*malkoll_command(), "validera", "--idag", TODAY, *extra, str(corpus.path)]


def again(command: list[str]) -> Callable[[], None]:
    """The same command once more, untimed, so the cache holds what it needs."""

    def run() -> None:
        subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=plain_env(),
            check=False,
        )

    return run


def warm_up(corpus: Corpus, change: bool) -> Callable[[], None]:
    """A validera with the cache on, so the cache holds the files as they are; then, with
    `change`, one plan file gets a new sentence in an analysis (it stays valid)."""

    def run() -> None:
        again(validera(corpus))()
        if change:
            path = corpus.path / corpus.edit_file
            text = path.read_text(encoding="utf-8")
            path.write_text(redigering.edited(text, new_token()), encoding="utf-8")

    return run


def corpus_measurements(corpus: Corpus, options: Options, edits: int) -> list[Measurement]:
    folder = str(corpus.path)
    malkoll = malkoll_command()
    reports = HERE / "data" / "rapporter" / corpus.name
    report = [*malkoll, "rapport", YEAR, "-C", folder, "--idag", TODAY, "--ut", str(reports)]
    made: dict[str, Callable[[], Measurement]] = {
        "bas": lambda: Measurement(
            corpus.name, "bas", ROWS["bas"], [sys.executable, "-c", BARE_LOAD, folder]
        ),
        "compose": lambda: Measurement(
            corpus.name, "compose", ROWS["compose"], [sys.executable, "-c", BARE_COMPOSE, folder]
        ),
        "utan-regler": lambda: Measurement(
            corpus.name,
            "utan-regler",
            ROWS["utan-regler"],
            [sys.executable, "-c", WITHOUT_RULES, folder, TODAY],
        ),
        "kallt": lambda: Measurement(
            corpus.name,
            "kallt",
            ROWS["kallt"],
            validera(corpus, options.cold("validera")),
            prepare=drop_cache(corpus),
        ),
        "varmt": lambda: Measurement(
            corpus.name,
            "varmt",
            ROWS["varmt"],
            validera(corpus),
            prepare=warm_up(corpus, change=False),
        ),
        "andrad": lambda: Measurement(
            corpus.name,
            "andrad",
            ROWS["andrad"],
            validera(corpus),
            prepare=warm_up(corpus, change=True),
        ),
        "editor": lambda: Measurement(
            corpus.name,
            "editor",
            ROWS["editor"],
            [
                sys.executable,
                str(HERE / "redigering.py"),
                folder,
                corpus.edit_file,
                "--andringar",
                str(edits),
                "--idag",
                TODAY,
            ],
        ),
        "status": lambda: Measurement(
            corpus.name,
            "status",
            ROWS["status"],
            [*malkoll, "status", YEAR, "-C", folder, "--idag", TODAY, *options.cold("status")],
            prepare=drop_cache(corpus),
        ),
        "status120": lambda: Measurement(
            corpus.name,
            "status120",
            ROWS["status120"],
            [*malkoll, "status", YEAR, "-C", folder, "--idag", TODAY, *options.cold("status")],
            env=plain_env(COLUMNS="120"),
            prepare=drop_cache(corpus),
        ),
        "rapport": lambda: Measurement(
            corpus.name,
            "rapport",
            ROWS["rapport"],
            [*report, *options.cold("rapport")],
            prepare=drop_cache(corpus),
        ),
        "rapport-varm": lambda: Measurement(
            corpus.name,
            "rapport-varm",
            ROWS["rapport-varm"],
            report,
            prepare=again(report),
        ),
    }
    return [made[key]() for key in ROWS if key in corpus.rows]


def startup_measurements() -> list[Measurement]:
    return [
        Measurement("start", "pass", "python -c pass", [sys.executable, "-c", "pass"]),
        Measurement("start", "typer", "import typer (bas)", [sys.executable, "-c", "import typer"]),
        Measurement(
            "start", "beroenden", "import av alla beroenden", [sys.executable, "-c", BARE_IMPORT]
        ),
        Measurement("start", "help", "malkoll --help", [*malkoll_command(), "--help"]),
        Measurement("start", "regler", "malkoll regler", [*malkoll_command(), "regler"]),
    ]


def parse_editor(run: Run) -> None:
    """The editor benchmark's JSON line: its timed edits, or why it could not run."""
    if run.status != 0:
        return
    for line in reversed(run.output.strip().splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict):
            run.extra = data
            run.edits = [float(t) for t in data.get("andringar_s", [])]
            return
    run.status = -1
    run.output += "\n(ingen JSON-rad från redigering.py)"


def measure_round(
    measurements: list[Measurement], repeats: int, warmup: int, timeout: float
) -> None:
    """Run every measurement `warmup + repeats` times, interleaved so drift hits all alike."""
    for i in range(warmup + repeats):
        for m in measurements:
            if m.prepare is not None:
                m.prepare()
            run = run_once(m.command, timeout, m.env)
            if m.editor:
                parse_editor(run)
            if i >= warmup:
                m.runs.append(run)
            print(".", end="", flush=True)
    print(flush=True)


def warn_failures(m: Measurement) -> None:
    if m.missing:
        print(f"\nOBS: {m.name} ({m.group}) saknas: {m.missing}")
        return
    if m.editor:
        changed = {(r.extra.get("fynd_fore"), r.extra.get("fynd_efter")) for r in m.runs}
        if any(a != b for a, b in changed):
            print(
                f"\nVARNING: {m.name} ({m.group}): antalet fynd ändrades (före, efter): {changed}"
            )
    if not m.failed:
        return
    first = m.failed[0]
    how = f"status {first.status}"
    if first.status < -1:  # killed by a signal
        try:
            how = f"signalen {signal.Signals(-first.status).name}"
        except ValueError:
            how = f"signal {-first.status}"
    print(
        f"\nVARNING: {m.name} ({m.group}) avslutades med {how} i {len(m.failed)} av "
        f"{len(m.runs)} körningar (väntat status 0). Utskriften:"
    )
    lines = first.output.splitlines()
    if len(lines) > SHOW_LINES:  # a traceback ends with what went wrong
        lines = [*lines[:3], "...", *lines[3 - SHOW_LINES :]]
    for line in lines:
        print(f"    {line}")


# --- goals ----------------------------------------------------------------------------


@dataclass
class Goal:
    """One row of the issue's table for one corpus: a measured value against a limit."""

    what: str
    group: str
    low: float | None  # the value from the min times (ratios) or the lowest run (RSS)
    value: float | None  # the value the goal is judged on: medians, or the highest RSS
    limit: float | None
    unit: str  # "×", "ms" or "MiB"
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.value is None or self.limit is None:
            return None
        return self.value <= self.limit


def _ratio_goal(
    what: str, group: str, m: Measurement | None, base: Measurement | None, limit: float | None
) -> Goal | None:
    if m is None or base is None:
        return None
    notes = (m.note, f"{base.name}: {base.note}" if base.note else "")
    note = "; ".join(n for n in notes if n)
    if not (m.usable and base.usable):
        return Goal(what, group, None, None, limit, "×", note)
    low = m.best / base.best if base.best > 0 else None
    value = m.median / base.median if base.median > 0 else None
    return Goal(what, group, low, value, limit, "×", note)


def goals(corpora: list[Corpus], groups: dict[str, list[Measurement]]) -> list[Goal]:
    out: list[Goal | None] = []
    for corpus in corpora:
        by = {m.key: m for m in groups.get(corpus.name, [])}
        name = corpus.name
        cold = by.get("kallt")
        # The goal is for a municipality of 1,000 units (its corpora A and B): at
        # 100 units the bare load takes less than Python and pydantic take to start.
        cold_limit = 0.6 if corpus.units >= 1000 else None
        out.append(_ratio_goal("validera kallt / bas", name, cold, by.get("bas"), cold_limit))
        out.append(_ratio_goal("validera varmt / kallt", name, by.get("varmt"), cold, 0.1))
        out.append(_ratio_goal("en fil ändrad / kallt", name, by.get("andrad"), cold, 0.35))
        editor = by.get("editor")
        if editor is not None:
            limit = EDITOR_GOAL_MS.get(corpus.units) if corpus.sort == "kort" else None
            if corpus.units >= 3000:
                limit = EDITOR_GOAL_MS[3000]
            low = editor.best * 1e3 if editor.usable else None
            value = editor.median * 1e3 if editor.usable else None
            out.append(Goal("editorn: en ändring", name, low, value, limit, "ms", editor.note))
        out.append(_ratio_goal("status / validera kallt", name, by.get("status"), cold, 1.2))
        out.append(
            _ratio_goal("status COLUMNS=120 / validera kallt", name, by.get("status120"), cold, 1.2)
        )
        out.append(
            _ratio_goal("rapport md+html / validera kallt", name, by.get("rapport"), cold, 1.2)
        )
        out.append(
            _ratio_goal(
                "rapport, cache på / validera kallt", name, by.get("rapport-varm"), cold, None
            )
        )
        if corpus.units >= 3000:
            for key in ("kallt", "status", "rapport"):
                m = by.get(key)
                if m is not None and m.runs:
                    low, value = (m.rss_low, m.rss) if m.usable else (None, None)
                    what = f"toppminne, {m.name}"
                    # The memory goal is for corpus A; B-3000 holds 200 MB of text.
                    limit = RSS_GOAL_MIB if corpus.sort == "kort" else None
                    out.append(Goal(what, name, low, value, limit, "MiB", m.note))
    start = {m.key: m for m in groups.get("start", [])}
    out.append(
        _ratio_goal(
            "malkoll regler / import typer", "start", start.get("regler"), start.get("typer"), 1.5
        )
    )
    return [g for g in out if g is not None]


# --- reporting ------------------------------------------------------------------------


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base > 0 else "–"


def _columns(head: Sequence[str], rows: list[tuple[str, ...]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]

    def fmt(row: Sequence[str]) -> str:
        cells = (
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        return "  ".join(cells).rstrip()

    lines = [fmt(head), "  ".join("-" * w for w in widths)]
    previous = None
    for row in rows:
        if previous is not None and row[0] != previous:
            lines.append("")
        lines.append(fmt(row) if row[0] != previous else fmt(("", *row[1:])))
        previous = row[0]
    return lines


def table(corpora: list[Corpus], groups: dict[str, list[Measurement]]) -> str:
    sizes = {c.name: c for c in corpora}
    head = (
        "korpus",
        "mätning",
        "min s",
        "median s",
        "MB/s",
        "max RSS MiB",
        "× bas min",
        "× bas median",
        "status",
    )
    rows: list[tuple[str, ...]] = []
    for group, ms in groups.items():
        base = next((m for m in ms if m.key in ("bas", "typer")), ms[0])
        corpus = sizes.get(group)
        label = f"{group} ({corpus.files} filer, {corpus.size / 1e6:.1f} MB)" if corpus else group
        for m in ms:
            statuses = ",".join(str(s) for s in sorted({r.status for r in m.runs}))
            if m.missing or not m.times:
                why = "saknas" if m.missing else "fel"
                rows.append((label, m.name, why, "", "", "", "", "", statuses))
                continue
            speed = (
                f"{corpus.size / 1e6 / m.best:.1f}"
                if corpus and m.best > 0 and not m.editor
                else ""
            )
            is_base = m is base
            rows.append(
                (
                    label,
                    m.name + (" (per ändring)" if m.editor else ""),
                    f"{m.best:.3f}",
                    f"{m.median:.3f}",
                    speed,
                    f"{m.rss:.1f}",
                    "" if is_base else _ratio(m.best, base.best),
                    "" if is_base else _ratio(m.median, base.median),
                    statuses,
                )
            )
            opened = [r.extra["oppna_s"] for r in m.runs if "oppna_s" in r.extra]
            if opened:  # the session's first read and check, in the same process
                low, mid = min(opened), statistics.median(opened)
                rows.append(
                    (
                        label,
                        "editorn: Session.open",
                        f"{low:.3f}",
                        f"{mid:.3f}",
                        f"{corpus.size / 1e6 / low:.1f}" if corpus and low > 0 else "",
                        "",
                        _ratio(low, base.best),
                        _ratio(mid, base.median),
                        "",
                    )
                )
    return "\n".join(_columns(head, rows, {2, 3, 4, 5, 6, 7}))


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:.0f} {unit}" if unit == "ms" else f"{value:.1f} {unit}"


def goal_table(found: list[Goal]) -> str:
    head = ("mål (issue 11)", "korpus", "min", "median", "mål", "uppfyllt")
    rows: list[tuple[str, ...]] = []
    for g in sorted(found, key=lambda g: _goal_order(g.what)):
        verdict = {True: "✓", False: "✗", None: "–"}[g.met]
        if g.note:
            verdict += f" ({g.note})"
        limit = f"≤ {_value(g.limit, g.unit)}" if g.limit is not None else "(inget mål)"
        rows.append(
            (g.what, g.group, _value(g.low, g.unit), _value(g.value, g.unit), limit, verdict)
        )
    return "\n".join(_columns(head, rows, {2, 3}))


def _goal_order(what: str) -> int:
    order = (
        "validera kallt",
        "validera varmt",
        "en fil",
        "editorn",
        "status /",
        "status COLUMNS",
        "rapport md",
        "rapport,",
        "malkoll regler",
        "toppminne",
    )
    return next((i for i, prefix in enumerate(order) if what.startswith(prefix)), len(order))


def report_json(
    path: Path,
    corpora: list[Corpus],
    groups: dict[str, list[Measurement]],
    found: list[Goal],
    args: argparse.Namespace,
    options: Options,
) -> None:
    data = {
        "tid": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "python": sys.version.split()[0],
        "plattform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_antal": os.cpu_count(),
        "pyyaml": yaml.__version__,
        "libyaml": yaml.__with_libyaml__,
        "upprepningar": args.upprepningar,
        "utan_cache": options.no_cache,
        "korpusar": [
            {
                "namn": c.name,
                "sort": c.sort,
                "sokvag": str(c.path),
                "enheter": c.units,
                "filer": c.files,
                "byte": c.size,
                "andrad_fil": c.edit_file,
            }
            for c in corpora
        ],
        "matningar": [
            {
                "grupp": m.group,
                "rad": m.key,
                "namn": m.name,
                "kommando": m.command,
                "saknas": m.missing or None,
                "min_s": m.best,
                "median_s": m.median,
                "max_rss_mib": m.rss,
                "tider_s": m.times,
                "korningar": [
                    {
                        "sekunder": r.seconds,
                        "max_rss_mib": r.max_rss_mib,
                        "status": r.status,
                        **({"redigering": r.extra} if m.editor else {}),
                    }
                    for r in m.runs
                ],
            }
            for ms in groups.values()
            for m in ms
        ],
        "mal": [
            {
                "mal": g.what,
                "korpus": g.group,
                "min": g.low,
                "median": g.value,
                "grans": g.limit,
                "enhet": g.unit,
                "uppfyllt": g.met,
                "anmarkning": g.note or None,
            }
            for g in found
        ],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- main -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-n", "--upprepningar", type=int, help="körningar per mätning (3; 1 med --snabb)"
    )
    parser.add_argument(
        "--start-upprepningar", type=int, help="körningar av start-mätningarna (7; 3 med --snabb)"
    )
    parser.add_argument(
        "--uppvarmning", type=int, default=1, help="okontrollerade körningar först (1)"
    )
    parser.add_argument(
        "--andringar",
        type=int,
        help=f"tidtagna ändringar per editorprocess ({EDITOR_EDITS}; 10 med --snabb)",
    )
    parser.add_argument("--data", type=Path, default=HERE / "data", help="mappen för korpusarna")
    parser.add_argument("--seed", type=int, default=1440, help="slumpfrö för korpusarna")
    parser.add_argument(
        "--korpus",
        help=(
            "korpusar att mäta, t.ex. A-1000,B-1000 (A: korta värden, B: långa texter,"
            " följt av antalet enheter); 'ingen' mäter bara starten"
            f" (standard: {','.join(DEFAULT)})"
        ),
    )
    parser.add_argument(
        "--rader",
        help=f"bara de här mätningarna på varje korpus, t.ex. kallt,rapport ({','.join(ROWS)})",
    )
    parser.add_argument(
        "--snabb",
        action="store_true",
        help=f"en snabb delmängd: {','.join(QUICK)}, 1 körning, 10 ändringar i editorn",
    )
    parser.add_argument("--timeout", type=float, default=600, help="sekunder per körning (600)")
    parser.add_argument("--json", type=Path, help="skriv resultaten som JSON hit")
    args = parser.parse_args(argv)
    quick = args.snabb
    args.upprepningar = args.upprepningar or (1 if quick else 3)
    args.start_upprepningar = args.start_upprepningar or (3 if quick else 7)
    args.andringar = args.andringar or (10 if quick else EDITOR_EDITS)
    return args


def choose_corpora(args: argparse.Namespace) -> list[Corpus]:
    if args.korpus == "ingen":
        return []
    plan = QUICK if args.snabb and not args.korpus else DEFAULT
    names = args.korpus.split(",") if args.korpus else list(plan)
    only = None
    if args.rader:
        only = tuple(r.strip() for r in args.rader.split(","))
        unknown = [r for r in only if r not in ROWS]
        if unknown:
            raise SystemExit(
                f"okända mätningar: {', '.join(unknown)}; välj bland {', '.join(ROWS)}"
            )
    corpora = []
    for raw in names:
        name = raw.strip()
        match = CORPUS_NAME.fullmatch(name)
        if match is None:
            raise SystemExit(f"okänd korpus {name!r}: skriv A-<enheter> eller B-<enheter>")
        rows = DEFAULT.get(name, tuple(ROWS))
        if only is not None:
            rows = ("bas", *(r for r in only if r != "bas"))
        corpora.append(
            Corpus(
                name,
                LETTER_SORT[match["letter"]],
                int(match["units"]),
                args.data / name,
                rows,
            )
        )
    return corpora


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpora = choose_corpora(args)
    for corpus in corpora:
        ensure_corpus(corpus, args.seed)
    options = Options({c: has_option(c, "--utan-cache") for c in ("validera", "status", "rapport")})
    load = os.getloadavg()
    print(
        f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__} "
        f"(libyaml: {yaml.__with_libyaml__}), {platform.machine()}, {os.cpu_count()} kärnor,"
        f" last {load[0]:.2f}; malkoll: {' '.join(malkoll_command())}; --utan-cache: "
        + ", ".join(f"{c} {'ja' if v else 'nej'}" for c, v in options.no_cache.items())
    )
    started = time.perf_counter()
    groups: dict[str, list[Measurement]] = {}
    try:
        for corpus in corpora:
            print(
                f"Mäter {corpus.name} ({args.upprepningar} körningar"
                f" + {args.uppvarmning} uppvärmning) ",
                end="",
                flush=True,
            )
            groups[corpus.name] = corpus_measurements(corpus, options, args.andringar)
            measure_round(groups[corpus.name], args.upprepningar, args.uppvarmning, args.timeout)
    finally:
        for corpus in corpora:
            if corpus.edit_file:
                restore(corpus)
    print(f"Mäter start ({args.start_upprepningar} körningar) ", end="", flush=True)
    groups["start"] = startup_measurements()
    measure_round(groups["start"], args.start_upprepningar, args.uppvarmning, args.timeout)
    for ms in groups.values():
        for m in ms:
            warn_failures(m)
    found = goals(corpora, groups)
    load_after = os.getloadavg()
    print()
    print(table(corpora, groups))
    print(
        "\n× bas är mätningen delad med basen i samma korpus (libyaml-läsningen; i start:"
        " import typer), min med min och median med median. Editorns tider gäller en ändring"
        " (Session.change), inte processen."
    )
    print()
    print(goal_table(found))
    print(
        "\nMålen bedöms på medianerna (toppminnet på den högsta körningen)."
        f" Mätt på {time.perf_counter() - started:.0f} s; last före {load[0]:.2f},"
        f" efter {load_after[0]:.2f} (1 min)."
    )
    if args.json:
        report_json(args.json, corpora, groups, found, args, options)
        print(f"JSON skriven till {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
