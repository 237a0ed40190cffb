"""An audit of cross-article merging on a stored news stream (issue 15).

What it measures: of the pairs of reports that the linker merges across articles, how
many an analyst reading the two sentences takes for one happening (precision); and of
the pairs an analyst would merge, how many the linker does (recall).

1. ``candidates`` rebuilds every article's reports of happenings (as the linker sees
   them: clustered within the article, keyed) and pairs reports from different
   articles (not copies of one text) that a reader might take for one happening: same
   type and status, dates that agree, at least one named actor in common. Each pair
   records whether the current rules merge it.
2. ``sheet`` draws a fixed sample of merged and of unmerged pairs for judging, each
   half of the stream (by a hash of the pair's id) apart: rules are tuned on the
   ``tune`` half and the ``holdout`` half is only judged and scored.
3. A judged sample is kept as gold (``tests/data/linking/merge_audit.jsonl``): the
   judgment, ids, short quotes and the features matching needs, not the articles; so
   ``score`` re-runs the rules on it without the stream.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsgraph.evaluate.split import half_of
from newsgraph.link.events import (
    Happening,
    cluster_article,
    date_range,
    dates_agree,
    named_actor,
    same_happening,
)
from newsgraph.link.stories import idf

QUOTE_CHARS = 160


@dataclass
class Report:
    """One article's account of one happening."""

    article: str
    input_id: str | None  # the id the article had in its input (PolNeAR's id)
    outlet: str
    root: str
    day: dt.date
    happening: Happening


def reports(store: Any) -> list[Report]:
    """Every article's happenings, clustered and keyed as the linker keys them."""
    links = {r[0]: r[1:] for r in store.con.execute(
        "SELECT l.article_id, a.input_id, l.outlet, l.root, l.day, l.story_id "
        "FROM article_links l JOIN articles a ON a.id = l.article_id").fetchall()}
    df = dict(store.con.execute("SELECT term, df FROM term_df").fetchall())
    # the linker weighs words by the articles it had seen; here, by the whole stream
    weight = lambda w: idf(w, df.get(w, 0), len(links))  # noqa: E731
    out = []
    for aid in sorted(links):
        input_id, outlet, root, day, story = links[aid]
        for h in cluster_article(store.record(aid)):
            h.freeze(story or "", weight)
            out.append(Report(aid, input_id, outlet, root, day, h))
    return out


def candidates(items: list[Report]) -> list[dict[str, Any]]:
    """Pairs of reports from independent sources that could be one happening."""
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(items):
        h = r.happening
        for p in [*h.key["source"], *h.key["target"]]:
            if named_actor(p):
                by_key[(h.type, h.status, p["actor"])].append(i)
    seen, out = set(), []
    for idx in by_key.values():
        for x in idx:
            for y in idx:
                a, b = items[x], items[y]
                if x >= y or (x, y) in seen or a.article == b.article:
                    continue
                seen.add((x, y))
                if a.root == b.root:
                    continue  # a copy or an update of one text: merged by construction
                if not dates_agree(a.happening, b.happening):
                    continue
                out.append(pair(a, b))
    return out


def pair(a: Report, b: Report) -> dict[str, Any]:
    (a, b) = sorted((a, b), key=lambda r: (r.article, r.happening.members[0]["event"]))
    pid = hashlib.sha256(f"{_rid(a)}|{_rid(b)}".encode()).hexdigest()[:12]
    return {"pair": pid, "half": half_of(pid), "type": a.happening.type,
            "status": a.happening.status, "merged": same_happening(a.happening, b.happening) > 0,
            "same_outlet": a.outlet == b.outlet, "a": _side(a), "b": _side(b)}


def sheet(pairs: list[dict], per_stratum: int, seed: int = 15) -> list[dict]:
    """A fixed sample to judge: ``per_stratum`` merged and as many unmerged pairs from
    each half, each pair at most once per article pair."""
    rng = random.Random(seed)
    out = []
    for half in ("tune", "holdout"):
        for merged in (True, False):
            pool = sorted((p for p in pairs if p["half"] == half and p["merged"] == merged),
                          key=lambda p: p["pair"])
            rng.shuffle(pool)
            chosen, articles = [], set()
            for p in pool:
                ids = (p["a"]["article"], p["b"]["article"])
                if ids in articles:
                    continue
                articles.add(ids)
                chosen.append({**p, "stratum_size": len(pool)})
                if len(chosen) == per_stratum:
                    break
            out += chosen
    return out


def score(judged: Iterable[dict], half: str | None = None) -> dict[str, Any]:
    """Precision and recall of the current rules on judged pairs. Merged and unmerged
    pairs were sampled apart, so this recall is over the judged repeats, not the whole
    stream (each sheet pair records its stratum's size for that estimate)."""
    tp = fp = fn = tn = 0
    for j in judged:
        if half and j["half"] != half:
            continue
        merged = same_happening(_happening(j["a"]), _happening(j["b"])) > 0
        same = j["same"]
        tp += merged and same
        fp += merged and not same
        fn += same and not merged
        tn += not same and not merged
    judged_n = tp + fp + fn + tn
    return {"judged": judged_n, "merged": tp + fp, "true_repeats": tp + fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "tp": tp, "fp": fp, "fn": fn, "tn": tn}


# ---- helpers ------------------------------------------------------------------------

def _rid(r: Report) -> str:
    return f"{r.article}:{r.happening.members[0]['event']}"


def _side(r: Report) -> dict[str, Any]:
    h = r.happening
    text = " / ".join(m.get("text") or "" for m in h.members[:2])
    return {"article": r.article, "input_id": r.input_id, "outlet": r.outlet, "root": r.root,
            "day": r.day.isoformat(), "events": [m["event"] for m in h.members],
            "quote": " ".join(text.split())[:QUOTE_CHARS],
            "date": h.date, "date_precision": h.precision,
            "location": h.location, "confidence": h.confidence, "key": h.key,
            "sides": [[p["name"] for p in h.key["source"]],
                      [p["name"] for p in h.key["target"]]]}


def _happening(side: dict) -> Happening:
    """The features matching reads, back from a judged pair."""
    h = Happening(side["type"], side["status"])
    h.key, h.location, h.confidence = side["key"], side.get("location"), side["confidence"]
    h.date, h.precision = side.get("date"), side.get("date_precision")
    h.date_first, h.date_last = date_range(h.date, h.precision)
    return h


def load(path) -> list[dict]:
    """Judged pairs; type and status live on the pair and are copied to its sides."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                j = json.loads(line)
                for s in ("a", "b"):
                    j[s] = {**j[s], "type": j["type"], "status": j["status"]}
                out.append(j)
    return out
