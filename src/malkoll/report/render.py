"""Rendering the view model through Jinja templates, and writing the files safely.

One environment, built in one function: autoescape for HTML, StrictUndefined so a typo in
a template fails loudly, and a short explicit list of filters. Text written by users is
data, never a template: it is rendered as Markdown with raw HTML disabled (HTML) or with
its HTML characters escaped (Markdown), so `{{ 7*7 }}` and `<script>` print as written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ..errors import MalkollError

FORMATS = {"md": "rapport.md.j2", "html": "rapport.html.j2"}
"""The report formats and the template each starts from."""

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_MARKDOWN.enable("table")


class TemplateProblem(MalkollError):
    """A template is missing or broken (typically a municipality's own override)."""


def default_templates() -> Path:
    """The templates shipped with malkoll (`mallar/` in the package or in the checkout)."""
    packaged = Path(str(resources.files("malkoll").joinpath("mallar")))
    if (packaged / FORMATS["html"]).is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "mallar"


def environment(fmt: str, own: list[Path]) -> jinja2.Environment:
    """The Jinja environment for ``fmt``: the user's folders win file by file, and the
    shipped templates stay reachable as `standard/...` for `{% extends %}` and `super()`."""
    shipped = jinja2.FileSystemLoader(default_templates())
    loader = jinja2.ChoiceLoader(
        [
            *(jinja2.FileSystemLoader(folder) for folder in own),
            shipped,
            jinja2.PrefixLoader({"standard": shipped}),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=fmt == "html",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        {
            "text": markdown_html if fmt == "html" else markdown_text,
            "cell": cell_html if fmt == "html" else cell_text,
            "tal": number,
            "procent": percent,
            "datum": date,
        }
    )
    return env


def render(view: Any, fmt: str, own: list[Path]) -> str:
    """The report in ``fmt`` (`md` or `html`)."""
    try:
        template = environment(fmt, own).get_template(FORMATS[fmt])
        text = template.render(r=view)
        return tidy_markdown(text) if fmt == "md" else text
    except jinja2.TemplateNotFound as err:
        raise TemplateProblem(f"Mallen {err.name} hittades inte.") from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateProblem(
            f"Mallen {err.filename or err.name}:{err.lineno} är felaktig: {err.message}"
        ) from None
    except jinja2.UndefinedError as err:
        raise TemplateProblem(f"En mall använder något som inte finns: {err.message}") from None
    except (jinja2.TemplateError, TypeError, ValueError) as err:
        raise TemplateProblem(f"En mall gick inte att använda: {err}") from None


def tidy_markdown(text: str) -> str:
    """Blank lines as Markdown needs them: one before a table or heading, never two, and
    none between the rows of a table (the templates' block tags leave them uneven)."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line.startswith("| ") and len(out) >= 2 and not out[-1] and out[-2].startswith("| "):
            out.pop()  # a blank line inside a table
        starts_block = line.startswith(("#", "| ", "<a id="))
        if starts_block and out and out[-1] and not (line[:2] == out[-1][:2] == "| "):
            out.append("")
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def markdown_html(text: str | None) -> Markup:
    """A user's Markdown as HTML; raw HTML in it is shown as text, never run."""
    return Markup(_MARKDOWN.render(text or ""))


def markdown_text(text: str | None) -> str:
    """A user's Markdown in the Markdown report: kept, but HTML characters escaped."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").strip()


def cell_html(text: str | None) -> Markup:
    """Text for a table cell in HTML."""
    return escape(text or "")


def cell_text(text: str | None) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(markdown_text(text).split()).replace("|", "\\|")


def number(value: float | None, decimals: int = 0) -> str:
    """`−9 000`, `219,8`; a dash for no value."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "−")


def percent(share: float | None) -> str:
    """A share as per cent with one decimal: `−1,4 %`."""
    return "–" if share is None else number(share * 100, 1) + "\u00a0%"


def date(value: dt.date | None) -> str:
    return value.isoformat() if value else "–"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(files: dict[Path, str]) -> None:
    """Write every file whole or not at all: each goes to a temporary file first."""
    try:
        _write_all(files)
    except OSError as err:
        raise MalkollError(
            f"Kunde inte skriva {err.filename or 'rapporten'}: {err.strerror}."
        ) from None


def _write_all(files: dict[Path, str]) -> None:
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            Path(name).chmod(0o666 & ~_umask())  # mkstemp's 0600 is for secrets, not reports
            staged.append((Path(name), path))
        for tmp, path in staged:
            tmp.replace(path)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
