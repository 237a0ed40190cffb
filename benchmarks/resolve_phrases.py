"""Time `newsgraph actors resolve -` on N actor phrases with dates (default 10,000), the
whole process, next to loading spaCy's pipeline alone.

    python benchmarks/resolve_phrases.py [--n 10000] [--runs 3]

The phrases are made from the knowledge base, in a fixed pseudo-random order: "the
<adjective> <agent word>" ("the Kenyan police"), people's and organisations' names, and
"<title> of <state>", each with a date between 1990 and 2025. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def phrases(n: int) -> list[dict]:
    from newsgraph.knowledge.actors import KnowledgeBase

    kb = KnowledgeBase.load()
    rng = random.Random(13)
    adjectives = [a for s in kb.states.values() for a in s.adjectives]
    states = [s.name for s in kb.states.values()]
    agents = [w for a in kb.agents.values() for w in a.words if " " not in w]
    titles = [a.role.lower() for a in kb.agents.values() if a.role and a.person]
    people = list(kb.people)
    orgs = list(kb.organizations)
    out = []
    while len(out) < n:
        pick = rng.randrange(4)
        if pick == 0:
            text = f"the {rng.choice(adjectives)} {rng.choice(agents)}"
        elif pick == 1:
            text = kb.people[rng.choice(people)].name
        elif pick == 2:
            text = f"the {kb.organizations[rng.choice(orgs)].name}"
        else:
            text = f"the {rng.choice(titles)} of {rng.choice(states)}"
        day = f"{rng.randrange(1990, 2026)}-{rng.randrange(1, 13):02d}-15"
        out.append({"text": text, "date": day})
    return out


def timed(cmd: list[str], env: dict, stdin: Path | None = None) -> float:
    t0 = time.perf_counter()
    with open(stdin or os.devnull, "rb") as fh:
        subprocess.run(cmd, env=env, check=True, stdin=fh, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "phrases.jsonl"
        src.write_text("".join(json.dumps(p) + "\n" for p in phrases(args.n)))
        env = dict(os.environ, NEWSGRAPH_HOME=tmp)
        spacy_only = [sys.executable, "-c", "import spacy, newsgraph.settings as s; "
                      "spacy.load(s.Settings().model)"]
        resolve = [sys.executable, "-m", "newsgraph", "actors", "resolve", "-"]
        timed(resolve, env, src)  # warm the knowledge caches
        load = [timed(spacy_only, env) for _ in range(args.runs)]
        full = [timed(resolve, env, src) for _ in range(args.runs)]
    print(f"median of {args.runs} runs, {args.n:,} phrases, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print("| what | seconds | phrases/s |\n|---|---:|---:|")
    print(f"| spaCy pipeline load only | {statistics.median(load):.2f} | |")
    m = statistics.median(full)
    print(f"| `newsgraph actors resolve -` ({args.n:,} phrases, whole process) | {m:.2f} | "
          f"{args.n / m:,.0f} |")


if __name__ == "__main__":
    main()
