"""Rewrite `forvantat.txt` of the folder cases from what malkoll finds now.

Only for a case you have just written or deliberately changed: read the diff before you
commit it, since the test compares against exactly these lines, Swedish wording included.
The file reads as `malkoll validera` prints the findings (the whole first line, the hint
indented below, a blank line between files), without the summary.

    .venv/bin/python tests/repos/skriv_forvantat.py fel/mk105-skala
    .venv/bin/python tests/repos/skriv_forvantat.py fel/*     # run from tests/repos
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from helpers import REPOS, build_repo, case_flags, check, printed
from malkoll.findings import Finding


def expected_text(findings: list[Finding]) -> str:
    """`forvantat.txt` for these findings: `printed`, with a blank line between files."""
    lines: list[str] = []
    for i, finding in enumerate(findings):
        if i and finding.path != findings[i - 1].path:
            lines.append("")
        lines.extend(printed([finding]))
    return "".join(f"{x}\n" for x in lines)


def main(names: list[str]) -> None:
    for name in names:
        case = REPOS / name
        with tempfile.TemporaryDirectory() as tmp:
            found = check(build_repo(Path(tmp) / "repo", case), case_flags(case)).findings
        (case / "forvantat.txt").write_text(expected_text(found), encoding="utf-8")
        print(f"{name}: {len(found)} fynd")


if __name__ == "__main__":
    main(sys.argv[1:])
