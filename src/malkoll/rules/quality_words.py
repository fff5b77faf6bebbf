"""The words MK312–MK316 look for in an analysis's text, in one place (`rules.quality`
checks with them; tests/test_rules_quality.py tests them): when measures are to be done
(`TIME_WORDS`), who answers for them (`WHO_WORDS`), and a goal said to be reached
(`says_reached`), with the negations, conditions and forecasts that take it back.

Heuristics, not grammar: each list says in its docstring what it counts and what it does
not, and the rules' explanations say the same to the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "okt", "nov", "dec",
)  # fmt: skip
"""The months and their abbreviations, as a time of the measures names them."""

TIME_PHRASES = (
    r"(?:19|20)\d\d",  # a year: 2021
    r"\d{1,2}/\d{1,2}",  # a date: 15/3
    r"(?:v\.?|vecka|veckan) ?\d{1,2}",  # a week: v. 12, vecka 12
    r"[vh]t[- ]?\d{2,4}|q[1-4]",  # a term or a quarter: ht21, vt 2021, Q3
    r"till och med|t\.o\.m\.|från och med|fr\.o\.m\.|under året|nästa år|i år|kommande år",
    r"inom \w+ (?:dagar|veckor|månader|år)|varje (?:vecka|månad|termin|år)",
)
"""When the measures are done, in figures or several words."""

TIME_WORDS = (
    "|".join(MONTHS),
    r"senast|våren|vårens|hösten|höstens|sommaren|sommarens|vintern|vinterns",
    r"årsskiftet|årsslutet|veckovis|månadsvis|kvartalsvis",
    r"\w*kvartal\w*|tertial\w*|\w*halvår\w*|delår\w*|\w*termin\w*|läsår\w*",
    r"\w*lovet|jullov\w*|sportlov\w*|påsklov\w*|höstlov\w*|sommarlov\w*",
)
"""When the measures are done, in one word: a month, a season, a quarter, a term, a
holiday, a deadline (`senast`) or a regular interval (`månadsvis`). Together with
`TIME_PHRASES`: a year, date, week, month, quarter, term, season or deadline; a regular
interval counts too. `löpande`, `kontinuerligt` and `fortsatt` do not: they say nothing
about when."""

TIME_STEMS = (
    "senast", "hösten", "våren", "termin", "kvartal", "halvår", "delår", "läsår", "tertial",
    "vårens", "höstens", "sommaren", "sommarens", "vintern", "årsskiftet", "årsslutet",
    "veckovis", "månadsvis", "kvartalsvis", "lovet", "jullov", "sportlov", "påsklov",
    "höstlov", "sommarlov", *MONTHS,
)  # fmt: skip
"""Parts of the words of `TIME_WORDS`: a word is looked at only when it has one (the
likeliest first: the first word that is a time ends the search)."""

WHO_WORDS = (
    r"ansvar\w*|\w*chef\w*|rektor\w*|(?!\w*vägledning)\w*ledning\w*|\w*ledar\w*",
    r"\w*samordnar(?:e|en|na)\w*|\w*strateg(?:en|er|erna)?|controller\w*|\w*handläggar\w*",
    r"\w*förvaltning\w*|sektor\w*|\w*enhet(?:en|er|erna)?|\w*avdelning\w*|\w*nämnd\w*",
    r"\w*styrelse\w*|\w*team\w*|hr|\w*lärar\w*|\w*pedagog(?:en|er|erna)?",
    r"(?:arbets|styr|lednings|projekt|referens|samverkans|expert)grupp\w*",
    r"mentor\w*|kurator\w*|\w*direktör\w*|\w*ägare|\w*utvecklar(?:e|en|na)\w*",
    r"\w*koordinator\w*|\w*ombud\w*|\w*sjuksköterska\w*|\w*ekonom(?:en|er|erna)?",
    r"\w*sekreterar(?:e|en|na)\w*",
)
"""Who answers for the measures, one word: a role or a part of the organisation (or an
organisation of organisation.yaml by name, or a person's name)."""

WHO_STEMS = (
    "ansvar", "chef", "ledning", "rektor", "ledar", "samordnar", "strateg", "controller",
    "handläggar", "förvaltning", "sektor", "enhet", "avdelning", "nämnd", "styrelse", "team",
    "hr", "lärar", "pedagog", "grupp", "mentor", "kurator", "direktör", "ägare", "utvecklar",
    "koordinator", "ombud", "sjuksköterska", "ekonom", "sekreterar",
)  # fmt: skip
"""Parts of the words of `WHO_WORDS`: a word is looked at only when it has one."""

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

_TIME = re.compile(r"(?<!\w)(?:" + "|".join(TIME_PHRASES) + r")(?!\w)")
_TIME_WORD = re.compile("|".join(TIME_WORDS))
_WHO_WORD = re.compile("|".join(WHO_WORDS))
_AROUND = re.compile(r"\w*")
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
_GOAL_WORD = re.compile(rf"{_GOAL}(?!\w)")
_GOAL_FIRST = re.compile(
    rf"{_GOAL}\s+(?:(?:är|har|blev|har blivit|har därmed)\s+{_ADVERB}{_DONE}"
    r"|nåddes|uppnåddes|uppfylldes|(?P<passive>nås|uppnås|uppfylls))(?!\w)"
)
_ADVERB_AFTER = r"(?:\s+(?:nu|redan|därmed|alltså|också|helt|i år|under året))?"
_GOAL_LAST = re.compile(
    rf"(?<!\w)(?:(?:har|hade)(?:\s+{_SUBJECT})?{_ADVERB_AFTER}\s+(?:nått|uppnått|uppfyllt)"
    rf"|(?:nådde|uppnådde|uppfyllde|(?P<present>når|uppnår|uppfyller))(?:\s+vi)?{_ADVERB_AFTER})"
    r"\s+\Z"
)
VERBS = ("når", "nås", "nåt", "nåd", "uppfyll")
"""What every verb of a goal said to be reached has (`nått`, `nås`, `uppnådde`, `uppfylls`,
`når`): `något` and `några` do not."""
WORD = re.compile(r"\w+")
CONTRASTS = ("men inte", "men ej", "men ännu inte", "men fortfarande inte", "däremot inte")
"""A contrastive negation later in the sentence: the goal reached is only a part."""
_CONTRAST = re.compile(
    r"(?<!\w)(?:" + "|".join(c.replace(" ", r"\s+") for c in CONTRASTS) + r")(?!\w)"
)
_STOP = re.compile(r"[.!?;](?:\s|$)")
"""A word, for the rules that look at a text word by word."""


ASCII_DIGITS = "2013456789"
"""The digits a text most likely has first: each looked for as plain text, far faster than
a regex over the text; only a text without any is searched for another digit (`\\d`)."""


def has_digit(text: str) -> bool:
    for digit in ASCII_DIGITS:
        if digit in text:
            return True
    return _DIGIT.search(text) is not None


def names_time(text: str, folded: str | None = None) -> bool:
    """Whether the measures say when (`TIME_PHRASES`, `TIME_WORDS`); ``folded`` is the
    text in lower case, when the caller has it."""
    folded = text.lower() if folded is None else folded
    return _has_word(folded, TIME_STEMS, _TIME_WORD) or _TIME.search(folded) is not None


def names_someone(
    text: str, org_ids: frozenset[str] = frozenset(), folded: str | None = None
) -> bool:
    """Whether the measures name a role (`WHO_WORDS`), a person's name (two capitalised
    words not at a sentence's start) or an organisation's id in capitals (``org_ids``);
    an organisation's name is `names_org`."""
    folded = text.lower() if folded is None else folded
    if _has_word(folded, WHO_STEMS, _WHO_WORD) or _NAME.search(text):
        return True
    return bool(org_ids) and any(w in org_ids for w in WORD.findall(text) if w.isupper())


def plainly_who_and_when(text: str) -> bool:
    """Whether the measures name a role (`WHO_WORDS`) and a time (`TIME_WORDS`) found
    without folding the text to lower case (a stem in lower case, as in `Enhetschefen
    ansvarar, senast i mars`): only True is sure, False asks `names_someone` and
    `names_time`. Without `İ` (the one character that lowers to two) and `Σ` (that
    lowers by its context) each character of the text lowers to the one at its place,
    and lowering keeps what is a letter or a word character (checked over all of Unicode)."""
    if "İ" in text or "Σ" in text:
        return False
    return _has_word(text, WHO_STEMS, _WHO_WORD, True) and _has_word(
        text, TIME_STEMS, _TIME_WORD, True
    )


def _has_word(
    folded: str, stems: tuple[str, ...], whole: re.Pattern[str], fold: bool = False
) -> bool:
    """Whether a word of ``folded`` that has one of ``stems`` is one of ``whole`` (in
    lower case when ``fold``): the stems are plain text, found fast (`str.find`, not a
    regex over the text); only the words around them are matched, each word once."""
    seen: set[int] = set()
    for stem in stems:
        found = folded.find(stem)
        while found >= 0:
            at = found
            while at > 0 and folded[at - 1].isalnum():
                at -= 1
            if at not in seen:
                seen.add(at)
                word = _AROUND.match(folded, at)
                if word is not None and whole.fullmatch(
                    word.group().lower() if fold else word.group()
                ):
                    return True
            found = folded.find(stem, found + 1)
    return False


def comparable(text: str | None, least: int = 1) -> str | None:
    """The text with its whitespace collapsed and in lower case, for comparison; None
    when it has fewer than ``least`` words (or none)."""
    if text is None:
        return None
    found = str(text).split()
    return " ".join(found).lower() if len(found) >= least else None


def same_text(a: str | None, b: str | None, least: int = 1) -> bool:
    """Whether ``a`` and ``b`` are the same text of at least ``least`` words, whitespace
    and case aside."""
    found = comparable(a, least)
    return found is not None and found == comparable(b, least)


def may_be_same(a: str | None, b: str | None) -> bool:
    """False when ``a`` and ``b`` cannot be the same text (`same_text`), told from their
    first and last characters only, without reading the texts: none, or a first (last)
    character that is not whitespace in both and not the same in lower case. (The first
    character of a text lowers as it does alone; the last does too, but for `Σ`.)"""
    if a is None or b is None:
        return False
    a, b = str(a), str(b)
    if not a or not b:
        return False
    x, y = a[0], b[0]
    if x != y and not x.isspace() and not y.isspace() and x.lower()[0] != y.lower()[0]:
        return False
    x, y = a[-1], b[-1]
    if x == y or x.isspace() or y.isspace() or "Σ" in (x, y):
        return True
    return x.lower()[-1] == y.lower()[-1]


def bare_length(text: str | None) -> int | None:
    """The length of ``text`` without its spaces and line breaks, None for no text: two
    texts of different bare lengths are not the same text (`same_text`), which tells most
    pairs apart at a fraction of the cost of comparing them. (Texts that differ only in
    tabs or non-breaking spaces between words are told apart too: a text copied from the
    period before keeps its characters.)"""
    if text is None:
        return None
    text = str(text)
    return len(text) - text.count(" ") - text.count("\n")


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
    if "mål" not in text and "Mål" not in text and "MÅL" not in text:
        return False  # every way of saying it names the goal: most texts stop here
    folded = text.lower()
    if not any(verb in folded for verb in VERBS):
        return False
    return any(_claims(folded, *found) for found in _around_goals(folded))


def reached_in(known: dict[str, bool], text: str | None) -> bool:
    """`says_reached`, each text once: ``known`` holds what it said of the texts before."""
    if text is None:
        return False
    text = str(text)
    found = known.get(text)
    if found is None:
        found = known[text] = says_reached(text)
    return found


def _around_goals(folded: str) -> Iterator[tuple[int, int, bool]]:
    """Where ``folded`` says the goal is reached, as (start, end, in the present tense):
    looked for only around the word `mål`, which each way of saying it has, before it
    (`har nått målet`) or after (`målet är nått`)."""
    at = folded.find("mål")
    while at >= 0:
        start = at - 3 if folded[max(0, at - 3) : at] == "del" else at
        goal = _GOAL_WORD.match(folded, start)
        if goal is not None and (start == 0 or not folded[start - 1].isalnum()):
            after = _GOAL_FIRST.match(folded, start)
            if after is not None:
                yield start, after.end(), after["passive"] is not None
            lo = max(0, start - 60)  # a verb before: each has `nå` or `uppfyll`
            if folded.find("nå", lo, start) < 0 and folded.find("uppfyll", lo, start) < 0:
                before = None
            else:
                before = _GOAL_LAST.search(folded, lo, start)
            if before is not None:
                yield before.start(), goal.end(), before["present"] is not None
        at = folded.find("mål", at + 3)


def _claims(folded: str, start: int, end: int, present: bool) -> bool:
    """Whether the goal said reached at ``folded[start:end]`` is said so, not taken back
    (a present tense may be a forecast)."""
    before = WORD.findall(folded[max(0, start - 80) : start])[-LOOKBACK_WORDS:]
    if any(w in NEGATIONS for w in before):
        return False
    if before and before[-1] in CONDITIONS:
        return False
    stop = _sentence_end(folded, end)
    after = WORD.findall(folded[end : min(end + 60, stop)])[:3]
    if any(w in NEGATIONS for w in after[:2]):  # `målvärdet nås inte`
        return False
    if _CONTRAST.search(folded, end, stop):
        return False  # `vi når målet för läsning men inte för meritvärdet`
    return not (present and _forecast(before, after))


def _sentence_end(folded: str, at: int) -> int:
    """Where the sentence that goes on at ``at`` ends (its full stop, or the text's end)."""
    found = _STOP.search(folded, at)
    return found.start() if found is not None else len(folded)


def _forecast(before: list[str], after: list[str]) -> bool:
    """Whether a present tense around a goal is a forecast (`vi bedömer att målet nås
    till 2030`): a forecast word before, or a time ahead after."""
    return any(w in FORECAST_BEFORE for w in before) or any(
        w in FORECAST_AFTER or (len(w) == 4 and w.isdigit()) for w in after
    )
