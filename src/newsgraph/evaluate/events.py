"""Event evaluation on PLOVER gold-standard records (one coded event per sentence).

For each gold sentence the engine's events are compared with the gold event:

- type recall: the share of sentences where an event of the gold type was found;
- type precision: events of the sentence's gold type over all events found;
- source / target country accuracy: among sentences where the gold type was found and
  the gold record codes a source (target), the share where the found event's source
  (target) countries include a gold one.

By default only events the engine reports as having occurred are counted: an event
marked planned, hypothetical, negated, canceled or requested is not a claim that
anything happened ("threatened to attack" is one THREATEN; the attack is hypothetical).
``statuses=None`` counts every event; both figures are printed by `newsgraph eval events`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsgraph.errors import NewsgraphError
from newsgraph.evaluate.gold import gold_country, read_gold, sentence_text
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
    misses: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.sentences if self.sentences else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_ok / self.source_n if self.source_n else 0.0

    @property
    def target_accuracy(self) -> float:
        return self.target_ok / self.target_n if self.target_n else 0.0

    def type_recall(self) -> dict[str, float]:
        return {t: round(self.per_type_found[t] / n, 4) for t, n in sorted(self.per_type.items())}

    def as_dict(self) -> dict:
        return {"sentences": self.sentences, "type_recall": round(self.recall, 4),
                "type_precision": round(self.precision, 4), "type_f1": round(self.f1, 4),
                "source_country_accuracy": round(self.source_accuracy, 4),
                "target_country_accuracy": round(self.target_accuracy, 4),
                "per_type_recall": self.type_recall()}


def evaluate_events(engine, gold_path, statuses: tuple[str, ...] | None = ("occurred",)
                    ) -> EventScore:
    records = list(read_gold(gold_path))
    articles = [Article(text=sentence_text(r), published=r.get("date")) for r in records]
    score = EventScore()
    for gold, rec in zip(records, engine.extract_many(articles, n_items=len(articles)),
                         strict=True):
        if isinstance(rec, Rejected):
            raise NewsgraphError(f"{gold.get('id')}: {rec.reason}")
        events = [e for e in rec.to_dict()["events"]
                  if statuses is None or e["status"] in statuses]
        _score(score, gold, events)
    return score


def _score(score: EventScore, gold: dict, events: list[dict]) -> None:
    gtype = gold["event"]
    score.sentences += 1
    score.per_type[gtype] += 1
    score.predicted += len(events)
    hits = [e for e in events if e["type"] == gtype]
    score.correct += len(hits)
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
