"""What a page must never report: Content-Security-Policy violations, script errors, static
files that did not load."""

import weakref

# Where a violation comes from when a test's own code caused it (see CSP_LISTENER).
TEST_CODE = "code run by the test"

# Injected by Playwright before any of the page's own scripts (an init script is not subject to
# the page's CSP). The event names the directive and where the violation came from: the page's
# address for its own markup, a script's address for that script. Code that a test runs in the
# page (axe-core, which adds <style> elements) has no address, and Watch leaves it out.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "Content Security Policy violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline") + " at " + (event.sourceFile || "TEST_CODE") + ":" +
    event.lineNumber + (event.sample ? " (" + event.sample + ")" : "")
  );
}, true);
""".replace("TEST_CODE", TEST_CODE)


class Watch:
    """Listens to every page of one browser context and keeps what went wrong."""

    _of = weakref.WeakValueDictionary()

    def __init__(self, context):
        self.problems: list[str] = []
        context.add_init_script(CSP_LISTENER)
        context.on("page", self.attach)
        Watch._of[id(context)] = self

    @classmethod
    def of(cls, context) -> "Watch":
        return cls._of[id(context)]

    def attach(self, page):
        page.on("console", lambda message: self.on_console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))
        page.on("response", lambda response: self.on_response(page, response))

    def on_console(self, page, message):
        # Chromium also logs each violation in its own words, without saying where it came
        # from; the listener's line is the one kept.
        text = message.text
        if text.startswith("Content Security Policy violation:") and TEST_CODE not in text:
            self.problems.append(f"{page.url}: {text}")

    def on_response(self, page, response):
        if "/static/" in response.url and response.status >= 400:
            self.problems.append(f"{page.url}: {response.url} answered {response.status}")

    def take(self) -> list[str]:
        """The problems so far, forgotten once taken (a test that checks them page by page
        takes them after each page)."""
        problems, self.problems = self.problems, []
        return problems
