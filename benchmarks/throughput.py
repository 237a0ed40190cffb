"""Throughput of `extract` next to spaCy's parse alone, on the same texts, in one run.

    python benchmarks/throughput.py [PATH] [--repeat N] [--jobs N]

PATH is a folder or JSON Lines file of articles (anything `newsgraph extract` reads).
Without it, a corpus is built from the bundled sample article and, when ../shared is
present, the PLOVER gold sentences grouped eight to an article. `--real N` takes the
first N real news articles of ../shared/data/polnear/train.jsonl instead (read in place:
that corpus is evaluation data and is never copied into the repository). Each configuration runs
twice and the faster run counts (the first warms caches). Prints a Markdown table; the
ratio column is extraction / parse-only for the same number of processes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from newsgraph.extraction.extractor import Extractor
from newsgraph.ingest.article import Metadata
from newsgraph.ingest.readers import read_inputs
from newsgraph.knowledge.files import data_dir
from newsgraph.model import Article
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GSR = ROOT.parent / "shared" / "data" / "plover" / "gsr-dev.jsonl"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "train.jsonl"


def real_corpus(n: int) -> list[Article]:
    out = []
    with POLNEAR.open(encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            rec = json.loads(line)
            out.append(Article(text=rec["text"], published=rec["id"].split("_")[1]))
    return out


def default_corpus(repeat: int) -> list[Article]:
    texts = [(data_dir("sample") / "article.txt").read_text(encoding="utf-8")]
    if GSR.exists():
        sents = [json.loads(line)["text"].strip(" {}") for line in GSR.open(encoding="utf-8")]
        texts += [" ".join(sents[i:i + 8]) for i in range(0, len(sents), 8)]
    out = []
    for r in range(repeat):
        for n, t in enumerate(texts):
            # vary each copy so no two articles are the same text
            out.append(Article(text=f"{t}\nCopy {r}-{n}.", published="2025-10-22"))
    return out


def read_corpus(path: str) -> list[Article]:
    items = read_inputs([path], Metadata(published="2025-10-22"), Settings())
    return [a for a in items if isinstance(a, Article)]


def best_of(n: int, fn) -> tuple[float, float]:
    """Fastest wall time and fastest CPU time of this process (the CPU figure is steady
    when other work shares the machine; it counts only this process's own work)."""
    walls, cpus = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?")
    ap.add_argument("--repeat", type=int, default=4, help="copies of the default corpus")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="'all cores' run")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--real", type=int, metavar="N",
                    help="the first N real news articles of ../shared's PolNeAR corpus")
    args = ap.parse_args()

    articles = (read_corpus(args.path) if args.path else real_corpus(args.real)
                if args.real else default_corpus(args.repeat))
    texts = [a.text for a in articles]
    engine = Extractor(Settings(jobs=1))
    nlp = engine.nlp
    tokens = sum(len(d) for d in nlp.pipe(texts[:50]))
    tokens = int(tokens * len(texts) / min(50, len(texts)))  # estimate without a 2nd pass

    rows = []
    for jobs in sorted({1, args.jobs}):
        engine.settings = Settings(jobs=jobs, batch_size=16)

        def parse(jobs=jobs):
            for _ in nlp.pipe(texts, batch_size=16, n_process=jobs):
                pass

        def extract():
            for _ in engine.extract_many(articles, n_items=len(articles)):
                pass

        t_parse, c_parse = best_of(2, parse)
        t_extract, c_extract = best_of(2, extract)
        rows.append({"processes": jobs, "articles": len(texts), "tokens": tokens,
                     "parse_s": t_parse, "extract_s": t_extract,
                     "parse_articles_s": len(texts) / t_parse,
                     "extract_articles_s": len(texts) / t_extract,
                     "parse_tokens_s": tokens / t_parse, "extract_tokens_s": tokens / t_extract,
                     "ratio": t_parse / t_extract,
                     # one process: CPU seconds of parse-only over those of extraction
                     "cpu_ratio": c_parse / c_extract if jobs == 1 else None})

    # The same comparison measured the steady way: rounds that parse the corpus and then
    # run the rules on those parses, back to back in one process, so that the machine's
    # moods touch both halves alike; the ratio is parse / (parse + rules), median of 5.
    ratios = []
    engine.settings = Settings(jobs=1, batch_size=16)
    for _ in range(5):
        c0 = time.process_time()
        docs = list(nlp.pipe(texts, batch_size=16))
        c1 = time.process_time()
        for art, doc in zip(articles, docs, strict=True):
            engine.extract_doc(art, doc)
        c2 = time.process_time()
        ratios.append((c1 - c0) / (c2 - c0))
    steady = sorted(ratios)[len(ratios) // 2]

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.system()}")
    print(f"corpus: {len(texts)} articles, ~{tokens} tokens\n")
    print("| processes | parse-only art/s | extract art/s | parse-only tok/s | "
          "extract tok/s | extract / parse | same, CPU time |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        cpu = f"{r['cpu_ratio']:.2f}x" if r["cpu_ratio"] else "-"
        print(f"| {r['processes']} | {r['parse_articles_s']:.1f} | {r['extract_articles_s']:.1f}"
              f" | {r['parse_tokens_s']:.0f} | {r['extract_tokens_s']:.0f} | "
              f"{r['ratio']:.2f}x | {cpu} |")
    print(f"\none process, CPU time, parse then rules in each of 5 rounds: extract / parse "
          f"= {steady:.2f}x (rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "steady_ratio": steady}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
