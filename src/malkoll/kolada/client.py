"""Talking to Kolada's API, version 3, with the standard library only.

What we rely on (Kolada's v3 API; version 2 was shut down in 2026):

- Data: ``GET {base}/data/kpi/{kpis}/municipality/{ids}/year/{years}``, each segment a
  comma-separated list of at most 25 ids. The answer is a JSON object with ``values``, a
  list of rows ``{"kpi", "municipality", "period", "values": [{"gender", "value",
  "count", "status"}]}``. ``period`` may come as a number or as text; municipality ids
  are text with leading zeros (``"0000"`` is the whole country); a value may be null.
  A row or a value marked ``isdeleted`` is dropped.
- KPI search: ``GET {base}/kpi?title=TEXT`` gives rows ``{"id", "title",
  "is_divided_by_gender"}`` (a boolean, or 0/1 as in version 2).
- Paging: an answer may name the next page in ``next_url`` (or ``next_page``) until
  none; ``per_page`` is at most 5000. A next page is always fetched from the base URL's
  host and scheme, whatever host the link names.

Network trouble becomes one Swedish line (`KoladaError`, exit status 1): timeouts and
429/5xx answers are retried a few times with exponential backoff (a `Retry-After`
header is honoured), other errors and malformed bodies are not.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..errors import MalkollError

KOLADA_URL = "https://api.kolada.se/v3"
"""Kolada's own API; the environment variable `MALKOLL_KOLADA_URL` replaces it."""
ENV_URL = "MALKOLL_KOLADA_URL"
TIMEOUT = 30.0
"""Seconds to wait for an answer before trying again."""
RETRIES = 3
"""Extra attempts after a timeout, a 429 or a 5xx answer."""
BACKOFF = 1.0
"""The first wait before retrying, in seconds; it doubles for each attempt."""
MAX_WAIT = 60.0
"""The longest wait, whatever `Retry-After` asks for."""
PER_PAGE = 5000
MAX_IDS = 25
"""Kolada takes at most this many ids in one path segment."""
MAX_PAGES = 10_000
GENDERS = ("T", "K", "M")

sleep: Callable[[float], None] = time.sleep
"""How the client waits between attempts (the tests replace it)."""

Series = dict[int, dict[str, float | None]]
"""Values per year and gender (T, K, M) for one KPI in one municipality or group."""


class KoladaError(MalkollError):
    """Kolada could not be reached or gave an answer malkoll cannot read (exit status 1)."""

    exit_status = 1


@dataclass(frozen=True)
class Kpi:
    """A KPI found by `search`."""

    id: str
    title: str
    divided_by_gender: bool


def base_url() -> str:
    """The API's base URL, without a trailing slash."""
    return (os.environ.get(ENV_URL) or KOLADA_URL).rstrip("/")


def chunks(ids: Iterable[str], size: int = MAX_IDS) -> list[list[str]]:
    """``ids`` in lists of at most ``size``, in order."""
    items = list(ids)
    return [items[i : i + size] for i in range(0, len(items), size)]


def fetch_data(
    kpis: list[str], municipalities: list[str], years: list[int]
) -> dict[tuple[str, str], Series]:
    """Values per (KPI, municipality) for the given years; every request must succeed."""
    base = base_url()
    found: dict[tuple[str, str], Series] = {}
    for kpi_part in chunks(kpis):
        for mun_part in chunks(municipalities):
            for year_part in chunks([str(y) for y in years]):
                path = "/data/kpi/{}/municipality/{}/year/{}".format(
                    *(_segment(p) for p in (kpi_part, mun_part, year_part))
                )
                for row in rows(f"{base}{path}?per_page={PER_PAGE}"):
                    _add_row(found, row)
    return found


def search(text: str) -> list[Kpi]:
    """KPIs whose title contains ``text``."""
    query = urllib.parse.urlencode({"title": text, "per_page": PER_PAGE})
    found: list[Kpi] = []
    for row in rows(f"{base_url()}/kpi?{query}"):
        kpi_id, title = row.get("id"), row.get("title")
        if not isinstance(kpi_id, str) or not isinstance(title, str):
            raise _malformed("ett nyckeltal utan id eller titel")
        found.append(Kpi(kpi_id, title, bool(row.get("is_divided_by_gender"))))
    return found


def rows(url: str) -> Iterator[dict[str, Any]]:
    """The rows of every page, following `next_url` or `next_page` until none."""
    seen: set[str] = set()
    while url:
        if url in seen or len(seen) >= MAX_PAGES:
            raise _malformed("sidorna hänvisar i en slinga")
        seen.add(url)
        body = get_json(url)
        values = body.get("values")
        if not isinstance(values, list):
            raise _malformed("svaret saknar listan `values`")
        for row in values:
            if not isinstance(row, dict):
                raise _malformed("en rad i `values` är inte ett objekt")
            if not row.get("isdeleted"):
                yield row
        url = _next(url, body)


