"""The 17 goals of Agenda 2030 by their Swedish names, as the report shows them: a goal
as `4 God utbildning för alla`, a target as `4.1 (God utbildning för alla)`."""

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
    """Each goal or target of ``ids`` with its goal's name, in the order written."""
    return [goal(i) for i in ids]


def goal(ref: str) -> Agendamal:
    """A goal (`4`) or a target (`4.1`, `12.a`) with the name of its goal; an id of no
    goal (the schema refuses one, but a report never fails on it) keeps its bare id."""
    ref = str(ref).strip()
    head, dot, _ = ref.partition(".")
    name = GOALS.get(head)
    if name is None:
        return Agendamal(ref, head, None, ref)
    return Agendamal(ref, head, name, f"{ref} ({name})" if dot else f"{ref} {name}")
