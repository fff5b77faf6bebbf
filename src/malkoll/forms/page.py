"""`admin/index.html`: the page that loads the content manager (Decap CMS) and its
configuration beside it.

The bundle comes by default from a CDN, pinned to one version with its SRI hash, so that
a changed file at that address is refused by the browser; a municipality that serves its
own copy gives its address instead (`malkoll formular --cms-url`), without a hash.
"""

from __future__ import annotations

from html import escape

DECAP_VERSION = "3.16.3"
CDN_URL = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"
CDN_INTEGRITY = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
"""sha384 of decap-cms@3.16.3's dist/decap-cms.js as npm ships it (tests/forms pins the
same version; test_formular checks the hash against the installed file when it is there)."""


def index_html(kommun: str, year: int, cms_url: str | None = None) -> str:
    url = cms_url or CDN_URL
    integrity = "" if cms_url else f' integrity="{CDN_INTEGRITY}" crossorigin="anonymous"'
    title = escape(f"Uppföljning {year}: {kommun}")
    return f"""<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{title}</title>
  <!-- Skriven av malkoll formular: skriv inte här, kör kommandot igen. -->
</head>
<body>
  <noscript>Formulären behöver JavaScript.</noscript>
  <script src="{escape(url)}"{integrity}></script>
</body>
</html>
"""
