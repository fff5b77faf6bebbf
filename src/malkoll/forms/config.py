"""The content manager's configuration (`admin/config.yml`) from the repository: one
collection per nämnd and year listing each organisation's plan file, with the fields a
period asks of it, one for the strategic goals' own follow-up and one for the bolag
(`forms.annual`), and one for the nämnd's controller (internal control, economy).

Nothing here is written by hand: the periods, the scale, the delmål and the files come
from the repository, the labels and help texts from the models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from malkoll.forms import annual
from malkoll.forms import fields as w
from malkoll.forms.fields import Field
from malkoll.model import files as m
from malkoll.model.annual import Beslut
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.model.types import ANALYSDELAR, STATUSAR

BACKENDS = ("gitlab", "github", "lokal")


@dataclass(frozen=True)
class Backend:
    """Where the forms read and write: a git host, or `lokal` (decap-server on this
    machine, for trying the forms out)."""

    name: str = "lokal"
    repo: str | None = None
    """`grupp/projekt` on the git host."""
    branch: str = "main"
    app_id: str | None = None
    """The OAuth application's id on GitLab (PKCE: no secret, no server of ours)."""
    base_url: str | None = None
    """A self-hosted GitLab's address, e.g. `https://gitlab.kommun.se`."""
    local_url: str | None = None
    """decap-server's address for `lokal` (standard: http://localhost:8081/api/v1)."""
    editorial_workflow: bool = True
    """Changes as merge requests (draft → in review → ready) instead of straight commits."""


@dataclass
class Forms:
    """The configuration and what it leaves out."""

    config: dict[str, Any]
    without_plan: list[tuple[str, str]] = field(default_factory=list)
    """(id, name) of the organisations that have no plan file for the year."""
    plan_files: dict[str, str] = field(default_factory=dict)
    """Each plan file in the forms by organisation id."""


def build(repo: Repository, year: int, backend: Backend) -> Forms:
    index = Index.of(repo)
    settings = repo.installningar
    periods = list(settings.perioder.items())
    forms = Forms(config={})
    collections: list[dict[str, Any]] = []
    plan_fields = _plan_fields(index, settings, periods)
    plans = index.plans(year)
    # One folder collection per plan folder (ÅR/plan/<mapp>/): the fields are written
    # once, not once per file, and the folder's plans are its entries.
    folders: dict[str, list[str]] = {}
    for org_id in index.orgs:
        doc = plans.get(org_id)
        if doc is None:
            forms.without_plan.append((org_id, index.name(org_id)))
            continue
        forms.plan_files[org_id] = doc.path
        folders.setdefault(doc.path.rpartition("/")[0], []).append(org_id)
    for folder, orgs in folders.items():
        namnd = index.namnd_of(orgs[0]) or orgs[0]
        names = ", ".join(f"{index.name(o)} ({o})" for o in orgs)
        collections.append(
            {
                "name": _slug(f"plan-{folder}"),
                "label": f"Planer {year}: {index.name(namnd)}",
                "label_singular": "Plan",
                "description": f"Planer och uppföljning i {folder}/: {names}. Skriv "
                "analys, bedömning och aktiviteternas status för perioden; malkoll "
                "validera visar vad som saknas.",
                "folder": folder,
                "extension": "yaml",
                "format": "yaml",
                "create": False,
                "delete": False,
                "identifier_field": "organisation",
                "summary": "{{organisation}}",
                "sortable_fields": [],
                "editor": {"preview": False},
                "fields": plan_fields,
            }
        )
    collections += annual.collections(repo, year, index, periods)
    controller = _controller_files(repo, year, index, periods)
    if controller:
        collections.append(
            {
                "name": _slug(f"namnd-{year}"),
                "label": f"Nämndernas underlag {year}",
                "label_singular": "Fil",
                "description": "Internkontroll och ekonomi, för nämndens controller.",
                "delete": False,
                "editor": {"preview": False},
                "files": controller,
            }
        )
    forms.config = {
        "backend": _backend(backend),
        **({"local_backend": _local(backend)} if backend.name == "lokal" else {}),
        **({"publish_mode": "editorial_workflow"} if backend.editorial_workflow else {}),
        "locale": "sv",
        "media_folder": "admin/bilagor",
        "collections": collections,
    }
    return forms


def _backend(backend: Backend) -> dict[str, Any]:
    if backend.name == "lokal":
        # decap-server answers for the local backend; the git-gateway name is a stand-in
        # that is never contacted while `local_backend` is on (localhost only).
        return {"name": "git-gateway", "branch": backend.branch}
    out: dict[str, Any] = {"name": backend.name, "repo": backend.repo, "branch": backend.branch}
    if backend.name == "gitlab":
        out["auth_type"] = "pkce"
        if backend.app_id:
            out["app_id"] = backend.app_id
        if backend.base_url:
            base = backend.base_url.rstrip("/")
            out["base_url"] = base
            out["api_root"] = f"{base}/api/v4"
            out["auth_endpoint"] = "oauth/authorize"
    elif backend.base_url:
        out["base_url"] = backend.base_url.rstrip("/")
    return out


