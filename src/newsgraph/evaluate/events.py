"""Event evaluation on two kinds of gold, scored as ``../shared/tools`` scores them.

**GSR records** (PLOVER gold standard: one coded event per sentence, source and target
country codes). For each sentence:

- type recall: the share of sentences where an event of the gold type was found;
- type precision: events of the sentence's gold type over all events found;
- source / target country accuracy: among sentences where the gold type was found and
  the gold record codes a source (target), the share where the found event's source
  (target) countries include a gold one;
- per type: recall, precision (events of type T in sentences whose gold type is T, over
  all events of type T) and F1.

**PLV pairs** (recent news: one sentence, a marked source and target text, a PLOVER root
type; ``YIELD`` stands for CONCEDE or RETREAT):

- pair accuracy: an event of the gold type whose source and target overlap the marked
  texts (a shared content word; either direction for symmetric types), any status;
- type recall: an event of the gold type anywhere in the sentence, any status;
- precision: of the sentence's occurred events, the share whose type is a gold type.

By default only events the engine reports as having occurred are counted for GSR: an
event marked planned, hypothetical, negated, canceled or requested is not a claim that
anything happened ("threatened to attack" is one THREATEN; the attack is hypothetical).
``statuses=None`` counts every event; both figures are printed by `newsgraph eval events`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.evaluate.gold import gold_country, read_gold, sentence_text
from newsgraph.evaluate.split import select
from newsgraph.model import Article, Rejected


@dataclass
class EventScore:
    sentences: int = 0
    found: int = 0  # sentences with an event of the gold type
    predicted: int = 0  # events counted
    correct: int = 0  # of those, events of the gold type
    source_n: int = 0
    source_ok: int = 0
    target_n: int = 0
    target_ok: int = 0
    per_type: Counter = field(default_factory=Counter)
    per_type_found: Counter = field(default_factory=Counter)
    per_type_predicted: Counter = field(default_factory=Counter)
    per_type_correct: Counter = field(default_factory=Counter)
    misses: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.sentences if self.sentences else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def source_accuracy(self) -> float:
        return self.source_ok / self.source_n if self.source_n else 0.0

    @property
    def target_accuracy(self) -> float:
        return self.target_ok / self.target_n if self.target_n else 0.0

    def type_recall(self) -> dict[str, float]:
        return {t: round(self.per_type_found[t] / n, 4) for t, n in sorted(self.per_type.items())}

    def per_type_scores(self) -> dict[str, dict]:
        return _per_type(self.per_type, self.per_type_found, self.per_type_predicted,
                         self.per_type_correct)

    def as_dict(self) -> dict:
        return {"sentences": self.sentences, "type_recall": round(self.recall, 4),
                "type_precision": round(self.precision, 4), "type_f1": round(self.f1, 4),
                "source_country_accuracy": round(self.source_accuracy, 4),
                "target_country_accuracy": round(self.target_accuracy, 4),
                "per_type_recall": self.type_recall(), "per_type": self.per_type_scores()}


@dataclass
class PairScore:
    pairs: int = 0
    pair_hits: int = 0
    type_hits: int = 0
    predicted: int = 0  # occurred events over all sentences
    correct: int = 0  # of those, of a gold type of their sentence
    per_type: Counter = field(default_factory=Counter)
    per_type_pair: Counter = field(default_factory=Counter)
    per_type_found: Counter = field(default_factory=Counter)
    per_type_predicted: Counter = field(default_factory=Counter)
    per_type_correct: Counter = field(default_factory=Counter)
    misses: list[dict] = field(default_factory=list)

    @property
    def pair_accuracy(self) -> float:
        return self.pair_hits / self.pairs if self.pairs else 0.0

    @property
    def recall(self) -> float:
        return self.type_hits / self.pairs if self.pairs else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    def as_dict(self) -> dict:
        return {"pairs": self.pairs, "pair_accuracy": round(self.pair_accuracy, 4),
                "type_recall": round(self.recall, 4),
                "occurred_precision": round(self.precision, 4),
                "per_type_pair_accuracy": {t: round(self.per_type_pair[t] / n, 4)
                                           for t, n in sorted(self.per_type.items())},
                "per_type": _per_type(self.per_type, self.per_type_found,
                                      self.per_type_predicted, self.per_type_correct)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _per_type(gold: Counter, found: Counter, predicted: Counter, correct: Counter
              ) -> dict[str, dict]:
    out = {}
    for t in sorted(set(gold) | set(predicted)):
        r = found[t] / gold[t] if gold[t] else 0.0
        p = correct[t] / predicted[t] if predicted[t] else 0.0
        out[t] = {"gold": gold[t], "predicted": predicted[t], "recall": round(r, 4),
                  "precision": round(p, 4), "f1": round(_f1(p, r), 4)}
    return out


def gold_format(path) -> str:
    """'gsr' (PLOVER gold records) or 'plv' (marked actor pairs), from the first record."""
    for rec in read_gold(path):
        if "marked" in rec and "event" in rec:
            return "plv"
        if "event" in rec and "source" in rec and isinstance(rec["source"], list):
            return "gsr"
        break
    raise InputError(f"{path}: not a gold file this command reads (PLOVER gold records "
                     "with 'event' and 'source', or PLV pairs with 'marked' and 'event')")


def _extract(engine, texts: list[tuple[str, str | None]], ids: list[str]) -> list[dict]:
    articles = [Article(text=t, published=d) for t, d in texts]
    out = []
    for rid, rec in zip(ids, engine.extract_many(articles, n_items=len(articles)),
                        strict=True):
        if isinstance(rec, Rejected):
            raise NewsgraphError(f"{rid}: {rec.reason}")
        out.append(rec.to_dict())
    return out


# ---- GSR ------------------------------------------------------------------------------

def evaluate_events(engine, gold_path, statuses: tuple[str, ...] | None = ("occurred",),
                    half: str | None = None) -> EventScore:
    records = list(select(read_gold(gold_path), half))
    recs = _extract(engine, [(sentence_text(r), r.get("date")) for r in records],
                    [r["id"] for r in records])
    score = EventScore()
    for gold, rec in zip(records, recs, strict=True):
        events = [e for e in rec["events"] if statuses is None or e["status"] in statuses]
        _score(score, gold, events)
    return score


def _score(score: EventScore, gold: dict, events: list[dict]) -> None:
    gtype = gold["event"]
    score.sentences += 1
    score.per_type[gtype] += 1
    score.predicted += len(events)
    hits = [e for e in events if e["type"] == gtype]
    score.correct += len(hits)
    for e in events:
        score.per_type_predicted[e["type"]] += 1
    score.per_type_correct[gtype] += len(hits)
    if not hits:
        score.misses.append({"id": gold["id"], "type": gtype, "text": gold["text"],
                             "got": [f"{e['type']}:{e['trigger']['text']}" for e in events]})
        return
    score.found += 1
    score.per_type_found[gtype] += 1
    for role, n_attr, ok_attr in (("source", "source_n", "source_ok"),
                                  ("target", "target_n", "target_ok")):
        want = {gold_country(a.get("code")) for a in gold.get(role, [])}
        want.discard("")
        if not want:
            continue
        setattr(score, n_attr, getattr(score, n_attr) + 1)
        got = {p["country"] for e in hits for p in e[role]}
        if want & got:
            setattr(score, ok_attr, getattr(score, ok_attr) + 1)


# ---- PLV pairs ------------------------------------------------------------------------

PAIR_SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
_STOP = {"the", "and", "for", "its", "his", "her", "their", "of", "with", "from", "that", "this"}
PLV_DATE = "2018-01-01"  # the scorer's publication date for these sentences


def _words(s: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", (s or "").lower()) if w not in _STOP}


def _types(gold_type: str) -> set[str]:
    return {"CONCEDE", "RETREAT"} if gold_type == "YIELD" else {gold_type}


def _side_text(event: dict, side: str) -> str:
    return " ".join(" ".join(str(a.get(k) or "") for k in ("text", "name", "actor"))
                    for a in event.get(side) or [])


def evaluate_pairs(engine, gold_path, half: str | None = None) -> PairScore:
    records = list(select(read_gold(gold_path), half))
    texts: dict[str, int] = {}
    for r in records:
        texts.setdefault(re.sub(r"\s+", " ", r["text"].strip()), len(texts))
    recs = _extract(engine, [(t, PLV_DATE) for t in texts], [str(i) for i in texts.values()])
    score = PairScore()
    gold_types: dict[int, set[str]] = {}
    for r in records:
        gold_types.setdefault(texts[re.sub(r"\s+", " ", r["text"].strip())], set()).update(
            _types(r["event"]))
    for r in records:
        i = texts[re.sub(r"\s+", " ", r["text"].strip())]
        events = recs[i]["events"]
        want = _types(r["event"])
        same = [e for e in events if e["type"] in want]
        gs, gt = _words(r["source"]), _words(r["target"])
        hit = any(_pair_ok(e, gs, gt) for e in same)
        score.pairs += 1
        score.pair_hits += hit
        score.type_hits += bool(same)
        score.per_type[r["event"]] += 1
        score.per_type_pair[r["event"]] += hit
        score.per_type_found[r["event"]] += bool(same)
        if not hit:
            score.misses.append({"id": r.get("sentence_id"), "type": r["event"],
                                 "text": r["marked"],
                                 "got": [_event_text(e) for e in events]})
    for i, rec in enumerate(recs):
        for e in rec["events"]:
            if e["status"] != "occurred":
                continue
            t = "YIELD" if e["type"] in ("CONCEDE", "RETREAT") else e["type"]
            ok = e["type"] in gold_types.get(i, set())
            score.predicted += 1
            score.correct += ok
            score.per_type_predicted[t] += 1
            score.per_type_correct[t] += ok
    return score


def _pair_ok(e: dict, gs: set[str], gt: set[str]) -> bool:
    s, t = _words(_side_text(e, "source")), _words(_side_text(e, "target"))
    return bool(s & gs and t & gt) or bool(s & gt and t & gs and e["type"] in PAIR_SYMMETRIC)


def _event_text(e: dict) -> str:
    side = lambda k: "+".join(p["text"] for p in e[k]) or "-"  # noqa: E731
    return f"{e['type']}/{e['status']}:{e['trigger']['text']} {side('source')} -> {side('target')}"
