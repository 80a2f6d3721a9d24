"""axe-core (bundled by axe-playwright-python) run in the test's browser page."""

from axe_playwright_python.sync_playwright import Axe

# The WCAG 2.0, 2.1 and 2.2 rules of levels A and AA.
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def axe_violations(page) -> list[dict]:
    """The WCAG A and AA violations axe finds on the page as it is now."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_A_AA},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    """One paragraph per rule: id, impact, what it asks, and each offending element."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            lines.append(f"      {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)
