"""What the actor layer hands to the event and speech coders: mentions over tokens."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.knowledge.actors import Actor, KnowledgeBase


@dataclass(slots=True)
class Found:
    """An actor (or place) mention over tokens [start, end)."""

    start: int
    end: int
    actor: Actor
    how: str  # name | short | adjective | people | capital | institution | agent | role
    #           | ner | fuzzy | pronoun | title | place
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

    def at(self, token: Token) -> list[Found]:
        """Actor mentions at a token (places are not actors until a role makes them so)."""
        return [f for f in self.by_token.get(token.i, ()) if f.how != "place"]

    def place_actor(self, token: Token, kb: KnowledgeBase) -> list[Found]:
        """A place named where a role wants an actor ("a visit to Baghdad", "aid to
        Gaza"): its mention becomes the state it belongs to."""
        for f in self.by_token.get(token.i, ()):
            if f.how == "place" and f.actor.country:
                capital = any(p.capital for p in self.places if p.start == f.start)
                # a capital stands for the government; a town or region for its people
                f.actor = kb.state_actor(f.actor.country, "GOV" if capital else "CVL")
                f.how = "place-actor"
                return [f]
        return []
