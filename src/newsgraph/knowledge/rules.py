"""Event patterns, status cues, speech cues and the CAMEO table, loaded and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.errors import KnowledgeError
from newsgraph.knowledge.cache import cached
from newsgraph.knowledge.files import data_dir, jsonl_files, load_entries
from newsgraph.knowledge.lexicon import Lexicon, read_lexicon, read_type_roles
from newsgraph.knowledge.schema import (
    DerivedCue,
    DeriveRule,
    EventPattern,
    SenseRule,
    SpeechCue,
    StatusCue,
)

QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
DERIVED_CUES = "derived_cues.jsonl"  # made by scripts/derive_speech_cues.py
_CAMEO_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?(?:#\s*(.*))?$")


@dataclass(frozen=True)
class CameoCode:
    code: str
    type: str
    mode: str
    context: tuple[str, ...]
    label: str


def read_cameo_table(path: Path | None = None) -> dict[str, CameoCode]:
    """CAMEO code -> PLOVER type, mode, context (the table read in reverse gives codes)."""
    path = path or data_dir("events") / "CAMEO2PLOVER-2021.txt"
    table: dict[str, CameoCode] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _CAMEO_LINE.match(line.strip())
        if not m or len(m.group(1)) < 3:
            continue
        code, ptype, mode, context, label = m.groups()
        contexts = tuple(c.strip() for c in (context or "").split(";") if c.strip())
        table[code] = CameoCode(code, ptype, (mode or "").strip(), contexts, (label or "").strip())
    return table


def read_goldstein(path: Path | None = None) -> tuple[dict[str, float], list[str]]:
    """CAMEO code -> Goldstein-scale weight (-10 conflict .. +10 cooperation)."""
    path = path or data_dir("events") / "goldstein.tsv"
    table: dict[str, float] = {}
    errors: list[str] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, _, value = line.partition("\t")
        try:
            weight = float(value)
        except ValueError:
            errors.append(f"{path}:{n}: not a number: {value!r}")
            continue
        if not code.isdigit() or not -10 <= weight <= 10:
            errors.append(f"{path}:{n}: bad code or weight outside -10..10")
            continue
        table[code] = weight
    return table, errors


def goldstein_of(table: dict[str, float], code: str) -> float | None:
    """The weight of a code, else of its parent ("1823" -> "182" -> "18")."""
    while code:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


@dataclass
class Rules:
    patterns: list[EventPattern] = field(default_factory=list)
    status: list[StatusCue] = field(default_factory=list)
    speech: list[SpeechCue] = field(default_factory=list)
    derived_cues: list[DerivedCue] = field(default_factory=list)
    derive: list[DeriveRule] = field(default_factory=list)
    cameo: dict[str, CameoCode] = field(default_factory=dict)
    goldstein: dict[str, float] = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=Lexicon)
    senses: list[SenseRule] = field(default_factory=list)

    @classmethod
    def load(cls, extra_patterns: tuple[Path, ...] = (), *, strict: bool = True,
             cache: Path | None = None) -> Rules:
        """The rules, validated; ``cache``: a folder where the compiled rules are kept
        between runs, keyed by the files' contents (knowledge/cache.py)."""
        files = [*(p for d in ("events", "speech") for p in data_dir(d).iterdir()
                   if p.is_file()), *extra_patterns]
        rules, errors = cached(cache, "rules", files, lambda: cls._read(extra_patterns))
        if errors and strict:
            raise KnowledgeError("invalid rules:\n" + "\n".join(errors[:50]))
        return rules

    @classmethod
    def validate(cls, extra_patterns: tuple[Path, ...] = ()) -> list[str]:
        return cls._read(extra_patterns)[1]

    @classmethod
    def _read(cls, extra_patterns: tuple[Path, ...]) -> tuple[Rules, list[str]]:
        pattern_files = [data_dir("events") / "patterns.jsonl", *extra_patterns]
        pats, errors = load_entries(pattern_files, EventPattern)
        cues, e2 = load_entries([data_dir("events") / "status.jsonl"], StatusCue)
        speech, e3 = load_entries([p for p in jsonl_files(data_dir("speech"))
                                   if p.name != DERIVED_CUES], SpeechCue)
        measured, e9 = load_entries([data_dir("speech") / DERIVED_CUES], DerivedCue)
        derive, e4 = load_entries([data_dir("events") / "derive.jsonl"], DeriveRule)
        errors += e2 + e3 + e9 + e4
        cameo = read_cameo_table()
        goldstein, e5 = read_goldstein()
        errors += e5
        roles, e6 = read_type_roles()
        lexicon, e7 = read_lexicon(cameo, roles)
        senses, e8 = load_entries([data_dir("events") / "senses.jsonl"], SenseRule)
        errors += e6 + e7 + e8
        for item in senses:
            known = cameo.get(item.entry.to_cameo)
            if item.entry.to_type is not None and (known is None or
                                                   known.type != item.entry.to_type):
                errors.append(f"{item.where}: CAMEO {item.entry.to_cameo} is not a "
                              f"{item.entry.to_type} code")
        seen: dict[str, str] = {}
        for item in pats + cues + speech + derive + senses:
            if item.entry.id in seen:
                errors.append(f"{item.where}: id {item.entry.id!r} already used at "
                              f"{seen[item.entry.id]}")
            seen[item.entry.id] = item.where
        for item in pats:
            p = item.entry
            known = cameo.get(p.cameo)
            if known is None:
                errors.append(f"{item.where}: CAMEO code {p.cameo} is not in the CAMEO table")
            elif known.type != p.type and not p.cameo_approx:
                errors.append(f"{item.where}: CAMEO {p.cameo} is {known.type} in the table, "
                              f"not {p.type}")
        for item in derive:
            for code in item.entry.cameo.values():
                known = cameo.get(code)
                if known is None:
                    errors.append(f"{item.where}: CAMEO code {code} is not in the CAMEO table")
                elif known.type != item.entry.type:
                    errors.append(f"{item.where}: CAMEO {code} is {known.type}, not "
                                  f"{item.entry.type}")
        rules = cls([i.entry for i in pats], [i.entry for i in cues],
                    [i.entry for i in speech], [i.entry for i in measured],
                    [i.entry for i in derive], cameo, goldstein, lexicon,
                    [i.entry for i in senses])
        return rules, errors
