"""The words MK312–MK316 look for in an analysis's text, in one place (`rules.quality`
checks with them; tests/test_rules_quality.py tests them): when measures are to be done
(`TIME_WORDS`), who answers for them (`WHO_WORDS`), and a goal said to be reached
(`says_reached`), with the negations, conditions and forecasts that take it back.

Heuristics, not grammar: each list says in its docstring what it counts and what it does
not, and the rules' explanations say the same to the user.
"""

from __future__ import annotations

import re

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "okt", "nov", "dec",
)  # fmt: skip
"""The months and their abbreviations, as a time of the measures names them."""

TIME_WORDS = (
    r"(?:19|20)\d\d",  # a year: 2021
    r"\d{1,2}/\d{1,2}",  # a date: 15/3
    r"(?:v|v\.|vecka|veckan?)\s?\d{1,2}",  # a week: v. 12, vecka 12
    r"(?:" + "|".join(MONTHS) + r")\.?",  # a month or its abbreviation
    r"\w*kvartal\w*|q[1-4]|tertial\w*|halvår\w*|delår\w*",
    r"\w*termin\w*|läsår\w*|[vh]t[- ]?\d{2,4}",  # vårterminen, läsåret, ht21, vt 2021
    r"våren|vårens|hösten|höstens|sommaren|sommarens|sommarlovet|vintern|vinterns",
    r"\w*lovet|jullov\w*|sportlov\w*|påsklov\w*|höstlov\w*|årsskiftet|årsslutet",
    r"senast|till och med|t\.o\.m\.|från och med|fr\.o\.m\.|under året|under hösten",
    r"nästa år|i år|kommande år|inom \w+ (?:dagar|veckor|månader|år)",
    r"veckovis|månadsvis|kvartalsvis|varje (?:vecka|månad|termin|år)",
)
"""When the measures are done: a year, date, week, month, quarter, term, season or
deadline; a regular interval (`månadsvis`) counts too. `löpande`, `kontinuerligt` and
`fortsatt` do not: they say nothing about when."""

WHO_WORDS = (
    r"ansvar\w*|\w*chef\w*|rektor\w*|(?!\w*vägledning)\w*ledning\w*|\w*ledar\w*",
    r"\w*samordnar(?:e|en|na)\w*|\w*strateg(?:en|er|erna)?|controller\w*|\w*handläggar\w*",
    r"\w*förvaltning\w*|sektor\w*|\w*enhet(?:en|er|erna)?|\w*avdelning\w*|\w*nämnd\w*",
    r"\w*styrelse\w*|\w*team\w*|hr|\w*lärar\w*|\w*pedagog(?:en|er|erna)?",
    r"(?:arbets|styr|lednings|projekt|referens|samverkans|expert)grupp\w*",
    r"mentor\w*|kurator\w*|\w*direktör\w*|\w*ägare|\w*utvecklar(?:e|en|na)\w*|\w*koordinator\w*",
    r"\w*ombud\w*|\w*sjuksköterska\w*|\w*ekonom(?:en|er|erna)?|\w*sekreterar(?:e|en|na)\w*",
)
"""Who answers for the measures: a role or a part of the organisation (or an organisation
of organisation.yaml by name, or a person's name)."""

NEGATIONS = ("inte", "ej", "icke", "aldrig", "knappast", "inga", "ingen")
"""A word among the few before a goal said to be reached that takes it back."""

CONDITIONS = ("om", "ifall", "innan", "tills", "förrän", "när")
"""A word directly before a goal said to be reached that makes it a condition."""

LOOKBACK_WORDS = 4

FORECAST_BEFORE = (
    "ska", "skall", "kommer", "bedömer", "bedöms", "bör", "kan", "väntas", "förväntas",
    "beräknas", "tror", "troligen", "planerar",
)  # fmt: skip
"""A word among the few before a present tense (`målet nås`, `vi når målet`) that makes
it a forecast, not a claim that the goal is reached."""

FORECAST_AFTER = ("till", "sikt", "inom", "senast", "framöver")
"""A word among the three after a present tense that puts it in the future (`målet nås
till 2030`); a year does too."""

