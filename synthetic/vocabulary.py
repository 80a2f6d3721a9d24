"""The words of the synthetic data: the secretariat's programs, topics, places, kinds of event
and names of partners, in English and Spanish."""

from events.enums import (
    EventKind,
)
from partners.enums import PartnerCategory

# A synthetic reporting year is recognised by its title; any other year is real report data.
SYNTHETIC_TITLE_PREFIX = "Synthetic data"
YEARS = 10

# The secretariat's programs (slug, English, Spanish, parent slug), as in the 2020 report.
PROGRAMS = [
    ("cybersecurity", "Cybersecurity", "Ciberseguridad", None),
    (
        "resolution-1540",
        "Implementation of Resolution 1540",
        "Implementación de la Resolución 1540",
        None,
    ),
    (
        "violent-extremism",
        "Prevention of violent extremism",
        "Prevención del extremismo violento",
        None,
    ),
    ("border-security", "Border security", "Seguridad fronteriza", None),
    ("maritime-security", "Maritime security", "Seguridad marítima", "border-security"),
    ("aviation-security", "Aviation security", "Seguridad de la aviación", "border-security"),
    (
        "cargo-container-security",
        "Cargo and container security",
        "Seguridad de carga y contenedores",
        "border-security",
    ),
    (
        "supply-chain-security",
        "Supply chain security",
        "Seguridad de la cadena de suministro",
        "border-security",
    ),
    ("crowded-spaces", "Security of crowded spaces", "Seguridad de espacios concurridos", None),
    (
        "terrorist-financing",
        "Assistance against terrorist financing",
        "Asistencia contra el financiamiento del terrorismo",
        None,
    ),
    (
        "counter-terrorism-network",
        "Inter-American Counter-Terrorism Network",
        "Red Interamericana contra el Terrorismo",
        None,
    ),
    ("committee", "Committee and secretariat", "Comité y secretaría", None),
]

# Subjects of events, activities and publications: (English, Spanish).
TOPICS = [
    ("cybersecurity incident response", "respuesta a incidentes de ciberseguridad"),
    ("national cybersecurity strategies", "estrategias nacionales de ciberseguridad"),
    ("critical infrastructure protection", "protección de infraestructura crítica"),
    ("women in cybersecurity", "mujeres en ciberseguridad"),
    ("cybercrime investigation", "investigación del ciberdelito"),
    ("digital forensics", "informática forense"),
    ("maritime port security", "seguridad portuaria marítima"),
    ("container control", "control de contenedores"),
    ("aviation security screening", "inspección de seguridad de la aviación"),
    ("supply chain resilience", "resiliencia de la cadena de suministro"),
    ("border management", "gestión de fronteras"),
    (
        "non-proliferation of weapons of mass destruction",
        "no proliferación de armas de destrucción masiva",
    ),
    ("export controls", "controles de exportación"),
    ("prevention of violent extremism", "prevención del extremismo violento"),
    ("terrorist financing", "financiamiento del terrorismo"),
    ("money laundering", "lavado de activos"),
    ("security of major events", "seguridad de grandes eventos"),
    ("tourist destination security", "seguridad de destinos turísticos"),
    ("crisis management exercises", "ejercicios de gestión de crisis"),
    ("cyber diplomacy", "diplomacia cibernética"),
    (
        "confidence-building measures in cyberspace",
        "medidas de fomento de la confianza en el ciberespacio",
    ),
    ("data protection", "protección de datos"),
    ("cloud security", "seguridad en la nube"),
    ("election security", "seguridad electoral"),
]

