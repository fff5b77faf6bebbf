"""Measure `malkoll validera` against a bare libyaml load of the same files.

    python benchmarks/run.py                    # both corpora, 3 runs each
    python benchmarks/run.py -n 5 --json resultat.json

Generates the corpora when they are missing or stale (benchmarks/data/stor with 1,000
units, benchmarks/data/tiondel with 100), then runs, each in a fresh process:

- the baseline: every *.yaml file read and parsed with `yaml.CSafeLoader`, kept in memory;
- `malkoll validera DIR`, its exit status recorded (a valid corpus gives 0);
- start-up: `malkoll --help` against a bare import of malkoll's dependencies.

Reports the min and median wall time and the peak memory (max RSS) of each, and the
ratio malkoll/baseline. A failing or missing `malkoll validera` is reported, not fatal.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

import generate

HERE = Path(__file__).resolve().parent
SHOW_LINES = 15

BARE_LOAD = """\
import sys
from pathlib import Path
import yaml
docs = []
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    with path.open(encoding="utf-8") as f:
        docs.append(yaml.load(f.read(), Loader=yaml.CSafeLoader))
print(len(docs), "filer")
"""
BARE_COMPOSE = """\
import sys
from pathlib import Path
import yaml
n = 0
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
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
    ctx = Context.build(repo, Timing(dt.date.today()))
    problems = [*repo.problems, *settings.check(ctx), *ids.check(ctx), *references.check(ctx)]
    return len(findings.build(problems, repo.installningar.regler))
with paused_gc():  # as validera: the model is freed before the collector is back
    found = check()
