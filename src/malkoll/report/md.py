"""The Markdown report's one escaping path.

The Markdown environment autoescapes like the HTML one, with a Markdown escaper: every
`{{ value }}` goes through `finalize`, which escapes it as plain text unless it is
`Markdown` (or any `Markup`) that Python code or the template itself produced. Plain text
then reads as written in any renderer, HTML allowed or not: `<` and `>` become entities,
the characters that make links, emphasis, code, tables and attribute lists are
backslash-escaped, a line break becomes a space so that no value starts a heading or a
list, and control characters are shown as escapes.

A user's own Markdown (analyses, summaries, comments) keeps its formatting but passes
`sanitize`: raw HTML shown as text, links to anything but http, https and mailto (and
anchors) shown as text, `{` escaped so that no renderer reads attributes or template tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.filters import do_replace, make_attrgetter
from jinja2.runtime import Macro
from markupsafe import Markup, soft_str

from malkoll.report.safe import clean, safe_link


class Markdown(Markup):
    """Text that is safe Markdown as it stands; anything joined to it is escaped as
    Markdown (`+`, `%`, `.join`, `.format`), not as HTML."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Markdown:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(escape_text(str(s), ends=True))


# --- plain text ---------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"[ \t]*\n\s*")
_SPECIAL = re.compile(r"[\\`*\[\]|~{<>\"&_#]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_BLOCK_START = re.compile(r"^(?:[-+=]|\d{1,9}[.)](?=\s|$))")
_ALWAYS = {"<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_text(text: str, ends: bool = False) -> str:
    """Plain text as Markdown that shows exactly that text, on one line. Only what could
    change the structure is escaped: a period or a hyphen inside prose stays. Spaces at
    the ends go (after a template's `*` a space would start a list), unless ``ends``: a
    piece joined to safe text (`m() ~ " "`) keeps them."""
    text = _LINE_BREAK.sub(" ", clean(text))
    text = text if ends else text.strip()
    text = _SPECIAL.sub(lambda m: _escape(m, text), text)
    return _BLOCK_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)


def _escape(m: re.Match[str], text: str) -> str:
    ch, at = m.group(), m.start()
    if ch in _ALWAYS:
        return _ALWAYS[ch]
    if ch == "&":  # only where it would start an entity: `&amp;` stays `&amp;`
        return "&amp;" if _ENTITY.match(text, at) else ch
    if ch == "_":  # inside a word an underscore is never emphasis
        inside = 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()
        return ch if inside else "\\_"
    if ch == "#":  # a heading's marker or closing sequence starts after a space
        return "\\#" if at == 0 or text[at - 1].isspace() else ch
    return "\\" + ch


def finalize(value: Any) -> Markup:
    """Jinja's `finalize` for the Markdown environment: every `{{ value }}` passes here."""
    if hasattr(value, "__html__"):
        return value  # type: ignore[no-any-return]
    return Markdown(escape_text(str(value)))


# --- a user's Markdown ----------------------------------------------------------------------

_LINK_TARGET = re.compile(r"\][ \t]*[(:]")
_DESTINATION = re.compile(r"\s*(\S*)")
_PUNCTUATION_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def sanitize(text: str) -> str:
    """A user's Markdown, kept, with raw HTML shown as text (`<` as `&lt;`), every link
    whose target is not `safe_link` shown as text, and `{` escaped (kramdown's and
    Python-Markdown's attribute lists, pandoc's raw attributes, Liquid and Jinja tags)."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _defuse_links(_escaped_everywhere(text, "{")).strip()


def _escaped_everywhere(text: str, char: str) -> str:
    """Every ``char`` in ``text`` preceded by an odd number of backslashes, so that none
    is left to a renderer (an even number escapes only the backslashes)."""
    return re.sub(
        r"(\\*)" + re.escape(char),
        lambda m: m.group(1) + ("" if len(m.group(1)) % 2 else "\\") + char,
        text,
    )


def _defuse_links(text: str) -> str:
    """Each `](target` or `]: target` whose target is not a safe link, with its `(` or
    `:` escaped: the link's text and target are then shown as written, never followed."""

    def defuse(m: re.Match[str]) -> str:
        found = _DESTINATION.match(text, m.end())
        target = found.group(1) if found else ""
        target = _PUNCTUATION_ESCAPE.sub(r"\1", target)  # as CommonMark reads `java\:`
        if safe_link(html.unescape(target)):
            return m.group()
        return m.group()[:-1] + "\\" + m.group()[-1]

    return _LINK_TARGET.sub(defuse, text)


