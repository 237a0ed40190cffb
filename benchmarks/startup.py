"""Whole-process time of `newsgraph extract` on one short article, next to loading spaCy's
pipeline alone, in one run (median of N runs each, alternating).

    python benchmarks/startup.py [--runs N] [--src OTHER/src ...]

Each `--src` is the `src` folder of another checkout of newsgraph (e.g. a git worktree of
an earlier commit), run with the same interpreter, so that versions compare on the same
machine in the same minutes. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPACY_ONLY = ("import spacy, newsgraph.settings as s; "
              "spacy.load(s.Settings().model)")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--src", action="append", default=[], type=Path,
                    help="src folder of another checkout to time beside this one")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.jsonl"
        one.write_text(json.dumps({"id": "a", "published": "2024-05-01", "text":
                                   "Kenya and Uganda signed a trade agreement on Monday."})
                       + "\n")
        runs: dict[str, list[float]] = {}
        configs = [("spaCy pipeline load only", [sys.executable, "-c", SPACY_ONLY], None),
                   ("newsgraph extract (this checkout)",
                    [sys.executable, "-m", "newsgraph", "extract", str(one)], ROOT / "src")]
        configs += [(f"newsgraph extract ({src})",
                     [sys.executable, "-m", "newsgraph", "extract", str(one)], src)
                    for src in args.src]
        for _ in range(args.runs):
            for name, cmd, src in configs:
                env = dict(os.environ, NEWSGRAPH_HOME=tmp)
                if src is not None:
                    env["PYTHONPATH"] = str(src)
                runs.setdefault(name, []).append(timed(cmd, env))
    print(f"median of {args.runs} runs, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores\n")
    print("| process | median s | min s |")
    print("|---|---|---|")
    for name, ts in runs.items():
        print(f"| {name} | {statistics.median(ts):.2f} | {min(ts):.2f} |")


if __name__ == "__main__":
    main()
