"""Reading gold files (JSON Lines) and the PLOVER gold-standard records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from newsgraph.errors import InputError

# Codes in the PLOVER gold records that are not ISO 3166-1 alpha-3: misspelt ones, and
# CAMEO's codes for transnational non-state actors (militarised groups, Islamic, NGOs,
# multinationals), which have no country in our scheme ("").
GOLD_CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM",
                     "IMG": "", "ISM": "", "NGO": "", "MNC": ""}


def read_gold(path: str | Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: malformed JSON: {exc.msg}") from exc


def gold_country(code: str | None) -> str:
    code = (code or "").strip().upper()
    return GOLD_CODE_ALIASES.get(code, code)


def gold_sector(sector: str | None) -> str:
    """The primary sector of a gold actor ('REFafa' -> 'REF'); '' when not coded."""
    s = (sector or "").strip()
    if not s or s.startswith("*"):
        return ""
    return s[:3].upper()


def sentence_text(record: dict) -> str:
    """Some gold sentences are wrapped in braces; the braces are not part of the news."""
    text = record["text"].strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return text
