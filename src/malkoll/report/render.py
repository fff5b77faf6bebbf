"""Rendering the view model through Jinja templates, and writing the files safely.

One environment per format, built in one function: autoescape, StrictUndefined so a typo
in a template fails loudly, and a short explicit list of filters. Each format has one
escaping path that every `{{ value }}` passes: for HTML `finalize` makes the value
printable (`safe.clean`) and markupsafe escapes it; for Markdown `md.finalize` does both
the Markdown way. Text written by users is data, never a template: it is rendered as
Markdown with raw HTML disabled (HTML) or sanitised (Markdown), so `{{ 7*7 }}` and
`<script>` print as written, and links follow one policy (`safe.safe_link`).

Compiling the templates from source costs more than rendering them, so the compiled code
is kept as Python keeps its `.pyc` (`cache.Entries.of_malkoll`: `~/.cache/malkoll/mallar/`,
or the repository's `.malkoll-cache/` where the user has no cache folder): each entry is
signed, so that one planted in the repository or left by another malkoll is
never run, it is keyed by the format and by the template's name and file (a
municipality's own template has its own entry), and Jinja compiles again whenever the
source's checksum differs from the entry's.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from importlib import resources
from pathlib import Path
from types import CodeType, TracebackType
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from malkoll.cache import Entries
from malkoll.errors import MalkollError
from malkoll.report import md
from malkoll.report.safe import clean, one_line, safe_link
from malkoll.report.wording import Decision, decision_text, with_unit
from malkoll.text import count, procent, tal

FORMATS = {"md": "rapport.md.j2", "html": "rapport.html.j2"}
"""The report formats and the template each starts from."""

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_MARKDOWN.enable("table")
_MARKDOWN.validateLink = safe_link  # type: ignore[method-assign]


class TemplateProblem(MalkollError):
    """A template is missing or broken (typically a municipality's own override)."""


def default_templates() -> Path:
    """The templates shipped with malkoll (`mallar/` in the package or in the checkout)."""
    packaged = Path(str(resources.files("malkoll").joinpath("mallar")))
    if (packaged / FORMATS["html"]).is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "mallar"


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in malkoll's cache, one signed entry per template
    and format. An entry that is missing, corrupt, forged or from another malkoll is
    ignored (the cache's signature covers malkoll's code and Jinja's), one whose source
    checksum differs is compiled again, and a cache that cannot be written is no error."""

    def __init__(self, entries: Entries, fmt: str) -> None:
        self.entries = entries
        self.prefix = f"jinja/{fmt}-"  # each format's environment compiles differently

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.entries.load(self.prefix + bucket.key)
        if (
            isinstance(found, tuple)
            and len(found) == 2
            and found[0] == bucket.checksum
            and isinstance(found[1], CodeType)
        ):
            bucket.code = found[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self.entries.store(self.prefix + bucket.key, (bucket.checksum, bucket.code))


def compiled_templates(root: Path | None, fmt: str) -> CompiledTemplates | None:
    """The compiled-template cache of the repository at ``root`` for ``fmt``; None without
    a root, when `MALKOLL_UTAN_CACHE` is set, or where no cache can be kept."""
    if root is None or os.environ.get("MALKOLL_UTAN_CACHE"):
        return None
    entries = Entries.of_malkoll("mallar", root)
    return CompiledTemplates(entries, fmt) if entries is not None else None


def environment(fmt: str, own: list[Path], cache_root: Path | None = None) -> jinja2.Environment:
    """The Jinja environment for ``fmt``: the user's folders win file by file, and the
    shipped templates stay reachable as `standard/...` for `{% extends %}` and `super()`.
    With ``cache_root`` (the repository being reported) the compiled templates are kept."""
    shipped = jinja2.FileSystemLoader(default_templates())
    loader = jinja2.ChoiceLoader(
        [
            *(jinja2.FileSystemLoader(folder) for folder in own),
            shipped,
            jinja2.PrefixLoader({"standard": shipped}),
        ]
    )
    markdown = fmt == "md"
    env = (md.MarkdownEnvironment if markdown else jinja2.Environment)(
        loader=loader,
        autoescape=True,
        finalize=md.finalize if markdown else html_value,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled_templates(cache_root, fmt),
    )
    env.filters.update(
        {
            "tal": number,
            "procent": percent,
            "datum": date,
            "antal": count,
            "med_enhet": figure,
            "beslut": decision,
        }
    )
    if markdown:
        env.filters.update(md.FILTERS)
    else:
        env.filters.update(
            {"text": markdown_html, "cell": cell_html, "code": code_html, "css": css_string}
        )
    return env


def render(
    view: Any,
    fmt: str,
    own: list[Path],
    cache_root: Path | None = None,
    template: str | None = None,
    **values: Any,
) -> str:
    """The report in ``fmt`` (`md` or `html`); with ``cache_root`` (the repository's root)
    the templates are compiled once and kept (`MALKOLL_UTAN_CACHE` turns that off).
    ``template`` names another page to start from (the site's, `malkoll.site`), which is
    given ``values`` beside the view ``r``; errors are told the same way."""
    name = template or FORMATS[fmt]
    try:
        text = environment(fmt, own, cache_root).get_template(name).render(r=view, **values)
        return tidy_markdown(text) if fmt == "md" else text
    except jinja2.TemplateNotFound as err:
        raise TemplateProblem(one_line(f"Mallen {err.name} hittades inte.")) from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateProblem(
            one_line(f"Mallen {err.filename or err.name}:{err.lineno} är felaktig: {err.message}")
        ) from None
    except jinja2.UndefinedError as err:
        raise TemplateProblem(
            one_line(f"En mall använder något som inte finns: {err.message}")
        ) from None
    except RecursionError as err:
        raise TemplateProblem(
            one_line(
                f"Mallen {_template_of(err.__traceback__) or name} inkluderar, ärver "
                "eller anropar sig själv utan slut (direkt eller via en annan mall)."
            )
        ) from None
    except (
        jinja2.TemplateError,
        ArithmeticError,
        AttributeError,
        LookupError,
        TypeError,
        ValueError,
    ) as err:
        where = _template_of(err.__traceback__, line=True)
        raise TemplateProblem(
            one_line(f"Mallen {where} gick inte att använda: {err}")
            if where
            else one_line(f"En mall gick inte att använda: {err}")
        ) from None


def _template_of(tb: TracebackType | None, line: bool = False) -> str | None:
    """The file (and line) of the last template in a traceback: the one that failed."""
    found = None
    while tb is not None:
        names = tb.tb_frame.f_globals  # Jinja's rewritten frame, or its compiled module
        template = "__jinja_exception__" in names or "debug_info" in names
        if template and tb.tb_frame.f_code.co_filename == names.get("__file__"):
            found = f"{names['__file__']}:{tb.tb_lineno}" if line else str(names["__file__"])
        tb = tb.tb_next
    return found


_DELIMITER_ROW = re.compile(r"^\|(?:[ \t]*:?-+:?[ \t]*\|)+$")
"""A table's delimiter row, `| --- | ---: |`: the line after a header row."""


def tidy_markdown(text: str) -> str:
    """Blank lines as Markdown needs them: one before a heading, one before and after each
    table, never two, and none between the rows of one table (the templates' block tags
    leave them uneven). A table's header row (a row whose next row is a delimiter row)
    starts a new table, so that two tables never run together into one."""
    lines = [line.rstrip() for line in text.split("\n")]
    heads = _header_rows(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        row = line.startswith("|")
        if row and i not in heads and len(out) >= 2 and not out[-1] and out[-2].startswith("|"):
            out.pop()  # a blank line inside a table
        if line and out and out[-1]:
            was_row = out[-1].startswith("|")
            if line.startswith(("#", "<a id=")) or row != was_row or i in heads:
                out.append("")
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def _header_rows(lines: list[str]) -> set[int]:
    """The lines that are a table's header: a row whose next non-blank line is a
    delimiter row."""
    heads: set[int] = set()
    following: str | None = None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line:
            continue
        delimited = following is not None and _DELIMITER_ROW.match(following)
        if line.startswith("|") and delimited and not _DELIMITER_ROW.match(line):
            heads.add(i)
        following = line
    return heads


# --- the HTML format's escaping path and filters ----------------------------------------


def html_value(value: Any) -> Any:
    """Jinja's `finalize` for HTML: every `{{ value }}` is made printable here, then
    escaped by autoescape; safe markup (`Markup`, a macro's output) passes as it is."""
    return value if hasattr(value, "__html__") else clean(str(value))


def markdown_html(text: str | None) -> Markup:
    """A user's Markdown as HTML; raw HTML in it is shown as text, never run, and a link
    that is not `safe_link` is shown as text."""
    return Markup(_MARKDOWN.render(clean(text or "")))


def cell_html(text: str | None) -> Markup:
    """Text for a table cell in HTML."""
    return escape(clean(text or ""))


def code_html(value: object) -> Markup:
    """A value as code (a path, a commit)."""
    return Markup("<code>{}</code>").format(clean("" if value is None else str(value)))


_CSS_STRING = str.maketrans(
    {"\\": "\\5c ", '"': "\\22 ", "'": "\\27 ", "<": "\\3c ", ">": "\\3e ", "&": "\\26 "}
)


def css_string(value: object) -> Markup:
    """Text inside a quoted CSS string (the printed pages' footer): quotes, backslashes
    and markup escaped the CSS way, so that no value can end the string or the style
    element; one line."""
    return Markup(" ".join(clean(str(value)).translate(_CSS_STRING).split()))


# --- numbers and dates --------------------------------------------------------------------


def number(value: float | None, decimals: int = 0) -> str:
    """The `tal` filter: `text.tal`, in whole numbers unless the template asks for decimals."""
    return tal(value, decimals)


def percent(share: float | None) -> str:
    """The `procent` filter: `text.procent`, with one decimal."""
    return procent(share)


def date(value: dt.date | None) -> str:
    return value.isoformat() if value else "–"


def figure(value: float | None, unit: str | None = None, decimals: int | None = None) -> str:
    """The `med_enhet` filter: a figure with its unit, `85 %`, `−6 800 tkr`
    (`wording.with_unit`); as written unless ``decimals`` is given."""
    return with_unit(value, unit, decimals)


def decision(value: Decision) -> str:
    """The `beslut` filter: `Godkänd av Kommunfullmäktige 2021-04-26 § 48` on the annual
    report, `Behandlad av …` on an interim one (`Beslutvy.arsredovisning`), `Beslutad av
    Kommunstyrelsen …` (`wording.decision_text`)."""
    annual = getattr(value, "arsredovisning", None)
    return decision_text(value, annual if isinstance(annual, bool) else None)
