"""Load check of the API: /api/events with filters, 20 concurrent clients, while an
ingest runs through the same server. Loopback only; bounded in requests and time.

    python benchmarks/serve_load.py [--merged 110000] [--clients 20] [--requests 3000]
                                    [--seconds 120]

Builds a store of synthetic rows (articles, event mentions with participants, merged
events with members: generated in SQL, since only reading speed is measured), starts
`newsgraph serve` on it as its own process, keeps one client ingesting real text through
POST /api/ingest, and has the clients ask for merged events with random filters
(actor, country, type, status, date range, page). Prints p50/p90/p99 latency and the
error count as a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from newsgraph.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["CONSULT", "AGREE", "COOPERATE", "AID", "ACCUSE", "REQUEST", "THREATEN",
         "PROTEST", "SANCTION", "ASSAULT", "REJECT", "SUPPORT"]
N_ACTORS = 2000
N_COUNTRIES = 60


def build(path: Path, merged: int) -> None:
    """Articles with five event mentions each; about 1.4 mentions per merged event."""
    n_events = int(merged * 1.4)
    n_articles = n_events // 5
    types = "['" + "','".join(TYPES) + "']"
    with Store(path) as s:
        q = s.con.execute
        q("BEGIN TRANSACTION")
        q(f"""INSERT INTO articles SELECT 'a' || i, NULL, 'https://outlet' || (i % 300) ||
              '.example/' || i, 'outlet ' || (i % 300), 'Synthetic article ' || i,
              DATE '2024-01-01' + CAST(i / 60 AS INTEGER), 'en',
              repeat('Officials met to discuss the talks. ', 20), 'bench', now()
              FROM range({n_articles}) t(i)""")
        q(f"""INSERT INTO sentences SELECT 'a' || i, k, k * 36, k * 36 + 35
              FROM range({n_articles}) t(i), range(20) u(k)""")
        q(f"""INSERT INTO actors SELECT 'person-' || i, 'Person ' || i, 'person',
              'C' || (i % {N_COUNTRIES}), 'GOV', '', false, now() FROM range({N_ACTORS}) t(i)""")
        # event j: article j // 5, merged event j % merged
        q(f"""CREATE TEMP TABLE ev AS SELECT j, 'a' || (j // 5) AS article_id,
              'e' || (j % 5) AS id, CAST(j % 5 AS INTEGER) AS sentence,
              {types}[CAST(1 + hash(j) % {len(TYPES)} AS BIGINT)] AS type,
              DATE '2024-01-01' + CAST((j // 5) / 60 AS INTEGER) AS day,
              'person-' || (hash(j * 7) % {N_ACTORS}) AS src,
              'person-' || (hash(j * 13) % {N_ACTORS}) AS tgt,
              'C' || (hash(j * 7) % {N_ACTORS} % {N_COUNTRIES}) AS src_c,
              'C' || (hash(j * 13) % {N_ACTORS} % {N_COUNTRIES}) AS tgt_c,
              'me-' || (j % {merged}) AS merged_id
              FROM range({n_events}) t(j)""")
        q("""INSERT INTO events SELECT article_id, id, sentence, type, '', [], '040',
             1 + (hash(j) % 4), 0, 3, 'met', CAST(day AS VARCHAR), 'day', 'on Monday',
             day, day, NULL, NULL, NULL, NULL, NULL,
             CASE WHEN hash(j) % 10 = 0 THEN 'planned' ELSE 'occurred' END, NULL, 0.9, 'p',
             1.0 FROM ev""")
        for role, col, salt in (("source", "src", 0), ("target", "tgt", 1)):
            q(f"""INSERT INTO event_actors SELECT article_id, id, '{role}', 0, 'm{salt}',
                  {col}, 'Person', 'C' || (CAST(substr({col}, 8) AS INTEGER)
                  % {N_COUNTRIES}), 'GOV', '', 'Person' FROM ev""")
        q("""INSERT INTO article_links SELECT id, source, published, NULL, id, NULL,
             'st-' || (CAST(substr(id, 2) AS INTEGER) // 20), NULL, ''::BLOB FROM articles""")
        q("""INSERT INTO merged_members SELECT merged_id, article_id, id, sentence,
             sentence * 36, sentence * 36 + 35 FROM ev""")
        q("""INSERT INTO merged_events SELECT merged_id, any_value(type), '',
              CASE WHEN hash(min(j)) % 10 = 0 THEN 'planned' ELSE 'occurred' END,
              CAST(min(day) AS VARCHAR), 'day', min(day), max(day), NULL, NULL,
              '[{"actor": "' || any_value(src) || '", "name": "Person", "country": "C", '
              || '"sector": "GOV", "keys": []}]',
              '[{"actor": "' || any_value(tgt) || '", "name": "Person", "country": "C", '
              || '"sector": "GOV", "keys": []}]', '{}', count(*), count(*), count(*),
              min(day), max(day), '{}',
              to_json(list({'article': article_id, 'event': id, 'sentence': sentence,
                            'start': sentence * 36, 'end': sentence * 36 + 35,
                            'text': 'Officials met to discuss the talks.',
                            'outlet': 'outlet', 'day': strftime(day, '%Y-%m-%d'),
                            'duplicate_of': NULL} ORDER BY j))::VARCHAR,
              list_distinct(flatten(list([src, tgt]))),
              list_distinct(flatten(list([src_c, tgt_c])))
              FROM ev GROUP BY merged_id""")
        q("COMMIT")
        print(f"store: {n_articles:,} articles, {n_events:,} event mentions, "
              f"{s.con.execute('SELECT count(*) FROM merged_events').fetchone()[0]:,} "
              "merged events", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def random_query(rng: random.Random) -> dict:
    q: dict = {"limit": 50}
    pick = rng.random()
    if pick < 0.4:
        q["actor"] = f"person-{rng.randrange(N_ACTORS)}"
    elif pick < 0.6:
        q["country"] = f"C{rng.randrange(N_COUNTRIES)}"
    if rng.random() < 0.5:
        q["type"] = rng.choice(TYPES)
    if rng.random() < 0.3:
        q["status"] = "all"
    if rng.random() < 0.5:
        start = rng.randrange(700)
        q["since"] = time.strftime("%Y-%m-%d", time.gmtime(1704067200 + start * 86400))
        q["until"] = time.strftime("%Y-%m-%d",
                                   time.gmtime(1704067200 + (start + 30) * 86400))
    if rng.random() < 0.2:
        q["offset"] = 50 * rng.randrange(1, 5)
    return q


def client(base: str, seed: int, deadline: float, budget: list, out: list, errors: list,
           lock: threading.Lock) -> None:
    """One analyst's browser: a kept-alive connection, one request after another. Every
    answer must be 200 with a JSON list; a sample is parsed in full (parsing them all
    would make this load generator, on the same two cores, the bottleneck)."""
    rng = random.Random(seed)
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    conn = http.client.HTTPConnection(host, port, timeout=30)
    n = 0
    while time.monotonic() < deadline:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        path = "/api/events?" + urllib.parse.urlencode(random_query(rng), doseq=True)
        t0 = time.perf_counter()
        failure = None
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200 or not body.startswith(b'{"items":'):
                failure = f"{path}: {resp.status} {body[:200]!r}"
            elif n % 20 == 0:
                json.loads(body)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            failure = f"{path}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
        elapsed = (time.perf_counter() - t0) * 1000
        n += 1
        with lock:
            out.append(elapsed)
            if failure:
                errors.append(failure)
    conn.close()


def ingester(base: str, stop: threading.Event, report: dict) -> None:
    """Post real articles one at a time until told to stop."""
    text = (ROOT / "src" / "newsgraph" / "data" / "sample" / "article.txt").read_text()
    n = 0
    while not stop.is_set():
        body = json.dumps({"text": f"Update {n}. " + text, "published": "2025-10-22",
                           "source": f"bench outlet {n % 7}"}).encode()
        req = urllib.request.Request(base + "/api/ingest", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                out = json.loads(resp.read())
                report["stored"] = report.get("stored", 0) + len(out["stored"])
        except (urllib.error.URLError, OSError, ValueError) as exc:
            report.setdefault("errors", []).append(str(exc))
        n += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--merged", type=int, default=110000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--no-ingest", action="store_true",
                    help="no ingest during the run (to see what ingesting costs)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.duckdb"
        t0 = time.perf_counter()
        build(db, args.merged)
        print(f"built in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "NEWSGRAPH_HOME": tmp}
        env.pop("NEWSGRAPH_TOKEN", None)
        server = subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "serve", "--db",
                                   str(db), "--port", str(port)], env=env)
        try:
            for _ in range(1200):  # until the server has loaded its event listing
                try:
                    with urllib.request.urlopen(base + "/api/status", timeout=5) as r:
                        if json.loads(r.read())["listing"] == "ready":
                            break
                except (urllib.error.URLError, OSError):
                    pass
                time.sleep(0.1)
            stop, ingest_report = threading.Event(), {}
            ing = threading.Thread(target=ingester, args=(base, stop, ingest_report))
            if not args.no_ingest:
                ing.start()
                time.sleep(3)  # the first ingest loads the pipeline
            lat: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            budget = [args.requests]
            deadline = time.monotonic() + args.seconds
            threads = [threading.Thread(target=client, args=(base, i, deadline, budget, lat,
                                                             errors, lock))
                       for i in range(args.clients)]
            t1 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t1
            stop.set()
            if ing.is_alive():
                ing.join()
        finally:
            server.terminate()
            server.wait(30)
    q = statistics.quantiles(lat, n=100)
    print(f"\nPython {platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}; {args.merged:,} merged events; {args.clients} clients; "
          f"ingest running: {ingest_report.get('stored', 0)} articles stored during the "
          f"run, {len(ingest_report.get('errors', []))} ingest errors\n")
    print("| requests | wall s | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {len(lat)} | {wall:.1f} | {len(lat) / wall:.1f} | {q[49]:.1f} | {q[89]:.1f} "
          f"| {q[98]:.1f} | {max(lat):.1f} | {len(errors)} |")
    if errors:
        print("first error:", errors[0], file=sys.stderr)


if __name__ == "__main__":
    main()
