# ruff: noqa: E501
"""The Swedish vocabulary of the synthetic municipality: goals, places, phrases.

The sentences of the corpus are built from these phrases of municipal follow-up, so
the text has the length, the characters (å, ä, ö, –, %) and the repetitiveness of real
follow-up text, not of lorem ipsum.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndikatorSpec:
    namn: str
    enhet: str
    riktning: str  # hogre | lagre
    bas: float  # the 2016 value
    kon: bool = True  # split by women and men


@dataclass(frozen=True)
class DelmalSpec:
    namn: str
    agenda2030: tuple[str, ...]
    teman: tuple[str, ...]
    indikatorer: tuple[IndikatorSpec, ...]


@dataclass(frozen=True)
class MalSpec:
    slug: str
    namn: str
    omrade: str
    ansvarig: str
    agenda2030: tuple[int, ...]
    framgangsfaktorer: tuple[str, ...]
    delmal: tuple[DelmalSpec, ...] = field(default=())


I = IndikatorSpec  # noqa: E741 - short names keep the goal table readable
D = DelmalSpec

MAL: tuple[MalSpec, ...] = (
    MalSpec(
        "livskvalitet",
        "I Ale ska alla ha möjlighet till ett gott liv",
        "Social hållbarhet",
        "Kommundirektör",
        (3, 10),
        (
            "Tidiga och samordnade insatser för barn och unga",
            "Ett förebyggande och hälsofrämjande arbetssätt",
            "Samverkan med civilsamhället",
        ),
        (
            D(
                "Invånarnas hälsa ska förbättras och skillnaderna i hälsa minska",
                ("3.4", "10.2"),
                (
                    "den självskattade hälsan",
                    "den psykiska ohälsan bland unga",
                    "det förebyggande arbetet",
                ),
                (
                    I("Invånare med bra självskattad hälsa", "procent", "hogre", 66),
                    I("Ohälsotal", "dagar", "lagre", 29),
                ),
            ),
            D(
                "Fler invånare ska kunna försörja sig själva",
                ("1.2", "8.5"),
                (
                    "försörjningsstödet",
                    "vägen till egen försörjning",
                    "samverkan med Arbetsförmedlingen",
                ),
                (
                    I("Invånare 20–64 år som är förvärvsarbetande", "procent", "hogre", 77),
                    I("Invånare med långvarigt ekonomiskt bistånd", "procent", "lagre", 1.7, False),
                ),
            ),
            D(
                "Äldre ska kunna leva ett självständigt och meningsfullt liv",
                ("3.8",),
                (
                    "kontinuiteten i hemtjänsten",
                    "den sociala samvaron på boendena",
                    "brukarnas inflytande",
                ),
                (
                    I("Brukarbedömning hemtjänst äldreomsorg – helhetssyn", "procent", "hogre", 85),
                    I(
                        "Personal som en hemtjänsttagare möter under 14 dagar",
                        "antal",
                        "lagre",
                        17,
                        False,
                    ),
                ),
            ),
        ),
    ),
    MalSpec(
        "barn-och-unga",
        "Alla barn och unga ska ges förutsättningar att lyckas",
        "Utbildning",
        "Sektorchef utbildning",
        (4,),
        (
            "Höga förväntningar på alla barn och elever",
            "Ett systematiskt kvalitetsarbete i varje verksamhet",
        ),
        (
            D(
                "Alla elever ska lämna grundskolan med godkända betyg",
                ("4.1",),
                ("elevernas måluppfyllelse", "läsförståelsen i de tidiga årskurserna", "närvaron"),
                (
                    I("Genomsnittligt meritvärde i årskurs 9", "poäng", "hogre", 208),
                    I(
                        "Elever i årskurs 9 som är behöriga till yrkesprogram",
                        "procent",
                        "hogre",
                        81,
                    ),
                ),
            ),
            D(
                "Alla barn ska få en god start i förskolan",
                ("4.2",),
                ("språkutvecklingen", "barngruppernas storlek", "det pedagogiska innehållet"),
                (
                    I("Legitimerade förskollärare i förskolan", "procent", "hogre", 37, False),
                    I("Barn per årsarbetare i förskolan", "antal", "lagre", 5.6, False),
                ),
            ),
            D(
                "Fler unga ska fullfölja en gymnasieutbildning",
                ("4.3", "8.6"),
                ("studieavbrotten", "övergången till gymnasiet", "studie- och yrkesvägledningen"),
                (
                    I("Gymnasieelever med examen inom 4 år", "procent", "hogre", 69),
                    I("Unga 16–20 år som varken arbetar eller studerar", "procent", "lagre", 6.6),
                ),
            ),
        ),
    ),
    MalSpec(
        "trygghet",
        "Ale ska vara en trygg kommun där invånarna är delaktiga",
        "Trygghet och delaktighet",
        "Sektorchef kultur och fritid",
        (11, 16),
        (
            "Mötesplatser där människor möts över generationsgränser",
            "Ett brottsförebyggande arbete i samverkan med polisen",
        ),
        (
            D(
                "Invånarna ska känna sig trygga i sitt närområde",
                ("16.1", "11.7"),
                (
                    "tryggheten i centrumområdena",
                    "belysningen längs gång- och cykelvägar",
                    "det brottsförebyggande arbetet",
                ),
                (
                    I("Invånare som känner sig trygga ute på kvällen", "procent", "hogre", 61),
                    I("Anmälda våldsbrott per 100 000 invånare", "antal", "lagre", 980, False),
                ),
            ),
            D(
                "Fler invånare ska vara delaktiga i kommunens utveckling",
                ("16.7",),
                ("medborgardialogerna", "ungdomsrådets arbete", "synpunktshanteringen"),
                (
                    I("Nöjd Inflytande-Index", "index", "hogre", 37),
                    I("Valdeltagande i kommunval", "procent", "hogre", 81, False),
                ),
            ),
            D(
                "Barn och unga ska ha en meningsfull fritid",
                ("3.4", "11.7"),
                (
                    "utbudet på fritidsgårdarna",
                    "föreningslivets verksamhet för unga",
                    "kulturskolans kurser",
                ),
                (
                    I(
                        "Deltagartillfällen i idrottsföreningar 7–20 år per invånare",
                        "antal",
                        "hogre",
                        23,
                    ),
                    I("Elever i kulturskolan", "procent", "hogre", 13),
                ),
            ),
        ),
    ),
    MalSpec(
        "hallbart-samhalle",
        "Ale ska ha ett hållbart samhällsbyggande",
        "Miljö och samhällsbyggnad",
        "Sektorchef samhällsbyggnad",
        (6, 7, 11, 13),
        (
            "Klimatsmarta val i kommunens egen verksamhet",
            "En långsiktig och samordnad fysisk planering",
        ),
        (
            D(
                "Kommunens klimatpåverkan ska minska",
                ("13.2", "7.3"),
                ("energianvändningen i kommunens lokaler", "fordonsparken", "resandet i tjänsten"),
                (
                    I("Utsläpp av växthusgaser per invånare", "ton CO2e", "lagre", 4.3, False),
                    I("Miljöbilar i kommunorganisationen", "procent", "hogre", 34, False),
                ),
            ),
            D(
                "Bostadsbyggandet ska möta behoven",
                ("11.1",),
                ("detaljplanearbetet", "handläggningstiderna för bygglov", "markanvisningarna"),
                (
                    I("Färdigställda bostäder per 1 000 invånare", "antal", "hogre", 4.1, False),
                    I("Handläggningstid för bygglov, median", "dagar", "lagre", 44, False),
                ),
            ),
            D(
                "Vatten och natur ska skyddas för kommande generationer",
                ("6.3", "15.1"),
                (
                    "dagvattenhanteringen",
                    "vattenkvaliteten i Göta älv",
                    "skötseln av naturområdena",
                ),
                (
                    I("Vattendrag med god ekologisk status", "procent", "hogre", 27, False),
                    I("Insamlat hushållsavfall per invånare", "kg", "lagre", 465, False),
                ),
            ),
        ),
    ),
    MalSpec(
        "naringsliv",
        "Ale ska ha ett starkt och växande näringsliv",
        "Näringsliv och arbete",
        "Näringslivschef",
        (8, 9),
        (
            "Ett gott bemötande i alla kontakter med företagare",
            "Samverkan mellan skola och arbetsliv",
        ),
        (
            D(
                "Företagsklimatet ska förbättras",
                ("8.3",),
                ("bemötandet av företagare", "tillsynen", "upphandlingarna"),
                (
                    I("Nöjd Kund Index – företagsklimat", "index", "hogre", 69, False),
                    I("Nystartade företag per 1 000 invånare", "antal", "hogre", 4.4, False),
                ),
            ),
            D(
                "Fler ska komma i arbete",
                ("8.5", "8.6"),
                ("arbetsmarknadsinsatserna", "feriearbetena för unga", "extratjänsterna"),
                (
                    I("Arbetslöshet 16–64 år", "procent", "lagre", 6.9),
                    I(
                        "Deltagare i arbetsmarknadsinsatser som börjat arbeta eller studera",
                        "procent",
                        "hogre",
                        37,
                    ),
                ),
            ),
            D(
                "Ale ska vara en attraktiv plats att besöka",
                ("8.9",),
                ("besöksnäringen", "evenemangen", "informationen till besökare"),
                (I("Gästnätter per invånare", "antal", "hogre", 0.9, False),),
            ),
        ),
    ),
    MalSpec(
        "arbetsgivare",
        "Ale kommun ska vara en attraktiv arbetsgivare",
        "Medarbetare",
        "HR-chef",
        (5, 8),
        (
            "Ett tillitsbaserat ledarskap",
            "Friska arbetsplatser",
            "Heltid som norm",
        ),
        (
            D(
                "Sjukfrånvaron ska minska",
                ("8.8",),
                ("den korta sjukfrånvaron", "arbetsmiljön", "det hälsofrämjande arbetet"),
                (
                    I("Sjukfrånvaro bland kommunens anställda", "procent", "lagre", 8.6),
                    I("Hållbart medarbetarengagemang (HME), totalindex", "index", "hogre", 77),
                ),
            ),
            D(
                "Fler medarbetare ska arbeta heltid",
                ("5.5", "8.5"),
                ("heltidsresan", "schemaläggningen", "de delade turerna"),
                (I("Tillsvidareanställda med heltidsanställning", "procent", "hogre", 71),),
            ),
            D(
                "Kompetensförsörjningen ska säkras",
                ("4.4",),
                ("rekryteringen", "introduktionen av nyanställda", "kompetensutvecklingen"),
                (
                    I("Personalomsättning", "procent", "lagre", 12.4),
                    I("Chefer med högst 30 medarbetare", "procent", "hogre", 68, False),
                ),
            ),
        ),
    ),
    MalSpec(
        "service",
        "Ale ska ha en god service och en effektiv organisation",
        "Service och digitalisering",
        "Kanslichef",
        (9, 16),
        (
            "Invånarens perspektiv först",
            "Digitalt först där det gör nytta",
        ),
        (
            D(
                "Invånarna ska få snabba och tydliga svar",
                ("16.6",),
                (
                    "tillgängligheten via telefon och e-post",
                    "kontaktcenter",
                    "informationen på webbplatsen",
                ),
                (
                    I("Svar på e-post inom en arbetsdag", "procent", "hogre", 77, False),
                    I("Gott bemötande via telefon", "procent", "hogre", 81, False),
                ),
            ),
            D(
                "Digitaliseringen ska förenkla för invånare och medarbetare",
                ("9.c", "16.6"),
                (
                    "e-tjänsterna",
                    "automatiseringen av ärendehanteringen",
                    "den digitala kompetensen",
                ),
                (
                    I("Antal e-tjänster", "antal", "hogre", 58, False),
                    I("Ärenden som startas digitalt", "procent", "hogre", 44, False),
                ),
            ),
            D(
                "Kommunens lokaler ska användas effektivt",
                ("11.3",),
                ("lokalutnyttjandet", "samnyttjandet av lokaler", "underhållsplanen"),
                (I("Lokalkostnad per invånare", "kronor", "lagre", 4850, False),),
            ),
        ),
    ),
    MalSpec(
        "ekonomi",
        "Ale ska ha en ekonomi i balans",
        "Ekonomi",
        "Ekonomichef",
        (12, 16),
        (
            "Tydliga ekonomiska ramar och en god prognossäkerhet",
            "Jämförelser med andra kommuner som drivkraft",
        ),
        (
            D(
                "Verksamheterna ska bedrivas inom tilldelad budget",
                ("16.6",),
                ("budgetföljsamheten", "prognossäkerheten", "den ekonomiska uppföljningen"),
                (
                    I("Nämndernas budgetavvikelse", "procent", "hogre", -1.2, False),
                    I("Resultat i förhållande till skatteintäkter", "procent", "hogre", 1.4, False),
                ),
            ),
            D(
                "Kostnaderna ska ligga i nivå med jämförbara kommuner",
                ("12.7",),
                (
                    "kostnadsutvecklingen",
                    "jämförelserna med liknande kommuner",
                    "effektiviseringarna",
                ),
                (
                    I("Nettokostnadsavvikelse totalt", "procent", "lagre", 2.2, False),
                    I("Kostnad per elev i grundskolan", "kronor", "lagre", 109000, False),
                ),
            ),
            D(
                "Inköp ska göras enligt upphandlade avtal",
                ("12.7",),
                ("avtalstroheten", "beställarutbildningarna", "miljökraven i upphandlingarna"),
                (
                    I("Avtalstrohet", "procent", "hogre", 81, False),
                    I(
                        "Ekologiska livsmedel i kommunens verksamheter",
                        "procent",
                        "hogre",
                        29,
                        False,
                    ),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class VerksamhetSpec:
    namn: str
    enheter: tuple[str, ...]  # patterns with {ort} and {namn}, or fixed names


@dataclass(frozen=True)
class NamndSpec:
    id: str
    namn: str
    sektor_id: str
    sektor_namn: str
    vikt: float  # share of the units
    budget: int  # the year's net budget, tkr
    fokus: tuple[str, ...]  # the delmål this nämnd works with
    verksamheter: tuple[VerksamhetSpec, ...]


V = VerksamhetSpec

NAMNDER: tuple[NamndSpec, ...] = (
    NamndSpec(
        "ks",
        "Kommunstyrelsen",
        "sektor-kommunstyrelsen",
        "Sektor kommunstyrelsen",
        0.07,
        182000,
        ("3.2", "5.1", "5.3", "6.1", "6.2", "6.3", "7.1", "7.2", "8.1", "8.2", "8.3"),
        (
            V("Ekonomi", ("Redovisning", "Budget och analys", "Upphandling", "Controller {ort}")),
            V("HR", ("Lönecenter", "Arbetsmiljö och hälsa", "HR-stöd {ort}", "Rekrytering")),
            V("Kansli", ("Nämndsekretariat", "Arkiv", "Registratur", "Överförmyndare")),
            V(
                "Kommunikation",
                ("Webb och digitala kanaler", "Kontaktcenter", "Medborgarkontor {ort}"),
            ),
            V("Näringsliv", ("Företagslots", "Besöksnäring", "Näringslivsråd {ort}")),
            V("Digitalisering", ("E-tjänster", "Verksamhetsutveckling", "Systemförvaltning {ort}")),
        ),
    ),
    NamndSpec(
        "bun",
        "Barn- och ungdomsnämnden",
        "sektor-utbildning",
        "Sektor utbildning",
        0.36,
        652000,
        ("1.1", "2.1", "2.2", "2.3", "3.3", "6.1", "6.3", "8.1"),
        (
            V("Förskola", ("Förskolan {namn}", "{ort} förskola", "Förskolan {namn}, {ort}")),
            V("Grundskola", ("{ort} skola", "{ort}skolan", "{namn}skolan")),
            V("Grundsärskola", ("Särskola {ort}",)),
            V("Fritidshem", ("Fritidshemmet {namn}", "{ort} fritidshem")),
            V("Gymnasium", ("Ale gymnasium", "Introduktionsprogrammen", "Vuxenutbildningen {ort}")),
            V("Elevhälsa", ("Elevhälsan {ort}", "Barn- och elevhälsoteamet {ort}")),
            V("Kulturskola", ("Kulturskolan {ort}",)),
            V("Grundskola nordöst", ("{ort} skola F–6", "{ort} skola 7–9")),
        ),
    ),
    NamndSpec(
        "oan",
        "Omsorgs- och arbetsmarknadsnämnden",
        "sektor-arbete-valfard",
        "Sektor arbete, trygghet och omsorg",
        0.3,
        726000,
        ("1.1", "1.2", "1.3", "5.2", "6.1", "6.2", "6.3", "8.1"),
        (
            V("Hemtjänst", ("Hemtjänst {ort}", "Hemtjänst {ort} natt", "Hemtjänst {ort} {namn}")),
            V("Vård- och omsorgsboende", ("{namn}gården", "{ort} äldreboende", "Boendet {namn}")),
            V(
                "Funktionsstöd",
                ("Gruppbostad {namn}", "Daglig verksamhet {ort}", "Servicebostad {ort}"),
            ),
            V(
                "Individ- och familjeomsorg",
                ("Försörjningsstöd {ort}", "Barn och familj {ort}", "Vuxen {ort}"),
            ),
            V("Arbetsmarknad", ("Jobbcentrum {ort}", "Arbetsträning {ort}", "Feriearbeten")),
            V("Hälso- och sjukvård", ("Hemsjukvård {ort}", "Rehab {ort}")),
            V("Socialpsykiatri", ("Boendestöd {ort}", "Träffpunkt {namn}")),
        ),
    ),
    NamndSpec(
        "kfn",
        "Kultur- och fritidsnämnden",
        "sektor-kultur-fritid",
        "Sektor kultur och fritid",
        0.08,
        94000,
        ("1.1", "3.1", "3.2", "3.3", "5.3", "6.1", "8.1"),
        (
            V("Bibliotek", ("{ort} bibliotek", "Meröppet bibliotek {ort}")),
            V("Fritidsgårdar", ("Fritidsgården {ort}", "Ungdomens hus {ort}")),
            V("Idrott och anläggningar", ("{ort} sporthall", "{ort} simhall", "{ort} IP")),
            V("Kultur", ("Konsthallen", "Kulturscenen {ort}", "Lokalhistoriskt arkiv")),
        ),
    ),
    NamndSpec(
        "sbn",
        "Samhällsbyggnadsnämnden",
        "sektor-samhallsbyggnad",
        "Sektor samhällsbyggnad",
        0.1,
        164000,
        ("3.1", "4.1", "4.2", "4.3", "5.1", "6.1", "7.3", "8.1"),
        (
            V("Gata och park", ("Gata {ort}", "Park {ort}", "Vinterväghållning {ort}")),
            V(
                "Vatten och avlopp",
                ("Vattenverket {ort}", "Avloppsreningsverket {ort}", "Ledningsnät {ort}"),
            ),
            V("Plan och bygg", ("Bygglov", "Detaljplan", "Lantmäteri", "Kart och GIS")),
            V("Miljö", ("Miljötillsyn {ort}", "Livsmedelskontroll", "Hälsoskydd")),
            V(
                "Fastighet",
                ("Fastighetsdrift {ort}", "Projekt och investering", "Lokalförsörjning"),
            ),
            V("Avfall", ("Återvinningscentral {ort}", "Insamling {ort}")),
        ),
    ),
    NamndSpec(
        "svn",
        "Servicenämnden",
        "sektor-service",
        "Sektor service",
        0.09,
        121000,
        ("4.1", "6.1", "6.2", "7.1", "7.2", "7.3", "8.1", "8.3"),
        (
            V("Måltid", ("Kök {ort}", "Tillagningskök {ort}", "Mottagningskök {namn}")),
            V("Lokalvård", ("Lokalvård {ort}", "Lokalvård område {ort}")),
            V("Fordon och transport", ("Fordonsenheten", "Transportservice {ort}")),
            V("IT och telefoni", ("IT-support", "Nätverk och drift", "Telefoni")),
        ),
    ),
)

ORTER = (
    "Alafors",
    "Nödinge",
    "Nol",
    "Surte",
    "Bohus",
    "Älvängen",
    "Skepplanda",
    "Alvhem",
    "Starrkärr",
    "Kilanda",
    "Hålanda",
    "Häljered",
    "Backa",
    "Sjövallen",
    "Kronogården",
    "Rödbo",
    "Ryttarehagen",
    "Uggleberg",
    "Klöva",
    "Svarteborg",
    "Vikadamm",
    "Kattleberg",
    "Krokstorp",
    "Tollered",
    "Ödsmål",
    "Fors",
    "Garn",
    "Göta",
    "Vimmersjö",
    "Ledet",
    "Furulund",
    "Himmelstalund",
    "Jennylund",
    "Björkliden",
    "Medborgarhuset",
    "Ale torg",
)
NAMN = (
    "Blåklockan",
    "Solrosen",
    "Ekorren",
    "Myran",
    "Humlan",
    "Trollet",
    "Kastanjen",
    "Linden",
    "Björken",
    "Gläntan",
    "Uglan",
    "Regnbågen",
    "Lärkan",
    "Vitsippan",
    "Ängen",
    "Stjärnan",
    "Skogsgläntan",
    "Fjärilen",
    "Nyckelpigan",
    "Tallen",
    "Eken",
    "Rönnen",
    "Kotten",
    "Hagen",
    "Bäcken",
    "Ugglan",
    "Näktergalen",
    "Svalan",
    "Tranan",
    "Lönnen",
    "Sippan",
    "Viken",
)
FORNAMN = (
    "Anna",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Emma",
    "Eva",
    "Kristina",
    "Johanna",
    "Malin",
    "Erik",
    "Lars",
    "Johan",
    "Anders",
    "Per",
    "Mikael",
    "Karl",
    "Peter",
    "Jonas",
    "Fredrik",
    "Amira",
    "Mohammed",
    "Fatima",
    "Ali",
    "Aino",
    "Åsa",
    "Märta",
    "Göran",
    "Örjan",
    "Björn",
)
EFTERNAMN = (
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindqvist",
    "Bergström",
    "Ström",
    "Åberg",
    "Öberg",
    "Hassan",
    "Ahmed",
    "Nordin",
    "Sandberg",
)

# --- phrases of follow-up ------------------------------------------------------------

TID = {
    "delar1": (
        "Under årets första månader",
        "Sedan årsskiftet",
        "Under perioden",
        "Under första kvartalet",
    ),
    "delar2": (
        "Sedan delårsrapport 1",
        "Under våren och sommaren",
        "Under perioden",
        "Fram till augusti",
    ),
    "helar": ("Under året", "Under hösten", "Sammantaget för året", "Under 2020"),
}
SUBJEKT = {
    "enhet": ("Enheten", "Vi", "Arbetslaget", "Personalgruppen", "Vi på enheten"),
    "verksamhet": ("Verksamheten", "Vi", "Enheterna i verksamheten", "Ledningsgruppen"),
    "sektor": ("Sektorn", "Verksamheterna i sektorn", "Sektorledningen"),
    "namnd": ("Nämnden", "Förvaltningen", "Nämndens verksamheter"),
}
PARTNER = (
    "elevhälsan",
    "Närhälsan",
    "polisen",
    "Arbetsförmedlingen",
    "föreningslivet",
    "Västra Götalandsregionen",
    "socialtjänsten",
    "vårdnadshavarna",
    "fastighetsägarna",
    "Försäkringskassan",
    "det lokala näringslivet",
    "kulturskolan",
    "räddningstjänsten",
)
GRUPPER = (
    "kvinnor och män",
    "flickor och pojkar",
    "äldre över 80 år",
    "unga mellan 16 och 24 år",
    "nyanlända",
    "utrikes födda",
    "personer med funktionsnedsättning",
    "ensamstående föräldrar",
)
ATGARDER = (
    "en gemensam struktur för uppföljning",
    "kollegialt lärande en gång i månaden",
    "riktade insatser för de grupper som har lägst resultat",
    "en ny rutin för tidiga och samordnade insatser",
    "ett fördjupat samarbete med elevhälsan",
    "fasta arbetslag med tydliga ansvarsområden",
    "en bemanningsplan som minskar antalet timvikarier",
    "uppsökande verksamhet i bostadsområdena",
    "en digital tavla för månadsuppföljning",
    "friskvårdstimme för alla medarbetare",
    "ett nytt introduktionsprogram",
    "tätare avstämningar med ekonomen",
    "en handlingsplan med tydliga delmål",
)
YRKEN = (
    "legitimerade förskollärare",
    "speciallärare",
    "sjuksköterskor",
    "undersköterskor",
    "socialsekreterare",
    "bygglovshandläggare",
    "fritidsledare",
    "lärare i matematik",
)
KALLOR = (
    "Medarbetarenkäten 2020",
    "Skolverkets statistik",
    "Brukarundersökningen",
    "Egen uppföljning",
    "Dialog i arbetslaget",
    "Socialstyrelsens öppna jämförelser",
    "Kolada",
    "SCB:s medborgarundersökning",
    "Skolenkäten",
    "Elevhälsans kartläggning",
    "Verksamhetsdialog med sektorchef",
)

RESULTAT = (
    "{tid} har {tema} utvecklats i positiv riktning, men takten är lägre än vi hade hoppats.",
    "{subj} ser en tydlig förbättring när det gäller {tema}.",
    "Utfallet är i nivå med föregående år, vilket innebär att vi inte har kommit hela vägen.",
    "Jämfört med liknande kommuner ligger vi {position} när det gäller {tema}.",
    "Pandemin har påverkat {tema} under stora delar av perioden.",
    "Flera av de planerade insatserna har genomförts och effekten syns redan i {tema}.",
    "Vi har genomfört ungefär {pct} procent av det som planerades för perioden.",
    "Resultatet för {indikator} har förbättrats något men når inte målvärdet.",
    "Målvärdet för {indikator} nås, vilket är glädjande efter flera år av svag utveckling.",
    "Utvecklingen går åt rätt håll, men skillnaderna mellan våra enheter är fortfarande stora.",
    "{subj} har under perioden lagt mycket tid på {tema2}, och det har gett resultat.",
    "Mätningen visar att {pct} procent av de tillfrågade är nöjda, en ökning med {liten} procentenheter.",
    "Arbetet med {tema} har fått en tydligare struktur, vilket märks i de dialoger vi har haft.",
)
ORSAKER = (
    "En bidragande orsak är den höga personalomsättningen, som gjort det svårt att arbeta långsiktigt med {tema}.",
    "Covid-19 har inneburit att många aktiviteter har fått ställas om eller skjutas upp.",
    "Den främsta orsaken bedöms vara att {tema2} har fått mindre utrymme än planerat.",
    "Samverkan med {partner} har fungerat väl och bidragit till resultatet.",
    "Vi ser att en tydligare struktur för uppföljning har gjort skillnad.",
    "Sjukfrånvaron bland medarbetarna har varit hög under perioden, vilket påverkat kontinuiteten.",
    "Rekryteringsläget är fortsatt svårt, särskilt när det gäller {yrke}.",
    "Resultatet förklaras delvis av att fler invånare än tidigare har behov av stöd.",
    "En orsak är att vi under året har prioriterat {tema2} framför {tema}.",
    "De omställningar som pandemin krävde har tagit kraft från det ordinarie utvecklingsarbetet.",
    "Det finns en tydlig koppling mellan bemanningen och resultatet: där bemanningen varit stabil är resultaten bättre.",
    "Statistiken bygger på ett litet underlag, och enstaka händelser får därför stort genomslag.",
)
AVVIKELSER = (
    "Den största avvikelsen finns i {ort}, där utfallet ligger klart under kommunens genomsnitt.",
    "Resultatet är bättre än förväntat när det gäller {tema}.",
    "Vi avviker negativt från liknande kommuner i Kolada när det gäller {indikator}.",
    "Målvärdet för {indikator} nås inte; avvikelsen är {liten} procentenheter.",
    "En positiv avvikelse är att {tema2} har förbättrats mer än vi hade räknat med.",
    "Avvikelsen mot föregående år är liten och ligger inom den normala variationen.",
    "Det som sticker ut är att {tema} skiljer sig kraftigt mellan enheterna.",
)
GRUPPTEXT = (
    "Det finns tydliga skillnader mellan kvinnor och män, där männen genomgående har lägre resultat.",
    "Flickorna når målvärdet, medan pojkarna ligger efter.",
    "Invånare i {ort} och {ort2} har lägre resultat än invånare i övriga kommundelar.",
    "Resultaten för {grupp} är sämre än för övriga, vilket vi behöver analysera vidare.",
    "Vi har inte kunnat se några större skillnader mellan grupper, men underlaget är litet.",
    "Skillnaden mellan inrikes och utrikes födda har minskat något sedan förra året.",
    "Kvinnorna är mer nöjda än männen, och skillnaden har ökat under året.",
)
SLUTSATSER = (
    "Vår slutsats är att insatserna behöver sättas in tidigare och bli mer träffsäkra.",
    "Arbetet med {tema} behöver fortsätta och fördjupas under nästa år.",
    "Dialogen i arbetslagen har varit en framgångsfaktor som vi vill bygga vidare på.",
    "Vi behöver bli bättre på att följa upp effekterna av våra aktiviteter, inte bara att de genomförs.",
    "Det långsiktiga arbetet med {tema2} är avgörande för att nå delmålet till 2030.",
    "Utan en stabil bemanning blir det svårt att nå målet, därför prioriteras {tema2}.",
    "Samarbetet med {partner} bör formaliseras för att resultaten ska hålla över tid.",
)
ATGARDTEXT = (
    "Vi inför {atgard} från och med {manad}.",
    "En handlingsplan för {tema} tas fram tillsammans med {partner}.",
    "Riktade insatser för {grupp} i {ort} startar under hösten.",
    "Uppföljningen av {tema} sker månadsvis i ledningsgruppen.",
    "Vi prövar {atgard} i två arbetslag och utvärderar efter en termin.",
    "Rekryteringen av {yrke} prioriteras och annonseringen breddas.",
    "Vi fortsätter med {atgard} och följer upp effekterna i nästa delårsrapport.",
)
HUR_GATT = (
    "Arbetet har kommit igång enligt plan.",
    "{tid} har vi genomfört {antal} träffar med {deltagare}.",
    "Pandemin gjorde att vi fick ställa om till digitala träffar, vilket fungerade bättre än väntat.",
    "Alla medarbetare har deltagit i minst en utbildningsinsats om {tema}.",
    "Aktiviteten har genomförts i {antal} av våra grupper; resten startar efter sommaren.",
    "Vi har haft svårt att hitta tid för arbetet på grund av hög frånvaro.",
    "Samarbetet med {partner} har fungerat bra och vi träffas regelbundet.",
    "En arbetsgrupp med representanter från alla enheter har lett arbetet.",
    "Vi har tagit fram ett gemensamt material som används i hela verksamheten.",
    "Arbetet har tagit längre tid än planerat men är nu i full gång.",
)
LETT_TILL = (
    "Det har lett till en ökad samsyn i arbetslaget.",
    "Vi ser en förbättring av {tema}, även om det är för tidigt att dra några säkra slutsatser.",
    "Det är för tidigt att se effekter, men medarbetarna beskriver arbetet som meningsfullt.",
    "Fler {deltagare} har fått stöd i ett tidigt skede.",
    "Rutinerna är tydligare och färre ärenden faller mellan stolarna.",
    "Resultatet i den senaste mätningen är {liten} procentenheter bättre än förra året.",
    "Det har gett oss ett bättre underlag för att prioritera kommande insatser.",
    "Arbetet har stärkt samverkan med {partner}.",
)
DELTAGARE = (
    "vårdnadshavare",
    "elever",
    "brukare",
    "medarbetare",
    "föreningar",
    "företagare",
    "ungdomar",
    "anhöriga",
    "chefer",
    "invånare",
)
AKTIVITETSNAMN = (
    "Utveckla arbetet med {tema}",
    "Kartläggning av {tema}",
    "Insatser för att stärka {tema}",
    "Kompetensutveckling kring {tema}",
    "Samverkan med {partner} om {tema}",
    "Införa {atgard}",
    "Uppföljning av {tema} i arbetslagen",
    "Pilotprojekt i {ort}: {tema}",
)
HUR_VI_ARBETAR = (
    "Fokus ligger på {tema} och {tema2}.",
    "Vi arbetar med {atgard} och följer upp arbetet i verksamhetsdialogerna.",
    "Arbetet sker i nära samverkan med {partner}.",
    "Varje arbetslag har egna mål kopplade till {tema}.",
)
KOMMENTAR_FORSENAD = (
    "Försenad på grund av pandemin; arbetet återupptas under våren 2021.",
    "Försenad eftersom projektledaren slutade; ny ansvarig är utsedd.",
    "Upphandlingen tog längre tid än beräknat, vilket försenade starten.",
)
KOMMENTAR_AVBRUTEN = (
    "Avbruten: insatsen ersätts av ett gemensamt arbete i hela sektorn.",
    "Avbruten eftersom finansieringen från statsbidraget drogs in.",
    "Avbruten efter beslut i ledningsgruppen; resurserna läggs på {tema} i stället.",
)
KOMMENTAR_PAGAR = (
    "Pågår enligt plan.",
    "Startade i januari.",
    "Arbetet fortsätter under hösten.",
    "Vi har kommit en bit på väg.",
    "Pågår, men i långsammare takt än planerat.",
)
SAMMANFATTNING = (
    "{tid} präglades av pandemin, som påverkade både bemanning och verksamhetens innehåll.",
    "Trots de särskilda förutsättningarna har verksamheten i huvudsak kunnat bedrivas enligt plan.",
    "Medarbetarnas engagemang och flexibilitet har varit avgörande för att klara uppdraget.",
    "Ekonomin är i balans och prognosen för helåret är ett litet överskott.",
    "De största utmaningarna framåt är kompetensförsörjningen och de ökade behoven.",
    "Dialogen mellan enheterna och ledningen har utvecklats och blivit mer framåtblickande.",
)
EKONOMI_ANALYS = (
    "Avvikelsen beror främst på ökade kostnader för {ekpost}.",
    "Intäkterna för {ekpost} blev lägre än budgeterat.",
    "Överskottet förklaras av vakanta tjänster och lägre kostnader för {ekpost}.",
    "Pandemin har gett både ökade kostnader för skyddsutrustning och lägre kostnader för {ekpost}.",
    "Statsbidrag som inte var kända vid budgeteringen förbättrar resultatet.",
    "Volymerna inom {ekpost} har ökat mer än vad budgeten medger.",
)
EKONOMI_ATGARD = (
    "Anställningsstopp för administrativa tjänster under resten av året.",
    "Översyn av {ekpost} med målet att minska kostnaderna med två procent.",
    "Tätare uppföljning i ledningsgruppen och en handlingsplan per verksamhet.",
    "Ny upphandling av {ekpost} från och med 2021.",
    "Restriktivitet med inköp och vikarier till årets slut.",
)
EKONOMIPOSTER = (
    "skolskjuts",
    "modersmålsundervisning",
    "externa placeringar",
    "bemanningssjuksköterskor",
    "vinterväghållning",
    "livsmedel",
    "försörjningsstöd",
    "lokalhyror",
    "IT-licenser",
    "konsulter",
)
INVESTERINGAR = (
    "Ny förskola i {ort}",
    "Om- och tillbyggnad av {ort} skola",
    "Gång- och cykelväg {ort}–{ort2}",
    "Ny vattenledning {ort}",
    "Upprustning av {ort} sporthall",
    "Energieffektivisering av {ort} äldreboende",
    "Lekplats i {ort}",
    "Belysning längs Göta älv i {ort}",
    "Nytt verksamhetssystem",
    "Laddinfrastruktur {ort}",
)
UPPDRAG = (
    "Utreda en ny skola i {ort}",
    "Ta fram en plan för fler trygghetsboenden i {ort}",
    "Utreda möjligheten till en fritidsgård i {ort}",
    "Införa heltid som norm i hela organisationen",
    "Ta fram en strategi för kompetensförsörjning",
    "Se över taxorna för {ekpost}",
    "Utreda samordnad varudistribution",
    "Ta fram en handlingsplan mot psykisk ohälsa bland unga",
    "Utveckla medborgardialogen i {ort}",
    "Ta fram en klimatstrategi med etappmål till 2030",
    "Utreda förutsättningarna för ett kulturhus i {ort}",
    "Minska kostnaderna för {ekpost}",
)
KONTROLLER = (
    ("Inköp", "Inköp görs utanför upphandlade avtal", "Stickprov på 20 fakturor", "Stickprov"),
    (
        "Löner",
        "Felaktiga utbetalningar av lön",
        "Kontroll av löneutbetalningar till avslutade anställningar",
        "Registerkontroll",
    ),
    ("Attest", "Attestordningen följs inte", "Stickprov på attesterade fakturor", "Stickprov"),
    (
        "Delegation",
        "Delegationsbeslut anmäls inte till nämnden",
        "Jämförelse mellan beslut och anmälningar",
        "Genomgång",
    ),
    (
        "Dokumenthantering",
        "Allmänna handlingar diarieförs inte",
        "Stickprov på inkomna handlingar",
        "Stickprov",
    ),
    (
        "Informationssäkerhet",
        "Behörigheter tas inte bort när anställda slutar",
        "Genomgång av behörigheter i verksamhetssystemen",
        "Registerkontroll",
    ),
    (
        "Representation",
        "Representation saknar syfte och deltagare",
        "Granskning av representationsfakturor",
        "Stickprov",
    ),
    ("Avtal", "Avtal förlängs utan prövning", "Genomgång av avtalsregistret", "Genomgång"),
    ("Bisysslor", "Bisysslor anmäls inte", "Enkät till chefer om bisysslor", "Enkät"),
    (
        "Arbetsmiljö",
        "Skyddsronder genomförs inte",
        "Kontroll av protokoll från skyddsronder",
        "Genomgång",
    ),
    (
        "Synpunkter",
        "Synpunkter och klagomål besvaras inte i tid",
        "Uppföljning av svarstider",
        "Registerkontroll",
    ),
    (
        "Kassahantering",
        "Brister i hanteringen av kontanter",
        "Oanmäld kassainventering",
        "Inventering",
    ),
)

# --- short follow-up (corpus A) ------------------------------------------------------
# A grown municipality where most units write a line or two: the same structure with
# many short values (one sentence, or a short phrase like these), so reading is
# dominated by the number of nodes, not the bytes.

KORT_RESULTAT = (
    "Bättre än i fjol.",
    "I nivå med föregående år.",
    "Målvärdet för {indikator} nås.",
    "Målvärdet nås inte ännu.",
    "Förbättring när det gäller {tema}.",
    "{pct} % av planen är genomförd.",
    "Svag utveckling under perioden.",
    "Positiv trend för {tema}.",
)
KORT_ATGARDER = (
    "Vi inför {atgard}.",
    "Handlingsplan med {partner}.",
    "Insatser för {grupp}.",
    "Månatlig uppföljning.",
    "Rekrytering av {yrke}.",
)
KORT_KOMMENTAR = (
    "Pågår.",
    "Enligt plan.",
    "Startade i januari.",
    "Fortsätter i höst.",
    "Långsammare än planerat.",
)
KORT_FORSENAD = ("Försenad av pandemin.", "Ny projektledare.", "Upphandlingen drog ut.")
KORT_AVBRUTEN = ("Ersätts av ett gemensamt arbete.", "Statsbidraget drogs in.")
KORT_AKTIVITETSNAMN = (
    "Arbete med {tema}",
    "Kartläggning av {tema}",
    "Utbildning om {tema}",
    "Införa {atgard}",
    "Pilot i {ort}",
)
