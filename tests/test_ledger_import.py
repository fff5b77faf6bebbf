"""`malkoll ekonomi importera`: a generated municipality's ledger, as CSV and as SIE 4,
imported into a copy of exempel/ale-2020; the figures against the files' own sums,
computed here independently; what a person wrote untouched; a second import a no-op."""

from __future__ import annotations

import shutil
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES, check, without_ledger_mapping
from malkoll.cli.root import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import ledger_files as gen

ALE = EXAMPLES / "ale-2020"
YEAR = 2020
DAY = "--idag 2021-06-30"


def make_repo(tmp_path: Path, ledger: gen.Ledger) -> Path:
    """A copy of the example with the generated ledger's mapping in its malkoll.yaml."""
    root = tmp_path / "ale"
    shutil.copytree(ALE, root, ignore=shutil.ignore_patterns(".malkoll-cache", "rapporter"))
    settings = root / "malkoll.yaml"
    text = without_ledger_mapping(settings.read_text(encoding="utf-8"))
    marker = "  avvikelse_procent: 1.0\n"
    assert marker in text
    settings.write_text(text.replace(marker, marker + gen.mapping_yaml(ledger)), encoding="utf-8")
    return root


def write_ledger(ledger: gen.Ledger, folder: Path, kind: str) -> Path:
    path = folder / ("huvudbok.se" if kind == "sie" else "huvudbok.csv")
    if kind == "sie":
        gen.write_sie(ledger, path, YEAR)
    else:
        gen.write_csv(ledger, path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ekonomi", "importera", *args], catch_exceptions=False)
    return result.exit_code, result.output


def tkr(value: Decimal) -> int:
    """The documented rounding: kronor to whole tkr, half up."""
    return int((value / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def expected(ledger: gen.Ledger, root: Path) -> dict[str, dict[str, dict[str, int]]]:
    """Per nämnd and `enheter` entry, the year's (December's) figures computed from the
    generated amounts alone: each entry summed exactly and rounded once."""
    tree = yaml.safe_load((root / "organisation.yaml").read_text(encoding="utf-8"))
    parent: dict[str, str] = {}
    kind: dict[str, str] = {}

    def walk(node: dict, above: str | None) -> None:
        kind[node["id"]] = node["typ"]
        if above:
            parent[node["id"]] = above
        for part in node.get("delar", []):
            walk(part, node["id"])

    for node in tree:
        walk(node, None)

    children: dict[str, list[str]] = defaultdict(list)
    for child, above in parent.items():
        children[above].append(child)

    def entry_of(org: str) -> tuple[str, str]:
        """The nämnd, and the entry: the organisation just below the first level with
        more than one organisation (un → sektor-utbildning → förskola, grundskola, ...)."""
        path = [org]
        while kind[path[-1]] != "namnd":
            path.append(parent[path[-1]])
        namnd, split = path[-1], path[-1]
        while len(children[split]) == 1:
            split = children[split][0]
        for above, below in zip(path[1:], path, strict=False):
            if above == split:
                return namnd, below
        return namnd, namnd

    sums: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for a in ledger.amounts:
        namnd, entry = entry_of(ledger.codes[a.ansvar])
        if a.kind == "budget" and a.year == YEAR:
            sums[(namnd, entry)]["budget"] += a.value
        elif a.year == YEAR - 1:
            sums[(namnd, entry)]["fjolar"] += a.value
        elif a.account.startswith("3"):
            sums[(namnd, entry)]["intakter"] -= a.value
        else:
            sums[(namnd, entry)]["kostnader"] += a.value
    out: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for (namnd, entry), values in sums.items():
        figures = {name: tkr(value) for name, value in values.items()}
        figures["utfall"] = figures["kostnader"] - figures["intakter"]
        out[namnd][entry] = figures
    return out


def economy(root: Path) -> dict[str, dict]:
    doc = yaml.safe_load((root / str(YEAR) / "ekonomi.yaml").read_text(encoding="utf-8"))
    return {e["organisation"]: e for e in doc["namnder"]}


NAMES = ("utfall", "periodbudget", "kostnader", "intakter", "fjolar")


def assert_reconciles(namnd: dict) -> None:
    """Σ enheter = the nämnd, and kostnader − intakter = utfall, in every period."""
    assert namnd["budget"] == sum(e["budget"] for e in namnd["enheter"])
    for key, period in namnd["perioder"].items():
        assert period["kostnader"] - period["intakter"] == period["utfall"], key
        for name in NAMES:
            assert period[name] == sum(e["perioder"][key][name] for e in namnd["enheter"]), (
                key,
                name,
            )
        for entry in namnd["enheter"]:
            own = entry["perioder"][key]
            assert own["kostnader"] - own["intakter"] == own["utfall"]


@pytest.mark.parametrize("fmt", ["csv", "sie"])
def test_random_ledger_sums(tmp_path: Path, fmt: str) -> None:
    """Random amounts in kronor with öre: every figure equals the file's own sum for its
    ansvar, rounded as documented, and every sum in the written file is exact."""
    ledger = gen.generate(ALE / "organisation.yaml", YEAR, seed=7)
    root = make_repo(tmp_path, ledger)
    path = write_ledger(ledger, tmp_path, fmt)
    status, out = run(str(path), "-C", str(root))
    assert status == 0, out
    assert "Skrev 2020/ekonomi.yaml." in out
    want = expected(ledger, root)
    written = economy(root)
    for namnd, entries in want.items():
        entry = written[namnd]
        helar = entry["perioder"]["helar"]
        assert helar["utfall"] == sum(e["utfall"] for e in entries.values())
        assert helar["fjolar"] == sum(e["fjolar"] for e in entries.values())
        assert entry["budget"] == sum(e["budget"] for e in entries.values())
        by_org = {e["organisation"]: e for e in entry["enheter"]}
        assert set(by_org) == set(entries)
        for org, figures in entries.items():
            got = by_org[org]
            assert got["budget"] == figures["budget"]
            for name in ("utfall", "kostnader", "intakter", "fjolar"):
                assert got["perioder"]["helar"][name] == figures[name], (org, name)
        assert_reconciles(entry)


def test_csv_and_sie_give_the_same_file(tmp_path: Path) -> None:
    ledger = gen.generate(ALE / "organisation.yaml", YEAR, seed=3)
    texts = []
    for fmt in ("csv", "sie"):
        folder = tmp_path / fmt
        folder.mkdir()
        root = make_repo(folder, ledger)
        status, out = run(str(write_ledger(ledger, folder, fmt)), "-C", str(root))
        assert status == 0, out
        texts.append((root / "2020" / "ekonomi.yaml").read_bytes())
    assert texts[0] == texts[1]


def _kept_lines(text: str) -> list[str]:
    """The lines an import may not change: all but a nämnd's `budget:` and its periods."""
    return [
        line
        for line in text.splitlines()
        if not line.lstrip().startswith("budget:") and "{utfall:" not in line
    ]


@pytest.mark.parametrize("fmt", ["csv", "sie"])
def test_example_ledger_imported(tmp_path: Path, fmt: str) -> None:
    """A ledger with the example's own monthly figures: validera finds nothing new, what a
    person wrote is untouched, and a second import changes no byte."""
    ledger = gen.generate_like(ALE / "organisation.yaml", ALE / "2020" / "ekonomi.yaml", YEAR)
    root = make_repo(tmp_path, ledger)
    target = root / "2020" / "ekonomi.yaml"
    bolag = "  - organisation: alebyggen   # bolaget: inte i kommunens ekonomisystem\n"
    bolag += "    budget: 0\n    perioder:\n      helar:  {utfall: -12300}\n"
    text = target.read_text(encoding="utf-8").replace(
        "\ninvesteringar:", bolag + "\ninvesteringar:"
    )
    target.write_text(text, encoding="utf-8")
    before_text = target.read_text(encoding="utf-8")
    before = economy(root)
    before_findings = {(x.code, x.severity, x.message) for x in check(root, DAY).findings}
    path = write_ledger(ledger, tmp_path, fmt)
    status, out = run(str(path), "-C", str(root))
    assert status == 0, out
    assert "un: 12 perioder uppdaterade" in out
    after_text = target.read_text(encoding="utf-8")
    after = economy(root)
    # The example's figures come back exactly; July (missing) and the new keys are added.
    for org in ("ks", "un", "oan", "sbn", "kfn", "sn"):
        for key, period in before[org]["perioder"].items():
            assert after[org]["perioder"][key]["utfall"] == period["utfall"], (org, key)
            assert after[org]["perioder"][key].get("prognos") == period.get("prognos")
        assert after[org]["budget"] == before[org]["budget"]
        assert after[org].get("analys") == before[org].get("analys")
        assert after[org].get("atgarder") == before[org].get("atgarder")
        assert list(after[org]["perioder"])[6] == "jul"
        assert_reconciles(after[org])
    assert after["alebyggen"] == before["alebyggen"]
    # Every line but the imported ones, byte for byte and in order (comments, analyses,
    # measures, investments, the bolag), and the aligned periods stay aligned.
    rest = iter(_kept_lines(after_text))
    assert all(line in rest for line in _kept_lines(before_text))
    assert "      jul:    {utfall:" in after_text
    found = {(x.code, x.severity, x.message) for x in check(root, DAY).findings}
    new_errors = sorted(x for x in found - before_findings if x[1] == "fel")
    assert not new_errors, "\n".join(str(x) for x in new_errors)
    # The second import of the same file changes no byte.
    status, out = run(str(path), "-C", str(root))
    assert status == 0, out
    assert "Inget ändrades." in out
    assert target.read_text(encoding="utf-8") == after_text


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    ledger = gen.generate(ALE / "organisation.yaml", YEAR, seed=5)
    root = make_repo(tmp_path, ledger)
    target = root / "2020" / "ekonomi.yaml"
    before = target.read_bytes()
    status, out = run(str(write_ledger(ledger, tmp_path, "csv")), "-C", str(root), "--torrkorning")
    assert status == 0, out
    assert "Torrkörning: 2020/ekonomi.yaml skrevs inte." in out
    assert "un: 12 perioder uppdaterade (helar utfall 789\xa0200 → " in out
    assert target.read_bytes() == before