def _local(backend: Backend) -> Any:
    if backend.local_url:
        return {"url": backend.local_url}
    return True


_slug = annual.slug
_period_label = annual.period_label


def _plan_fields(
    index: Index, settings: m.Installningar, periods: list[tuple[str, m.Period]]
) -> list[Field]:
    kravs = set(settings.analys.kravs)
    scale = [(step_id, step.namn or step_id) for step_id, step in settings.bedomning.items()]
    delmal_options = [(dm_id, f"{dm_id} {dm.namn}") for dm_id, dm in index.delmal.items()]
    annual = periods[-1][0] if periods else None

    def analysis_parts() -> list[Field]:
        parts: list[Field] = []
        for part in ANALYSDELAR:
            need = " Krävs i varje analys." if part in kravs else ""
            parts.append(w.text(m.Analys, part, hint=f"{w.hint(m.Analys, part)}{need}"))
        parts.append(w.strings(m.Analys, "underlag"))
        return parts

    delmal_followup = [
        w.obj(
            m.DelmalUppfoljning,
            pid,
            [
                w.obj(m.DelmalUppfoljning, "analys", analysis_parts()),
                w.select(m.DelmalUppfoljning, "bedomning", scale),
            ],
            label=_period_label(pid, period),
        )
        for pid, period in periods
    ]
    status = [(s, w.STATUS_LABELS.get(s, s)) for s in STATUSAR]

    def activity_period(pid: str) -> list[Field]:
        out = [w.select(m.AktivitetUppfoljning, "status", status)]
        if pid == annual:
            out += [
                w.text(m.AktivitetUppfoljning, "hur_har_det_gatt"),
                w.text(m.AktivitetUppfoljning, "vad_har_det_lett_till"),
            ]
        out.append(w.text(m.AktivitetUppfoljning, "kommentar"))
        return out

    activity = [
        w.string(m.Aktivitet, "id", required=True),
        w.string(m.Aktivitet, "namn", required=True),
        w.text(m.Aktivitet, "beskrivning"),
        w.string(m.Aktivitet, "ansvarig"),
        w.date(m.Aktivitet, "start"),
        w.date(m.Aktivitet, "slut"),
        w.obj(
            m.Aktivitet,
            "uppfoljning",
            [
                w.obj(None, pid, activity_period(pid), label=_period_label(pid, period))
                for pid, period in periods
            ],
        ),
    ]
    goal = [
        w.string(m.Verksamhetsmal, "id", required=True),
        w.string(m.Verksamhetsmal, "namn", required=True),
        w.string(m.Verksamhetsmal, "enhet"),
        w.select(m.Verksamhetsmal, "riktning", list(w.RIKTNING_LABELS.items())),
        w.number(m.Verksamhetsmal, "malvarde"),
        w.obj(
            m.Verksamhetsmal,
            "uppfoljning",
            [
                w.obj(
                    None,
                    pid,
                    [
                        w.number(m.VerksamhetsmalUppfoljning, "utfall"),
                        w.text(m.VerksamhetsmalUppfoljning, "kommentar"),
                    ],
                    label=_period_label(pid, period),
                )
                for pid, period in periods
            ],
        ),
    ]
    delmal = [
        w.select(m.PlanDelmal, "delmal", delmal_options, required=True),
        w.text(m.PlanDelmal, "hur_vi_arbetar"),
        w.strings(m.PlanDelmal, "matt"),
        w.items(m.PlanDelmal, "aktiviteter", activity, summary="{{fields.id}}: {{fields.namn}}"),
        w.items(m.PlanDelmal, "verksamhetsmal", goal, summary="{{fields.id}}: {{fields.namn}}"),
        w.obj(m.PlanDelmal, "uppfoljning", delmal_followup),
    ]
    return [
        w.hidden("organisation"),
        w.hidden("ar"),
        w.items(m.Plan, "delmal", delmal, summary="Delmål {{fields.delmal}}"),
        w.obj(
            m.Plan,
            "sammanfattning",
            [w.text(None, pid, label=_period_label(pid, p)) for pid, p in periods],
        ),
        w.obj(
            m.Plan,
            "klarmarkering",
            [
                w.obj(
                    None,
                    pid,
                    [
                        w.boolean(m.Klarmarkering, "klar"),
                        w.string(m.Klarmarkering, "av"),
                        w.date(m.Klarmarkering, "datum"),
                    ],
                    label=_period_label(pid, period),
                )
                for pid, period in periods
            ],
        ),
        w.obj(
            m.Plan,
            "beslut",
            [
                w.obj(None, pid, _decision(), label=_period_label(pid, period))
                for pid, period in periods
            ],
        ),
    ]


def _decision() -> list[Field]:
    """A decision on a report: who, when, the paragraph and the case number."""
    return [
        w.string(Beslut, "organ"),
        w.date(Beslut, "datum"),
        w.string(Beslut, "paragraf"),
        w.string(Beslut, "diarienummer"),
    ]


