"""The actor knowledge base: states, organisations, people with dated roles, generic agents,
places. Loaded once from JSON Lines files, validated, and indexed for the resolver.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError
from rapidfuzz.distance import DamerauLevenshtein

from newsgraph.errors import KnowledgeError
from newsgraph.knowledge.cache import cached
from newsgraph.knowledge.files import Located, data_dir, iter_jsonl, jsonl_files, load_entries
from newsgraph.knowledge.schema import (
    ActorEntry,
    Agent,
    Organization,
    Person,
    Place,
    Role,
    State,
)

SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary",
    "LEG": "legislature", "SPY": "intelligence", "OPP": "opposition", "REB": "rebels",
    "CVL": "civilians", "PTY": "parties", "BUS": "business", "JRN": "media",
    "MED": "health", "EDU": "education", "REL": "religious", "LAB": "labour",
    "REF": "refugees", "CRM": "criminals", "ELI": "elites", "AGR": "agriculture",
    "UAF": "armed men", "PRM": "paramilitary", "SOC": "civil society", "IGO": "IGO",
}


STATE_SECTORS = ("GOV", "MIL", "IGO")
# The generic agent words converted from the field's dictionaries (scripts/
# convert_agents.py): any other agent entry with the same word wins over them.
DICTIONARY_FILE = "agents_dictionary.jsonl"


@dataclass(frozen=True)
class Actor:
    """What a mention resolves to: the record fields of SCHEMA.md's mention/actor."""

    id: str
    name: str
    kind: str  # state | person | organization | igo | agent | place
    country: str = ""
    sector: str = ""
    role: str = ""
    affiliation: str = ""
    gender: str = ""
    provisional: bool = False


@dataclass(frozen=True)
class Name:
    """One surface form in the gazetteer and what it can stand for."""

    target: str  # actor or place id
    how: str  # name | adjective | people | capital | institution | place | short
    sector: str = ""


# The bundled historical layer converted from the Phoenix actor dictionaries (scripts/
# convert_phoenix_actors.py): ~21,000 entries, read at start-up as plain JSON and each
# validated when first used (`newsgraph actors validate` and the tests check them all).
LAYER_FILES = ("phoenix_actors.jsonl.gz",)
_ENTRY = TypeAdapter(ActorEntry)


class Entries(MutableMapping):
    """Entries by id; those of the layer are kept as JSON until first looked up."""

    def __init__(self) -> None:
        self.ready: dict = {}
        self.raw: dict[str, tuple[str, str]] = {}  # id -> (JSON text, file:line)

    def __getitem__(self, key: str):
        try:
            return self.ready[key]
        except KeyError:
            obj, where = self.raw.pop(key)  # KeyError for an unknown id
        try:
            entry = _ENTRY.validate_json(obj)
        except ValidationError as exc:
            raise KnowledgeError(f"{where}: {exc.errors()[0]['msg']}") from exc
        self.ready[key] = entry
        return entry

    def __contains__(self, key) -> bool:
        return key in self.ready or key in self.raw

    def __setitem__(self, key: str, value) -> None:
        self.raw.pop(key, None)
        self.ready[key] = value

    def __delitem__(self, key: str) -> None:
        if key in self.ready:
            del self.ready[key]
        else:
            del self.raw[key]

    def __iter__(self):
        yield from self.ready
        yield from list(self.raw)

    def __len__(self) -> int:
        return len(self.ready) + len(self.raw)


