"""Kolada: fetching the indicators' values into `indikatorer/`, and finding KPI ids.

Nothing else in malkoll uses the network: `validera` and `rapport` read only the files,
and a fetch is its own command whose result a person reviews and commits.
"""

from __future__ import annotations

from malkoll.errors import KoladaError
from malkoll.kolada.client import Kpi, search
from malkoll.kolada.fetch import FileUpdate, Hamtning, hamta
from malkoll.kolada.merge import Change

__all__ = ["Change", "FileUpdate", "Hamtning", "KoladaError", "Kpi", "hamta", "search"]