def get_json(url: str) -> dict[str, Any]:
    """The JSON object at ``url``, retrying timeouts, 429 and 5xx answers."""
    attempt = 0
    while True:
        try:
            return _parse(_request(url))
        except _Retryable as problem:
            if attempt >= RETRIES:
                raise KoladaError(
                    f"Kolada {problem.what} efter {attempt + 1} försök ({_short(url)}). "
                    "Försök igen senare."
                ) from None
            sleep(min(problem.wait if problem.wait is not None else BACKOFF * 2**attempt, MAX_WAIT))
            attempt += 1


class _Retryable(Exception):
    def __init__(self, what: str, wait: float | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.wait = wait


def _request(url: str) -> bytes:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": f"malkoll/{__version__}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as err:
        err.close()
        if err.code == 429 or err.code >= 500:
            wait = _retry_after(err.headers.get("Retry-After"))
            raise _Retryable(f"svarade {err.code} {err.reason}", wait) from None
        raise KoladaError(
            f"Kolada svarade {err.code} {err.reason} på {_short(url)}. "
            "Kontrollera id:t i malkoll.yaml och i indikatorns `kolada:`."
        ) from None
    except TimeoutError:
        raise _Retryable(_timed_out()) from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, TimeoutError):
            raise _Retryable(_timed_out()) from None
        raise KoladaError(
            f"Kunde inte nå Kolada på {base_url()} ({reason}). "
            "Kontrollera nätverksanslutningen och försök igen."
        ) from None
    except (OSError, ValueError) as err:  # a connection reset, a broken HTTP answer
        raise KoladaError(
            f"Kunde inte nå Kolada på {base_url()} ({err}). "
            "Kontrollera nätverksanslutningen och försök igen."
        ) from None


def _timed_out() -> str:
    seconds = f"{TIMEOUT:g}".replace(".", ",")
    return f"svarade inte inom {seconds} sekunder"


def _retry_after(header: str | None) -> float | None:
    """`Retry-After` in seconds; an HTTP date or anything else falls back to the backoff."""
    try:
        return max(0.0, float(header)) if header is not None else None
    except ValueError:
        return None


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _malformed("svaret är inte JSON") from None
    if not isinstance(body, dict):
        raise _malformed("svaret är inte ett JSON-objekt")
    return body


def _next(url: str, body: dict[str, Any]) -> str:
    """The next page's URL on the base URL's host, or an empty string on the last page."""
    link = body.get("next_url") or body.get("next_page")
    if not link:
        return ""
    if isinstance(link, int) or (isinstance(link, str) and link.isdigit()):
        parts = urllib.parse.urlsplit(url)
        query = dict(urllib.parse.parse_qsl(parts.query))
        query["page"] = str(link)
        return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
    if not isinstance(link, str):
        raise _malformed("länken till nästa sida är inte en text")
    # Only the path and query are taken from the link: a next page stays on Kolada's
    # host and scheme (an `http://` link behind a proxy, or another host, is not followed).
    target = urllib.parse.urlsplit(urllib.parse.urljoin(url, link))
    own = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((own.scheme, own.netloc, target.path, target.query, ""))


def _add_row(found: dict[tuple[str, str], Series], row: dict[str, Any]) -> None:
    kpi, municipality = row.get("kpi"), row.get("municipality")
    if not isinstance(kpi, str) or not isinstance(municipality, str | int):
        raise _malformed("en rad saknar `kpi` eller `municipality`")
    if isinstance(municipality, int):  # ids are text; a number has lost its leading zeros
        municipality = f"{municipality:04d}"
    year = _period(row.get("period"))
    values = row.get("values")
    if not isinstance(values, list):
        raise _malformed(f"raden för {kpi} {year} saknar listan `values`")
    series = found.setdefault((kpi, municipality), {})
    for entry in values:
        if not isinstance(entry, dict):
            raise _malformed(f"ett värde för {kpi} {year} är inte ett objekt")
        gender = entry.get("gender")
        if gender not in GENDERS or entry.get("isdeleted"):
            continue
        series.setdefault(year, {})[gender] = _number(entry.get("value"), kpi, year)


def _period(value: Any) -> int:
    """`period` as a year: Kolada sends a number or a text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        return int(value.strip())
    raise _malformed(f"perioden {value!r} är inte ett år")


def _number(value: Any, kpi: str, year: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            pass
    raise _malformed(f"värdet {value!r} för {kpi} {year} är inte ett tal")


def _segment(ids: list[str]) -> str:
    return ",".join(urllib.parse.quote(i, safe="") for i in ids)


def _short(url: str) -> str:
    """The URL without its query, for messages."""
    return url.split("?", 1)[0]


def _malformed(what: str) -> KoladaError:
    return KoladaError(
        f"Kolada skickade ett svar som malkoll inte kan läsa: {what}. "
        "Inget har ändrats; försök igen senare."
    )