def _controller_files(
    repo: Repository, year: int, index: Index, periods: list[tuple[str, m.Period]]
) -> list[dict[str, Any]]:
    ar = repo.ar.get(year)
    if ar is None:
        return []
    out: list[dict[str, Any]] = []
    period_options = [(pid, p.namn) for pid, p in periods]
    control = [
        w.string(m.Kontroll, "id", required=True),
        w.string(m.Kontroll, "process"),
        w.text(m.Kontroll, "risk", required=True),
        w.integer(m.Kontroll, "sannolikhet", min=1, max=4, required=True),
        w.integer(m.Kontroll, "konsekvens", min=1, max=4, required=True),
        w.text(m.Kontroll, "kontrollmoment", required=True),
        w.string(m.Kontroll, "metod"),
        w.string(m.Kontroll, "frekvens"),
        w.string(m.Kontroll, "ansvarig"),
        w.select(m.Kontroll, "rapporteras", period_options, multiple=True),
        w.obj(
            m.Kontroll,
            "uppfoljning",
            [
                w.obj(
                    None,
                    pid,
                    [
                        w.text(m.KontrollUppfoljning, "resultat"),
                        w.text(m.KontrollUppfoljning, "avvikelser"),
                        w.text(m.KontrollUppfoljning, "atgarder"),
                    ],
                    label=_period_label(pid, period),
                )
                for pid, period in periods
            ],
        ),
    ]
    for doc in sorted(ar.internkontroll, key=lambda d: index.order(d.data.organisation)):
        org_id = doc.data.organisation
        out.append(
            {
                "name": _slug(f"internkontroll-{org_id}"),
                "label": f"Internkontroll: {index.name(org_id)} ({org_id})",
                "file": doc.path,
                "fields": [
                    w.hidden("organisation"),
                    w.date(m.Internkontroll, "antagen"),
                    w.obj(
                        m.Internkontroll,
                        "bedomning",
                        [w.text(None, pid, label=_period_label(pid, p)) for pid, p in periods],
                    ),
                    w.items(
                        m.Internkontroll,
                        "kontroller",
                        control,
                        summary="{{fields.id}}: {{fields.risk}}",
                    ),
                ],
            }
        )
    if ar.ekonomi is not None:
        out.append(_economy(ar.ekonomi.path, periods))
    return out


def _economy(path: str, periods: list[tuple[str, m.Period]]) -> dict[str, Any]:
    """ekonomi.yaml: per nämnd the period's outcome, budget and forecast (and costs, income
    and last year's outcome), analysis and measures; the investments as projects. The
    months of the extra forecasts and the nämnd's `enheter` (which the ledger import
    writes) are kept as they are, not shown."""
    amounts = [
        w.number(m.EkonomiPeriod, "utfall"),
        w.number(m.EkonomiPeriod, "periodbudget"),
        w.number(m.EkonomiPeriod, "prognos"),
        w.number(m.EkonomiPeriod, "kostnader"),
        w.number(m.EkonomiPeriod, "intakter"),
        w.number(m.EkonomiPeriod, "fjolar"),
    ]
    namnd = [
        w.string(m.EkonomiNamnd, "organisation", required=True),
        w.number(m.EkonomiNamnd, "budget", required=True),
        w.obj(
            m.EkonomiNamnd,
            "perioder",
            [w.obj(None, pid, amounts, label=_period_label(pid, p)) for pid, p in periods],
        ),
        w.obj(
            m.EkonomiNamnd,
            "analys",
            [w.text(None, pid, label=_period_label(pid, p)) for pid, p in periods],
        ),
        w.obj(
            m.EkonomiNamnd,
            "atgarder",
            [w.text(None, pid, label=_period_label(pid, p)) for pid, p in periods],
        ),
    ]
    per_period = [
        w.obj(
            None,
            name,
            [w.number(None, pid, label=_period_label(pid, p)) for pid, p in periods],
            hint=w.hint(m.Investering, name),
        )
        for name in ("utfall", "prognos")
    ]
    investment = [
        w.string(m.Investering, "id", required=True),
        w.string(m.Investering, "namn", required=True),
        w.string(m.Investering, "organisation", required=True),
        w.number(m.Investering, "budget", required=True),
        *per_period,
        w.number(m.Investering, "projektbudget"),
        w.number(m.Investering, "tidigare_ar"),
        w.integer(m.Investering, "klart"),
        w.obj(
            m.Investering,
            "ombudgetering",
            [w.number(m.Ombudgetering, "belopp"), w.text(m.Ombudgetering, "motivering")],
        ),
        w.text(m.Investering, "kommentar"),
    ]
    return {
        "name": "ekonomi",
        "label": "Ekonomi",
        "file": path,
        "fields": [
            w.items(m.Ekonomi, "namnder", namnd, summary="{{fields.organisation}}"),
            w.items(
                m.Ekonomi, "investeringar", investment, summary="{{fields.id}}: {{fields.namn}}"
            ),
        ],
    }