# Where events happen: (city, country code). Accents kept, as visitors type and read them.
PLACES = [
    ("Washington, D.C.", "US"), ("Bogotá", "CO"), ("Asunción", "PY"), ("San José", "CR"),
    ("Ciudad de México", "MX"), ("Brasília", "BR"), ("Panamá", "PA"), ("Lima", "PE"),
    ("Santiago", "CL"), ("Buenos Aires", "AR"), ("Montevideo", "UY"), ("Quito", "EC"),
    ("Kingston", "JM"), ("Port of Spain", "TT"), ("Bridgetown", "BB"), ("Ottawa", "CA"),
    ("Santo Domingo", "DO"), ("Tegucigalpa", "HN"), ("San Salvador", "SV"), ("Nassau", "BS"),
    ("Guatemala City", "GT"), ("La Paz", "BO"), ("Managua", "NI"), ("Paramaribo", "SR"),
]  # fmt: skip

# Weighted like a real year: many webinars and meetings, few ceremonies.
EVENT_KINDS = [
    (EventKind.WEBINAR, 20), (EventKind.MEETING, 14), (EventKind.WORKSHOP, 12),
    (EventKind.HIGH_LEVEL_MEETING, 6), (EventKind.CONFERENCE, 6), (EventKind.COURSE, 8),
    (EventKind.VIRTUAL_DIALOGUE, 5), (EventKind.VIRTUAL_FORUM, 4), (EventKind.ROUNDTABLE, 4),
    (EventKind.TECHNICAL_MEETING, 4), (EventKind.WORKING_GROUP, 3), (EventKind.BRIEFING, 3),
    (EventKind.SYMPOSIUM, 2), (EventKind.REGULAR_SESSION, 1), (EventKind.PLENARY, 1),
    (EventKind.EXCHANGE_VISIT, 2), (EventKind.BOOTCAMP, 2), (EventKind.COMPETITION, 1),
    (EventKind.CEREMONY, 1), (EventKind.COMMEMORATION, 1),
]  # fmt: skip

KIND_WORDS = {
    EventKind.WEBINAR: ("Webinar", "Webinario"),
    EventKind.WORKSHOP: ("Workshop", "Taller"),
    EventKind.COURSE: ("Course", "Curso"),
    EventKind.CONFERENCE: ("Conference", "Conferencia"),
    EventKind.ROUNDTABLE: ("Roundtable", "Mesa redonda"),
    EventKind.SYMPOSIUM: ("Symposium", "Simposio"),
    EventKind.BOOTCAMP: ("Bootcamp", "Campamento"),
}
MEETING_WORDS = ("Meeting", "Reunión")

PARTNER_CATEGORIES = [
    (PartnerCategory.MEMBER_STATE, 4), (PartnerCategory.PERMANENT_OBSERVER, 4),
    (PartnerCategory.INTERNATIONAL, 16), (PartnerCategory.ACADEMIC, 20),
    (PartnerCategory.PRIVATE, 26), (PartnerCategory.CIVIL_SOCIETY, 20),
    (PartnerCategory.OTHER, 10),
]  # fmt: skip

PARTNER_NAMES = {
    PartnerCategory.MEMBER_STATE: [
        "Ministry of Security",
        "Ministry of Foreign Affairs",
        "National Police",
        "Customs Authority",
    ],
    PartnerCategory.PERMANENT_OBSERVER: ["Government", "Embassy", "Mission"],
    PartnerCategory.INTERNATIONAL: [
        "Regional Security Forum",
        "International Organization",
        "Development Bank",
        "Agency",
    ],
    PartnerCategory.ACADEMIC: [
        "University",
        "Institute of Technology",
        "Research Center",
        "School of Law",
    ],
    PartnerCategory.PRIVATE: ["Networks", "Security Systems", "Cloud Services", "Telecom"],
    PartnerCategory.CIVIL_SOCIETY: ["Foundation", "Alliance", "Network of Women", "Youth Council"],
    PartnerCategory.OTHER: ["Working Group", "Initiative", "Partnership"],
}
PARTNER_WORDS = [
    "Andean", "Caribbean", "Atlantic", "Pacific", "Central", "Southern", "Northern", "Global",
    "Hemispheric", "Digital", "Open", "Secure", "Civic", "Coastal", "Highland", "United",
]  # fmt: skip
