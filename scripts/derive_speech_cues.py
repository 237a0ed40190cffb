#!/usr/bin/env python3
"""Derive attribution cues from PolNeAR-style gold: which words introduce what someone
said, believed or intended, and where their content sits in the parse.

usage: derive_speech_cues.py [GOLD.jsonl] [--half tune] [-o derived_cues.jsonl]
                             [--min-hits 4] [--min-precision 0.45] [--report]

GOLD lines: {"id", "text", "attributions": [{"source", "cue", "content": [spans]}]}
(PolNeAR's train split lives in ../shared/data/polnear; it is evaluation data with no
licence, so only these statistics are kept, never its text). Only the ``tune`` half of
the file (a hash of each id, newsgraph.evaluate.split) is read: the other half stays
untouched for measuring the result.

Each article is parsed with newsgraph's own pipeline. For every verb or noun and every
dependent of it outside quotation marks (a quoted "I think" is the quote's content, not
an attribution of its own) that could hold a content (a clause, an infinitive, an object, the
object of a preposition: ``prep:for``) the script counts how often that (lemma,
relation) occurs (``fires``) and how often the gold marks the word as a cue and the
dependent as inside the content (``hits``). A pair is kept when it has at least
``--min-hits`` hits and ``(hits + nested) / fires`` of at least ``--min-precision``, where
``nested`` counts the times the word sat inside another attribution's content (PolNeAR
annotates one attribution per token, so the inner one of "X said Y thinks Z" has no gold
of its own, though it is a real attribution): the extractor
then reads that dependent of that word as an attribution's content. The counts are
written with each entry, so a reviewer sees what a cue rests on, and
``tests/test_attributions.py`` checks every entry against the thresholds.

``--report`` prints, for the gold cues of the half, how many a kept pair covers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.evaluate.split import half_of  # noqa: E402
from newsgraph.extraction.content import content_relations  # noqa: E402
from newsgraph.extraction.statements import find_quotes, quoted_tokens  # noqa: E402
from newsgraph.nlp.pipeline import build_nlp  # noqa: E402
from newsgraph.settings import Settings  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "polnear" / "train.jsonl"
DEFAULT_OUT = ROOT / "src" / "newsgraph" / "data" / "speech" / "derived_cues.jsonl"


def _covers(spans: list[dict], start: int, end: int) -> bool:
    return any(s["start"] < end and start < s["end"] for s in spans)


def count(gold_path: Path, half: str) -> tuple[Counter, Counter, Counter, Counter]:
    nlp = build_nlp(Settings())
    fires: Counter = Counter()
    hits: Counter = Counter()
    nested: Counter = Counter()  # the word sits inside another attribution's content
    gold_cues: Counter = Counter()  # (lemma, pos) of every gold cue head, for --report
    rows = [json.loads(line) for line in gold_path.open(encoding="utf-8")]
    rows = [r for r in rows if half_of(r["id"]) == half]
    for n, (row, doc) in enumerate(zip(rows, nlp.pipe(r["text"] for r in rows),
                                       strict=True)):
        atts = [a for a in row["attributions"] if a["cue"] and a["content"]]
        for a in atts:
            span = doc.char_span(a["cue"][0]["start"], a["cue"][-1]["end"],
                                 alignment_mode="expand")
            if span is not None:
                gold_cues[(span.root.lemma_.lower(), span.root.pos_)] += 1
        quoted = quoted_tokens(doc, find_quotes(doc.text))
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN") or tok.i in quoted:
                continue
            lemma = tok.lemma_.lower()
            mine = [a for a in atts if _covers(a["cue"], tok.idx, tok.idx + len(tok))]
            inner = any(_covers(a["content"], tok.idx, tok.idx + len(tok)) for a in atts)
            for rel, head in content_relations(tok):
                key = (lemma, tok.pos_, rel)
                fires[key] += 1
                if any(_covers(a["content"], head.idx, head.idx + len(head)) for a in mine):
                    hits[key] += 1
                elif inner:
                    nested[key] += 1
        if n % 100 == 99:
            print(f"{n + 1} articles", file=sys.stderr)
    return fires, hits, nested, gold_cues


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--half", default="tune", choices=["tune"],
                    help="only the tune half is ever read")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-hits", type=int, default=4)
    ap.add_argument("--min-precision", type=float, default=0.45)
    ap.add_argument("--report", action="store_true")
    args = ap.parse_args()
    if not args.gold.exists():
        sys.exit(f"{args.gold}: not found (PolNeAR's train split, see its README)")
    fires, hits, nested, gold_cues = count(args.gold, args.half)
    kept: dict[tuple[str, str], dict] = {}
    for key, n in fires.items():
        h, inner = hits[key], nested[key]
        if h >= args.min_hits and (h + inner) / n >= args.min_precision:
            lemma, pos, rel = key
            kept.setdefault((lemma, pos), {})[rel] = {"hits": h, "nested": inner, "fires": n}
    with args.out.open("w", encoding="utf-8") as out:
        for (lemma, pos), rels in sorted(kept.items()):
            out.write(json.dumps({"lemma": lemma, "pos": pos.lower(), "relations": dict(
                sorted(rels.items()))}, ensure_ascii=False) + "\n")
    print(f"{len(kept)} cue words, {sum(len(r) for r in kept.values())} relations "
          f"-> {args.out}", file=sys.stderr)
    if args.report:
        total = sum(gold_cues.values())
        covered = sum(n for k, n in gold_cues.items() if k in kept)
        print(f"gold cue heads covered by a kept word: {covered}/{total}", file=sys.stderr)
        missing = Counter({k: n for k, n in gold_cues.items() if k not in kept})
        for (lemma, pos), n in missing.most_common(40):
            print(f"  not kept: {lemma}/{pos} {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
