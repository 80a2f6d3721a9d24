"""Each page measured in one process (scripts/bench.py): Django's test client in `manage.py
shell` against the bench database, as deployed and with CACHE_DISABLED=true: its status, its
queries, its time (median of 5) and the plans of the queries that read events_event."""

import json

from bench_pages import EXPLAINED, PAGES
from serving import manage

# Run inside `manage.py shell` against the bench database, in the mode its environment sets:
# each page's status, queries and time (median of 5, after one request that loads the code
# and templates and, as deployed, caches the page), and the plans of the queries that read
# events_event. Prints JSON.
MEASURE_SCRIPT = """
import json, re, time
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pages = json.loads(PAGES)
client = Client(HTTP_HOST="127.0.0.1")
result = {"queries": {}, "status": {}, "ms": {}, "plans": {}}
for name, path, _bar in pages:
    client.get(path)
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
    result["ms"][name] = sorted(timings)[2]
    result["queries"][name] = len(queries)
    result["status"][name] = response.status_code
    if settings.CACHE_DISABLED and name.startswith(EXPLAINED):
        plans = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if not re.search(r'FROM "events_event"', sql):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\\n".join(row[0] for row in cursor.fetchall())
            plans.append({"sql": sql, "plan": plan})
        result["plans"][name] = plans
print("BENCH-JSON " + json.dumps(result))
"""


def measure_pages(env: dict) -> dict:
    script = (
        f"PAGES = {json.dumps(json.dumps(PAGES))}\nEXPLAINED = {EXPLAINED!r}\n" + MEASURE_SCRIPT
    )
    output = manage(env, "shell", "-c", script)
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    return json.loads(line.removeprefix("BENCH-JSON "))
