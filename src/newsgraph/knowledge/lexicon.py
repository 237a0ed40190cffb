"""The CAMEO verb lexicon: PETRARCH2's dictionary, converted (scripts/convert_cameo_verbs.py)
and reviewed, read into patterns the event coder can use.

Each verb has a default code (or none: then only its block's patterns code it) and its
block's patterns: words that must surround the verb ("halt" + aid, "rush" + (to X)) and
the CAMEO code they give. Codes become PLOVER types through CAMEO2PLOVER-2021.txt:

- CAMEO 02x (appeals) has no row there; an appeal is PLOVER's REQUEST, so 02x takes the
  mode and context of the 10x code with the same last digits (021 "appeal for material
  cooperation" -> 101 "demand material cooperation"), keeping its own CAMEO code;
- CAMEO 01x (public statements: comments, denials, acknowledgements) is not a PLOVER
  event: statements are extracted as statements, so 01x patterns code nothing.

Hand-written patterns (patterns.jsonl) come first; the lexicon is the fallback, with a
lower confidence (LEXICON_CONFIDENCE).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.knowledge.files import data_dir, load_entries
from newsgraph.knowledge.schema import (
    EventPattern,
    LexiconBlock,
    LexiconLine,
    LexiconPattern,
    LexiconPhrase,
    LexiconPrep,
    LexiconSynset,
    TypeRoles,
)

LEXICON_CONFIDENCE = 0.6  # a pattern of the dictionary that names its objects
DEFAULT_CONFIDENCE = 0.5  # a verb's code alone


@dataclass(frozen=True)
class Words:
    """Alternatives for one word slot: single words and multi-word phrases."""

    words: frozenset[str]

    def any(self, candidates: set[str]) -> bool:
        return bool(self.words & candidates)


@dataclass(frozen=True)
class Phrase:
    head: Words
    mods: tuple[Words, ...] = ()


@dataclass(frozen=True)
class Prep:
    prep: str
    head: Words | None = None
    mods: tuple[Words, ...] = ()
    target: bool = False


@dataclass(frozen=True)
class Coding:
    """What a dictionary entry codes; made into an EventPattern when first used (the
    dictionary has thousands, a text needs a few)."""

    code: str
    id: str
    verbs: tuple[str, ...]
    reverse: bool
    target_prep: str | None
    confidence: float


@dataclass(frozen=True)
class LexPattern:
    """One dictionary pattern, ready to match: ``coding`` None means "no event"."""

    coding: Coding | None
    pre: tuple[Phrase, ...]
    post: tuple[Phrase, ...]
    preps: tuple[Prep, ...]
    specificity: int
    # for each constraint, the words one of which the context must hold: a quick test
    # before the full match (a preposition without an object is "@prep")
    keys: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class VerbSense:
    particle: str | None
    default: Coding | None
    patterns: tuple[LexPattern, ...]


@dataclass
class Lexicon:
    verbs: dict[str, list[VerbSense]] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # irregular form -> lemma
    size: dict[str, int] = field(default_factory=dict)
    cameo: dict = field(default_factory=dict)
    roles: dict[str, TypeRoles] = field(default_factory=dict)
    _patterns: dict[Coding, EventPattern] = field(default_factory=dict)

    def senses(self, lemma: str) -> list[VerbSense]:
        return self.verbs.get(lemma) or self.verbs.get(self.forms.get(lemma, ""), [])

    def pattern(self, c: Coding) -> EventPattern:
        """The event pattern of a coding: PLOVER type, mode and context from the CAMEO
        table, the source as the subject, the target where the type's roles say (the
        pattern's own "(PREP +)" first); "[:code]" entries code the subject as target."""
        p = self._patterns.get(c)
        if p is not None:
            return p
        ptype, mode, context = plover_of(c.code, self.cameo)
        roles = self.roles.get(ptype)
        target = list(roles.target) if roles else ["obj"]
        if c.target_prep:
            target = [f"prep:{c.target_prep}"] + [r for r in target
                                                  if r != f"prep:{c.target_prep}"]
        source = list(roles.source) if roles else ["subj"]
        if c.reverse:
            source, target = [], ["subj"]
        p = EventPattern.model_construct(
            id=c.id, type=ptype, mode=mode, context=list(context), cameo=c.code,
            verbs=list(c.verbs), nouns=[], adjectives=[], objects=[], modifiers=[], without=[],
            preps=[], joint=None, source=source, target=target, requires_target=False,
            object_is_actor=False, confidence=c.confidence, examples=[],
            note="CAMEO verb dictionary", cameo_approx=True)
        self._patterns[c] = p
        return p