_TIME = re.compile(r"(?<!\w)(?:" + "|".join(TIME_WORDS) + r")(?!\w)", re.IGNORECASE)
_WHO = re.compile(r"(?<!\w)(?:" + "|".join(WHO_WORDS) + r")(?!\w)", re.IGNORECASE)
_NAME = re.compile(
    r"(?<![.!?:]\s)(?<=\s)[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\s[A-ZÅÄÖ][a-zåäöéü]+"
)
_DIGIT = re.compile(r"\d")
_GOAL = r"(?:del)?mål(?:et|en|värdet|värdena|nivån)"
_DONE = (
    r"(?:nått|nåtts|nådd|nådda|uppnått|uppnåtts|uppnådd|uppnådda"
    r"|uppfyllt|uppfyllts|uppfylld|uppfyllda)"
)
_SUBJECT = r"(?:vi|nämnden|enheten|skolan|sektorn|verksamheten)"
_ADVERB = r"(?:(?:nu|redan|därmed|alltså|också|helt|i år|under året)\s+)?"
_REACHED = re.compile(
    r"(?<!\w)(?:"
    + rf"{_GOAL}\s+(?:är|har|blev|har blivit|har därmed)\s+{_ADVERB}{_DONE}"
    + rf"|{_GOAL}\s+(?:nåddes|uppnåddes|uppfylldes|(?P<passive>nås|uppnås|uppfylls))"
    + rf"|(?:har|hade)\s+(?:{_SUBJECT}\s+)?{_ADVERB}(?:nått|uppnått|uppfyllt)\s+{_GOAL}"
    + r"|(?:nådde|uppnådde|uppfyllde|(?P<present>når|uppnår|uppfyller))"
    + rf"\s+(?:vi\s+)?{_ADVERB}{_GOAL}"
    + r")(?!\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def word_count(text: str) -> int:
    return len(text.split())


def names_time(text: str) -> bool:
    """Whether the measures say when (a word of `TIME_WORDS`)."""
    return _TIME.search(text) is not None


def names_someone(text: str, org_ids: frozenset[str] = frozenset()) -> bool:
    """Whether the measures name a role (`WHO_WORDS`), a person's name (two capitalised
    words not at a sentence's start) or an organisation's id in capitals (``org_ids``);
    an organisation's name is `names_org`."""
    if _WHO.search(text) or _NAME.search(text):
        return True
    return any(word in org_ids for word in _WORD.findall(text) if word.isupper())


def normalised(text: str | None) -> str:
    """The text with its whitespace collapsed and its case folded, for comparison."""
    return " ".join(str(text).split()).casefold() if text is not None else ""


def names_org(folded: str, name: str) -> bool:
    """Whether the case-folded ``folded`` names the case-folded ``name`` as whole words."""
    at = folded.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not folded[at - 1].isalnum()) and (
            end == len(folded) or not folded[end].isalnum()
        ):
            return True
        at = folded.find(name, at + 1)
    return False


def says_reached(text: str) -> bool:
    """Whether the text says the goal is reached, with no negation in the few words
    before or the two after (`målet är ännu inte nått`, `målvärdet nås inte` and `om målet
    nås` do not), and, in the present tense, not as a forecast (`målet nås till 2030`)."""
    for found in _REACHED.finditer(text):
        before = _WORD.findall(text[: found.start()].casefold())[-LOOKBACK_WORDS:]
        if any(w in NEGATIONS for w in before):
            continue
        if before and before[-1] in CONDITIONS:
            continue
        after = _WORD.findall(text[found.end() :].casefold())[:3]
        if any(w in NEGATIONS for w in after[:2]):  # `målvärdet nås inte`
            continue
        if (found["passive"] or found["present"]) and _forecast(before, after):
            continue
        return True
    return False


def _forecast(before: list[str], after: list[str]) -> bool:
    """Whether a present tense around a goal is a forecast (`vi bedömer att målet nås
    till 2030`): a forecast word before, or a time ahead after."""
    return any(w in FORECAST_BEFORE for w in before) or any(
        w in FORECAST_AFTER or (len(w) == 4 and w.isdigit()) for w in after
    )
