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
header is honoured), other errors and malformed bodies are not. Every way one request
can fail is caught in `_request`, the one function that talks to the network: a broken
HTTP answer, an OS error, a redirect (never followed), an answer over `MAX_BODY`, or
one not complete within `REQUEST_DEADLINE`; and `FETCH_DEADLINE` bounds a whole fetch.

An answer is never trusted further than it has to be: JSON nested too deeply, a number
too long for an int, `NaN` and `Infinity` do not break the parsing; a value that is not
finite or not within `models.MAX_NUMBER` is skipped (and reported), and only the years
asked for are kept.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from malkoll import __version__
from malkoll.errors import KoladaError, MalkollError
from malkoll.kolada import transport
from malkoll.model.files import MAX_NUMBER
from malkoll.text import printable

KOLADA_URL = "https://api.kolada.se/v3"
"""Kolada's own API; the environment variable `MALKOLL_KOLADA_URL` replaces it."""
ENV_URL = "MALKOLL_KOLADA_URL"
TIMEOUT = 30.0
"""Seconds to wait for an answer, or for each read of it, before trying again."""
REQUEST_DEADLINE = 120.0
"""The longest one attempt may take, from connecting to the last byte; then it is retried."""
FETCH_DEADLINE = 900.0
"""The longest a whole fetch or search may take, waits between attempts included."""
MAX_BODY = 50_000_000
"""The largest answer read, in bytes (Kolada's pages of 5000 rows are a few MB)."""
MAX_DIGITS = 18
"""A JSON integer with more digits is read as a float (and so is too large to be a value)."""
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


@dataclass(frozen=True)
class Kpi:
    """A KPI found by `search`."""

    id: str
    title: str
    divided_by_gender: bool


def base_url() -> str:
    """The API's base URL, without a trailing slash; only `http` and `https` are used."""
    url = (os.environ.get(ENV_URL) or KOLADA_URL).rstrip("/")
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise MalkollError(
            f"{ENV_URL} ska vara en adress som börjar med https:// eller http://, inte "
            f"{_shown(url)}."
        )
    return url


def chunks(ids: Iterable[str], size: int = MAX_IDS) -> list[list[str]]:
    """``ids`` in lists of at most ``size``, in order."""
    items = list(ids)
    return [items[i : i + size] for i in range(0, len(items), size)]


def fetch_data(
    kpis: list[str],
    municipalities: list[str],
    years: list[int],
    skipped: list[str] | None = None,
) -> dict[tuple[str, str], Series]:
    """Values per (KPI, municipality) for the given years; every request must succeed.

    A value that cannot be written (not finite, or beyond ±`MAX_NUMBER`) is left out as
    if Kolada had none, and described in ``skipped``; a row for a year not asked for is
    left out silently.
    """
    base = base_url()
    deadline = time.monotonic() + FETCH_DEADLINE
    asked = set(years)
    found: dict[tuple[str, str], Series] = {}
    notes = skipped if skipped is not None else []
    for kpi_part in chunks(kpis):
        for mun_part in chunks(municipalities):
            for year_part in chunks([str(y) for y in years]):
                path = "/data/kpi/{}/municipality/{}/year/{}".format(
                    *(_segment(p) for p in (kpi_part, mun_part, year_part))
                )
                for row in rows(f"{base}{path}?per_page={PER_PAGE}", deadline):
                    _add_row(found, row, asked, notes)
    return found


def search(text: str) -> list[Kpi]:
    """KPIs whose title contains ``text``."""
    query = urllib.parse.urlencode({"title": text, "per_page": PER_PAGE})
    found: list[Kpi] = []
    for row in rows(f"{base_url()}/kpi?{query}", time.monotonic() + FETCH_DEADLINE):
        kpi_id, title = row.get("id"), row.get("title")
        if not isinstance(kpi_id, str) or not isinstance(title, str):
            raise _malformed("ett nyckeltal utan id eller titel")
        found.append(Kpi(kpi_id, title, bool(row.get("is_divided_by_gender"))))
    return found