def plover_of(code: str, table: dict) -> tuple[str, str, tuple[str, ...]] | None:
    """CAMEO code -> (PLOVER type, mode, context), or None for statements (01x)."""
    if code.startswith("01"):
        return None
    look = "10" + code[2:] if code.startswith("02") else code
    while len(look) >= 2:
        known = table.get(look) or (table.get(look + "0") if len(look) == 2 else None)
        if known is not None:  # else the parent code, down to the root's "xx0"
            return known.type, known.mode, known.context
        look = look[:-1]
    return None


def read_type_roles(path: Path | None = None) -> tuple[dict[str, TypeRoles], list[str]]:
    path = path or data_dir("events") / "type_roles.jsonl"
    items, errors = load_entries([path], TypeRoles)
    return {i.entry.type: i.entry for i in items}, errors


def read_lexicon(cameo_table: dict, roles: dict[str, TypeRoles],
                 path: Path | None = None) -> tuple[Lexicon, list[str]]:
    path = path or data_dir("events") / "cameo_verbs.jsonl"
    items, errors = load_entries([path], LexiconLine)
    synsets = {i.entry.synset: i.entry.words for i in items if isinstance(i.entry, LexiconSynset)}
    lex = Lexicon(cameo=cameo_table, roles=roles)

    def words(alts: list[str], where: str) -> Words:
        out: set[str] = set()
        for w in alts:
            if w.startswith("&"):
                if w[1:] not in synsets:
                    errors.append(f"{where}: unknown synonym set {w}")
                out.update(synsets.get(w[1:], ()))
            else:
                out.add(w)
        return Words(frozenset(out))

    def make(code: str | None, block: LexiconBlock, verbs: list[str], line: int,
             reverse: bool, target_prep: str | None, confidence: float) -> Coding | None:
        if code is None or plover_of(code, cameo_table) is None:
            return None
        return Coding(code, f"{block.id}.{line}", tuple(verbs), reverse, target_prep,
                      confidence)

    def phrase(p: LexiconPhrase, where: str) -> Phrase:
        return Phrase(words(p.head, where), tuple(words(m, where) for m in p.mods))

    def prep(p: LexiconPrep, where: str) -> Prep:
        return Prep(p.prep, words(p.head, where) if p.head else None,
                    tuple(words(m, where) for m in p.mods), p.role == "target")

    n_verbs = n_patterns = 0
    for item in items:
        block = item.entry
        if not isinstance(block, LexiconBlock):
            continue
        names = [v.lemma + (f" {v.particle}" if v.particle else "") for v in block.verbs]
        pats = []
        for lp in block.patterns:
            if not lp.pre and not lp.post and all(not x.head for x in lp.preps):
                # a bare preposition ("led (TO)", "headed (FOR)") is too weak a sign
                continue
            pats.append(_compile(lp, block, names, item.where, phrase, prep, make))
        n_patterns += len(pats)
        pats.sort(key=lambda p: -p.specificity)
        for v, name in zip(block.verbs, names, strict=True):
            default = make(v.code, block, [name], block.line, v.reverse, None,
                           DEFAULT_CONFIDENCE)
            lex.verbs.setdefault(v.lemma, []).append(VerbSense(v.particle, default,
                                                               tuple(pats)))
            for f in v.forms:
                lex.forms.setdefault(f, v.lemma)
            n_verbs += 1
    lex.size = {"verbs": n_verbs, "patterns": n_patterns, "synsets": len(synsets)}
    return lex, errors


def _compile(lp: LexiconPattern, block: LexiconBlock, names: list[str], where: str,
             phrase, prep, make) -> LexPattern:
    pre = tuple(phrase(p, where) for p in lp.pre)
    post = tuple(phrase(p, where) for p in lp.post)
    preps = tuple(prep(p, where) for p in lp.preps)
    target_prep = next((p.prep for p in preps if p.target), None)
    spec = (len(pre) + len(post) + sum(1 + (p.head is not None) for p in preps)
            + sum(len(p.mods) for p in pre + post))
    pattern = make(lp.code, block, names, lp.line, lp.reverse, target_prep,
                   LEXICON_CONFIDENCE)
    keys = tuple([p.head.words for p in pre + post] +
                 [p.head.words if p.head is not None else frozenset({"@" + p.prep})
                  for p in preps])
    return LexPattern(pattern, pre, post, preps, spec, keys)
