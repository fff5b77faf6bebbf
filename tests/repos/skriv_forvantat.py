"""Rewrite `forvantat.txt` of the folder cases from what malkoll finds now.

Only for a case you have just written or deliberately changed: read the diff before you
commit it, since the test compares against exactly these lines.

    .venv/bin/python tests/repos/skriv_forvantat.py fel/mk105-skala
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from helpers import REPOS, build_repo, case_flags, check, places


def main(names: list[str]) -> None:
    for name in names:
        case = REPOS / name
        with tempfile.TemporaryDirectory() as tmp:
            found = places(check(build_repo(Path(tmp) / "repo", case), case_flags(case)).findings)
        (case / "forvantat.txt").write_text("".join(f"{x}\n" for x in found), encoding="utf-8")
        print(f"{name}: {len(found)} fynd")


if __name__ == "__main__":
    main(sys.argv[1:])
