"""The kinds of file in a goal repository, one row each.

Where a kind's files stand, the model that types them, where they go in the repository
and how they are described to a person all come from this table: the walk
(`reading.walk`), the loader (`reading.load`), the hint for an empty file
(`reading.schema`) and the JSON Schema with its editor globs (`writers.jsonschema`) read
it. A new kind of file is one row here and its model in `files`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from malkoll.model import files as m

Place = Literal["root", "top", "year", "year-folder"]
"""Where a kind's files stand: a file in the root (`organisation.yaml`), files in a folder
of the root (`mal/*.yaml`), a file in a year's folder (`2020/ekonomi.yaml`), or files in
a folder of a year's folder (`2020/plan/**/*.yaml`)."""


@dataclass(frozen=True)
class Kind:
    """One kind of file."""

    name: str
    """The kind's id, as in the JSON Schema's file name (`plan.schema.json`)."""
    model: type[BaseModel]
    place: Place
    stem: str
    """The file's name without `.yaml` (root and year files), or the folder's name."""
    slot: str
    """The attribute of `Repository` (root and top) or of `Ar` (per year) it is kept in."""
    shown: str
    """Where the files stand, as a person reads it."""
    description: str
    """What the files hold, in Swedish."""
    nested: bool = False
    """Whether files in subfolders of the folder count too (`plan/sektor/x.yaml`)."""

    @property
    def many(self) -> bool:
        """Whether there are many files of the kind (a folder) or one."""
        return self.place in ("top", "year-folder")

    def globs(self) -> list[str]:
        """The kind's files for the YAML language server's `yaml.schemas`: only `*` and
        `**` (older versions of the server understand nothing else); `*` is the year."""
        base = {
            "root": [self.stem],
            "top": [f"{self.stem}/*"],
            "year": [f"*/{self.stem}"],
            "year-folder": [f"*/{self.stem}/*"] + ([f"*/{self.stem}/**/*"] if self.nested else []),
        }[self.place]
        return [f"{b}.{suffix}" for suffix in ("yaml", "yml") for b in base]


KINDS: tuple[Kind, ...] = (
    Kind(
        "installningar",
        m.Installningar,
        "root",
        "malkoll",
        "installningar",
        "malkoll.yaml",
        "Målrepots inställningar: kommunens namn, perioderna och skalan; filen markerar "
        "målrepots rot.",
    ),
    Kind(
        "organisation",
        m.OrganisationFil,
        "root",
        "organisation",
        "organisation",
        "organisation.yaml",
        "Organisationsträdet: nämnder, sektorer, verksamheter och enheter.",
    ),
    Kind(
        "mal",
        m.Malsattning,
        "top",
        "mal",
        "mal",
        "mal/*.yaml",
        "En strategisk målsättning med sina delmål och indikatorer.",
    ),
    Kind(
        "indikator",
        m.IndikatorVarden,
        "top",
        "indikatorer",
        "indikatorer",
        "indikatorer/*.yaml",
        "En indikators värden per år.",
    ),
    Kind(
        "arshjul",
        m.Arshjul,
        "year",
        "arshjul",
        "arshjul",
        "ÅÅÅÅ/arshjul.yaml",
        "Årets händelser och inlämningsdagar.",
    ),
    Kind(
        "uppdrag",
        m.UppdragFil,
        "year",
        "uppdrag",
        "uppdrag",
        "ÅÅÅÅ/uppdrag.yaml",
        "Årets uppdrag och deras uppföljning.",
    ),
    Kind(
        "ekonomi",
        m.Ekonomi,
        "year",
        "ekonomi",
        "ekonomi",
        "ÅÅÅÅ/ekonomi.yaml",
        "Budget, utfall och prognos per nämnd, och investeringarna.",
    ),
    Kind(
        "bokslut",
        m.Bokslut,
        "year",
        "bokslut",
        "bokslut",
        "ÅÅÅÅ/bokslut.yaml",
        "Kommunens resultat under nämnderna (finansförvaltning, skatteintäkter, "
        "statsbidrag, finansnetto), balanskravets justeringar och besluten om rapporten.",
    ),
    Kind(
        "hushallning",
        m.Hushallning,
        "year",
        "hushallning",
        "hushallning",
        "ÅÅÅÅ/hushallning.yaml",
        "God ekonomisk hushållning: de finansiella målen och den samlade bedömningen.",
    ),
    Kind(
        "personal",
        m.Personal,
        "year",
        "personal",
        "personal",
        "ÅÅÅÅ/personal.yaml",
        "Sjukfrånvaron som lagen kräver den och andra personalmått.",
    ),
    Kind(
        "bolag",
        m.Bolag,
        "year-folder",
        "bolag",
        "bolag",
        "ÅÅÅÅ/bolag/*.yaml",
        "Ett kommunalt bolags mål och resultat för året.",
    ),
    Kind(
        "malsattning",
        m.MalsattningUppfoljning,
        "year-folder",
        "malsattningar",
        "malsattningar",
        "ÅÅÅÅ/malsattningar/*.yaml",
        "En strategisk målsättnings egen uppföljning: målsättningsansvarigs bedömning.",
    ),
    Kind(
        "internkontroll",
        m.Internkontroll,
        "year-folder",
        "internkontroll",
        "internkontroll",
        "ÅÅÅÅ/internkontroll/*.yaml",
        "En nämnds internkontrollplan för året.",
    ),
    Kind(
        "plan",
        m.Plan,
        "year-folder",
        "plan",
        "planer",
        "ÅÅÅÅ/plan/**/*.yaml",
        "En organisations plan och uppföljning för ett år.",
        nested=True,
    ),
)

BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
BY_MODEL: dict[type[BaseModel], Kind] = {k.model: k for k in KINDS}


def field_names() -> frozenset[str]:
    """Every key of every model: a non-ASCII key is read as one of these when it folds to it."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if name not in ("pos", "root"):
                names.add(name)
            _visit_annotation(info.annotation, visit)

    for kind in KINDS:
        visit(kind.model)
    return frozenset(names)


def _visit_annotation(annotation: Any, visit: Any) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        visit(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        _visit_annotation(arg, visit)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        _visit_annotation(origin, visit)
