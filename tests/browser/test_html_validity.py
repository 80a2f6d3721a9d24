"""The W3C Nu HTML Checker (vnu.jar, from npm's vnu-jar, run with Java) on the HTML the server
sends for every type of public page: no errors.

The checker refuses local addresses, so each page is fetched from the live server into a file
and all the files are checked in one run (one JVM start: it is the slow part).
"""

import json
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import ROOT, require_tool
from tests.browser.pages import public_pages

pytestmark = pytest.mark.browser

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:  # 404 and 400 pages are pages too.
        return error.code, error.read()


def test_public_pages_are_valid_html(live_site, tmp_path):
    java = shutil.which("java")
    require_tool(java is not None, "java not found (Debian: apt-get install default-jre-headless).")
    require_tool(VNU_JAR.exists(), f"{VNU_JAR} not found: run `make install-tools` (npm ci).")
    paths = {}
    for page in public_pages():
        status, body = fetch(live_site.url + page.path)
        assert status == page.status, page
        path = tmp_path / f"{page.name}.html"
        path.write_bytes(body)
        paths[path.name] = page.path

    checked = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    # The report goes to standard error; it exits 1 when it found errors.
    messages = json.loads(checked.stderr)["messages"]
    errors = [
        f"{paths.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}, "
        f"line {message.get('lastLine')}: {message['message']}\n"
        f"    {message.get('extract', '').strip()}"
        for message in messages
    ]
    assert len(paths) == len(public_pages())
    assert errors == [], "\n".join(errors)
