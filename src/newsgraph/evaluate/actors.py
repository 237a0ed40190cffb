"""Actor evaluation: country and sector of the source/target actors of gold events.

Each gold actor text is located in its sentence. Where one of the extracted events has
an actor over that span in the same role (source or target), the actor as that event
codes it is the prediction: that is the code a user of the events gets, and it can
differ from the bare mention ("shelled Kyiv": the people of the city, not its
government). Otherwise the mention(s) over the span give the prediction. Nothing of the
gold record but the actor's text and role is used. A gold actor the extraction has no
mention for counts as wrong (its country is ''). Sector accuracy counts only gold actors
that have a sector.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsgraph.errors import NewsgraphError
from newsgraph.evaluate.gold import gold_country, gold_sector, read_gold, sentence_text
from newsgraph.model import Article, Rejected


@dataclass
class ActorScore:
    n: int = 0
    country_ok: int = 0
    n_sector: int = 0
    sector_ok: int = 0
    errors: list[dict] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)

    @property
    def country_accuracy(self) -> float:
        return self.country_ok / self.n if self.n else 0.0

    @property
    def sector_accuracy(self) -> float:
        return self.sector_ok / self.n_sector if self.n_sector else 0.0

    def as_dict(self) -> dict:
        return {"actors": self.n, "country_accuracy": round(self.country_accuracy, 4),
                "with_sector": self.n_sector, "sector_accuracy": round(self.sector_accuracy, 4)}


POST_MODIFIED = re.compile(r"\b(?:in|of|at|from|throughout|across|operating|based|loyal|"
                           r"fleeing|ordered|living)\b")


def best_mention(mentions: list[dict], start: int, end: int, text: str) -> dict | None:
    """The mention that stands for the gold span: its head. English noun phrases end in
    their head ("NATO-member Norway") unless a phrase follows it ("Rebels in the Ivory
    Coast"); places count only when no actor mention is there."""
    overlapping = [m for m in mentions if min(end, m["end"]) > max(start, m["start"])]
    if not overlapping:
        return None
    actors = [m for m in overlapping if m["kind"] != "place"] or overlapping
    if POST_MODIFIED.search(text[start:end]):
        return min(actors, key=lambda m: m["start"])
    return max(actors, key=lambda m: (m["end"], -m["start"]))


def in_event_role(out: dict, role: str, start: int, end: int, text: str) -> dict | None:
    """The actor over [start, end) as the first extracted event that has it in ``role``
    codes it: the mention's span with the participant's codes."""
    mentions = {m["id"]: m for m in out["mentions"]}
    coded: dict[str, dict] = {}
    for ev in out["events"]:
        for p in ev[role]:
            m = mentions.get(p.get("mention"))
            if m is not None and min(end, m["end"]) > max(start, m["start"]):
                coded.setdefault(m["id"], {**m, "country": p["country"], "sector": p["sector"]})
    return best_mention(list(coded.values()), start, end, text)


def evaluate_actors(engine, gold_path) -> ActorScore:
    records = list(read_gold(gold_path))
    articles = [Article(text=sentence_text(r), published=r.get("date")) for r in records]
    score = ActorScore()
    for gold, rec in zip(records, engine.extract_many(articles, n_items=len(articles)),
                         strict=True):
        if isinstance(rec, Rejected):
            raise NewsgraphError(f"{gold.get('id')}: {rec.reason}")
        out = rec.to_dict()
        text = out["article"]["text"]
        for role in ("source", "target"):
            for actor in gold.get(role, []):
                _score_one(score, gold, out, text, actor, role)
    return score


def _score_one(score: ActorScore, gold: dict, out: dict, text: str, actor: dict,
               role: str) -> None:
    surface = (actor.get("actorText") or "").strip()
    at = text.find(surface) if surface else -1
    if at < 0:
        return  # gold text not in the sentence (a paraphrase): not scorable
    m = (in_event_role(out, role, at, at + len(surface), text)
         or best_mention(out["mentions"], at, at + len(surface), text))
    want_c, want_s = gold_country(actor.get("code")), gold_sector(actor.get("sector"))
    got_c = m["country"] if m else ""
    got_s = m["sector"] if m else ""
    score.n += 1
    ok_c = got_c == want_c
    score.country_ok += ok_c
    ok_s = True
    if want_s:
        score.n_sector += 1
        ok_s = got_s == want_s
        score.sector_ok += ok_s
    if not (ok_c and ok_s):
        score.confusions[(want_c, got_c)] += not ok_c
        score.errors.append({"id": gold["id"], "role": role, "text": surface,
                             "gold": f"{want_c} {want_s}".strip(),
                             "got": f"{got_c} {got_s}".strip(),
                             "mention": m["text"] if m else None})
