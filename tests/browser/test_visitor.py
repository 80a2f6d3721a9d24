"""A visitor's paths through the public site, with the mouse and with the keyboard only.

Each starts at the site's root and moves by clicking links and buttons (or Tab and Enter), as a
person does; the expected lists come from the 2020 data in the database.
"""

import datetime
import re

import pytest

from cicte.enums import ContentStatus
from events.models import Event
from partners.models import Partner
from programs.models import Program

pytestmark = pytest.mark.browser

RESULT_TITLES = "section.results .summary-title a"


def published_event_titles(**filters) -> list[str]:
    events = Event.objects.filter(status=ContentStatus.PUBLISHED, **filters).distinct()
    return sorted(events.values_list("title", flat=True))


def program_option_label(page, name: str) -> str:
    """The program list's label for `name` (sub-programs are indented with a dash)."""
    options = page.get_by_label("Program", exact=True).locator("option").all_inner_texts()
    return next(option for option in options if option.strip().lstrip("— ").strip() == name)


def test_visitor_filters_events_by_program_and_dates_then_follows_links(page, live_site):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    page.get_by_role("heading", level=1, name="Events").wait_for()

    program = page.get_by_label("Program", exact=True)
    program.select_option(label=program_option_label(page, "Maritime security"))
    page.get_by_role("button", name="Apply filters").click()

    expected = published_event_titles(programs__slug="maritime-security")
    assert len(expected) == 9
    page.get_by_role("heading", level=2, name=f"{len(expected)} events").wait_for()
    assert sorted(page.locator(RESULT_TITLES).all_inner_texts()) == expected
    assert "program=maritime-security" in page.url

    page.get_by_label("From", exact=True).fill("2020-07-01")
    page.get_by_label("To", exact=True).fill("2020-07-31")
    page.get_by_role("button", name="Apply filters").click()

    july = published_event_titles(
        programs__slug="maritime-security",
        ends_on__gte=datetime.date(2020, 7, 1),
        starts_on__lte=datetime.date(2020, 7, 31),
    )
    assert 0 < len(july) < len(expected)
    page.get_by_role("heading", level=2, name=f"{len(july)} events").wait_for()
    assert sorted(page.locator(RESULT_TITLES).all_inner_texts()) == july
    applied = page.get_by_role("region", name="Filtered by").inner_text()
    assert "2020-07-01" in applied
    assert "2020-07-31" in applied

    first = page.locator(RESULT_TITLES).first
    title = first.inner_text()
    first.click()
    assert page.get_by_role("heading", level=1).inner_text() == title

    page.locator("main").get_by_role("link", name="Maritime security", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Maritime security"
    assert re.search(r"/programs/maritime-security/$", page.url)


def test_visitor_reads_the_markers_of_annex_1(page, live_site):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Annual reports").click()
    page.get_by_role("link", name=re.compile(r"^Annex 1: ")).first.click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Annex 1: ")
    markers = page.locator("ol.annex-1 > li abbr.marker")
    assert markers.all_inner_texts() == [
        "*", "*", "***", "***", "***", "***", "*", "***", "***", "***", "***", "***", "**", "*",
    ]  # fmt: skip
    assert markers.first.get_attribute("title") == (
        "Participation of the Executive Secretary of CICTE"
    )
    assert page.locator("ul.annex-legend li").all_inner_texts() == [
        "* Participation of the Executive Secretary of CICTE",
        "** Participation of the Deputy Executive Secretary of CICTE",
        "*** Participation of CICTE Secretariat officials",
    ]


def test_visitor_opens_a_partner_and_sees_its_events(page, live_site):
    partner = Partner.objects.get(slug="unoct")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()

    page.locator("main").get_by_role("link", name=partner.annex_name, exact=True).click()

    assert page.get_by_role("heading", level=1).inner_text() == partner.annex_name
    events = page.get_by_role("region", name="Events")
    expected = published_event_titles(partners=partner)
    assert len(expected) == 4
    assert sorted(events.locator(".summary-title a").all_inner_texts()) == expected


# Where the focus is, and whether it can be seen: an outline or a ring of box-shadow.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    name: element.getAttribute("name") || "",
    text: (element.innerText || element.value || "").trim().replace(/\\s+/g, " "),
    nav: element.closest("nav") ? element.closest("nav").getAttribute("aria-label") : "",
    visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
  };
}"""


def tab_to(page, wanted, most=400, key="Tab"):
    """Press Tab (or `key`: "Shift+Tab") until `wanted(focused)` holds; every element passed
    on the way must show where the focus is."""
    for _ in range(most):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"No visible focus on {focused}"
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element wanted ({most} presses)")


def test_keyboard_only_filter_and_pagination(page, live_site):
    page.goto("/")
    tab_to(page, lambda f: f["nav"] == "Main" and f["text"] == "Events")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Events").wait_for()

    tab_to(page, lambda f: f["name"] == "program")
    # A closed list picks the option whose label starts with what is typed.
    page.keyboard.type(Program.objects.get(slug="terrorist-financing").name)
    assert page.get_by_label("Program", exact=True).input_value() == "terrorist-financing"
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Apply filters")
    page.keyboard.press("Enter")

    expected = published_event_titles(programs__slug="terrorist-financing")
    page.get_by_role("heading", level=2, name=f"{len(expected)} events").wait_for()
    assert "program=terrorist-financing" in page.url
    assert sorted(page.locator(RESULT_TITLES).all_inner_texts()) == expected
    # The page opens at the results: the next Tab is their first link.
    first = page.locator(RESULT_TITLES).first.inner_text()
    assert tab_to(page, lambda f: True, most=1)["text"] == first

    tab_to(page, lambda f: f["text"] == "Clear all", key="Shift+Tab")
    page.keyboard.press("Enter")
    total = Event.objects.filter(status=ContentStatus.PUBLISHED).count()
    page.get_by_role("heading", level=2, name=f"{total} events").wait_for()

    tab_to(page, lambda f: f["text"] == "Skip to the results")
    page.keyboard.press("Enter")
    tab_to(page, lambda f: f["nav"] == "Pages" and f["text"] == "Next")
    page.keyboard.press("Enter")

    page.get_by_text(f"Showing 21 to 40 of {total}.").wait_for()
    assert page.url.endswith("?page=2")