def rows(url: str, deadline: float) -> Iterator[dict[str, Any]]:
    """The rows of every page, following `next_url` or `next_page` until none."""
    seen: set[str] = set()
    while url:
        if url in seen or len(seen) >= MAX_PAGES:
            raise _malformed("sidorna hänvisar i en slinga")
        seen.add(url)
        body = get_json(url, deadline)
        values = body.get("values")
        if not isinstance(values, list):
            raise _malformed("svaret saknar listan `values`")
        for row in values:
            if not isinstance(row, dict):
                raise _malformed("en rad i `values` är inte ett objekt")
            if not row.get("isdeleted"):
                yield row
        url = _next(url, body)


def get_json(url: str, deadline: float) -> dict[str, Any]:
    """The JSON object at ``url``, retrying timeouts, 429 and 5xx answers until ``deadline``
    (monotonic seconds) for the whole fetch."""
    attempt = 0
    while True:
        try:
            return _parse(_request(url, min(time.monotonic() + REQUEST_DEADLINE, deadline)))
        except _Retryable as problem:
            last = attempt >= RETRIES
            wait = min(problem.wait if problem.wait is not None else BACKOFF * 2**attempt, MAX_WAIT)
            if time.monotonic() + (0.0 if last else wait) >= deadline:
                raise KoladaError(
                    f"Hämtningen från Kolada tog mer än {_decimal(FETCH_DEADLINE)} sekunder "
                    f"och avbröts; senast {problem.what} ({_short(url)}). Försök igen senare."
                ) from None
            if last:
                raise KoladaError(
                    f"Kolada {problem.what} efter {attempt + 1} försök ({_short(url)}). "
                    "Försök igen senare."
                ) from None
            sleep(wait)
            attempt += 1


class _Retryable(Exception):
    def __init__(self, what: str, wait: float | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.wait = wait


def _request(url: str, deadline: float) -> bytes:
    """The body at ``url``: the one function that talks to the network.

    Every way a request can fail ends here as `_Retryable` (a timeout, the deadline, 429
    and 5xx) or `KoladaError` (everything else), each with a Swedish description.
    """
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": f"malkoll/{__version__}"}
    )
    try:
        with transport.open_url(request, TIMEOUT, deadline) as response:
            return transport.read_body(response, MAX_BODY, deadline)
    except urllib.error.HTTPError as err:
        err.close()
        if err.code == 429 or err.code >= 500:
            wait = _retry_after(err.headers.get("Retry-After"))
            raise _Retryable(f"svarade {_status(err.code)}", wait) from None
        if 300 <= err.code < 400:
            raise KoladaError(
                f"Kolada svarade {err.code} och hänvisade vidare till "
                f"{_shown(_host(err.headers.get('Location')))} ({_short(url)}). malkoll "
                f"följer inte vidarehänvisningar; kontrollera adressen {base_url()}."
            ) from None
        raise KoladaError(
            f"Kolada svarade {_status(err.code)} på {_short(url)}. "
            "Kontrollera id:t i malkoll.yaml och i indikatorns `kolada:`."
        ) from None
    except transport.TooLarge:
        raise _malformed(f"svaret är större än {_decimal(MAX_BODY / 1e6)} MB") from None
    except TimeoutError:  # `transport.DeadlinePassed` too
        raise _Retryable(_slow(deadline)) from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise _Retryable(_slow(deadline)) from None
        raise _unreachable(transport.describe(err)) from None
    except http.client.RemoteDisconnected as err:  # closed before the status line
        raise _unreachable(transport.describe(err)) from None
    except (http.client.HTTPException, transport.Incomplete, ValueError) as err:
        raise _malformed(transport.describe(err)) from None
    except OSError as err:  # a connection reset while reading
        raise _unreachable(transport.describe(err)) from None


