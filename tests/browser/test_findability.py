"""Finding things on the public site (issue 18), on the 2020 data: the site search in English
and Spanish, the events list on a phone, subscribing to a calendar, and text large enough to
read on a phone."""

import icalendar
import pytest
from playwright.sync_api import expect

from cicte.enums import ContentStatus
from events.models import Event
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

RESULT_TITLES = "section.results .summary-title a"


def search_from_the_header(page, words: str) -> None:
    """Type the words in the header's search box, press Enter and wait for the results page to
    load: reading it before then finds an empty page or the previous one."""
    box = page.get_by_role("banner").get_by_role("search").get_by_role("searchbox")
    box.fill(words)
    with page.expect_navigation():
        box.press("Enter")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("start", "words", "kind", "title"),
    [
        (
            "/en/",
            "colombian financial system",
            "Publications",
            "State of Cybersecurity in the Colombian Financial System",
        ),
        (
            "/es/",
            "sistema financiero colombiano",
            "Publicaciones",
            "Estado de la Ciberseguridad en el Sistema Financiero Colombiano",
        ),
        ("/en/", "European Union", "Partners", "European Union"),
        ("/es/", "union europea", "Socios", "Unión Europea"),
    ],
    ids=["publication-en", "publication-es", "partner-en", "partner-es"],
)
def test_visitor_finds_a_publication_or_a_partner_with_the_site_search(
    open_context, viewport, start, words, kind, title
):
    page = open_context(viewport=viewport).new_page()
    page.goto(start)

    search_from_the_header(page, words)

    found = page.locator("section.search-group").filter(
        has=page.get_by_role("heading", level=3, name=kind)
    )
    assert title in found.locator("h4 a").all_inner_texts()
    # The page opens at the results.
    assert page.url.endswith("#results-title")
    found.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def top_of(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("element => element.getBoundingClientRect().top")


def test_phone_visitor_filters_events_and_lands_on_the_results(open_context):
    page = open_context(viewport=PHONE).new_page()
    page.goto("/en/events/")

    # The count and the first result are on the first screen, the filters folded.
    assert top_of(page, "#results-title") < PHONE["height"]
    assert top_of(page, RESULT_TITLES) < PHONE["height"]
    assert not page.get_by_label("Program", exact=True).is_visible()

    page.get_by_text("Filters (0)").click()
    page.get_by_label("Program", exact=True).select_option("maritime-security")
    page.get_by_role("button", name="Apply filters").click()

    expected = Event.objects.filter(
        status=ContentStatus.PUBLISHED, programs__slug="maritime-security"
    ).count()
    heading = page.get_by_role("heading", level=2, name=f"{expected} events")
    heading.wait_for()
    # Scrolled to the results: their heading at the top of the screen, the form folded again.
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => document.getElementById('results-title').getBoundingClientRect().top < 100"
    )
    assert top_of(page, "#results-title") >= 0
    assert page.evaluate("window.scrollY") > 0
    assert page.get_by_text("Filters (1)").is_visible()
    assert not page.get_by_label("Program", exact=True).is_visible()


def test_desktop_visitor_sees_the_filters_beside_the_results(open_context):
    page = open_context(viewport=DESKTOP).new_page()
    page.goto("/en/events/")

    assert page.get_by_label("Program", exact=True).is_visible()
    assert not page.get_by_text("Filters (0)").is_visible()


def test_visitor_subscribes_with_the_copyable_calendar_address(open_context, live_site):
    page = open_context(viewport=PHONE).new_page()
    page.goto("/en/events/?program=maritime-security")

    page.get_by_text("Calendar address and how to subscribe").click()
    address = page.get_by_label("Address of this calendar")
    assert address.is_visible()
    url = address.input_value()
    assert url == f"{live_site.url}/events.ics?program=maritime-security"
    subscribe = page.get_by_role("link", name="Subscribe in your calendar")
    assert subscribe.get_attribute("href") == "webcal://" + url.split("://", 1)[1]

    calendar = icalendar.Calendar.from_ical(page.request.get(url).body())

    titles = {str(vevent["summary"]) for vevent in calendar.walk("VEVENT")}
    expected = Event.objects.filter(
        status=ContentStatus.PUBLISHED, programs__slug="maritime-security"
    ).exclude(starts_on=None)
    assert titles == set(expected.values_list("title", flat=True))


# Every piece of visible text, with its size on the screen (SVG text scaled as drawn).
SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || element.closest("title, desc")) continue;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // not shown, or visually hidden
    let size = parseFloat(getComputedStyle(element).fontSize);
    if (element instanceof SVGElement) size *= element.getScreenCTM().a;
    if (size < 12) small.push(`${element.tagName} ${size.toFixed(1)}px: ${text.slice(0, 40)}`);
  }
  return small;
}"""


@pytest.mark.parametrize("path", ["/en/", "/en/events/", "/en/reports/2020/"])
def test_no_visible_text_under_12_px_on_a_phone(open_context, path):
    page = open_context(viewport=PHONE).new_page()
    page.goto(path)

    assert page.evaluate(SMALL_TEXT) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_visitor_finds_a_countrys_events_from_the_map(open_context, viewport):
    page = open_context(viewport=viewport).new_page()
    page.goto("/en/")

    page.locator("svg.map-svg a[href*='country=PA']").click()

    expected = Event.objects.filter(
        status=ContentStatus.PUBLISHED, country="PA", year__year=2020
    ).values_list("title", flat=True)
    page.get_by_role("heading", level=2, name=f"{len(expected)} event").wait_for()
    assert page.locator(RESULT_TITLES).all_inner_texts() == list(expected)
    assert "Country: Panama" in page.get_by_role("region", name="Filtered by").inner_text()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_visitor_finds_a_countrys_events_from_a_programs_map(open_context, viewport):
    page = open_context(viewport=viewport).new_page()
    page.goto("/en/programs/terrorist-financing/")

    # Paraguay on the program's map: the events held there or that served it.
    page.locator("svg.map-svg a[href*='country=PY']").click()

    expected = (
        Event.objects.published()
        .in_country("PY")
        .filter(year__year=2020, programs__slug="terrorist-financing")
        .newest_first()
        .values_list("title", flat=True)
    )
    page.get_by_role("heading", level=2, name=f"{len(expected)} events").wait_for()
    assert len(expected) == 3
    assert page.locator(RESULT_TITLES).all_inner_texts() == list(expected)
    filters = page.get_by_role("region", name="Filtered by").inner_text()
    assert "Country: Paraguay" in filters
    assert "Program: Legislative and technical assistance against terrorist financing" in filters
