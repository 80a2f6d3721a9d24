"""What `make bench` measures (scripts/bench.py): the pages, the two ways the server runs, the
page measured under writes, and the bars (issue 15, README "Performance")."""

CONNECTIONS = 16
TRIVIAL = "robots.txt"

# Bars: each a ratio to the trivial view in the same run.
CACHED_BAR = 0.7  # every page, seen before
LIST_BAR = 0.05  # nothing cached: every events list case, the home page, a program's page
SEARCH_BAR = 0.03  # nothing cached: text search, English and Spanish
INDEX_BAR = 0.03  # nothing cached: the partners and publications lists
REPORT_BAR = 0.02  # nothing cached: the whole report
DETAIL_BAR = 0.10  # nothing cached: event, publication and partner pages, the annexes
WRITE_BARS = {1: 0.60, 5: 0.20}  # the cached events list's throughput kept, by saves a second
MEMORY_BAR_MB = 200
LOADDATA_BAR_S = 5.0
QUERY_BAR = 8

# (name, path, nothing-cached bar). Slugs are the seeded ones; 2020 is the real report.
PAGES = [
    ("robots.txt", "/robots.txt", None),
    ("home", "/en/", LIST_BAR),
    ("events", "/en/events/", LIST_BAR),
    ("events ?program", "/en/events/?program=cybersecurity", LIST_BAR),
    (
        "events ?program+dates+kind",
        "/en/events/?program=cybersecurity&start=2016-03-01&end=2016-08-31&kind=workshop",
        LIST_BAR,
    ),
    ("events ?year+partner", "/en/events/?year=2018&partner=united-agency-2", LIST_BAR),
    ("events page 40", "/en/events/?page=40", LIST_BAR),
    ("events ?q common word", "/en/events/?q=security", SEARCH_BAR),
    ("events ?q", "/en/events/?q=forensics+asuncion", SEARCH_BAR),
    ("events ?q (es)", "/es/events/?q=taller+mujeres", SEARCH_BAR),
    # Ranks every match, as asked: no bar (the bar is for the default order).
    ("events ?q relevance", "/en/events/?q=security&sort=relevance", None),
    ("search", "/en/search/?q=security", SEARCH_BAR),
    ("search (es)", "/es/search/?q=taller+mujeres", SEARCH_BAR),
    ("event", "/en/events/synthetic-2019-17/", DETAIL_BAR),
    ("programs", "/en/programs/", None),
    ("program", "/en/programs/aviation-security/?year=2019", LIST_BAR),
    ("partners", "/en/partners/", INDEX_BAR),
    ("partner", "/en/partners/united-agency-2/", DETAIL_BAR),
    ("publications", "/en/publications/", INDEX_BAR),
    ("publication", "/en/publications/synthetic-publication-2019-3/", DETAIL_BAR),
    ("reports", "/en/reports/", None),
    ("report 2020", "/en/reports/2020/", REPORT_BAR),
    *((f"annex {n} (2020)", f"/en/reports/2020/annex-{n}/", DETAIL_BAR) for n in (1, 2, 3, 4)),
]
# Explained: every query of these pages that reads events_event.
EXPLAINED = ("events", "search")
# The page measured under writes, and the event saved.
WRITE_PAGE = "/en/events/"
WRITE_EVENT = "synthetic-2019-17"

# The two ways the server runs: as deployed, and with every cache off.
MODES = {"cached": {}, "nothing cached": {"CACHE_DISABLED": "true"}}