def _unreachable(why: str) -> KoladaError:
    return KoladaError(
        f"Kunde inte nå Kolada på {base_url()} ({why}). "
        "Kontrollera nätverksanslutningen och försök igen."
    )


_STATUS = {
    400: "felaktig fråga",
    401: "inloggning krävs",
    403: "åtkomst nekad",
    404: "finns inte",
    410: "finns inte längre",
    429: "för många anrop",
}


def _status(code: int) -> str:
    """`404 (finns inte)`, `503 (fel hos Kolada)`: a status code in Swedish."""
    what = _STATUS.get(code) or ("fel hos Kolada" if code >= 500 else "")
    return f"{code} ({what})" if what else str(code)


def _host(location: str | None) -> str:
    if not location:
        return "en annan adress"
    parts = urllib.parse.urlsplit(location)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else location


def _decimal(value: float) -> str:
    """`0,5`, `30`: a number of seconds or megabytes with a decimal comma."""
    return f"{value:g}".replace(".", ",")


def _slow(deadline: float) -> str:
    """What a timeout was: a read that took `TIMEOUT`, or an answer past its deadline."""
    if time.monotonic() >= deadline:
        return f"svarade inte färdigt inom {_decimal(REQUEST_DEADLINE)} sekunder"
    return f"svarade inte inom {_decimal(TIMEOUT)} sekunder"


def _retry_after(header: str | None) -> float | None:
    """`Retry-After` in seconds; an HTTP date or anything else falls back to the backoff."""
    try:
        wait = float(header) if header is not None else None
    except ValueError:
        return None
    return max(0.0, wait) if wait is not None and math.isfinite(wait) else None


def _parse_int(text: str) -> int | float:
    """A JSON integer; beyond `MAX_DIGITS` digits a float (`inf` for 401 digits), never
    the ValueError of Python's limit on int digits."""
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else float(text)


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw.decode("utf-8-sig"), parse_int=_parse_int, parse_constant=float)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _malformed("svaret är inte JSON") from None
    except RecursionError:
        raise _malformed("svaret är orimligt djupt nästlat") from None
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


def _add_row(
    found: dict[tuple[str, str], Series], row: dict[str, Any], asked: set[int], skipped: list[str]
) -> None:
    kpi, municipality = row.get("kpi"), row.get("municipality")
    if not isinstance(kpi, str) or not isinstance(municipality, str | int):
        raise _malformed("en rad saknar `kpi` eller `municipality`")
    if isinstance(municipality, int):  # ids are text; a number has lost its leading zeros
        municipality = f"{municipality:04d}"
    year = _period(row.get("period"))
    values = row.get("values")
    where = f"{_shown(kpi)} för {_shown(municipality)} {year}"
    if not isinstance(values, list):
        raise _malformed(f"raden för {where} saknar listan `values`")
    if year not in asked:  # a year not asked for (1066, 9999) is never written
        return
    series = found.setdefault((kpi, municipality), {})
    for entry in values:
        if not isinstance(entry, dict):
            raise _malformed(f"ett värde för {where} är inte ett objekt")
        gender = entry.get("gender")
        if gender not in GENDERS or entry.get("isdeleted"):
            continue
        value = _number(entry.get("value"), where)
        if value is not None and (not math.isfinite(value) or abs(value) > MAX_NUMBER):
            skipped.append(f"{where} ({gender}): {_shown(entry.get('value'))}")
            value = None
        series.setdefault(year, {})[gender] = value


def _period(value: Any) -> int:
    """`period` as a year: Kolada sends a number or a text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    raise _malformed(f"perioden {_shown(value)} är inte ett år")


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and len(value) <= 100:
        try:
            return float(value.replace(",", "."))
        except ValueError:
            pass
    raise _malformed(f"värdet {_shown(value)} för {where} är inte ett tal")


def _shown(value: Any, limit: int = 40) -> str:
    """A value from the answer as a message shows it: one printable line, not too long."""
    text = printable(value if isinstance(value, str) else repr(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
