"""Actor mentions: gazetteer hits and NER candidates -> resolved actors, as of a date.

The spaCy model's entities only propose candidates; what a span is, is decided here from
the knowledge base and the syntax around it:

- a title, a country word or an organisation attached to a name or a generic agent
  combines with it ("Russian President Vladimir Putin", "Pakistani Army" -> PAK MIL,
  "Chile's Defense Ministry" -> CHL GOV, "UN Secretary-General Antonio Guterres");
- a role without a name is the person holding it on the article's date
  ("the Russian president" in 2019 -> Putin); without a country it is left for coreference;
- surnames resolve to a person named in full earlier, else to the one person the
  knowledge base has under that short form, preferring those in office on the date;
- capitals and cities after a locative preposition are places, not actors;
- unknown PERSON/ORG entities become provisional actors with whatever the text gives.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.gazetteer import Gazetteer, Hit
from newsgraph.knowledge.actors import Actor, KnowledgeBase, Name

# Prepositions after which a city or capital is where something happens, not who acts.
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "around", "within",
            "throughout", "to", "into", "from", "toward", "towards", "through", "via", "over"}
# Relations by which a country word, organisation or title modifies a noun.
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "nn", "npadvmod", "appos"}
MODIFIER_PREPS = {"of", "in", "from"}
# The order in which readings of an ambiguous surface are preferred.
PLURAL_TAGS = {"NNS", "NNPS"}
NAME_ORDER = {"name": 0, "institution": 1, "capital": 2, "place": 3, "adjective": 4, "people": 5}


@dataclass(slots=True)
class Found:
    """An actor mention over tokens [start, end)."""

    start: int
    end: int
    actor: Actor
    how: str  # name | short | adjective | people | capital | institution | agent | role
    #           | ner | pronoun | title
    head: int = -1


@dataclass(slots=True)
class PlaceRef:
    """A place named in the text (for event locations)."""

    start: int
    end: int
    name: str
    country: str
    place: str
    capital: bool = False


@dataclass
class Mentions:
    found: list[Found] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    by_token: dict[int, list[Found]] = field(default_factory=lambda: defaultdict(list))

    def add(self, f: Found, doc: Doc) -> None:
        self.found.append(f)
        for i in range(f.start, f.end):
            self.by_token[i].append(f)
        if f.head < 0:
            f.head = doc[f.start:f.end].root.i
        elif not f.start <= f.head < f.end:
            # "Hungarian and Romanian officials": the noun stands for each country word
            self.by_token[f.head].append(f)

    def place_actor(self, token: Token, kb: KnowledgeBase, doc: Doc) -> list[Found]:
        """A place named where a role wants an actor ("a visit to Baghdad"): the state it
        belongs to, added as a mention."""
        for pl in self.places:
            if pl.start <= token.i < pl.end and pl.country:
                sector = "GOV" if pl.place.startswith("country:") or pl.capital else ""
                f = Found(pl.start, pl.end, kb.state_actor(pl.country, sector), "place")
                self.add(f, doc)
                self.found.sort(key=lambda x: x.start)
                return [f]
        return []

    def at(self, token: Token) -> list[Found]:
        return self.by_token.get(token.i, [])


@dataclass(slots=True)
class _Unit:
    """A candidate span before combination."""

    start: int
    end: int
    kind: str  # state adj people capital inst org person place agent short ner_person ner_org
    target: str = ""  # actor/place id or iso3
    sector: str = ""
    hit: Hit | None = None
    used: bool = False
    via_prep: bool = False  # modifies its head through "of/in/from" ("rebels in Mali")
    mods: list[_Unit] = field(default_factory=list)

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class ActorResolver:
    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer) -> None:
        self.kb = kb
        self.gaz = gazetteer

    # ------------------------------------------------------------------------------
    def resolve(self, doc: Doc, day: dt.date | None) -> Mentions:
        units = self._units(doc)
        by_tok = {i: u for u in units for i in range(u.start, u.end)}
        self._attach(doc, units, by_tok)
        out = Mentions()
        for u in units:
            if u.kind in ("state", "capital", "place") and _locative(doc, u):
                self._place(doc, u, out)
        seen_people: set[str] = set()
        surnames: dict[str, Actor] = {}
        for u in units:
            if u.used:
                continue
            for f in self._resolve_unit(doc, u, day, seen_people, surnames, out):
                out.add(f, doc)
                if f.actor.kind == "person":
                    seen_people.add(f.actor.id)
        self._provisional_surnames(doc, out, surnames, by_tok)
        out.found.sort(key=lambda f: f.start)
        return out

    # ---- candidates ----------------------------------------------------------------
    def _units(self, doc: Doc) -> list[_Unit]:
        units: list[_Unit] = []
        covered: set[int] = set()
        for hit in self.gaz.find(doc):
            units.append(self._unit_of_hit(hit))
            covered.update(range(hit.start, hit.end))
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            if any(i in covered for i in range(ent.start, ent.end)):
                continue
            start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
            toks = doc[start:ent.end]
            if not toks or not any(t.pos_ == "PROPN" for t in toks):
                continue
            if ent.label_ == "PERSON" and len(toks) == 1 and not _titled(doc, start):
                # A lone capitalised word tagged PERSON is too often a place or a thing.
                continue
            units.append(_Unit(start, ent.end, "ner_person" if ent.label_ == "PERSON"
                               else "ner_org"))
        units.sort(key=lambda u: u.start)
        return units

    def _unit_of_hit(self, hit: Hit) -> _Unit:
        if hit.agent is not None:
            return _Unit(hit.start, hit.end, "agent", hit.agent.id, hit.agent.sector, hit)
        if hit.short:
            return _Unit(hit.start, hit.end, "short", hit=hit)
        name = self._pick(hit.names)
        kind = {"name": self._kind_of_name(name.target), "adjective": "adj", "people": "people",
                "capital": "capital", "institution": "inst", "place": "place"}[name.how]
        target = name.target
        if target.startswith("country:"):
            target = target.split(":")[1]
        return _Unit(hit.start, hit.end, kind, target, name.sector, hit)

    def _kind_of_name(self, target: str) -> str:
        if target.startswith("country:"):
            return "state"
        if target in self.kb.people:
            return "person"
        if target in self.kb.places:
            return "place"
        return "org"

    def _pick(self, names: tuple[Name, ...]) -> Name:
        def order(n: Name) -> tuple[int, int]:
            person_first = 0 if n.target in self.kb.people else 1
            return (NAME_ORDER.get(n.how, 9), person_first)
        return min(names, key=order)

    # ---- combination ---------------------------------------------------------------
    def _attach(self, doc: Doc, units: list[_Unit], by_tok: dict[int, _Unit]) -> None:
        """Mark modifier units (country words, organisations, titles) on their heads."""
        heads = ("agent", "person", "ner_person", "ner_org", "inst", "short", "org")
        for u in units:
            if u.kind not in ("state", "adj", "people", "org", "capital", "inst", "place",
                              "agent"):
                continue
            root = u.span(doc).root
            target = self._governor(root, by_tok, u)
            if target is None or target is u or target.kind not in heads:
                continue
            u.via_prep = root.dep_ == "pobj"
            if u.kind == "agent":
                # Only a title modifies: "President" in "President Putin", "Defense
                # Minister" in "Defense Minister Rustem Umerov".
                if not (u.hit and u.hit.agent and u.hit.agent.role):
                    continue
                if target.kind not in ("person", "ner_person", "short"):
                    continue
            if target.kind in ("org", "inst") and u.kind not in ("state", "adj", "capital"):
                continue
            if u.kind == "people" and target.kind != "agent":
                continue
            target.mods.append(u)
            u.used = True
        for u in units:
            direct = [m for m in u.mods if not m.via_prep and self._country_of(m)]
            if direct:
                # "Ethiopian diplomats in Odesa": the country word wins; Odesa is a place
                for m in [m for m in u.mods if m.via_prep]:
                    u.mods.remove(m)
                    m.used = False

    def _governor(self, root: Token, by_tok: dict[int, _Unit], unit: _Unit) -> _Unit | None:
        tok = root
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in MODIFIER_DEPS and tok.head.i != tok.i:
            gov = by_tok.get(tok.head.i)
            if gov is not None:
                return gov
            # "Lebanon's new President Elias Hrawi": the parser may hang the possessive
            # on the title; follow one compound step.
            head = tok.head
            if head.dep_ in ("compound", "amod") and head.head.i in by_tok:
                return by_tok[head.head.i]
        if tok.dep_ == "pobj" and tok.head.lower_ in MODIFIER_PREPS:
            prep = tok.head
            gov = by_tok.get(prep.head.i)
            if gov is not None and gov.kind in ("agent", "ner_person", "ner_org", "person"):
                return gov
        # Parser slips: a country word directly before its noun ("U.S. Secretary of State").
        nxt = by_tok.get(unit.end)
        if nxt is not None and unit.kind in ("adj", "state", "org") and nxt.kind in (
                "agent", "person", "ner_person", "short"):
            return nxt
        return None

    # ---- resolution ----------------------------------------------------------------
    def _resolve_unit(self, doc: Doc, u: _Unit, day: dt.date | None, seen_people: set[str],
                      surnames: dict[str, Actor], out: Mentions) -> list[Found]:
        mods = _all_mods(u)
        start = min([u.start] + [m.start for m in mods])
        countries = [c for m in mods if (c := self._country_of(m))]
        orgs = [m for m in mods if m.kind == "org"]
        titles = [m for m in mods if m.kind == "agent"]
        k = u.kind
        if k == "state":
            start = _with_article(doc, u.start)
            return [Found(start, u.end, self.kb.state_actor(u.target), "name")]
        if k == "adj":
            return [Found(u.start, u.end, self.kb.state_actor(u.target), "adjective")]
        if k == "people":
            return [Found(_with_article(doc, u.start), u.end,
                          self.kb.state_actor(u.target, "CVL"), "people")]
        if k in ("capital", "place"):
            if _locative(doc, u):
                return []
            if k == "place" and not _agentive(doc, u):
                self._place(doc, u, out)
                return []
            iso = u.target if k == "capital" else self.kb.place_country(u.target)
            sector = "GOV" if k == "capital" else ""
            return [Found(u.start, u.end, self.kb.state_actor(iso, sector), k)]
        if k == "inst":
            iso = countries[0] if countries else u.target
            return [Found(_with_article(doc, start), u.end,
                          self.kb.state_actor(iso, u.sector), "institution")]
        if k == "org":
            return [Found(_with_article(doc, start), u.end, self.kb.org_actor(u.target), "name")]
        if k == "person":
            actor = self._titled_person(self.kb.person_actor(u.target, day), titles, countries)
            return [Found(start, u.end, actor, "name")]
        if k == "short":
            pid = self._pick_short(u.hit.short if u.hit else (), day, seen_people)
            if pid is None:
                return []
            actor = self._titled_person(self.kb.person_actor(pid, day), titles, countries)
            return [Found(start, u.end, actor, "short")]
        if k == "agent":
            return self._resolve_agent(doc, u, day, countries, orgs)
        if k == "ner_person":
            text = doc[u.start:u.end].text
            sector = titles[0].sector if titles else ""
            role = titles[0].hit.agent.role if titles and titles[0].hit and titles[0].hit.agent \
                else ""
            if role and not sector:
                sector = "GOV"
            actor = Actor(f"person:{slug(text)}", text, "person", countries[0] if countries
                          else "", sector, role=role or "", provisional=True)
            surnames[doc[u.end - 1].text] = actor
            return [Found(start, u.end, actor, "ner")]
        if k == "ner_org":
            start = _with_article(doc, u.start)
            text = doc[u.start:u.end].text
            sector = self._org_sector(doc, u)
            actor = Actor(f"org:{slug(text)}", text, "organization",
                          countries[0] if countries else "", sector, provisional=True)
            return [Found(start, u.end, actor, "ner")]
        return []

    def _resolve_agent(self, doc: Doc, u: _Unit, day: dt.date | None, countries: list[str],
                       orgs: list[_Unit]) -> list[Found]:
        agent = u.hit.agent if u.hit else None
        if agent is None:
            return []
        start = _with_article(doc, min([u.start] + [m.start for m in _all_mods(u)]))
        role = agent.role or ""
        if agent.person and role and doc[u.end - 1].tag_ not in PLURAL_TAGS:
            where = orgs[0].target if orgs else (countries[0] if countries else None)
            if where:
                person = self.kb.holder(role, where, day)
                if person is not None:
                    actor = self.kb.person_actor(person.id, day)
                    return [Found(start, u.end, actor, "role")]
                if orgs:
                    org = self.kb.org_actor(orgs[0].target)
                    actor = Actor(org.id, org.name, org.kind, org.country, org.sector, role,
                                  org.affiliation)
                    return [Found(start, u.end, actor, "role")]
                actor = self.kb.state_actor(where, agent.sector if agent.sector != "IGO"
                                            else "GOV", role)
                return [Found(start, u.end, actor, "role")]
            # "the president" alone: resolved by coreference over the article
            return [Found(_with_article(doc, u.start), u.end,
                          Actor("", role.lower(), "role", "", agent.sector, role), "title")]
        if len(countries) > 1:
            # "Hungarian and Romanian officials": one mention per country word
            return [Found(m.start, m.end, self.kb.state_actor(c, agent.sector), "agent",
                          head=u.span(doc).root.i)
                    for m in u.mods if (c := self._country_of(m))]
        if countries:
            return [Found(start, u.end, self.kb.state_actor(countries[0], agent.sector), "agent")]
        if orgs:
            org = self.kb.org_actor(orgs[0].target)
            actor = Actor(org.id, org.name, org.kind, org.country, agent.sector,
                          affiliation=org.affiliation or org.id)
            return [Found(start, u.end, actor, "agent")]
        label = doc[u.start:u.end].text.lower()
        return [Found(start, u.end, Actor(agent.id, label, "agent", "", agent.sector), "agent")]

    def _titled_person(self, actor: Actor, titles: list[_Unit], countries: list[str]) -> Actor:
        """A title in the text codes a person who, on the date, holds no role in the KB
        ("Russian President Boris Yeltsin" in an undated archive story)."""
        if actor.role or not titles:
            return actor
        agent = titles[0].hit.agent if titles[0].hit else None
        if agent is None or not agent.role:
            return actor
        country = countries[0] if countries else actor.country
        sector = agent.sector if agent.sector != "IGO" else "GOV"
        return Actor(actor.id, actor.name, actor.kind, country, sector, agent.role,
                     actor.affiliation, actor.gender)

    def _pick_short(self, ids: tuple[str, ...], day: dt.date | None,
                    seen: set[str]) -> str | None:
        named = [i for i in ids if i in seen]
        if len(named) == 1:
            return named[0]
        if len(ids) == 1:
            return ids[0]
        if day is not None:
            active = [i for i in ids if self.kb.active_role(self.kb.people[i], day)]
            if len(active) == 1:
                return active[0]
        return None

    def _country_of(self, u: _Unit) -> str:
        if u.kind in ("state", "adj", "people", "capital", "inst"):
            return u.target
        if u.kind == "place":
            return self.kb.place_country(u.target)
        return ""

    def _org_sector(self, doc: Doc, u: _Unit) -> str:
        for tok in reversed(doc[u.start:u.end]):
            agent = self.kb.agent_words.get(tok.lower_)
            if agent is not None:
                return agent.sector
        return ""

    def _place(self, doc: Doc, u: _Unit, out: Mentions) -> None:
        iso = self._country_of(u) or (u.target if u.kind == "state" else "")
        pid = u.target if u.kind == "place" else f"country:{u.target}"
        out.places.append(PlaceRef(u.start, u.end, doc[u.start:u.end].text, iso, pid,
                                   capital=u.kind == "capital"))

    def _provisional_surnames(self, doc: Doc, out: Mentions, surnames: dict[str, Actor],
                              by_tok: dict[int, _Unit]) -> None:
        """Later bare surnames of people the knowledge base does not know."""
        if not surnames:
            return
        first = {f.actor.id: f.start for f in out.found}
        for tok in doc:
            actor = surnames.get(tok.text)
            if actor is None or tok.pos_ != "PROPN" or tok.i in out.by_token or tok.i in by_tok:
                continue
            if tok.i < first.get(actor.id, 0):
                continue
            out.add(Found(tok.i, tok.i + 1, actor, "short"), doc)


def _all_mods(u: _Unit) -> list[_Unit]:
    """Modifiers and their modifiers: "NATO" modifies "Secretary-General", which
    modifies "Jens Stoltenberg"."""
    out: list[_Unit] = []
    for m in u.mods:
        out.append(m)
        out.extend(_all_mods(m))
    return out


def _with_article(doc: Doc, start: int) -> int:
    return start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start


def _titled(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN"


def _locative(doc: Doc, u: _Unit) -> bool:
    root = doc[u.start:u.end].root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE


def _agentive(doc: Doc, u: _Unit) -> bool:
    """A city or region acting or acted upon: subject or object of a verb."""
    root = doc[u.start:u.end].root
    return root.dep_ in ("nsubj", "nsubjpass", "dobj", "agent") or (
        root.dep_ == "pobj" and root.head.lower_ in ("with", "against", "by", "for"))
