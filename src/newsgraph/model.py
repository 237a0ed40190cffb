"""Data shared by all stages. Field names follow SCHEMA.md (the extraction record).

Offsets are ``str`` indices into ``Article.text`` (after normalisation), end exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("occurred", "planned", "canceled", "negated", "hypothetical", "requested")
CATEGORIES = ("speech", "belief", "intention", "evidence")  # what a statement attributes
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
PRECISIONS = ("day", "month", "year", "published")


def article_id(text: str) -> str:
    """Hex SHA-256 of the normalised text, first 16 characters."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    text: str
    id: str = ""
    input_id: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str = "en"
    origin: str = ""  # where it was read from (file, file:line, URL); not part of the record

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "input_id": self.input_id, "url": self.url,
                "source": self.source, "title": self.title, "published": self.published,
                "language": self.language, "text": self.text}


@dataclass(slots=True, frozen=True)
class Rejected:
    """An input item that could not be used, with the reason (shown to the user)."""

    item: str
    reason: str


@dataclass(slots=True)
class Sentence:
    i: int
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    id: str
    sentence: int
    start: int
    end: int
    text: str
    actor: str
    name: str
    kind: str
    country: str
    sector: str
    role: str = ""
    affiliation: str = ""


@dataclass(slots=True)
class Participant:
    """A source or target of an event: the mention and the actor it resolved to."""

    mention: str | None
    actor: str
    text: str
    country: str
    sector: str
    affiliation: str = ""
    name: str = ""  # the actor's name ("he" -> "Donald Trump")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if not self.affiliation:
            del d["affiliation"]
        d["name"] = self.name  # after affiliation, as in SCHEMA.md's field order
        return d


@dataclass(slots=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Location:
    name: str
    country: str
    start: int
    end: int
    place: str = ""  # knowledge-base place or actor id, when known


@dataclass(slots=True)
class Event:
    id: str
    sentence: int
    type: str
    mode: str
    context: list[str]
    cameo: str
    quad: int
    source: list[Participant]
    target: list[Participant]
    trigger: TextSpan
    date: str | None
    date_precision: str | None
    date_text: str | None
    location: Location | None
    status: str
    reported_by: str | None
    confidence: float
    pattern: str = ""  # id of the pattern that fired
    goldstein: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id, "sentence": self.sentence, "type": self.type, "mode": self.mode,
            "context": list(self.context), "cameo": self.cameo, "quad": self.quad,
            "source": [p.to_dict() for p in self.source],
            "target": [p.to_dict() for p in self.target],
            "trigger": asdict(self.trigger),
            "date": self.date, "date_precision": self.date_precision,
            "date_text": self.date_text,
            "location": asdict(self.location) if self.location else None,
            "status": self.status, "reported_by": self.reported_by,
            "confidence": self.confidence, "pattern": self.pattern,
            "goldstein": self.goldstein,
        }
        return d


@dataclass(slots=True)
class Speaker:
    start: int
    end: int
    text: str
    mention: str | None
    actor: str
    name: str


@dataclass(slots=True)
class Statement:
    id: str
    sentence: int
    kind: str  # direct | indirect | mixed
    speaker: Speaker | None
    cue: TextSpan | None
    content: TextSpan
    mentions: list[str] = field(default_factory=list)  # actor ids mentioned in the content
    category: str = "speech"  # speech | belief | intention | evidence
    within: str | None = None  # the statement whose content holds this one ("X said Y fears Z")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "sentence": self.sentence, "kind": self.kind,
            "category": self.category, "within": self.within,
            "speaker": asdict(self.speaker) if self.speaker else None,
            "cue": asdict(self.cue) if self.cue else None,
            "content": asdict(self.content),
            "mentions": list(self.mentions),
        }


@dataclass(slots=True)
class Record:
    """Everything extracted from one article: the public contract (SCHEMA.md)."""

    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    events: list[Event]
    statements: list[Statement]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "sentences": [asdict(s) for s in self.sentences],
            "mentions": [asdict(m) for m in self.mentions],
            "events": [e.to_dict() for e in self.events],
            "statements": [s.to_dict() for s in self.statements],
        }
