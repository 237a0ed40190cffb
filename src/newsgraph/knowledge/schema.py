"""Declared shapes of the knowledge files (actors, event patterns, speech cues).

Every line of a knowledge file is one JSON object validated by one of these models;
errors are reported with file and line by :mod:`newsgraph.knowledge.files`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# PLOVER sector codes (manual, table "Sector Codes") plus the CAMEO codes users still
# meet in older data: IGO for organisations, NGO, INS (insurgents).
SECTORS = {
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP",
    "PRE", "REL", "SOC", "NGO", "IGO", "INS",
}
# ISO 3166-1 alpha-3, plus codes kept for states that no longer exist or lack one.
COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
# Actor ids: lower-case slugs ("donald-trump", "nato"), optionally with a kind prefix
# ("agent:police", "place:kyiv"); states and their sectors: "country:UKR", "country:UKR:GOV".
ID_RE = re.compile(r"^(?:(?:[a-z]+:)?[a-z0-9]+(?:[-.][a-z0-9]+)*|country:[A-Z]{3}(?::[A-Z]{3})?)$")

Sector = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


def check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(
            f"id {value!r} must be a lower-case slug such as 'donald-trump' or 'agent:police',"
            " or 'country:ISO' for a state")
    return value


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_sector(value: str) -> str:
    if value and value not in SECTORS:
        raise ValueError(f"unknown sector code {value!r} (known: {', '.join(sorted(SECTORS))})")
    return value


def _check_country(value: str) -> str:
    if value and value != "IGO" and not COUNTRY_RE.match(value):
        raise ValueError(f"country must be an ISO 3166-1 alpha-3 code or 'IGO', got {value!r}")
    return value


def _check_names(values: list[str]) -> list[str]:
    for v in values:
        if not v or v != v.strip():
            raise ValueError(f"name {v!r} is empty or has surrounding spaces")
        if v.lower().startswith("the "):
            raise ValueError(f"name {v!r}: leave out the leading 'the'; it is matched anyway")
    return values


class Period(_Entry):
    """A validity period; open ends are null. Dates are ISO YYYY-MM-DD."""

    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="to")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class Institution(_Entry):
    """A body or seat of power that stands for part of a state ("the Kremlin" -> GOV)."""

    names: list[str] = Field(min_length=1)
    sector: str
    metonym: bool = Field(default=False, description="a place name used for the body")

    _names = field_validator("names")(_check_names)
    _sector = field_validator("sector")(_check_sector)


class State(_Entry):
    type: Literal["state"]
    id: str
    iso3: str
    name: str
    names: list[str] = Field(min_length=1, description="names of the state, case-sensitive")
    adjectives: list[str] = Field(default_factory=list, description="'Russian', 'U.S.'")
    people: list[str] = Field(default_factory=list, description="plural nouns: 'Russians'")
    capitals: list[str] = Field(default_factory=list, description="capital city names")
    institutions: list[Institution] = Field(default_factory=list)
    valid: Period = Field(default_factory=Period)
    predecessor: str | None = Field(
        default=None, description="ISO-3 of the state its territory belonged to before "
        "valid.from (Juba before 2011 was in SDN)")
    note: str = ""

    _names = field_validator("names", "capitals")(_check_names)
    _id = field_validator("id")(check_id)
    _iso = field_validator("iso3")(_check_country)

    @model_validator(mode="after")
    def _id_matches_code(self) -> State:
        if self.id != f"country:{self.iso3}":
            raise ValueError(f"state id must be 'country:{self.iso3}', got {self.id!r}")
        return self


class SectorPeriod(Period):
    """The sector an organisation had over a period (the Taliban: REB, then GOV)."""

    sector: str

    _sector = field_validator("sector")(_check_sector)


class Organization(_Entry):
    """IGOs, armed groups, parties, movements, agencies, media, companies."""

    type: Literal["organization"]
    id: str
    kind: Literal["igo", "armed_group", "party", "movement", "military", "agency",
                  "media", "ngo", "company", "religious", "court", "legislature"]
    name: str
    names: list[str] = Field(min_length=1, description="full names and acronyms, case-sensitive")
    country: str = Field(description="ISO-3 of the home state, 'IGO' for IGOs, '' if none")
    sector: str
    parent: str | None = Field(default=None, description="id of the organisation it belongs to")
    ignore_case: bool = Field(default=False, description="match names in any case "
                              "(imported dictionaries, whose names are upper case)")
    valid: Period = Field(default_factory=Period)
    sectors: list[SectorPeriod] = Field(
        default_factory=list, description="dated sectors that override `sector` on their "
        "dates: a group that took power, a party that went into opposition")
    note: str = ""

    _names = field_validator("names")(_check_names)
    _id = field_validator("id")(check_id)
    _country = field_validator("country")(_check_country)
    _sector = field_validator("sector")(_check_sector)

    @model_validator(mode="after")
    def _sectors_apart(self) -> Organization:
        spans = sorted(self.sectors, key=lambda p: p.start or dt.date.min)
        for a, b in zip(spans, spans[1:], strict=False):
            if a.end is None or (b.start is not None and b.start < a.end):
                raise ValueError(f"sector periods overlap: {a.sector} and {b.sector} "
                                 f"from {b.start}")
        return self

    def sector_on(self, day: dt.date | None) -> str:
        """The sector on ``day`` (the latest dated one without a date)."""
        if not self.sectors:
            return self.sector
        if day is None:
            return max(self.sectors, key=lambda p: p.start or dt.date.min).sector
        return next((p.sector for p in self.sectors if p.contains(day)), self.sector)


class Role(_Entry):
    """A position a person holds over a period, coded as country and sector."""

    title: str = Field(default="", description="canonical title from agents.jsonl, e.g. "
                       "'President'; '' when unknown (imported dictionaries)")
    country: str
    sector: str
    org: str | None = Field(default=None, description="organisation id for IGO/party roles")
    concurrent: bool = Field(default=False, description="held while another person held "
                             "the same office: co-holders, an acting holder, rival "
                             "governments (the tests allow these overlaps only)")
    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="to")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    _country = field_validator("country")(_check_country)
    _sector = field_validator("sector")(_check_sector)

    @model_validator(mode="after")
    def _ordered(self) -> Role:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"role ends ({self.end}) before it starts ({self.start})")
        return self

    def active(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class Person(_Entry):
    type: Literal["person"]
    id: str
    name: str
    names: list[str] = Field(min_length=1, description="full names, matched anywhere")
    short: list[str] = Field(default_factory=list, description="surnames and short forms")
    gender: Literal["m", "f", ""] = ""
    country: str = Field(description="nationality: the country used outside any role")
    sector: str = Field(default="ELI", description="sector outside any role")
    roles: list[Role] = Field(default_factory=list)
    born: int | None = None
    ignore_case: bool = Field(default=False, description="match names in any case "
                              "(imported dictionaries, whose names are upper case)")
    note: str = ""

    _names = field_validator("names", "short")(_check_names)
    _id = field_validator("id")(check_id)
    _country = field_validator("country")(_check_country)
    _sector = field_validator("sector")(_check_sector)


class Agent(_Entry):
    """A generic word that gives a sector: 'police', 'rebels', 'prime minister'."""

    type: Literal["agent"]
    id: str
    words: list[str] = Field(min_length=1,
                             description="lower-case word forms, matched ignoring case")
    sector: str
    role: str | None = Field(default=None, description="canonical title when it names a post")
    person: bool = Field(default=False, description="names a single person ('the president')")
    plural: bool = False
    head_only: bool = Field(default=False, description="an actor only as the head of its "
                            "phrase: 'a US national', not 'the National Association'")
    body: bool = Field(default=False, description="a body of members ('union'): 'the union "
                       "of teachers' and 'the teachers' union' take the members' sector")
    modifiers: dict[str, str] = Field(
        default_factory=dict, description="a word before the agent word that changes its "
        "sector: {'state-run': 'GOV'} makes 'the state-run newspaper' the government's")

    _sector = field_validator("sector")(_check_sector)
    _id = field_validator("id")(check_id)

    @field_validator("modifiers")
    @classmethod
    def _modifier_sectors(cls, values: dict[str, str]) -> dict[str, str]:
        for word, sector in values.items():
            if word != word.lower() or word != word.strip() or not word:
                raise ValueError(f"modifier {word!r} must be lower case without surrounding "
                                 "spaces")
            _check_sector(sector)
        return values

    @field_validator("words")
    @classmethod
    def _lower(cls, values: list[str]) -> list[str]:
        for v in values:
            if v != v.lower() or v != v.strip() or not v:
                raise ValueError(f"agent word {v!r} must be lower case without surrounding spaces")
        return values


class Place(_Entry):
    """A city or region; used for event locations and as country evidence."""

    type: Literal["place"]
    id: str
    name: str
    names: list[str] = Field(min_length=1)
    country: str
    kind: Literal["city", "region", "territory", "landmark", "sea", "continent"] = "city"
    sector: str = Field(default="", description="the sector of the place as an actor: PRE "
                        "for a partially recognised entity (PLOVER manual), coded with the "
                        "state that claims it")
    note: str = ""

    _names = field_validator("names")(_check_names)
    _id = field_validator("id")(check_id)
    _country = field_validator("country")(_check_country)
    _sector = field_validator("sector")(_check_sector)


ActorEntry = Annotated[State | Organization | Person | Agent | Place, Field(discriminator="type")]


# ---- event patterns, status cues, speech cues ----------------------------------------

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES = ("occurred", "planned", "canceled", "negated", "hypothetical", "requested")
# Where a source or target is found, relative to the trigger: a path of steps joined by
# "." (see docs/patterns.md). Steps that lead to other words:
#   obj        direct object (the passive subject for passives)
#   xcomp      the infinitive complement ("threatened to cut off ...")
#   ccomp      the clausal complement ("demanded that Iran ...")
#   prep:X     object of the preposition X ("met with", "attack on", "call on")
#   head       the verb a nominal trigger belongs to ("a bombing killed X": head.obj;
#              "X was put under investigation": head.obj)
# Steps that end a path:
#   subj       subject (active), the by-agent of a passive, the controller of an
#              infinitive, the subject of a light verb for nouns ("held talks")
#   obj, prep:X as above
#   dative     indirect object ("gave Ukraine aid")
#   poss       possessor or country word of a nominal trigger ("Russia's attack")
#   between    "between A and B": A is the source, the others targets
#   relcl      for nouns: the subject of a relative clause ("a meeting where he said")
_STEP = r"(?:obj|xcomp|ccomp|head|prep:[a-z]+)"
ROLE_RE = (rf"^(?:{_STEP}\.)*(?:subj|obj|dative|poss|between|relcl|prep:[a-z]+)$")


def _check_plover_type(v: str) -> str:
    if v not in PLOVER_TYPES:
        raise ValueError(f"unknown PLOVER type {v!r}")
    return v


class PatternExample(_Entry):
    text: str
    source: str = Field(default="", description="country code or actor id expected as source")
    target: str = Field(default="", description="country code or actor id expected as target")
    status: str = "occurred"
    absent: bool = Field(default=False, description="the pattern must NOT fire on this text")

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        if v not in STATUSES:
            raise ValueError(f"unknown status {v!r}")
        return v


class EventPattern(_Entry):
    """One trigger pattern: lemmas of verbs or nouns, where its actors are, its codes."""

    id: str
    type: str
    mode: str = ""
    context: list[str] = Field(default_factory=list)
    cameo: str = Field(pattern=r"^\d{3,4}$")
    verbs: list[str] = Field(default_factory=list,
                             description="verb lemmas; 'call off' = lemma + particle/preposition")
    nouns: list[str] = Field(default_factory=list, description="noun lemmas")
    adjectives: list[str] = Field(default_factory=list,
                                  description="predicative adjectives: 'ready' in 'is ready to'")
    objects: list[str] = Field(default_factory=list,
                               description="lemmas one of which the object must have")
    not_objects: list[str] = Field(default_factory=list, description="objects that make "
                                   "the verb no event ('seized the moment')")
    modifiers: list[str] = Field(default_factory=list, description="for nouns: lemmas one of "
                                 "which must modify the trigger ('hunger' strike)")
    without: list[str] = Field(default_factory=list, description="for nouns: modifiers that "
                               "exclude the pattern ('hunger' for a general strike)")
    preps: list[str] = Field(default_factory=list, description="for nouns: prepositions one "
                             "of which must hang on the trigger ('a strike on X')")
    joint: bool | None = Field(default=None, description="true: needs two or more source "
                               "actors or 'joint'; false: needs a single source")
    source: list[Annotated[str, Field(pattern=ROLE_RE)]] = Field(default_factory=lambda: ["subj"])
    target: list[Annotated[str, Field(pattern=ROLE_RE)]] = Field(default_factory=lambda: ["obj"])
    requires_target: bool = False
    object_is_actor: bool = Field(
        default=False, description="a direct object that is not an actor blocks the pattern "
        "('met the deadline')")
    needs_object: bool = Field(
        default=False, description="the verb must have a direct object or an infinitive: "
        "'returned the statues to Peru', not 'returned to Lima'; 'declined to comment', "
        "not 'exports declined'")
    needs_clause: bool = Field(
        default=False, description="the verb must have an infinitive, a that-clause or a "
        "'for' phrase: 'asked X to leave', 'asked for aid', not 'asked X a question'")
    needs_act: bool = Field(
        default=False, description="kept only with an actor as target or an event in its "
        "complement: 'refused to meet X', not 'declined to comment'")
    no_complement: bool = Field(
        default=False, description="not when the object has a predicate ('called him a "
        "liar' names, it does not telephone)")
    confidence: float = Field(default=0.8, ge=0, le=1)
    examples: list[PatternExample] = Field(min_length=1)
    note: str = ""

    cameo_approx: bool = Field(default=False, description="the CAMEO code is the nearest "
                               "one; its PLOVER type differs (the manual's rule wins)")

    _id = field_validator("id")(check_id)

    _type = field_validator("type")(_check_plover_type)

    @model_validator(mode="after")
    def _has_trigger(self) -> EventPattern:
        if not self.verbs and not self.nouns and not self.adjectives:
            raise ValueError("a pattern needs verbs, nouns or adjectives")
        return self


class StatusCue(_Entry):
    """A word that changes what the text says about an event's reality.

    where: 'aux' (auxiliary of the trigger), 'neg' (negation of the trigger or its
    governor), 'governor' (a verb or noun the trigger depends on: "refused to meet",
    "the possibility of talks"), 'modifier' (an adjective on a nominal trigger: "planned
    meeting"), 'marker' (subordinating word of the trigger's clause: "if").
    """

    id: str
    status: str
    where: Literal["aux", "neg", "governor", "modifier", "marker"]
    words: list[str] = Field(min_length=1, description="lower-case lemmas or words")
    particle: str | None = None
    trigger: Literal["any", "verb", "noun"] = Field(
        default="any", description="only for triggers of this part of speech")
    via: list[Annotated[str, Field(pattern=r"^(xcomp|ccomp|dobj|nsubjpass|acl|attr|"
                                          r"oprd|pcomp|conj|prep:[a-z]+)$")]] = Field(
        default_factory=list, description="for governors: the relations through which the "
        "governor must be reached ('xcomp': 'failed to reach'; 'ccomp': 'denied that'; "
        "'prep:for': 'arrested for collaborating'); empty: any but a that-clause")
    priority: int = Field(default=50, description="higher wins when several cues apply")
    examples: list[PatternExample] = Field(min_length=1)

    _id = field_validator("id")(check_id)

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        if v not in STATUSES:
            raise ValueError(f"unknown status {v!r}")
        return v




class SpeechCue(_Entry):
    """Verbs and nouns that introduce what someone said, believed or intended."""

    id: str
    words: list[str] = Field(min_length=1, description="lemmas")
    pos: Literal["verb", "noun", "phrase", "speaker", "evidence"] = Field(
        default="verb", description="verb: cue verbs; noun: nouns that carry content "
        "('his belief that'); phrase: multi-word cues ('according to'); speaker: nouns "
        "for unnamed sources that can speak ('analysts'); evidence: nouns for documents "
        "and polls whose findings are attributed to them ('the poll shows')")
    content: list[Literal["ccomp", "xcomp", "dobj", "quote", "colon", "acl"]] = Field(
        default_factory=lambda: ["ccomp", "quote"],
        description="where the content is: a that-clause, an infinitive, the object, a "
        "quotation")
    category: Literal["speech", "belief", "intention", "evidence"] = Field(
        default="speech", description="what is attributed: something said, a belief "
        "(think, expect, fear), an intention (plan, want, refuse), or a finding of a "
        "document or poll")
    examples: list[str] = Field(min_length=1)

    _id = field_validator("id")(check_id)


class CueCounts(_Entry):
    hits: int = Field(ge=0, description="times the gold marks this word a cue and this "
                      "dependent inside its content")
    nested: int = Field(ge=0, description="other times the word sat inside another "
                        "attribution's content")
    fires: int = Field(ge=1, description="times the word had this dependent")

    @property
    def share(self) -> float:
        """The share of the word's uses with this dependent that held a content."""
        return (self.hits + self.nested) / self.fires

    @model_validator(mode="after")
    def _counts(self):
        if self.hits + self.nested > self.fires:
            raise ValueError("hits + nested cannot exceed fires")
        return self


class DerivedCue(_Entry):
    """A cue word measured on attribution gold (scripts/derive_speech_cues.py): the parse
    relations of the word that hold an attribution's content, with their counts."""

    lemma: str = Field(min_length=1)
    pos: Literal["verb", "noun"]
    relations: dict[str, CueCounts] = Field(min_length=1)

    @field_validator("relations")
    @classmethod
    def _relations(cls, v: dict[str, CueCounts]) -> dict[str, CueCounts]:
        from newsgraph.extraction.content import RELATIONS
        for rel in v:
            if rel not in RELATIONS and not re.fullmatch(r"prep:[a-z]+", rel):
                raise ValueError(f"unknown relation {rel!r} (known: {', '.join(RELATIONS)}, "
                                 "prep:<word>)")
        return v


class DeriveRule(_Entry):
    """How PLOVER codes an event the text announces rather than reports.

    when:
      intent          the content event is announced for the future by its own source
                      ("will", "would" in their reported words, "plans/decided to",
                      "is ready/prepared to"): "X will visit Y" is AGREE, "X will impose
                      a curfew" is THREATEN
      negated-intent  the same, negated: "X would not meet the demands" is REJECT
      conditional     "may/could/might ... if/unless": a conditional threat
      obligation      "must/should/has to" in someone's reported words: "X said Y must
                      withdraw" is a REQUEST from X to Y (content_types ["*"])
      ended           a conflict event named by a noun is lifted, eased or halted ("lifted
                      the sanctions on Y", "eased the curfew"): a yield by the verb's
                      subject toward the event's target
    """

    id: str
    when: Literal["intent", "negated-intent", "conditional", "obligation", "ended"]
    content_types: list[str] = Field(min_length=1, description="PLOVER types, or '*'")
    type: str
    cameo: dict[str, str] = Field(description="content type -> CAMEO code; '*' default")
    mode: dict[str, str] = Field(default_factory=dict, description="content type -> mode")
    examples: list[PatternExample] = Field(min_length=1)

    _id = field_validator("id")(check_id)

    _type = field_validator("type")(_check_plover_type)


# ---- the CAMEO verb lexicon (converted from PETRARCH2's dictionary) -------------------

class LexiconSynset(_Entry):
    """A named set of words that patterns refer to as "&name"."""

    synset: str = Field(pattern=r"^[a-z0-9_]+$")
    words: list[str] = Field(min_length=1)


class LexiconPhrase(_Entry):
    """A noun phrase a pattern needs: its head, and modifiers each of which must be
    present (every list holds alternatives; "&name" stands for a synonym set)."""

    head: list[str] = Field(min_length=1)
    mods: list[list[str]] = Field(default_factory=list)


class LexiconPrep(_Entry):
    """A prepositional phrase a pattern needs; no head: any object of the preposition."""

    prep: str
    head: list[str] = Field(default_factory=list)
    mods: list[list[str]] = Field(default_factory=list)
    role: Literal["source", "target", "compound", "skip"] | None = None


class LexiconPattern(_Entry):
    """Words around the verb and the CAMEO code they give; code null: no event."""

    code: str | None = Field(pattern=r"^\d{3,4}$")
    line: int
    note: str = ""
    pre: list[LexiconPhrase] = Field(default_factory=list)
    post: list[LexiconPhrase] = Field(default_factory=list)
    preps: list[LexiconPrep] = Field(default_factory=list)
    reverse: bool = Field(default=False, description="the subject is the target")
    target_after: bool = False


class LexiconVerb(_Entry):
    lemma: str = Field(pattern=r"^[a-z][a-z-]*$")
    particle: str | None = None
    forms: list[str] = Field(default_factory=list, description="irregular inflections")
    code: str | None = Field(pattern=r"^\d{3,4}$",
                             description="the code of the verb alone; null: only patterns")
    reverse: bool = False


class LexiconBlock(_Entry):
    """A verb block: synonymous verbs sharing one list of patterns."""

    id: str
    block: str
    code: str | None = None
    line: int
    verbs: list[LexiconVerb] = Field(min_length=1)
    patterns: list[LexiconPattern] = Field(default_factory=list)


LexiconLine = LexiconSynset | LexiconBlock


class TypeRoles(_Entry):
    """Where the target of a PLOVER type is, for patterns that do not say (the CAMEO
    lexicon): role paths tried in order, as in EventPattern.target."""

    type: str
    source: list[Annotated[str, Field(pattern=ROLE_RE)]] = Field(default_factory=lambda: ["subj"])
    target: list[Annotated[str, Field(pattern=ROLE_RE)]] = Field(min_length=1)
    needs_target: bool = Field(default=False, description="a dictionary code of this type "
                               "needs an actor as target (a meeting with no one is none)")
    note: str = ""

    _type = field_validator("type")(_check_plover_type)


class SenseRule(_Entry):
    """A second reading of an event: when its parties are of the kind the rule names and
    nothing in the sentence speaks for the first reading, the event is recoded."""

    id: str
    type: str = Field(description="the PLOVER type the rule reads again")
    verbs: list[str] = Field(min_length=1, description="trigger lemmas it applies to")
    unless_sectors: list[str] = Field(default_factory=list, description="a party of one "
                                      "of these sectors keeps the first reading")
    unless_kinds: list[str] = Field(default_factory=list, description="a party of one of "
                                    "these kinds (state ...) keeps the first reading")
    unless_words: list[str] = Field(default_factory=list, description="a word of the "
                                    "sentence that keeps the first reading (lemmas)")
    if_sectors: list[str] = Field(default_factory=list, description="the rule applies only "
                                  "when every party is of one of these sectors")
    if_kinds: list[str] = Field(default_factory=list, description="... and of these kinds")
    source_only: bool = Field(default=False, description="test the sources only")
    to_type: str | None = Field(description="the second reading's type; null: no event")
    to_mode: str = ""
    to_cameo: str = Field(default="", pattern=r"^(\d{3,4})?$")
    examples: list[PatternExample] = Field(min_length=1)
    note: str = ""

    _id = field_validator("id")(check_id)