@dataclass
class KnowledgeBase:
    states: dict[str, State] = field(default_factory=dict)  # by iso3
    organizations: Entries = field(default_factory=Entries)
    people: Entries = field(default_factory=Entries)
    agents: dict[str, Agent] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    names: dict[str, list[Name]] = field(default_factory=lambda: defaultdict(list))
    names_any_case: dict[str, list[Name]] = field(default_factory=lambda: defaultdict(list))
    short_names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    agent_words: dict[str, Agent] = field(default_factory=dict)
    converted: set[str] = field(default_factory=set)  # agent ids from DICTIONARY_FILE
    holders: dict[tuple[str, str], list[tuple[Role, Person]]] = field(
        default_factory=lambda: defaultdict(list))
    sources: dict[str, str] = field(default_factory=dict)  # id -> file:line
    _layer_names: dict[str, tuple] = field(default_factory=dict)  # id -> (names, short)
    _fuzzy_index: dict | None = None
    _fuzzy_states: dict | None = None

    # ---- building -------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Iterable[Path] = (), *, strict: bool = True,
             cache: Path | None = None) -> KnowledgeBase:
        """The bundled files plus ``extra`` files or folders of the user; ``cache``: a
        folder where the layer's lines are kept between runs (knowledge/cache.py)."""
        paths = _paths(extra)
        layer = [p for p in paths if p.name in LAYER_FILES and p.parent == data_dir("actors")]
        located, errors = load_entries([p for p in paths if p not in layer], ActorEntry)
        kb = cls()
        errors += kb._add_all(located)
        lines, layer_errors = cached(cache, "actor-layer", layer, lambda: _read_layer(layer))
        errors += layer_errors
        kb._add_layer(lines)
        kb._index()
        if errors and strict:
            raise KnowledgeError("invalid actor knowledge:\n" + "\n".join(errors[:50]))
        return kb

    @classmethod
    def validate(cls, extra: Iterable[Path] = ()) -> list[str]:
        """All problems of the bundled and given files, as 'file:line: reason'."""
        located, errors = load_entries(_paths(extra), ActorEntry)
        return errors + cls()._add_all(located)

    def _add_layer(self, lines: list[tuple]) -> None:
        """The layer's entries (see _read_layer), parsed when first used; an id the
        curated or the user's files define is theirs."""
        tables = {"person": self.people, "organization": self.organizations}
        for kind, key, text, where, names, short in lines:
            if key not in self.sources:
                self.sources[key] = where
                tables[kind].raw[key] = (text, where)
                self._layer_names[key] = (names, short)

    def _add_all(self, located: list[Located]) -> list[str]:
        errors: list[str] = []
        for item in located:
            e = item.entry
            key = e.id
            if key in self.sources:
                errors.append(f"{item.where}: id {key!r} already defined at {self.sources[key]}")
                continue
            self.sources[key] = item.where
            if isinstance(e, State):
                self.states[e.iso3] = e
            elif isinstance(e, Organization):
                self.organizations[e.id] = e
            elif isinstance(e, Person):
                self.people[e.id] = e
            elif isinstance(e, Agent):
                self.agents[e.id] = e
                if Path(item.path).name == DICTIONARY_FILE:
                    self.converted.add(e.id)
            elif isinstance(e, Place):
                self.places[e.id] = e
        titles = {a.role for a in self.agents.values() if a.role}
        for item in located:
            e = item.entry
            if isinstance(e, Person):
                for r in e.roles:
                    if titles and r.title and r.title not in titles:
                        errors.append(f"{item.where}: role title {r.title!r} is not a role of "
                                      "any agent in agents.jsonl")
                    if r.org and r.org not in self.organizations:
                        errors.append(f"{item.where}: role org {r.org!r} is not a known "
                                      "organization")
            if isinstance(e, Organization) and e.parent and e.parent not in self.organizations:
                errors.append(f"{item.where}: parent {e.parent!r} is not a known organization")
        return errors

    def _index(self) -> None:
        self.names.clear()
        self.names_any_case.clear()
        self.short_names.clear()
        self.agent_words.clear()
        self.holders.clear()
        for s in self.states.values():
            sid = s.id
            for n in s.names:
                self.names[n].append(Name(sid, "name"))
            for n in s.adjectives:
                self.names[n].append(Name(sid, "adjective"))
            for n in s.people:
                self.names[n].append(Name(sid, "people", "CVL"))
            for n in s.capitals:
                self.names[n].append(Name(sid, "capital", "GOV"))
            for inst in s.institutions:
                for n in inst.names:
                    self.names[n].append(Name(sid, "institution", inst.sector))
        for key in [*self.organizations.raw, *self.people.raw]:
            names, short = self._layer_names[key]
            name = Name(key, "name")
            for n in names:
                self.names_any_case[n.lower()].append(name)
            for n in short:
                self.short_names[n].append(key)
        for o in self.organizations.ready.values():
            table = self.names_any_case if o.ignore_case else self.names
            for n in o.names:
                table[n.lower() if o.ignore_case else n].append(Name(o.id, "name"))
        for p in self.people.ready.values():
            table = self.names_any_case if p.ignore_case else self.names
            for n in p.names:
                table[n.lower() if p.ignore_case else n].append(Name(p.id, "name"))
            for n in p.short:
                self.short_names[n].append(p.id)
            for r in p.roles:
                if r.title:  # who held a post: looked up by its title
                    self.holders[(r.title, r.org or r.country)].append((r, p))
        for pl in self.places.values():
            for n in pl.names:
                self.names[n].append(Name(pl.id, "place"))
        # Converted dictionary entries first, so that a hand-written (or the user's) entry
        # with the same word wins.
        for a in sorted(self.agents.values(), key=lambda a: a.id not in self.converted):
            for w in a.words:
                self.agent_words[w] = a

    # ---- lookups ---------------------------------------------------------------------
    def state(self, iso3: str) -> State | None:
        return self.states.get(iso3)

    def state_actor(self, iso3: str, sector: str = "", role: str = "") -> Actor:
        """The state itself, or one of its sectors ('country:UKR:GOV')."""
        s = self.states.get(iso3)
        name = s.name if s else iso3
        if sector and sector != "IGO":
            label = SECTOR_NAMES.get(sector, sector)
            return Actor(f"country:{iso3}:{sector}", f"{name} ({label})", "agent", iso3, sector,
                         role=role)
        return Actor(f"country:{iso3}", name, "state", iso3, "")

    def org_actor(self, org_id: str, day: dt.date | None = None) -> Actor:
        """The organisation coded as of ``day`` (its dated sector, if it has one)."""
        o = self.organizations[org_id]
        affiliation = ""
        if o.country == "IGO":
            affiliation = o.parent or o.id
        kind = "igo" if o.kind == "igo" else "organization"
        return Actor(o.id, o.name, kind, o.country, o.sector_on(day), affiliation=affiliation)

    def person_actor(self, person_id: str, day: dt.date | None) -> Actor:
        """The person coded as of ``day``: the active role, else nationality and ELI."""
        p = self.people[person_id]
        role = self.active_role(p, day)
        if role is None:
            return Actor(p.id, p.name, "person", p.country, p.sector, gender=p.gender)
        affiliation = role.org or ""
        return Actor(p.id, p.name, "person", role.country, role.sector, role.title,
                     affiliation, p.gender)

    @staticmethod
    def active_role(p: Person, day: dt.date | None) -> Role | None:
        if not p.roles:
            return None
        if day is None:
            # Without a date, the most recent role tells who the person is.
            return max(p.roles, key=lambda r: r.start or dt.date.min)
        active = [r for r in p.roles if r.active(day)]
        if not active:
            return None
        # Several posts at once: a state post before a party or parliament post (an acting
        # president who is also speaker is coded GOV), then the one held longest.
        return sorted(active, key=lambda r: (r.sector not in STATE_SECTORS, r.org is not None,
                                             r.start or dt.date.min))[0]

    def holder(self, title: str, where: str, day: dt.date | None) -> Person | None:
        """Who held ``title`` in ``where`` (ISO-3 or organisation id) on ``day``."""
        cands = self.holders.get((title, where), [])
        if day is None:
            return None
        active = [p for r, p in cands if r.active(day)]
        return active[0] if len(active) == 1 else None

    def place_country(self, place_id: str) -> str:
        return self.places[place_id].country

    def country_on(self, iso3: str, day: dt.date | None) -> str:
        """The state a territory belonged to on ``day`` (Juba in 2000 -> SDN)."""
        seen = set()
        while day is not None and iso3 not in seen:
            seen.add(iso3)
            s = self.states.get(iso3)
            if s is None or s.predecessor is None or s.valid.start is None or \
                    day >= s.valid.start:
                break
            iso3 = s.predecessor
        return iso3

    # ---- near matches of names --------------------------------------------------------
    def fuzzy_person(self, name: str, title: str | None = None,
                     country: str | None = None) -> Person | None:
        """The one person whose name is within one edit of ``name`` (per word, ignoring
        accents and case), compatible with the title and country the text gives; None
        when there is no such person or more than one. For misspellings and
        transliterations ("Francois Mitterand", "Juvenal Habyariman")."""
        words = fold(name).split()
        if len(words) < 2:
            return None
        if self._fuzzy_index is None:
            self._build_fuzzy_index()
        surname = words[-1]
        found: dict[str, Person] = {}
        for cand_surname, pid, cand_words in self._fuzzy_index.get(surname[:2], ()):
            if abs(len(cand_surname) - len(surname)) > 1:
                continue
            if not _close(cand_surname, surname) or not _close(cand_words[0], words[0]):
                continue
            p = self.people[pid]
            if title and not any(r.title == title for r in p.roles):
                continue
            if country and country != p.country and not any(
                    r.country == country for r in p.roles):
                continue
            found[pid] = p
        return next(iter(found.values())) if len(found) == 1 else None

    def fuzzy_state_word(self, word: str) -> Name | None:
        """A one-word state name, adjective or capital within one edit of ``word``
        ("Quatar" -> Qatar); None unless exactly one matches."""
        if self._fuzzy_states is None:
            index: dict[str, list[tuple[str, Name]]] = defaultdict(list)
            for surface, names in self.names.items():
                for n in names:
                    if n.target.startswith("country:") and " " not in surface \
                            and len(surface) >= 5 and n.how in ("name", "adjective", "capital"):
                        index[fold(surface)[:1]].append((fold(surface), n))
            self._fuzzy_states = index
        w = fold(word)
        found = {n.target: n for cand, n in self._fuzzy_states.get(w[:1], ())
                 if abs(len(cand) - len(w)) <= 1 and _close(cand, w)}
        return next(iter(found.values())) if len(found) == 1 else None

    def prepare(self) -> None:
        """Build the near-match indexes (otherwise built on first use)."""
        if self._fuzzy_index is None:
            self._build_fuzzy_index()
        self.fuzzy_state_word("")

    def _build_fuzzy_index(self) -> None:
        index: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
        names = [*((p.id, p.names) for p in self.people.ready.values()),
                 *((key, self._layer_names[key][0]) for key in self.people.raw)]
        for pid, person_names in names:
            for n in person_names:
                w = fold(n).split()
                if len(w) >= 2 and len(w[-1]) >= 4:
                    index[w[-1][:2]].append((w[-1], pid, w))
        self._fuzzy_index = index

    # ---- listing ----------------------------------------------------------------------
    def entries(self):
        """Every actor entry: states, organisations, people (agents and places aside)."""
        yield from self.states.values()
        yield from self.organizations.values()
        yield from self.people.values()

    def search(self, text: str | None = None, kind: str | None = None,
               country: str | None = None, limit: int | None = None) -> list[dict]:
        """Entries whose id or any name contains ``text`` (any case), as summary rows."""
        needle = fold(text) if text else None
        rows = []
        for e in self.entries():
            row = self.summary(e)
            if kind and row["kind"] != kind:
                continue
            if country and country.upper() not in row["countries"]:
                continue
            if needle and needle not in fold(e.id) and not any(
                    needle in fold(n) for n in [e.name, *e.names]):
                continue
            rows.append(row)
            if limit and len(rows) >= limit:
                break
        return rows

    def summary(self, e) -> dict:
        if isinstance(e, State):
            return {"id": e.id, "name": e.name, "kind": "state", "country": e.iso3,
                    "sector": "", "countries": [e.iso3], "names": len(e.names)}
        if isinstance(e, Organization):
            return {"id": e.id, "name": e.name, "kind": e.kind, "country": e.country,
                    "sector": e.sector, "countries": [e.country], "names": len(e.names)}
        role = self.active_role(e, None)
        return {"id": e.id, "name": e.name, "kind": "person",
                "country": role.country if role else e.country,
                "sector": role.sector if role else e.sector,
                "countries": sorted({e.country, *(r.country for r in e.roles)}),
                "names": len(e.names)}

    def describe(self, actor_id: str) -> dict | None:
        """One entry in full, with where it is defined."""
        for table in (self.people, self.organizations, self.agents, self.places):
            if actor_id in table:
                e = table[actor_id]
                break
        else:
            iso = actor_id.split(":")[1] if actor_id.startswith("country:") else ""
            e = self.states.get(iso)
            if e is None:
                return None
        out = e.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        out["defined_at"] = self.sources.get(e.id, "")
        return out

    def actor(self, actor_id: str, day: dt.date | None = None) -> Actor | None:
        """Look an id up; None if the knowledge base does not know it."""
        if actor_id.startswith("country:"):
            parts = actor_id.split(":")
            if parts[1] not in self.states:
                return None
            return self.state_actor(parts[1], parts[2] if len(parts) > 2 else "")
        if actor_id in self.people:
            return self.person_actor(actor_id, day)
        if actor_id in self.organizations:
            return self.org_actor(actor_id, day)
        return None