# --- filters ----------------------------------------------------------------------------------


def text(value: str | None) -> Markup:
    """A user's Markdown in the report, as blocks."""
    if hasattr(value, "__html__"):
        return value  # type: ignore[return-value]
    return Markdown(sanitize("" if value is None else str(value)))


def cell(value: str | None) -> Markup:
    """A user's Markdown on one line: a table cell or a list item. Line breaks become
    spaces and every `|` is escaped, so that the text stays in its cell."""
    safe = (
        str(value) if hasattr(value, "__html__") else sanitize("" if value is None else str(value))
    )
    return Markdown(_escaped_everywhere(_LINE_BREAK.sub(" ", safe), "|"))


def code(value: object) -> Markdown:
    """A value as a code span (a path, a commit): shown exactly, backticks and all."""
    content = _LINE_BREAK.sub(" ", clean("" if value is None else str(value))).strip()
    if not content:
        return Markdown("")
    fence = "`" * (max((len(run) for run in re.findall("`+", content)), default=0) + 1)
    pad = " " if content[0] in "` " or content[-1] in "` " else ""
    return Markdown(f"{fence}{pad}{content}{pad}{fence}")


@jinja2.pass_environment
def join(
    env: jinja2.Environment, value: Any, d: str = "", attribute: str | int | None = None
) -> str:
    """Jinja's `join`, escaping as Markdown where it meets safe text: plain items joined
    stay plain text (escaped on output), items joined to `Markdown` are escaped first."""
    items = list(value if attribute is None else map(make_attrgetter(env, attribute), value))
    if hasattr(d, "__html__") or any(hasattr(i, "__html__") for i in items):
        return Markdown.escape(d).join(items)
    return str(d).join(map(str, items))


def force_escape(value: Any) -> Markdown:
    return Markdown(escape_text(str(value)))


@jinja2.pass_eval_context
def replace(
    eval_ctx: jinja2.nodes.EvalContext, s: Any, old: Any, new: Any, count: int | None = None
) -> str:
    """Jinja's `replace`; a plain text that meets safe text is escaped as Markdown."""
    if (hasattr(old, "__html__") or hasattr(new, "__html__")) and not hasattr(s, "__html__"):
        s = Markdown.escape(s)
    return do_replace(eval_ctx, s, old, new, count)


FILTERS = {
    "text": text,
    "cell": cell,
    "code": code,
    "join": join,
    "e": Markdown.escape,
    "escape": Markdown.escape,
    "forceescape": force_escape,
    "replace": replace,
}
"""The Markdown environment's own filters; Jinja's `e`, `escape`, `forceescape`, `join`
and `replace` would escape as HTML. (`safe`, `urlize`, `tojson` and `xmlattr` make HTML,
on a template's explicit request.)"""


def markdown_join(seq: Iterable[Any]) -> str:
    """Jinja's `a ~ b`: plain when both sides are plain, else each plain side escaped."""
    items = [soft_str(x) for x in seq]
    if any(hasattr(x, "__html__") for x in items):
        return Markdown("").join(items)
    return "".join(items)


class MarkdownMacro(Macro):
    """Jinja's macro, returning `Markdown` where Jinja's returns `Markup`."""

    def _invoke(self, arguments: list[Any], autoescape: bool) -> str:
        rv = super()._invoke(arguments, autoescape)
        return Markdown(rv) if autoescape else rv


_RUNTIME_IMPORT = "from jinja2.runtime import "


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with the names its code uses for safe text bound to the
    Markdown kind: a macro's output, a `{% call %}`, `{% filter %}` or `{% set %}` block
    and `a ~ b` are then `Markdown`, and what is joined to them is escaped as Markdown."""

    _bound = False

    def writeline(self, x: str, node: nodes.Node | None = None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x.startswith(_RUNTIME_IMPORT):
            super().writeline(
                f"from {__name__} import Markdown as Markup, MarkdownMacro as Macro, "
                "markdown_join as markup_join"
            )
            self._bound = True

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        super().visit_Template(node, frame)
        if not self._bound:  # a Jinja that writes its imports differently: fail, loudly
            raise RuntimeError("malkoll cannot bind Markdown escaping in this Jinja version")


class MarkdownEnvironment(jinja2.Environment):
    """A Jinja environment whose autoescaping is Markdown's: use with `finalize`."""

    code_generator_class = _CodeGenerator
