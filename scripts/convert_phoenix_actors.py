#!/usr/bin/env python3
"""Convert PETRARCH2's Phoenix actor dictionaries into a historical layer of actors.

usage: convert_phoenix_actors.py [DIR] [-o phoenix_actors.jsonl.gz] [--check]

Input (MIT licence, format in PETRARCH2's ``dictionaries.rst``, "Actor dictionaries"):
``Phoenix.Countries.actors.txt`` (office holders and state agencies of every country,
compiled from CountryInfo in January 2014), ``Phoenix.International.actors.txt`` (IGOs,
NGOs, companies) and ``Phoenix.MilNonState.actors.txt`` (armed groups). They are read by
the same parser as ``newsgraph actors import`` (:mod:`newsgraph.knowledge.importers`).

How codes are read: a code is a run of three-letter parts (``USAGOVDEV``, ``NGOUSAHRI``).
The country is the first part that is a state of ``states.jsonl`` (``IGO`` for IGOs);
CAMEO's non-state and region parts (``NGO``, ``MNC``, ``IMG``, ``MEA``, ``WST`` ...) give
no country. The sector is the first part that is a sector, CAMEO codes mapped to PLOVER
as for the agent words (``HLH`` -> MED, ``MED`` -> JRN, religions -> REL), and the
non-state kinds give theirs when no part does: NGO -> SOC, MNC -> BUS, IMG -> REB.

What is kept:
- people: entries with dated codes or the ELI sector whose names have no body word
  (``BODY_HEADS`` of the agents converter: party, army, ministry ...); aliases that
  contain a post's title ("PRESIDENT_PUTIN") are dropped (the resolver reads titles
  itself), as are organisations' names with a title ("US_SECRETARY_OF_STATE");
  one-word aliases become short forms, except surnames a hand-written person already
  has (the curated person keeps "Bush");
- organisations: entries with a sector; dated codes become dated sectors;
- left out: an entry whose id or any name (folded) is already in the hand-written files
  (they win), names that are agent words, entries without a country and
  sector, names of fewer than three letters, dates and numbers ("MAY_15"), and names
  that are English words
  (``_word``: a one-word name as common as "organization", or only body nouns).
All entries match in any case (``ignore_case``); the gazetteer requires capitals in the
text for names matched that way.

``--check`` converts and compares with the file in the package (exit 1 if it differs).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from convert_agents import BODY_HEADS, CAMEO_TO_PLOVER, SKIP_CODES  # noqa: E402
from wordfreq import zipf_frequency  # noqa: E402

from newsgraph.knowledge.actors import fold, slug_id  # noqa: E402
from newsgraph.knowledge.importers import read_petrarch  # noqa: E402
from newsgraph.knowledge.schema import SECTORS  # noqa: E402

DATA = ROOT / "src" / "newsgraph" / "data" / "actors"
SOURCE = ROOT.parent / "shared" / "data" / "petrarch2"
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
         "Phoenix.MilNonState.actors.txt")
OUTPUT = DATA / "phoenix_actors.jsonl.gz"  # gzip: 0.6 MB, where the text is 6 MB
# CAMEO's kinds of non-state actor, and the sector each has when no other part gives one
NON_STATE = {"NGO": "SOC", "MNC": "BUS", "IMG": "REB", "ISM": "SOC", "INT": ""}
# A one-word name as frequent as this in English (wordfreq's Zipf scale: "organization"
# 4.9, "resistance" 4.6; names: "toyota" 3.9, "gazprom" 2.6) is a word, not a name.
COMMON_ZIPF = 4.0
COMPILED = "2014-01-30"  # the date of CountryInfo.140130.txt, the source of the file
KIND = {"SOC": "ngo", "BUS": "company", "REB": "armed_group", "UAF": "armed_group",
        "PTY": "party", "JRN": "media", "REL": "religious", "JUD": "court",
        "LEG": "legislature", "MIL": "military", "IGO": "igo"}


def read_code(letters: str, states: set[str]) -> tuple[str, str]:
    """(country, sector) of a CAMEO code such as USAGOVDEV or NGOUSAHRI."""
    parts = [letters[i:i + 3] for i in range(0, len(letters) - 2, 3)]
    country = "IGO" if parts and parts[0] == "IGO" else next(
        (p for p in parts if p in states), "")
    sector = ""
    for p in parts:
        if p in states or p == "IGO" or p in NON_STATE:
            continue
        if p in SKIP_CODES:
            return country, ""
        s = CAMEO_TO_PLOVER.get(p, p)
        if s in SECTORS:
            sector = "SOC" if s == "NGO" else s
            break
    if not sector and parts:
        sector = "IGO" if parts[0] == "IGO" else NON_STATE.get(parts[0], "")
    return country, sector


def _lines(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


class Curated:
    """What the hand-written actor files already have (they win)."""

    def __init__(self, data: Path) -> None:
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.surnames: set[str] = set()
        self.states: set[str] = set()
        self.agent_words: set[str] = set()
        self.titles: set[str] = set()  # agent words that name a post ("president")
        for path in sorted(data.glob("*.jsonl")):
            if path == OUTPUT:
                continue
            for e in _lines(path):
                self.ids.add(e["id"])
                kind = e["type"]
                if kind == "agent":
                    self.agent_words.update(w.lower() for w in e["words"])
                    if e.get("role"):
                        self.titles.update(w.lower() for w in e["words"])
                    continue
                if kind == "state":
                    self.states.add(e["iso3"])
                    for key in ("names", "adjectives", "people", "capitals"):
                        self.names.update(fold(n) for n in e.get(key, []))
                    for inst in e.get("institutions", []):
                        self.names.update(fold(n) for n in inst["names"])
                    continue
                self.names.update(fold(n) for n in [e["name"], *e["names"]])
                self.surnames.update(e.get("short", []))

    def has_title(self, name: str) -> bool:
        """A post's title among the words ("PRESIDENT_PUTIN"): the resolver reads it."""
        words = name.lower().split()
        return any(" ".join(words[i:j]) in self.titles
                   for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def convert(source: Path, data: Path) -> tuple[list[dict], dict[str, int]]:
    curated = Curated(data)
    out: list[dict] = []
    taken = set(curated.ids)
    seen_names: set[str] = set()
    counts = {"read": 0, "people": 0, "organizations": 0, "curated": 0, "unusable": 0,
              "duplicate": 0}
    for fname in FILES:
        text = (source / fname).read_text(encoding="utf-8", errors="replace")
        blocks, _errors = read_petrarch(text, fname, finish=lambda b: (b["line"], b))
        for _line, block in blocks:
            counts["read"] += 1
            if _known(block, curated):
                counts["curated"] += 1
                continue
            entry = _entry(block, curated)
            if entry is None:
                counts["unusable"] += 1
                continue
            folded = {_key(n) for n in entry["names"]}
            if folded & seen_names:
                counts["duplicate"] += 1
                continue
            seen_names |= folded
            base, n = entry["id"], 2
            while entry["id"] in taken:
                entry["id"], n = f"{base}-{n}", n + 1
            taken.add(entry["id"])
            counts["people" if entry["type"] == "person" else "organizations"] += 1
            out.append(entry)
    return out, counts


def _known(block: dict, curated: Curated) -> bool:
    """The hand-written files have this actor: one of its full names is theirs."""
    return any(_key(n) in curated.names for n in block["names"] if len(n.split()) > 1
               or n.isupper())


def _key(name: str) -> str:
    """A name compared across files: folded, without a leading article."""
    key = fold(name)
    return key[4:] if key.startswith("the ") else key


def _entry(block: dict, curated: Curated) -> dict | None:
    """Our entry for one dictionary block, or None when it carries nothing usable."""
    names = [n for n in dict.fromkeys(block["names"]) if n and len(n.replace(" ", "")) >= 3
             and n.lower() not in curated.agent_words and not _word(n) and not _junk(n)]
    codes = []
    for c in block["codes"]:
        country, sector = read_code(c["letters"], curated.states)
        codes.append({"country": country, "sector": sector, "from": _past(c["from"]),
                      "to": _past(c["to"])})
    dated = [c for c in codes if c["from"] or c["to"]]
    undated = [c for c in codes if not (c["from"] or c["to"])]
    base = undated[-1] if undated else (codes[-1] if codes else None)
    if base is None or not names:
        return None
    body = any(w.lower() in BODY_HEADS for n in block["names"] for w in n.split())
    person = not body and (bool(dated) or any(c["sector"] == "ELI" for c in codes))
    if person:
        full = [_cased(n) for n in names if len(n.split()) > 1 and not curated.has_title(n)]
        roles = [{"title": "", "country": c["country"], "sector": c["sector"],
                  "from": c["from"], "to": c["to"]}
                 for c in dated if c["country"] and c["sector"] and c["sector"] != "ELI"]
        country = base["country"] or next((c["country"] for c in codes if c["country"]), "")
        if not full or not country:
            return None
        short = [n.title() for n in names if len(n.split()) == 1 and len(n) >= 4
                 and n.title() not in curated.surnames and not curated.has_title(n)]
        return {"type": "person", "id": slug_id(full[0]), "name": full[0], "names": full,
                "short": short, "country": country, "sector": "ELI", "roles": roles,
                "ignore_case": True}
    if not base["sector"] or not base["country"] and base["sector"] not in ("SOC", "BUS",
                                                                            "REB"):
        return None  # a country's own name, or an actor without a usable code
    # a post is no organisation ("US_SECRETARY_OF_STATE"): the resolver reads titles
    shown = [_cased(n, acronyms=True) for n in names if not curated.has_title(n)]
    if not shown:
        return None
    entry = {"type": "organization", "id": slug_id(shown[0]),
             "kind": KIND.get(base["sector"], "agency"), "name": shown[0], "names": shown,
             "country": base["country"], "sector": base["sector"], "ignore_case": True}
    sectors = [{"sector": c["sector"], "from": c["from"], "to": c["to"]}
               for c in sorted(dated, key=lambda c: c["from"] or "") if c["sector"]]
    if sectors and _apart(sectors):
        entry["sectors"] = sectors
    return entry


def _word(name: str) -> bool:
    """An English word, not a name: one common word ("ORGANIZATION", a name of Tanzim),
    or words that are all body nouns or small words ("THE_GROUP")."""
    words = name.lower().split()
    if len(words) == 1:
        return zipf_frequency(words[0], "en") >= COMMON_ZIPF
    return all(w in BODY_HEADS or w in SMALL for w in words)


MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"}


def _junk(name: str) -> bool:
    """A date or a number, not a name ("MAY_15", "21_JUNE", "39649"), or a fragment with
    an unclosed bracket ("ELBEGDORJ_(1ST_TIME")."""
    if "(" in name or ")" in name:
        return True
    words = [w for w in name.lower().split() if w not in MONTHS
             and not re.fullmatch(r"[\d'.,-]+(st|nd|rd|th)?", w)]
    return not words


def _past(day: str | None) -> str | None:
    """Two-digit years 00-39 are read as 20xx; in a file compiled in 2014 a date after
    it is a 19xx date ("331108": 1933)."""
    if day and day > COMPILED:
        return f"{int(day[:4]) - 100:04d}{day[4:]}"
    return day


SMALL = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le",
         "el", "al", "del", "y", "et", "a"}


