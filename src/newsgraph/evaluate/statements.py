"""Statement evaluation on brat-style gold: {"id", "text", "attributions": [{"source",
"cue", "content": [{"start", "end"}...]}]}.

A predicted statement matches a gold attribution when their contents overlap, one to one,
largest overlap first (as ../shared/tools/score_statements.py does). Content precision is
the share of predictions that match one or lie over a gold content (the credited
precision: a second piece of an interrupted quote, an attribution nested in another's
content), recall the share of gold attributions matched; speaker, cue and kind accuracy
are over the one-to-one matches;
speaker and cue accuracy are over matched pairs whose gold has a speaker (a cue): the
predicted span must overlap the gold one. Where the gold names the actor a speaker
stands for (``speaker_actor``, our extension), resolution accuracy compares it with the
resolved actor: the id, or for an unnamed source its ``country:ISO:SECTOR`` code.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from newsgraph.errors import NewsgraphError
from newsgraph.evaluate.gold import read_gold
from newsgraph.evaluate.split import select
from newsgraph.model import Article, Rejected


@dataclass
class StatementScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0  # predictions that overlap a gold content
    paired: int = 0  # one-to-one matches, over which kind accuracy is taken
    found_gold: int = 0  # gold attributions overlapped by a prediction
    speaker_n: int = 0
    speaker_ok: int = 0
    cue_n: int = 0
    cue_ok: int = 0
    resolved_n: int = 0
    resolved_ok: int = 0
    kind_ok: int = 0
    sourceless: int = 0  # gold attributions the text names no source for
    sourceless_found: int = 0
    categories: dict[str, int] = field(default_factory=dict)  # predictions by category
    misses: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0
        return {"gold": self.gold, "predicted": self.predicted,
                "content_precision": round(self.precision, 4),
                "content_recall": round(self.recall, 4), "content_f1": round(self.f1, 4),
                "speaker_accuracy": ratio(self.speaker_ok, self.speaker_n),
                "cue_accuracy": ratio(self.cue_ok, self.cue_n),
                "speaker_resolution_accuracy": ratio(self.resolved_ok, self.resolved_n),
                "kind_accuracy": ratio(self.kind_ok, self.paired),
                "sourceless_recall": ratio(self.sourceless_found, self.sourceless),
                "predicted_by_category": dict(sorted(self.categories.items()))}


def _overlap(a: list[dict], b: list[dict]) -> int:
    return sum(max(0, min(x["end"], y["end"]) - max(x["start"], y["start"]))
               for x in a for y in b)


_ID_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")  # PolNeAR ids: outlet_YYYY-MM-DD_slug


def evaluate_statements(engine, gold_path, half: str | None = None) -> StatementScore:
    """``half``: score one fixed half of the file (evaluate/split.py)."""
    items = list(select(read_gold(gold_path), half))
    articles = [Article(text=g["text"], published=g.get("published") or _id_date(g))
                for g in items]
    score = StatementScore()
    for gold, rec in zip(items, engine.extract_many(articles, n_items=len(articles)),
                         strict=True):
        if isinstance(rec, Rejected):
            raise NewsgraphError(f"{gold.get('id')}: {rec.reason}")
        out = rec.to_dict()
        if out["article"]["text"] != gold["text"]:
            gold = _realign(gold, out["article"]["text"])
        _score(score, gold, out)
    return score


def _id_date(gold: dict) -> str | None:
    m = _ID_DATE.search(str(gold.get("id", "")))
    return m.group(1) if m else None


def _realign(gold: dict, text: str) -> dict:
    """Gold offsets moved onto the normalised text (whitespace and Unicode forms change
    under ingest): each gold character goes to where the longest common blocks put it."""
    src = gold["text"]
    where = [-1] * (len(src) + 1)
    matcher = difflib.SequenceMatcher(None, src, text, autojunk=False)
    for a, b, n in matcher.get_matching_blocks():
        for k in range(n + 1):
            if a + k <= len(src):
                where[a + k] = b + k
    last = 0
    for i, w in enumerate(where):
        where[i] = last = w if w >= 0 else last

    def move(spans: list[dict]) -> list[dict]:
        return [{**s, "start": where[s["start"]], "end": where[s["end"]]} for s in spans or []]

    atts = [{**a, **{k: move(a.get(k)) for k in ("source", "cue", "content")}}
            for a in gold.get("attributions", [])]
    return {**gold, "text": text, "attributions": atts}


def _score(score: StatementScore, gold: dict, out: dict) -> None:
    # an attribution with no content cannot be matched (as in the shared scorer)
    attributions = [a for a in gold.get("attributions", []) if a.get("content")]
    preds = out["statements"]
    score.gold += len(attributions)
    score.predicted += len(preds)
    text = gold["text"]
    # one prediction to one gold attribution, largest overlap first; a prediction left
    # over that overlaps a gold content (the second piece of an interrupted quote, an
    # attribution nested in another's content) is credited, not wrong, and not scored
    # for speaker or cue
    pairs = sorted(((_overlap([p["content"]], a["content"]), pi, ai)
                    for pi, p in enumerate(preds) for ai, a in enumerate(attributions)),
                   key=lambda x: (-x[0], x[1], x[2]))
    hit_gold: set[int] = set()
    used: set[int] = set()
    for size, pi, ai in pairs:
        if size <= 0 or pi in used or ai in hit_gold:
            continue
        used.add(pi)
        hit_gold.add(ai)
        score.matched += 1
        score.paired += 1
        _score_pair(score, preds[pi], attributions[ai], out, gold["id"])
    for pi, p in enumerate(preds):
        if pi in used:
            continue
        if any(_overlap([p["content"]], a["content"]) > 0 for a in attributions):
            score.matched += 1
        else:
            score.misses.append({"id": gold["id"], "extra": p["content"]["text"]})
    score.found_gold += len(hit_gold)
    for p in preds:
        cat = p.get("category", "speech")
        score.categories[cat] = score.categories.get(cat, 0) + 1
    for ai, a in enumerate(attributions):
        if not a.get("source"):
            score.sourceless += 1
            score.sourceless_found += ai in hit_gold
        if ai not in hit_gold:
            score.misses.append({"id": gold["id"], "missed": " / ".join(
                text[c["start"]:c["end"]] for c in a["content"])})


def _score_pair(score: StatementScore, pred: dict, gold: dict, out: dict,
                gold_id: str) -> None:
    if gold.get("kind") and gold["kind"] == pred["kind"]:
        score.kind_ok += 1
    elif not gold.get("kind"):
        score.kind_ok += 1
    speaker = pred.get("speaker")
    if gold.get("source"):
        score.speaker_n += 1
        if speaker and _overlap([speaker], gold["source"]) > 0:
            score.speaker_ok += 1
        else:
            text = out["article"]["text"]
            score.misses.append({"id": gold_id, "speaker": " / ".join(
                text[c["start"]:c["end"]] for c in gold["source"]),
                "got": speaker["text"] if speaker else "nothing"})
    if gold.get("cue"):
        score.cue_n += 1
        if pred.get("cue") and _overlap([pred["cue"]], gold["cue"]) > 0:
            score.cue_ok += 1
    want = gold.get("speaker_actor")
    if want:
        score.resolved_n += 1
        got = _resolved(speaker, out)
        if want in got:
            score.resolved_ok += 1
        else:
            score.misses.append({"id": gold_id, "speaker": want,
                                 "got": ", ".join(sorted(got)) or "nothing"})


def _resolved(speaker: dict | None, out: dict) -> set[str]:
    """The ids a predicted speaker stands for: its actor, and for agents their
    country:ISO:SECTOR code."""
    if not speaker:
        return set()
    ids = {speaker.get("actor") or ""}
    for m in out["mentions"]:
        if m["id"] == speaker.get("mention") and m["country"]:
            ids.add(f"country:{m['country']}:{m['sector']}" if m["sector"]
                    else f"country:{m['country']}")
    ids.discard("")
    return ids
