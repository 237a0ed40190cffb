"""Stories: the articles that report one developing news item, clustered online.

Each article gets two sparse vectors: TF-IDF weights of its title and body words, and
counts of the actors it mentions. A story keeps the sum of its articles' vectors (cut to
the heaviest entries) and its time span. A new article joins the most similar story
active in the last days when that similarity, discounted by the time since the story
last grew, reaches a threshold; otherwise it opens a story of its own. This follows the
design of Miranda et al. (2018, "Multilingual Clustering of Streaming News": TF-IDF and
entity similarities, time features, centroids, a threshold for new clusters) with fixed
weights instead of learned ones.

Candidates come from an index of each story's heaviest terms and actors restricted to a
time window, so the cost of placing an article does not grow with the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import word_frequency

TERM_WEIGHT = 0.6  # text similarity vs shared actors
ACTOR_WEIGHT = 0.4
THRESHOLD = 0.15  # discounted similarity needed to join a story ...
MIN_TEXT = 0.08  # ... with some text in common: shared actors alone make no story
DECAY_DAYS = 5.0  # after a day of grace, similarity falls by 1/e per DECAY_DAYS quiet
WINDOW_DAYS = 14  # stories quiet for longer are not candidates
TITLE_BOOST = 2  # a title word counts as this many body words
ARTICLE_TERMS = 60
STORY_TERMS = 150
STORY_ACTORS = 40
INDEX_TERMS = 15  # a story is found by its heaviest terms and actors ...
INDEX_ACTORS = 8
QUERY_TERMS = 12  # ... looked up with the article's heaviest ones
PRIOR_DOCS = 20  # weight of the English-wide prior, in articles
PRIOR_DOC_WORDS = 400  # words in a typical article, to turn word frequency into df
QUERY_ACTORS = 8
MAX_CANDIDATES = 40

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
# reporting words say nothing about what a story is about
_NEUTRAL = STOP_WORDS | {"said", "says", "told", "added", "according", "reported",
                         "report", "reports", "statement", "news", "reporters", "monday",
                         "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                         "week", "weeks", "day", "days", "year", "years", "month",
                         "months", "time", "people", "also", "would", "could", "new"}


def words(title: str | None, text: str) -> Counter:
    """Content words of an article, lower-cased, with title words counted up."""
    counts: Counter = Counter()
    for w in _WORD.findall(text.lower()):
        if len(w) > 2 and w not in _NEUTRAL:
            counts[w.replace("’", "'")] += 1
    for w in _WORD.findall((title or "").lower()):
        if len(w) > 2 and w not in _NEUTRAL:
            counts[w.replace("’", "'")] += TITLE_BOOST
    return counts


@dataclass
class Profile:
    """One article as the clustering sees it."""

    terms: dict[str, float]  # L2-normalised TF-IDF weights
    actors: dict[str, float]  # L2-normalised mention counts
    day: dt.date
    title: str


def idf(word: str, df: int, n_docs: int) -> float:
    """Inverse document frequency, smoothed towards how often the word occurs in English
    at large (wordfreq): a small store has too few articles to tell "sudan" from "warned"
    by counting, a large one outweighs the prior."""
    prior = 1 - math.exp(-PRIOR_DOC_WORDS * word_frequency(word, "en", minimum=1e-8))
    p = (df + PRIOR_DOCS * min(prior, 0.9)) / (n_docs + PRIOR_DOCS)
    return -math.log(max(p, 1e-9))


def profile(title: str | None, text: str, actors: Iterable[str], day: dt.date,
            df: dict[str, int], n_docs: int) -> Profile:
    """TF-IDF with sublinear term frequency; ``df`` and ``n_docs`` count the articles
    seen before this one (this one included)."""
    tf = words(title, text)
    weights = {w: (1 + math.log(c)) * idf(w, df.get(w, 0), n_docs) for w, c in tf.items()}
    top = dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:ARTICLE_TERMS])
    counts = Counter(a for a in actors if a and not a.startswith(("agent:", "role:")))
    lead = title or text.split("\n", 1)[0]
    return Profile(_unit(top), _unit(dict(counts)), day, lead[:160].strip())


@dataclass
class Story:
    id: str
    title: str
    first_day: dt.date
    last_day: dt.date
    num_articles: int = 0
    terms: dict[str, float] = field(default_factory=dict)  # summed, cut to STORY_TERMS
    actors: dict[str, float] = field(default_factory=dict)

    @classmethod
    def start(cls, article_id: str, p: Profile) -> Story:
        s = cls(story_id(article_id), p.title, p.day, p.day)
        s.add(p)
        return s

    def score(self, p: Profile) -> float:
        """Similarity discounted by time; 0 without enough text in common."""
        text = _cosine(self.terms, p.terms)
        if text < MIN_TEXT:
            return 0.0
        sim = TERM_WEIGHT * text + ACTOR_WEIGHT * _cosine(self.actors, p.actors)
        gap = max((p.day - self.last_day).days, (self.first_day - p.day).days, 0)
        return sim * math.exp(-max(gap - 1, 0) / DECAY_DAYS)

    def add(self, p: Profile) -> None:
        self.num_articles += 1
        self.terms = _top(_sum(self.terms, p.terms), STORY_TERMS)
        self.actors = _top(_sum(self.actors, p.actors), STORY_ACTORS)
        self.first_day = min(self.first_day, p.day)
        self.last_day = max(self.last_day, p.day)

    def index_keys(self) -> list[str]:
        return [f"t:{t}" for t in list(_top(self.terms, INDEX_TERMS))] + \
            [f"a:{a}" for a in list(_top(self.actors, INDEX_ACTORS))]

    def to_row(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "first_day": self.first_day,
                "last_day": self.last_day, "num_articles": self.num_articles,
                "terms": json.dumps(self.terms), "actors": json.dumps(self.actors)}

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> Story:
        return cls(r["id"], r["title"], r["first_day"], r["last_day"], r["num_articles"],
                   json.loads(r["terms"]), json.loads(r["actors"]))


def query_keys(p: Profile) -> list[str]:
    return [f"t:{t}" for t in list(_top(p.terms, QUERY_TERMS))] + \
        [f"a:{a}" for a in list(_top(p.actors, QUERY_ACTORS))]


def assign(p: Profile, candidates: Iterable[Story]) -> tuple[Story | None, float]:
    """The story the article joins (None: it starts one) and the score it joined with."""
    best, best_score = None, 0.0
    for s in candidates:
        score = s.score(p)
        if score > best_score or (score == best_score and best is not None
                                  and s.id < best.id):
            best, best_score = s, score
    if best is None or best_score < THRESHOLD:
        return None, best_score
    return best, best_score


def story_id(article_id: str) -> str:
    return "st-" + hashlib.sha256(article_id.encode()).hexdigest()[:12]


def _unit(v: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / norm for k, x in v.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(x * large.get(k, 0.0) for k, x in small.items())
    na = math.sqrt(sum(x * x for x in a.values()))
    nb = math.sqrt(sum(x * x for x in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _sum(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    out = dict(a)
    for k, x in b.items():
        out[k] = out.get(k, 0.0) + x
    return out


def _top(v: dict[str, float], n: int) -> dict[str, float]:
    return dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:n])
