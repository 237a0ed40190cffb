#!/usr/bin/env python3
"""Convert the field's agent dictionaries into newsgraph's generic agent words.

usage: convert_agents.py [PLOVER_agents.txt] [Phoenix.agents.txt] [-o agents_dictionary.jsonl]
                         [--check] [--list]

Input: the CAMEO/PLOVER agents dictionaries of the Open Event Data Alliance (MIT licence,
format in PETRARCH2's ``dictionaries.rst``, "Agents dictionary"): lines
``PHRASE {PLURAL} [~CODE] # comment`` where ``_`` joins words, ``{...}`` gives the
irregular plural (``{}``: none), ``!PERSON!`` and ``!MINIST!`` are substitution sets
defined at the top of the file, and the code is one or more three-letter sector codes
(``~GOVMIL``: government, military). ``PLOVER_agents.txt`` (NGEC, PLOVER codes) comes
first; ``Phoenix.agents.txt`` (PETRARCH2, CAMEO codes) adds the phrases the first lacks.

Output: one ``newsgraph.knowledge.schema.Agent`` per phrase (its singular and plural
forms), with the id ``agent:dict-<phrase>``, in the order of the source files (``--list``
gives each phrase's file and line). How the conversion reads the format:

- a blank between words (which PETRARCH reads as "other words may come between") is read
  as adjacent words; leading "a"/"the" and trailing prepositions ("EMBASSY_IN") are
  dropped; "AD!MINIST!RATION" (a search-and-replace slip in the source) is
  "administration"; a word "MINIST" ending a phrase is the stem of minister/ministry;
- regular plurals are made for the head: the last word, or the word before the first
  preposition ("ministry of health" -> "ministries of health"): -s; -es after s, x, z,
  ch, sh; -ies after a consonant + y; -men for -man; none when the word already ends in
  a plain -s (a plural), for "... general", or when the line gives ``{}``;
- "pro democracy" also gives "pro-democracy" (and anti, non, semi, ex, counter, self),
  "state run" also "state-run" (run, owned, led, backed, controlled);
- ``!MINIST!`` gives two entries, the ministers (people) and the ministries (bodies);
- the sector is the first code (``GOVMIL`` -> GOV), with the exceptions in
  ``COMBINED`` (civilian opposition ``CVLOPP`` -> OPP ...), and CAMEO codes of the
  Phoenix file mapped to PLOVER sectors in ``CAMEO_TO_PLOVER`` (``MED`` media -> JRN,
  ``HLH`` health -> MED, religions -> REL ...); ``JNK``/``NON`` (not an agent) and a
  bare ``UNK`` (no sector) are left out, also from the second file;
- ``person`` is set unless the head word is a body, a place or a thing (``BODY_HEADS``):
  "the lawyer John Smith" is a person described by a noun, not a body named by one;
- against the hand-written ``agents.jsonl`` (which wins for any word both have): forms
  it has are left out; a phrase whose head word it has with the same sector, and no
  other of its words, is left out (the resolver codes it the same from the head); a
  phrase whose head is a hand-written title (an entry with a ``role``: "minister",
  "leader") is left out when the sector is the title's or another word is a
  hand-written agent word ("rebel leader": the resolver combines them and keeps the
  title logic: who holds the post, coreference); a phrase with a hand-written word of
  its own sector before a head the hand-written file lacks ("opposition coalition",
  "police post") is left out:
  the resolver codes it from that word, which also gives its sector to the phrase the
  whole hangs on ("leaders of the opposition coalition"); a phrase that shares a form
  with a hand-written entry of another sector must have a review line;
- our review (``agents_review.tsv`` next to the output) drops phrases that are no
  agents in news use, places, things, or clash with our rules, corrects sectors, and
  marks words that are actors only as the head of their phrase; each line gives its
  reason.

``--check`` converts and compares with the file in the package (exit 1 if it differs).
``--list`` prints every phrase before review and the lines left out, for review.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_PLOVER = SHARED / "ngec" / "PLOVER_agents.txt"
DEFAULT_PHOENIX = SHARED / "petrarch2" / "Phoenix.agents.txt"
DATA = ROOT / "src" / "newsgraph" / "data" / "actors"
DEFAULT_OUT = DATA / "agents_dictionary.jsonl"
REVIEW = DATA / "agents_review.tsv"
HAND = DATA / "agents.jsonl"

# PLOVER sector codes (newsgraph.knowledge.schema.SECTORS); the converter does not import
# the package so that it runs with any Python 3.
SECTORS = {
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP",
    "PRE", "REL", "SOC", "NGO", "IGO", "INS",
}
# Codes that mean "not an agent".
SKIP_CODES = {"JNK", "NON"}
# CAMEO codes of the Phoenix file that PLOVER names otherwise (CAMEO's MED is the media,
# PLOVER's MED is health; PLOVER has one sector for all religions).
CAMEO_TO_PLOVER = {
    "MED": "JRN", "HLH": "MED", "MUS": "REL", "CHR": "REL", "CTH": "REL", "PRO": "REL",
    "JEW": "REL", "HIN": "REL", "BUD": "REL", "MAR": "REL", "HRI": "NGO", "ENV": "SOC",
    "PPL": "CVL", "IMG": "REB", "RAD": "OPP", "DEV": "GOV",
}
# Combined codes read otherwise than by their first code (both files).
COMBINED = {
    # civilian opposition: activists, dissidents, defectors (the hand-written file codes
    # activists and dissidents OPP)
    "CVLOPP": "OPP", "CVLOPPEDU": "OPP", "CVLOPPJRN": "OPP",
    # protesting farmers, workers, nurses: their occupation, as the hand-written
    # "striking workers" resolve
    "CVLOPPAGR": "AGR", "CVLOPPLAB": "LAB", "CVLOPPMED": "MED",
    # opposition parties and their members, protest movements: OPP, as the hand-written
    # "opposition party", "protest movement"
    "PTYOPP": "OPP", "SOCOPP": "OPP", "UNKOPP": "OPP",
    # religious extremists and militants: the armed side
    "RELREB": "REB", "RELUAF": "UAF",
}
# Substitution sets that split into entries of different kinds: the ministers are
# people, the ministries bodies.
SPLIT_SETS = {"MINIST": (("MINISTER", "MINISTERS"), ("MINISTRY", "MINISTRIES"))}
PREPOSITIONS = {"of", "for", "in", "to", "at", "on", "with", "from", "against", "and"}
# "attorney general", "inspector general": the head is the office before "general"
# (in "lieutenant general", "ruling general" it is "general")
OFFICES_BEFORE_GENERAL = {"attorney", "inspector", "auditor", "advocate", "solicitor",
                          "prosecutor", "consul", "governor", "director", "secretary",
                          "postmaster", "procurator", "comptroller"}
PREFIXES = {"pro", "anti", "non", "semi", "ex", "counter", "self"}
PARTICIPLES = {"run", "owned", "led", "backed", "controlled"}
LINE_RE = re.compile(r"^(?P<phrase>[^\[{]*?)\s*(?:\{(?P<plural>[^}]*)\})?\s*"
                     r"(?:\[(?P<code>[^\]}]*)[\]}])?\s*$")
VOWELS = set("aeiou")
# Mass nouns: no regular plural.
MASS_NOUNS = {"media", "press", "police", "personnel", "staff", "intelligence", "television",
              "tv", "radio", "military", "infantry", "artillery", "clergy", "leadership",
              "judiciary", "aircraft", "security", "enforcement", "information", "justice",
              "labor", "labour", "management", "bureaucracy", "soldiery", "mafia", "maffia"}
# Head words of bodies, places and things: the entries whose head is none of these
# name people ("person": true).
BODY_HEADS = set("""
16 4c activity administration advisory aerospace affairs agency aircraft airline
airliner airway alliance ambulance apache apparatus archdiocese armies army artillery
assemblage assemblies assembly association authorit authorities authority automaker
b-52 band bank barracks base battalion battleship battlewagon blog board boat bodies
body bomber branch building bundesrat bundestag bureau bureaucracy business cabinet
camp capital carmaker carrier cartel center centre chamber chancellery chancery check
chinook church city clique coalition college command commission committee community
compan company conglomerate congress conservatory consistory consulate containership
contractor corp corporation corvette council court courts craft crime cruiser daily
deparment department dept destroyer detachment development diet diocese district
dragonfly drone drones duma echelon electorate embassy employer enforcement enterprise
especiales exchange exporter f-16 f-7mg f/a-18 facilitiy facility faction falcon
familiy family federale federation fisheries food force forces freighter frigate front
gang gangdom gangland garrison gazette gendarmerie gendarmery gendermarie govenment
governance government group gun gunship health helicopter hmmwv home hornet hospital
house housing humvee husbandry industr industry infantry infirmary information
institution insurgence insurgency intelligence inter-governmental intergovernmental
jail jet jetfighter jetliner judicatory judicature judiciary jumbojet junta justice
jute katushya kfir kindergarden kindergarten kingdom labor launcher leadership
legislature machine maffia mafia magazine maker management manufacturer media meeting
mi-24vm/hind mig mig-21pfm military milita militia ministry mirage-2000 missile
mission mob monarcy monastary monastery movement navy neighborhood neighbourhood news
newspaper ngo office operation operations opposition org organisation organization
orion osprey outlet palace parliament parties party patrol patrols phalanx plane
planes planning police politburo polity population portfolio poseidon position post
praesidium predator preschool presence press presidium prison procuratorate progress
province publication races radio raptor reaper rebellion regime regiment region
religion reserve resistance resources revolt rule sanatarium sanatorium sanitarium
savings school schoolhouse science secretariat secretariate sector securities security
service services settlement ship site society soldiery squad staff state station
steelmaker su-24 su-30mk supertanker survey syndicate system tabloid tank tanker team
telecom television town trade transport tribunal tv typhoon uav union unit university
uprising vehicle vessel village watchdog water website wing
""".split())


# ---- reading --------------------------------------------------------------------------

def read_sets(lines: list[str]) -> dict[str, list[str]]:
    """'!PERSON! = MAN, MEN, ...' -> {'PERSON': ['MAN', 'MEN', ...]}."""
    sets = {}
    for line in lines:
        m = re.match(r"^\s*!([A-Z]+)!\s*=\s*(.+)$", line.split("#", 1)[0])
        if m:
            sets[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
    return sets


def read_lines(lines: list[str]) -> list[dict]:
    """Every agent line of a dictionary: phrase, plural (None: regular; '': none), code
    (None when the line has none), line number."""
    out = []
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line or re.match(r"^!([A-Z]+)!\s*=", line):
            continue
        m = LINE_RE.match(line)
        if not m or not m.group("phrase"):
            out.append({"line": n, "phrase": line, "plural": None, "code": None})
            continue
        plural = m.group("plural")
        out.append({"line": n, "phrase": m.group("phrase"),
                    "plural": None if plural is None else plural.strip(),
                    "code": (m.group("code") or "").replace("~", "").strip().upper() or None})
    return out


def sector_of(code: str | None, cameo: bool) -> str | None:
    """'GOVMIL' -> 'GOV'; None for junk, no sector, unknown or absent codes."""
    if not code or not re.fullmatch(r"(?:[A-Z]{3})+", code):
        return None
    if code in COMBINED:
        return COMBINED[code]
    first = code[:3]
    if first in SKIP_CODES or first == "UNK":
        return None
    if first in CAMEO_TO_PLOVER and (cameo or first not in SECTORS):
        first = CAMEO_TO_PLOVER[first]
    return first if first in SECTORS else None


def skip_reason(code: str | None) -> str:
    first = (code or "")[:3]
    return ("not an agent (JNK/NON)" if first in SKIP_CODES else
            "no sector (UNK)" if first == "UNK" else "no usable code")


# ---- phrases --------------------------------------------------------------------------

def words_of(phrase: str) -> list[str]:
    """'CHAMBER_OF_COMMERCE' -> ['chamber', 'of', 'commerce']."""
    text = re.sub(r"\s+", " ", phrase.replace("_", " ").lower()).strip()
    words = text.split(" ") if text else []
    while words and words[0] in ("a", "an", "the"):
        words = words[1:]
    while words and words[-1] in PREPOSITIONS:
        words = words[:-1]
    return words


def head_index(words: list[str]) -> int:
    """The head: the word before the first preposition, else the last word (the office
    before a postpositive 'general')."""
    for i, w in enumerate(words[1:], 1):
        if w in PREPOSITIONS:
            return i - 1
    if len(words) > 1 and words[-1] == "general" and words[-2] in OFFICES_BEFORE_GENERAL:
        return len(words) - 2
    return len(words) - 1


def plural_word(word: str) -> str | None:
    """The regular plural of one word; None when it already looks plural."""
    if not word[-1:].isalpha() or word in MASS_NOUNS:
        return None
    if re.search(r"[^s]s$", word) and not re.search(r"(us|is)$", word):
        return None
    if word.endswith("man") and not word.endswith(("human", "german")):
        return word[:-3] + "men"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def plural_of(words: list[str]) -> list[str] | None:
    """The regular plural of a phrase: its head made plural; none for a phrase ending in
    "general" ("inspectors general" is rare, and the parser reads it as a verb phrase)."""
    if len(words) > 1 and words[-1] == "general":
        return None
    head = head_index(words)
    p = plural_word(words[head])
    return None if p is None else words[:head] + [p] + words[head + 1:]


def hyphenated(words: list[str]) -> list[str] | None:
    """'pro democracy movement' -> 'pro-democracy movement'; 'state run media' ->
    'state-run media'; None when nothing to join."""
    out: list[str] = []
    changed = False
    for w in words:
        if out and (out[-1] in PREFIXES or w in PARTICIPLES) and "-" not in out[-1]:
            out[-1] = out[-1] + "-" + w
            changed = True
        else:
            out.append(w)
    return out if changed else None


def expand(phrase: str, sets: dict[str, list[str]]) -> list[tuple[list[str], bool]]:
    """A phrase -> its variants, each (upper-case alternatives, whether they are all its
    forms, so that no plural is added). A split set gives one variant per group."""
    phrase = phrase.replace("AD!MINIST!RATI", "ADMINISTRATI")
    if "!" not in phrase and re.search(r"(^|[_\s])MINIST\s*$", phrase):
        phrase = re.sub(r"MINIST\s*$", "!MINIST!", phrase)
    m = re.search(r"!([A-Z]+)!", phrase)
    if not m:
        return [([phrase], False)]
    name = m.group(1)
    groups = SPLIT_SETS.get(name, (tuple(sets.get(name, ())),))
    return [([phrase.replace(f"!{name}!", g) for g in group], True) for group in groups]


def forms(alternatives: list[str], given: bool, plural: str | None) -> list[list[str]]:
    """Word lists of every form of one entry (singular first)."""
    out: list[list[str]] = []

    def add(w: list[str] | None) -> None:
        if w and w not in out:
            out.append(w)
    for alt in alternatives:
        add(words_of(alt))
    if not out:
        return []
    if plural is not None:  # given in {...}; '' means none
        add(words_of(plural))
    elif not given:
        add(plural_of(out[0]))
    for w in list(out):
        add(hyphenated(w))
    return out


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


# ---- review and the hand-written file --------------------------------------------------

ACTION_RE = re.compile(r"^(?:drop|keep|head-only|sector=[A-Z]{3}|role=[A-Z][A-Za-z -]+)$")


def read_review(path: Path) -> dict[str, tuple[list[str], str]]:
    """phrase (its singular, lower case, words joined by spaces) -> (actions, reason).
    Actions, joined by ',': 'drop'; 'sector=XXX'; 'role=Title' (a title of the
    hand-written file: the word names that post, e.g. a military rank); 'head-only' (an
    actor only as the head of its phrase); 'keep' (kept although it shares a form with a
    hand-written entry of another sector)."""
    review: dict[str, tuple[list[str], str]] = {}
    if not path.exists():
        return review
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].strip():
            raise SystemExit(f"{path}:{n}: want 'phrase<TAB>action<TAB>reason'")
        key, action, reason = (p.strip() for p in parts)
        actions = [a.strip() for a in action.split(",")]
        for a in actions:
            if not ACTION_RE.match(a) or (a.startswith("sector=") and a[7:] not in SECTORS):
                raise SystemExit(f"{path}:{n}: unknown action {a!r}")
        if key in review:
            raise SystemExit(f"{path}:{n}: {key!r} reviewed twice")
        review[key] = (actions, reason)
    return review


def read_hand(path: Path) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """The hand-written agent words -> sector, its title words (entries with a role)
    -> sector, and its roles."""
    words: dict[str, str] = {}
    titles: dict[str, str] = {}
    roles: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        e = json.loads(line)
        if e.get("type") != "agent":
            continue
        for w in e["words"]:
            words[w] = e["sector"]
            if e.get("role"):
                titles[w] = e["sector"]
                roles.add(e["role"])
    return words, titles, roles


# ---- conversion -----------------------------------------------------------------------

def candidates(sources: list[tuple[Path, bool]]) -> tuple[list[dict], list[dict]]:
    """Every phrase of the dictionaries before review, and the lines left out with
    their reason. A phrase the first file has decides, also when it is no agent there."""
    entries: list[dict] = []
    skips: list[dict] = []
    taken: set[str] = set()
    for n_source, (path, cameo) in enumerate(sources):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        sets = read_sets(lines)
        for item in read_lines(lines):
            where = f"{path.name}:{item['line']}"
            sector = sector_of(item["code"], cameo)
            for alts, given in expand(item["phrase"], sets):
                fs = forms(alts, given, item["plural"])
                texts = [" ".join(f) for f in fs]
                fresh = [t for t in texts if t not in taken]
                taken.update(fresh)
                if not fresh:
                    if texts:
                        skips.append({"from": where, "phrase": item["phrase"],
                                      "reason": "already in the first file" if n_source
                                      else "repeated in the file"})
                    continue
                if sector is None:
                    skips.append({"from": where, "phrase": item["phrase"],
                                  "reason": skip_reason(item["code"])})
                    continue
                entries.append({"key": texts[0], "words": fresh, "sector": sector,
                                "code": item["code"], "from": where,
                                "head": fs[0][head_index(fs[0])], "tokens": fs[0]})
    return entries, skips


def convert(sources: list[tuple[Path, bool]], review: dict[str, tuple[list[str], str]],
            hand: dict[str, str], titles: dict[str, str], roles: set[str]
            ) -> tuple[list[dict], Counter, set[str], list[str]]:
    """The agent entries; counts of what was left out, by reason; the review keys used;
    problems (a shared form with another sector and no review line)."""
    entries, skips = candidates(sources)
    left_out: Counter = Counter(s["reason"] for s in skips)
    out: list[dict] = []
    used: set[str] = set()
    problems: list[str] = []
    for e in entries:
        actions, _ = review.get(e["key"], ([], ""))
        if actions:
            used.add(e["key"])
        if "drop" in actions:
            left_out["dropped by review"] += 1
            continue
        for a in actions:
            if a.startswith("sector="):
                e["sector"] = a[7:]
        words = [w for w in e["words"] if w not in hand]
        if not words:
            left_out["all its forms are hand-written"] += 1
            continue
        shared = [w for w in e["words"] if w in hand and hand[w] != e["sector"]]
        if shared and not actions:
            problems.append(f"{e['key']!r} ({e['sector']}, {e['from']}) shares "
                            f"{', '.join(shared)} with a hand-written entry of sector "
                            f"{hand[shared[0]]}: review it")
        tokens, head = e["tokens"], e["head"]
        # agent words before the head modify it ("rebel leader"); after it ("president of
        # the senate", "ministry for women") the resolver does not combine them
        before = [w for w in tokens[:tokens.index(head)] if w in hand]
        others = [w for w in tokens if w != head and w in hand]
        if len(tokens) > 1 and head in titles and (titles[head] == e["sector"] or before):
            left_out["a hand-written title codes it"] += 1
            continue
        if len(tokens) > 1 and hand.get(head) == e["sector"] and not others:
            left_out["its hand-written head word codes it"] += 1
            continue
        if head not in hand and any(hand[w] == e["sector"] for w in before):
            left_out["a hand-written word before its head codes it"] += 1
            continue
        entry = {"type": "agent", "id": "", "words": words, "sector": e["sector"]}
        for a in actions:
            if a.startswith("role="):
                if a[5:] not in roles:
                    problems.append(f"{e['key']!r}: {a[5:]!r} is no role of {HAND.name}")
                entry["role"] = a[5:]
        if head not in BODY_HEADS or "role" in entry:
            entry["person"] = True
        if "head-only" in actions:
            entry["head_only"] = True
        out.append(entry)
    ids: Counter = Counter()
    for entry in out:
        base = "agent:dict-" + slug(entry["words"][0])
        ids[base] += 1
        entry["id"] = base if ids[base] == 1 else f"{base}-{ids[base]}"
    return out, left_out, used, problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("plover", nargs="?", type=Path, default=DEFAULT_PLOVER)
    ap.add_argument("phoenix", nargs="?", type=Path, default=DEFAULT_PHOENIX)
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--list", action="store_true",
                    help="print every phrase before review (key, sector, code, source, "
                         "other forms) and the lines left out")
    args = ap.parse_args()
    sources = [(args.plover, False), (args.phoenix, True)]
    if args.list:
        entries, skips = candidates(sources)
        for e in entries:
            print("\t".join([e["key"], e["sector"], e["code"], e["from"],
                             " | ".join(e["words"][1:])]))
        for s in skips:
            print("\t".join(["#left out", s["phrase"], s["reason"], s["from"]]))
        return 0
    review = read_review(REVIEW)
    hand, titles, roles = read_hand(HAND)
    out, left_out, used, problems = convert(sources, review, hand, titles, roles)
    unused = sorted(set(review) - used)
    if unused:
        problems.append(f"{REVIEW.name}: lines that match no phrase: {', '.join(unused)}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in out)
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.output} differs from a fresh conversion")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    n_words = sum(len(e["words"]) for e in out)
    print(f"{len(out)} agents ({n_words} word forms) -> {args.output}")
    for reason, n in sorted(left_out.items()):
        print(f"  left out: {n:5d} {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
