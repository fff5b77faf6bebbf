"""The editor's wait: from a keystroke to its diagnostics, through `malkoll lsp` over stdio.

    python benchmarks/lsp.py                           # exempel/ale-2020, A-1000, A-3000, B-1000
    python benchmarks/lsp.py DIR [DIR ...] -n 10

For each repository it starts `python -m malkoll lsp --idag 2021-03-01` with pygls's
LanguageClient, opens the first plan file with an assessment, and then `-n` times changes
the assessment to a value outside the scale and back (each edit changes the findings, so
each is published), timing each `textDocument/didChange` until the server's
`publishDiagnostics` for the file has arrived. The time includes the server's pause for
more keystrokes (`malkoll.lsp.server.DEBOUNCE`, 0.25 s); `kontroll_s` is that time less
the pause. Prints one JSON line per repository: `oppna_s` (start, initialize and the first
diagnostics of the opened file: the repository is read once), `andring_s` (each edit),
`median_s`, `max_s` and `kontroll_median_s`. Generate the corpora first (`run.py` does).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
DEFAULT = [
    HERE.parent / "exempel" / "ale-2020",
    *(HERE / "data" / name for name in ("A-1000", "A-3000", "B-1000")),
]
TODAY = "2021-03-01"
DEBOUNCE = 0.25
_ASSESSMENT = re.compile(r"^(?P<head> +bedomning: )(?P<value>\w+)\s*$", re.MULTILINE)


def pick(root: Path) -> tuple[str, str]:
    """The first plan file with a block-style assessment, and its text."""
    for path in sorted((root / "2020" / "plan").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if _ASSESSMENT.search(text):
            return path.relative_to(root).as_posix(), text
    raise SystemExit(f"ingen planfil med en bedömning i {root}")


def wrong(text: str) -> str:
    """The text with its first assessment outside the scale (an MK105)."""
    found = _ASSESSMENT.search(text)
    assert found is not None
    return text[: found.start("value")] + "lila" + text[found.end("value") :]


async def measure(root: Path, edits: int) -> dict[str, object]:
    rel, text = pick(root)
    uri = (root / rel).resolve().as_uri()
    client = LanguageClient("malkoll-bench", "1")
    arrived: dict[str, float] = {}

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: t.PublishDiagnosticsParams) -> None:
        arrived[params.uri] = time.perf_counter()

    async def until(since: float) -> float:
        while arrived.get(uri, 0.0) <= since:
            await asyncio.sleep(0.002)
        return arrived[uri] - since

    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "malkoll", "lsp", "--idag", TODAY)
    params = t.InitializeParams(capabilities=t.ClientCapabilities(), root_uri=root.as_uri())
    await client.initialize_async(params)
    client.initialized(t.InitializedParams())
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(t.TextDocumentItem(uri, "yaml", 1, text))
    )
    opened = await asyncio.wait_for(until(started), 600) + 0.0
    times = []
    for n in range(edits):
        version = wrong(text) if n % 2 == 0 else text
        doc = t.VersionedTextDocumentIdentifier(n + 2, uri)
        change = t.TextDocumentContentChangeWholeDocument(version)
        sent = time.perf_counter()
        client.text_document_did_change(t.DidChangeTextDocumentParams(doc, [change]))
        times.append(await asyncio.wait_for(until(sent), 60))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    median = statistics.median(times)
    return {
        "mapp": str(root),
        "fil": rel,
        "oppna_s": round(opened, 3),
        "andring_s": [round(x, 3) for x in times],
        "median_s": round(median, 3),
        "max_s": round(max(times), 3),
        "kontroll_median_s": round(median - DEBOUNCE, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mappar", nargs="*", type=Path, help="målrepon (standard: se ovan)")
    parser.add_argument("-n", type=int, default=10, help="tidtagna ändringar (10)")
    args = parser.parse_args(argv)
    for root in args.mappar or DEFAULT:
        if not (root / "malkoll.yaml").is_file():
            print(json.dumps({"mapp": str(root), "saknas": "ingen malkoll.yaml"}))
            continue
        print(json.dumps(asyncio.run(measure(root.resolve(), args.n))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
