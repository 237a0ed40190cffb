"""Event mentions of one happening -> one merged event.

Within one article (``compatible``), two mentions are the same happening when they have
the same type and status, compatible dates and places, and compatible participants:
every participant of the one with fewer must match a participant of the other, and at
least one must match. A participant matches through its actor id or through its
country-and-sector code, so "Ruto visited the White House" (USA GOV) and "Biden met
Ruto" (Biden: USA GOV) are one meeting. Direction counts except for symmetric types
(meetings, cooperation, agreements). Back-references ("the meeting with Ruto") have
fewer participants and merge into the fuller mention.

Across articles (``same_happening``) the bar is the one an analyst would sign: a
merged event's key is fixed by its first report (the sides it names and the words its
sentences use) and never grows, so it cannot chain unrelated reports together. Another
report joins only when every side the type has is known in both and names the same
actors (a country alone does not match a person, an empty side matches nothing), one of
them a named actor rather than a group, and the sentences are about the same thing: a
shared story or content words in common besides the names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.link.stories import words

SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE", "ASSAULT"}  # fighting: both sides act
# types that can be complete with a source alone (a protest, a resignation, a pull-out)
ONE_SIDED = {"PROTEST", "MOBILIZE", "RETREAT", "CONCEDE"}
# what two reports' sentences must share, besides names and the trigger: specific
# content words (found in at most one article in seven: inverse document frequency 2)
# whose inverse document frequencies add up to this, or half of it when the articles
# are of one story. Words every political story uses ("campaign", "rival") add nothing.
MIN_WORD_IDF = 2.0
MIN_SHARED_WEIGHT = 8.0
MIN_CONFIDENCE = 0.5  # a report coded with less stays a merged event of its own
DATE_WINDOW = dt.timedelta(days=3)  # a day-precision event vs a published-date event
VAGUE_DAYS = 45  # longer date ranges (a year) are indexed by year, not by week


def participant_keys(p: dict) -> frozenset[str]:
    """What a participant is known by: its actor id, and its country-and-sector code
    (for an IGO person, the organisation: every IGO shares the code IGO:IGO)."""
    keys = set()
    if p.get("actor"):
        keys.add(p["actor"])
    country = p.get("country")
    if country == "IGO":
        if p.get("affiliation"):
            keys.add(p["affiliation"])
    elif country:
        keys.add(f"{country}:{p.get('sector') or ''}")
    return frozenset(keys)


def same_participant(p: dict, q: dict) -> bool:
    """One actor, or one country-and-sector, or a state named bare ("Ukraine") and any
    part of it ("Ukrainian troops"); but two different people or organisations named
    as such are never one, whatever codes they share (Clinton and Trump are USA ELI),
    unless one is the other's organisation (NATO's head for NATO)."""
    if p["actor"] != q["actor"] and _individual(p) and _individual(q) and \
            p["actor"] != q["affiliation"] and q["actor"] != p["affiliation"]:
        return False
    if set(p["keys"]) & set(q["keys"]):
        return True
    return bool(p["country"]) and p["country"] == q["country"] and \
        p["country"] != "IGO" and "" in (p["sector"], q["sector"])


@dataclass
class Happening:
    """A merged event: its codes, participants and the mentions that report it."""

    type: str
    status: str
    modes: Counter = field(default_factory=Counter)
    sources: dict[str, dict] = field(default_factory=dict)  # actor/key -> participant
    targets: dict[str, dict] = field(default_factory=dict)
    date_first: dt.date | None = None
    date_last: dt.date | None = None
    date: str | None = None
    precision: str | None = None
    location: dict | None = None
    members: list[dict] = field(default_factory=list)  # {article, event, sentence, start, end}
    id: str = ""
    # who reported it: "outlet|first article of its near-duplicate group" -> mentions
    reports: dict[str, int] = field(default_factory=dict)
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    # what lists show and filter on: the evidence sentences (with text and outlet,
    # added by the linker as reports arrive), every actor and country of any mention
    evidence: list[dict] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    # what reports from other articles must agree with, fixed by the first report
    # (``freeze``): {"source", "target", "dates", "words": {word: idf}, "stories",
    # "open"}; only its stories grow, as reports of other stories join
    key: dict | None = None
    words: set[str] = field(default_factory=set)  # content words of its sentences
    confidence: float = 0.0  # best coding confidence of its mentions (one article)
    support: dict[str, float] = field(default_factory=dict)  # report -> confidence

    # ---- building -----------------------------------------------------------------
    @classmethod
    def of(cls, event: dict, article: str, sentence: dict | None) -> Happening:
        h = cls(event["type"], event["status"])
        h.add(event, article, sentence)
        return h

    def add(self, event: dict, article: str, sentence: dict | None) -> None:
        if event.get("mode"):
            self.modes[event["mode"]] += 1
        for role, table in (("source", self.sources), ("target", self.targets)):
            for p in event[role]:
                self._join(table, _key(p), _participant(p))
                self.actors.update([p["actor"]] if p.get("actor") else [])
                self.countries.update([p["country"]] if p.get("country") else [])
        first, last = date_range(event.get("date"), event.get("date_precision"))
        if first is not None and _better(event.get("date_precision"), self.precision):
            self.date, self.precision = event.get("date"), event.get("date_precision")
        if first is not None:
            self.date_first = first if self.date_first is None else min(self.date_first, first)
            self.date_last = last if self.date_last is None else max(self.date_last, last)
        if self.location is None and event.get("location"):
            self.location = event["location"]
        self.confidence = max(self.confidence, event.get("confidence") or 0.0)
        s = sentence or {}
        self.words |= content_words(s.get("text") or "", event)
        self.members.append({"article": article, "event": event["id"],
                             "sentence": event["sentence"], "start": s.get("start"),
                             "end": s.get("end"), "text": s.get("text")})
        if not self.id:
            self.id = merged_id(article, event["id"])

    def absorb(self, other: Happening) -> None:
        self.modes.update(other.modes)
        for k, v in other.sources.items():
            self._join(self.sources, k, v)
        for k, v in other.targets.items():
            self._join(self.targets, k, v)
        if other.date_first and _better(other.precision, self.precision):
            self.date, self.precision = other.date, other.precision
        for d in (other.date_first, other.date_last):
            if d is not None:
                self.date_first = d if self.date_first is None else min(self.date_first, d)
                self.date_last = d if self.date_last is None else max(self.date_last, d)
        self.location = self.location or other.location
        self.members.extend(other.members)
        self.actors |= other.actors
        self.countries |= other.countries
        self.words |= other.words
        self.confidence = max(self.confidence, other.confidence)
        if self.key is not None and other.key is not None:
            self.key["stories"] = sorted({*self.key["stories"], *other.key["stories"]})

    def freeze(self, story: str, weight: Callable[[str], float]) -> None:
        """Fix the key other articles' reports are matched against: this article's
        account of the happening, dated by its most precise date, its words weighted by
        ``weight`` (their inverse document frequency). A key that cannot be matched
        safely (too unsure, or the same actor on both sides) is marked closed."""
        sides = {"source": list(self.sources.values()), "target": list(self.targets.values())}
        loop = any(_same_actor(p, q) for p in sides["source"] for q in sides["target"])
        first, last = date_range(self.date, self.precision)
        dates = [d.isoformat() if d else None for d in (first, last)]
        names = {_stem(w) for p in [*sides["source"], *sides["target"]]
                 for w in words(None, p["name"])}
        weights = {w: round(weight(w), 2) for w in sorted(self.words - names)}
        self.key = {**sides, "dates": [*dates, self.precision],
                    "words": {w: v for w, v in weights.items() if v >= MIN_WORD_IDF},
                    "stories": [story] if story else [],
                    "open": self.confidence >= MIN_CONFIDENCE and not loop}

    def _join(self, table: dict[str, dict], key: str, p: dict) -> None:
        """Add a participant unless it is already there: on its own side, or on either
        side of a symmetric event ("Ruto visited the White House" adds no one to
        "Biden met Ruto")."""
        known = [*self.sources.values(), *self.targets.values()] \
            if self.type in SYMMETRIC else list(table.values())
        if key not in table and not any(same_participant(p, q) for q in known):
            table[key] = p

    # ---- matching -----------------------------------------------------------------
    def keys(self) -> set[str]:
        """Index keys: the actor ids and country codes of its participants (those of
        its key once it has one: other reports are matched against that)."""
        out = set()
        people = [*self.key["source"], *self.key["target"]] if self.key else \
            [*self.sources.values(), *self.targets.values()]
        for p in people:
            out |= set(p["keys"])
            if p["country"] and p["country"] != "IGO":
                out.add(f"country:{p['country']}")  # found by bare-state mentions
        return out

    @property
    def mode(self) -> str:
        return self.modes.most_common(1)[0][0] if self.modes else ""


    def report(self, outlet: str, root: str, mentions: int, day: dt.date,
               confidence: float | None = None) -> None:
        """Count a report: an outlet's article (its updates and same-outlet copies are
        one report, with the mentions of its fullest version)."""
        key = f"{outlet}|{root}"
        self.reports[key] = max(self.reports.get(key, 0), mentions)
        if confidence is not None:
            self.support[key] = max(self.support.get(key, 0.0), confidence)
        self.first_seen = day if self.first_seen is None else min(self.first_seen, day)
        self.last_seen = day if self.last_seen is None else max(self.last_seen, day)

    @property
    def counts(self) -> tuple[int, int, int]:
        """(mentions, articles, independent sources)."""
        return sum(self.reports.values()), len(self.reports), len(independent(self.reports))

    @property
    def merged_confidence(self) -> float:
        """How sure we are that the happening took place as coded: each independent
        source is a witness with the confidence of its best-coded report, and the
        witnesses are combined as independent (noisy-OR)."""
        doubt = 1.0
        for group in independent(self.reports):
            doubt *= 1.0 - max((self.support.get(k, 0.0) for k in group), default=0.0)
        return round(1.0 - doubt, 3)

    # ---- index and storage ----------------------------------------------------------
    def index_keys(self) -> list[str]:
        """Keys under which the store finds this happening again: type, status, each
        participant key and each week the happening may fall in (or its year when its
        date is vague), so a lookup touches only happenings near in time."""
        return [f"{self.type}|{self.status}|{k}|{b}" for k in sorted(self.keys())
                for b in time_buckets(self.date_first, self.date_last)]

    def to_row(self) -> dict[str, Any]:
        loc = self.location or {}
        mentions, articles, sources = self.counts
        return {"id": self.id, "type": self.type, "mode": self.mode, "status": self.status,
                "date": self.date, "date_precision": self.precision,
                "date_first": self.date_first, "date_last": self.date_last,
                "location_name": loc.get("name"), "location_country": loc.get("country"),
                "source": json.dumps(list(self.sources.values())),
                "target": json.dumps(list(self.targets.values())),
                "modes": json.dumps(dict(self.modes)),
                "num_mentions": mentions, "num_articles": articles,
                "num_sources": sources, "first_seen": self.first_seen,
                "last_seen": self.last_seen, "reports": json.dumps(self.reports),
                "evidence": json.dumps(sorted(self.evidence, key=_evidence_order)),
                "actors": sorted(self.actors), "countries": sorted(self.countries),
                "match_key": json.dumps(self.key) if self.key is not None else None,
                "support": json.dumps(self.support), "confidence": self.merged_confidence}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Happening:
        h = cls(row["type"], row["status"], id=row["id"])
        h.modes = Counter(json.loads(row.get("modes") or "{}"))
        for role, table in (("source", h.sources), ("target", h.targets)):
            for p in json.loads(row[role] or "[]"):
                table[_key(p)] = p
        h.date, h.precision = row["date"], row["date_precision"]
        h.date_first, h.date_last = row["date_first"], row["date_last"]
        if row["location_name"] or row["location_country"]:
            h.location = {"name": row["location_name"], "country": row["location_country"]}
        h.reports = json.loads(row.get("reports") or "{}")
        h.first_seen, h.last_seen = row.get("first_seen"), row.get("last_seen")
        h.evidence = json.loads(row.get("evidence") or "[]")
        h.actors, h.countries = set(row.get("actors") or ()), set(row.get("countries") or ())
        # rows linked before keys existed are matched by no other article until
        # `newsgraph link --rebuild` gives them one
        h.key = json.loads(row["match_key"]) if row.get("match_key") else None
        h.support = json.loads(row.get("support") or "{}")
        return h


def time_buckets(first: dt.date | None, last: dt.date | None) -> list[str]:
    if first is None or last is None:
        return ["undated"]
    lo, hi = first - DATE_WINDOW, last + DATE_WINDOW
    if (hi - lo).days > VAGUE_DAYS:
        return [f"y{first.year}"]
    return [f"w{w}" for w in range(lo.toordinal() // 7, hi.toordinal() // 7 + 1)]


def merged_id(article: str, event: str) -> str:
    return "me-" + hashlib.sha256(f"{article}:{event}".encode()).hexdigest()[:12]


def compatible(a: Happening, b: Happening) -> int:
    """0 if the two cannot be one happening, else how many participants they share."""
    if a.type != b.type or a.status != b.status:
        return 0
    if not dates_agree(a, b) or not _places_agree(a, b):
        return 0
    if a.type in SYMMETRIC:
        return _match(list(a.sources.values()) + list(a.targets.values()),
                      list(b.sources.values()) + list(b.targets.values()))
    src = _match(list(a.sources.values()), list(b.sources.values()), allow_empty=True)
    tgt = _match(list(a.targets.values()), list(b.targets.values()), allow_empty=True)
    if src < 0 or tgt < 0 or src + tgt == 0:
        return 0
    return src + tgt


def same_happening(a: Happening, b: Happening) -> int:
    """Across articles: 0 if the two are not surely one happening, else how many
    participants their keys share (see the module's docstring for the rules)."""
    ka, kb = a.key, b.key
    if ka is None or kb is None or not (ka["open"] and kb["open"]):
        return 0
    if a.type != b.type or a.status != b.status:
        return 0
    if not dates_agree(a, b) or not _places_agree(a, b):
        return 0
    if a.type in SYMMETRIC:
        xs, ys = ka["source"] + ka["target"], kb["source"] + kb["target"]
        if min(len(xs), len(ys)) < 2:  # a meeting or a fight has two sides
            return 0
        pairs = [_covered(xs, ys)]
    else:
        pairs = [_covered(ka["source"], kb["source"])]
        if ka["target"] or kb["target"] or a.type not in ONE_SIDED:
            pairs.append(_covered(ka["target"], kb["target"]))
    if any(not shared for shared in pairs):
        return 0
    matched = [p for shared in pairs for p in shared]
    if not any(named_actor(p) for p in matched):
        return 0
    shared = sum(min(ka["words"][w], kb["words"][w]) for w in ka["words"] if w in kb["words"])
    one_story = bool(set(ka["stories"]) & set(kb["stories"]))
    if shared < (MIN_SHARED_WEIGHT / 2 if one_story else MIN_SHARED_WEIGHT):
        return 0
    return len(matched)


def _covered(xs: list[dict], ys: list[dict]) -> list[dict]:
    """The participants of the smaller list when each is the same actor as one of the
    larger; [] when a side is empty or someone has no counterpart."""
    if not xs or not ys:
        return []
    small, large = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
    if all(any(_same_actor(p, q) for q in large) for p in small):
        return small
    return []


def _same_actor(p: dict, q: dict) -> bool:
    """Across articles: one actor id, or, for two participants without one, one
    country-and-sector code; a person never matches a country or a group."""
    if p["actor"] or q["actor"]:
        return p["actor"] == q["actor"]
    return bool(set(p["keys"]) & set(q["keys"]))


def named_actor(p: dict) -> bool:
    """A particular actor (a person, organisation or state), not a group such as
    'United States (civilians)' or 'voters', which two reports may share by chance."""
    actor = p["actor"]
    if not actor or actor.startswith(("agent:", "role:")):
        return False
    return not (actor.startswith("country:") and actor.count(":") > 1)


def _individual(p: dict) -> bool:
    """A named person or organisation (not a state, a sector of one, or a group)."""
    return named_actor(p) and not p["actor"].startswith("country:")


def independent(reports: dict[str, int]) -> list[list[str]]:
    """Reports ("outlet|root") grouped into independent sources: one outlet's articles
    are one source, and so are all carriers of one text or its near-duplicates (a wire
    story run by many papers)."""
    parent = {k: k for k in reports}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first: dict[str, str] = {}
    for k in sorted(reports):
        for part in (f"o:{k.rsplit('|', 1)[0]}", f"r:{k.rsplit('|', 1)[1]}"):
            if part in first:
                parent[find(k)] = find(first[part])
            else:
                first[part] = k
    groups: dict[str, list[str]] = {}
    for k in sorted(reports):
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def _match(xs: list[dict], ys: list[dict], allow_empty: bool = False) -> int:
    """Shared participants, if the smaller side is covered by the larger; -1 if not."""
    if not xs or not ys:
        return 0
    small, large = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
    shared = 0
    for p in small:
        if any(same_participant(p, q) for q in large):
            shared += 1
        else:
            return -1 if allow_empty else 0
    return shared


def dates_agree(a: Happening, b: Happening) -> bool:
    return _spans_agree(_span(a), _span(b))


def _span(h: Happening) -> tuple[dt.date | None, dt.date | None, str | None]:
    """When a happening took place: by its key (its first report) once it has one."""
    if h.key is not None and "dates" in h.key:
        first, last, precision = h.key["dates"]
        return (dt.date.fromisoformat(first) if first else None,
                dt.date.fromisoformat(last) if last else None, precision)
    return h.date_first, h.date_last, h.precision


def _spans_agree(a: tuple, b: tuple) -> bool:
    (a_first, a_last, a_prec), (b_first, b_last, b_prec) = a, b
    if a_first is None or b_first is None:
        return True
    if "published" in (a_prec, b_prec):
        # an undated mention may refer to a dated happening of the days before
        return a_first - DATE_WINDOW <= b_last and b_first - DATE_WINDOW <= a_last
    return a_first <= b_last and b_first <= a_last


def _places_agree(a: Happening, b: Happening) -> bool:
    ca = (a.location or {}).get("country")
    cb = (b.location or {}).get("country")
    return not (ca and cb and ca != cb)


def cluster_article(record: dict[str, Any]) -> list[Happening]:
    """The happenings one article reports: its event mentions, merged."""
    article = record["article"]["id"]
    text = record["article"].get("text") or ""
    sentences = {s["i"]: {**s, "text": text[s["start"]:s["end"]]}
                 for s in record["sentences"]}
    clusters: list[Happening] = []
    for ev in record["events"]:
        h = Happening.of(ev, article, sentences.get(ev["sentence"]))
        best, best_score = None, 0
        for c in clusters:
            score = compatible(c, h)
            if score > best_score:
                best, best_score = c, score
        if best is None:
            clusters.append(h)
        else:
            best.absorb(h)
    return clusters


def content_words(text: str, event: dict) -> set[str]:
    """Words that say what a sentence is about: its content words without the names
    of the event's participants and its trigger, crudely singularised."""
    names = " ".join(str(p.get(k) or "") for role in ("source", "target")
                     for p in event.get(role) or () for k in ("name", "text"))
    trigger = (event.get("trigger") or {}).get("text") or ""
    drop = {_stem(w) for w in words(None, f"{names} {trigger}")}
    return {w for w in map(_stem, words(None, text))
            if w not in drop and len(w) > 2 and w not in STOP_WORDS}  # "he's" is "he"


def _stem(word: str) -> str:
    word = word.removesuffix("'s").rstrip("'")  # "Trump's" is "trump"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 4 and word.endswith("s") and not \
        word.endswith("ss") else word


def date_range(value: str | None, precision: str | None) -> tuple[dt.date | None, dt.date | None]:
    if not value:
        return None, None
    try:
        if len(value) >= 10:
            d = dt.date.fromisoformat(value[:10])
            return d, d
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            last = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1))
            return dt.date(y, m, 1), last
        y = int(value[:4])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None, None


def _evidence_order(v: dict) -> tuple:
    return v["day"], v["article"], v["sentence"], v["event"]


_RANK = {"day": 3, "month": 2, "year": 1, "published": 0, None: -1}


def _better(new: str | None, old: str | None) -> bool:
    return _RANK.get(new, -1) > _RANK.get(old, -1)


def _key(p: dict) -> str:
    return p.get("actor") or \
        f"{p.get('country')}:{p.get('sector')}:{p.get('name') or p.get('text')}"


def _participant(p: dict) -> dict:
    return {"actor": p.get("actor") or "", "name": p.get("name") or p.get("text") or "",
            "country": p.get("country") or "", "sector": p.get("sector") or "",
            "affiliation": p.get("affiliation") or "", "keys": sorted(participant_keys(p))}