def _read_layer(paths: list[Path]) -> tuple[list[tuple], list[str]]:
    """(type, id, JSON text, file:line, names, short forms) of each line of the layer
    files, and the problems found."""
    lines, errors = [], []
    for path in paths:
        try:
            for n, obj in iter_jsonl(path):
                where = f"{path}:{n}"
                if obj.get("type") not in ("person", "organization") or not isinstance(
                        obj.get("id"), str):
                    errors.append(f"{where}: the layer holds people and organisations "
                                  "with an id")
                    continue
                lines.append((obj["type"], obj["id"], json.dumps(obj, ensure_ascii=False),
                              where, tuple(obj.get("names", ())),
                              tuple(obj.get("short", ()))))
        except KnowledgeError as exc:
            errors.append(str(exc))
    return lines, errors


def _paths(extra: Iterable[Path]) -> list[Path]:
    paths = jsonl_files(data_dir("actors"))
    for p in extra:
        p = Path(p)
        if p.is_dir():
            paths.extend(jsonl_files(p))
        elif p.exists():
            paths.append(p)
    return paths


def slug_id(text: str) -> str:
    """A stable lower-case id from a name: "Donald J. Trump" -> "donald-j-trump"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def fold(text: str) -> str:
    """Lower case without accents: the key for near matches of names."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("-", " ")


def _close(a: str, b: str) -> bool:
    """Equal, or one edit apart (a swap counts as one) for words of five letters or more."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and DamerauLevenshtein.distance(a, b) <= 1
