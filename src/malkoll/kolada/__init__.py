"""Kolada: fetching the indicators' values into `indikatorer/`, and finding KPI ids.

Nothing else in malkoll uses the network: `validera` and `rapport` read only the files,
and a fetch is its own command whose result a person reviews and commits.
"""

from __future__ import annotations

from .client import KoladaError, Kpi, search
from .fetch import FileUpdate, Hamtning, hamta
from .merge import Change

__all__ = ["Change", "FileUpdate", "Hamtning", "KoladaError", "Kpi", "hamta", "search"]
