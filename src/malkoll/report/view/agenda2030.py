"""The 17 goals of Agenda 2030 by their Swedish names, as the report shows them: the
targets grouped under their goal, `Mål 4 God utbildning för alla: 4.3, 4.4`, a goal
named alone as `Mål 4 God utbildning för alla`."""

from __future__ import annotations

from malkoll.report.annual_model import Agendamal

GOALS: dict[str, str] = {
    "1": "Ingen fattigdom",
    "2": "Ingen hunger",
    "3": "God hälsa och välbefinnande",
    "4": "God utbildning för alla",
    "5": "Jämställdhet",
    "6": "Rent vatten och sanitet för alla",
    "7": "Hållbar energi för alla",
    "8": "Anständiga arbetsvillkor och ekonomisk tillväxt",
    "9": "Hållbar industri, innovationer och infrastruktur",
    "10": "Minskad ojämlikhet",
    "11": "Hållbara städer och samhällen",
    "12": "Hållbar konsumtion och produktion",
    "13": "Bekämpa klimatförändringarna",
    "14": "Hav och marina resurser",
    "15": "Ekosystem och biologisk mångfald",
    "16": "Fredliga och inkluderande samhällen",
    "17": "Genomförande och globalt partnerskap",
}
"""The global goals' official Swedish names (the government's and globalamalen.se's)."""


def agenda(ids: list[str]) -> list[Agendamal]:
    """The goals of ``ids``, each once, in the order first written, with the targets of
    it named: `4.3`, `4`, `4.4` is `Mål 4 God utbildning för alla: 4.3, 4.4`."""
    goals: dict[str, list[str]] = {}
    for ref in (str(i).strip() for i in ids):
        head, dot, _ = ref.partition(".")
        key = head if head in GOALS else ref
        targets = goals.setdefault(key, [])
        if dot and key == head and ref not in targets:
            targets.append(ref)
    return [_named(key, targets) for key, targets in goals.items()]


def goal(ref: str) -> Agendamal:
    """A goal (`4`) or a target (`4.1`, `12.a`) under the name of its goal; an id of no
    goal (the schema refuses one, but a report never fails on it) keeps its bare id."""
    return agenda([ref])[0]


def _named(key: str, targets: list[str]) -> Agendamal:
    name = GOALS.get(key)
    if name is None:
        return Agendamal(key, key.partition(".")[0], None, key)
    text = f"Mål {key} {name}" + (f": {', '.join(targets)}" if targets else "")
    return Agendamal(key, key, name, text, list(targets))