def _cased(name: str, acronyms: bool = False) -> str:
    """Dictionary names are upper case: shown title-cased, with small words in lower case
    and, for organisations, short vowel-less words and one-word names of up to five
    letters as acronyms ("BBC", "ICRC")."""
    words = name.split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    if acronyms and len(words) == 1 and len(words[0]) <= 5:
        return words[0]
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in SMALL:
            out.append(w.lower())
        elif acronyms and len(w) <= 4 and not set(w.lower()) & set("aeiouy"):
            out.append(w)
        else:
            out.append(w.title())
    return " ".join(out)


def _apart(periods: list[dict]) -> bool:
    for a, b in zip(periods, periods[1:], strict=False):
        if a["to"] is None or (b["from"] is not None and b["from"] < a["to"]):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", nargs="?", type=Path, default=SOURCE)
    ap.add_argument("-o", "--output", type=Path, default=OUTPUT)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    entries, counts = convert(args.source, DATA)
    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
    print(" ".join(f"{k}={v}" for k, v in counts.items()), file=sys.stderr)
    if args.check:
        same = args.output.exists() and \
            gzip.decompress(args.output.read_bytes()).decode("utf-8") == text
        print("up to date" if same else f"{args.output} differs", file=sys.stderr)
        return 0 if same else 1
    # mtime 0: the same conversion gives the same bytes
    args.output.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