print(found, "fynd")
"""
"""`validera` without the completeness and plausibility rules (MK3xx–MK5xx): reading,
schema and references only, to show what the full rule set adds."""


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    status: int
    output: str = field(default="", repr=False)


@dataclass
class Measurement:
    group: str  # the corpus, or "start"
    name: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs]

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def rss(self) -> float:
        return max(r.max_rss_mib for r in self.runs)

    @property
    def failed(self) -> list[Run]:
        return [r for r in self.runs if r.status != 0]


@dataclass
class Corpus:
    name: str
    path: Path
    units: int
    files: int = 0
    size: int = 0


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


def run_once(command: Sequence[str], timeout: float) -> Run:
    """Run a command in a fresh process: wall time, peak memory, exit status, output."""
    with tempfile.TemporaryFile() as out:
        fd = out.fileno()
        launcher = [sys.executable, "-S", "-c", LAUNCHER, str(fd), *command]
        try:
            proc = subprocess.Popen(
                launcher, stdout=subprocess.PIPE, stderr=fd, pass_fds=(fd,), start_new_session=True
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


def malkoll_command() -> list[str]:
    """The `malkoll` next to this Python, or `python -m malkoll`."""
    exe = Path(sys.executable).parent / "malkoll"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "malkoll"]


# --- corpora --------------------------------------------------------------------------


def ensure_corpus(corpus: Corpus, seed: int) -> None:
    """Generate the corpus unless an up-to-date one with the same parameters is there."""
    marker = corpus.path / generate.MARKER
    wanted = {"enheter": corpus.units, "seed": seed, "generator": generate.source_hash()}
    try:
        stamp = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    if any(stamp.get(k) != v for k, v in wanted.items()):
        print(f"Genererar {corpus.name} ({corpus.units} enheter) i {corpus.path} ...", flush=True)
        started = time.perf_counter()
        generate.generate(corpus.path, corpus.units, seed)
        print(f"  klart på {time.perf_counter() - started:.1f} s", flush=True)
    files = sorted(corpus.path.rglob("*.yaml"))
    corpus.files = len(files)
    corpus.size = sum(f.stat().st_size for f in files)


# --- measuring ------------------------------------------------------------------------


def measure_round(
    measurements: list[Measurement], repeats: int, warmup: int, timeout: float
) -> None:
    """Run every measurement `warmup + repeats` times, interleaved so drift hits all alike."""
    for i in range(warmup + repeats):
        for m in measurements:
            run = run_once(m.command, timeout)
            if i >= warmup:
                m.runs.append(run)
            print(".", end="", flush=True)
    print(flush=True)


def corpus_measurements(corpus: Corpus) -> list[Measurement]:
    folder = str(corpus.path)
    return [
        Measurement(
            corpus.name, "libyaml-läsning (bas)", [sys.executable, "-c", BARE_LOAD, folder]
        ),
        Measurement(
            corpus.name, "libyaml compose (noder)", [sys.executable, "-c", BARE_COMPOSE, folder]
        ),
        Measurement(
            corpus.name,
            "validera utan MK3xx–MK5xx",
            [sys.executable, "-c", WITHOUT_RULES, folder],
        ),
        Measurement(corpus.name, "malkoll validera", [*malkoll_command(), "validera", folder]),
        Measurement(
            corpus.name,
            "malkoll rapport (md+html)",
            [
                *malkoll_command(),
                "rapport",
                "2020",
                "-C",
                folder,
                "--ut",
                str(HERE / "data" / "rapporter" / corpus.name),
            ],
        ),
    ]


def startup_measurements() -> list[Measurement]:
    return [
        Measurement("start", "python -c pass", [sys.executable, "-c", "pass"]),
        Measurement("start", "import av beroenden (bas)", [sys.executable, "-c", BARE_IMPORT]),
        Measurement("start", "malkoll --help", [*malkoll_command(), "--help"]),
    ]


def warn_failures(m: Measurement) -> None:
    if not m.failed:
        return
    first = m.failed[0]
    print(
        f"\nVARNING: {m.name} ({m.group}) gav status {first.status} i {len(m.failed)} av "
        f"{len(m.runs)} körningar (väntat 0). Början av utskriften:"
    )
    for line in first.output.splitlines()[:SHOW_LINES]:
        print(f"    {line}")


# --- reporting ------------------------------------------------------------------------


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base > 0 else "–"


def table(corpora: list[Corpus], groups: dict[str, list[Measurement]]) -> str:
    sizes = {c.name: c for c in corpora}
    head = (
        "korpus",
        "mätning",
        "min s",
        "median s",
        "MB/s",
        "max RSS MiB",
        "tid ×",
        "minne ×",
        "status",
    )
    rows: list[tuple[str, ...]] = []
    for group, ms in groups.items():
        base = ms[0] if group != "start" else ms[1]
        corpus = sizes.get(group)
        for m in ms:
            speed = f"{corpus.size / 1e6 / m.best:.1f}" if corpus and m.best > 0 else ""
            is_base = m is base or (group == "start" and m is ms[0])
            statuses = sorted({r.status for r in m.runs})
            rows.append(
                (
                    f"{group} ({corpus.files} filer, {corpus.size / 1e6:.1f} MB)"
                    if corpus
                    else group,
                    m.name,
                    f"{m.best:.3f}",
                    f"{m.median:.3f}",
                    speed,
                    f"{m.rss:.1f}",
                    "" if is_base else _ratio(m.best, base.best),
                    "" if is_base else _ratio(m.rss, base.rss),
                    ",".join(str(s) for s in statuses),
                )
            )
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    right = {2, 3, 4, 5, 6, 7}

    def fmt(row: Sequence[str]) -> str:
        cells = (
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    lines = [fmt(head), rule]
    previous = None
    for row in rows:
        if previous is not None and row[0] != previous:
            lines.append("")
        lines.append(fmt(row) if row[0] != previous else fmt(("", *row[1:])))
        previous = row[0]
    return "\n".join(lines)


def report_json(
    path: Path,
    corpora: list[Corpus],
    groups: dict[str, list[Measurement]],
    args: argparse.Namespace,
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
        "korpusar": [
            {
                "namn": c.name,
                "sokvag": str(c.path),
                "enheter": c.units,
                "filer": c.files,
                "byte": c.size,
            }
            for c in corpora
        ],
        "matningar": [
            {
                "grupp": m.group,
                "namn": m.name,
                "kommando": m.command,
                "min_s": m.best,
                "median_s": m.median,
                "max_rss_mib": m.rss,
                "korningar": [
                    {k: v for k, v in asdict(r).items() if k != "output"} for r in m.runs
                ],
            }
            for ms in groups.values()
            for m in ms
        ],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- main -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-n", "--upprepningar", type=int, default=3, help="körningar per mätning (3)"
    )
    parser.add_argument(
        "--start-upprepningar", type=int, default=7, help="körningar av start-mätningen (7)"
    )
    parser.add_argument(
        "--uppvarmning", type=int, default=1, help="okontrollerade körningar först (1)"
    )
    parser.add_argument("--data", type=Path, default=HERE / "data", help="mappen för korpusarna")
    parser.add_argument(
        "--enheter", type=int, default=1000, help="enheter i den stora korpusen (1000)"
    )
    parser.add_argument("--seed", type=int, default=1440, help="slumpfrö för korpusarna")
    parser.add_argument(
        "--korpus",
        choices=("stor", "tiondel", "båda", "ingen"),
        default="båda",
        help="vilka korpusar som mäts (båda)",
    )
    parser.add_argument("--timeout", type=float, default=600, help="sekunder per körning (600)")
    parser.add_argument("--json", type=Path, help="skriv resultaten som JSON hit")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpora = [
        Corpus("stor", args.data / "stor", args.enheter),
        Corpus("tiondel", args.data / "tiondel", max(18, args.enheter // 10)),
    ]
    corpora = [c for c in corpora if args.korpus in (c.name, "båda")]
    for corpus in corpora:
        ensure_corpus(corpus, args.seed)
    print(
        f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__} "
        f"(libyaml: {yaml.__with_libyaml__}), {platform.machine()}, {os.cpu_count()} kärnor;"
        f" malkoll: {' '.join(malkoll_command())}"
    )
    groups: dict[str, list[Measurement]] = {}
    for corpus in corpora:
        print(
            f"Mäter {corpus.name} ({args.upprepningar} körningar"
            f" + {args.uppvarmning} uppvärmning) ",
            end="",
            flush=True,
        )
        groups[corpus.name] = corpus_measurements(corpus)
        measure_round(groups[corpus.name], args.upprepningar, args.uppvarmning, args.timeout)
    print(f"Mäter start ({args.start_upprepningar} körningar) ", end="", flush=True)
    groups["start"] = startup_measurements()
    measure_round(groups["start"], args.start_upprepningar, args.uppvarmning, args.timeout)
    for ms in groups.values():
        for m in ms:
            warn_failures(m)
    print()
    print(table(corpora, groups))
    print("\ntid × och minne × är malkoll delat med basen (minsta tid, högsta max RSS).")
    if args.json:
        report_json(args.json, corpora, groups, args)
        print(f"JSON skriven till {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
