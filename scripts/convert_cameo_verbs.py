#!/usr/bin/env python3
"""Convert PETRARCH2's CAMEO verb dictionary into newsgraph's lexicon file.

usage: convert_cameo_verbs.py [CAMEO.2.0.txt] [-o cameo_verbs.jsonl] [--check]

Input: the dictionary of the Open Event Data Alliance's PETRARCH2 coder (MIT licence,
format in its ``dictionaries.rst``): synonym sets (``&NAME`` + ``+word`` lines), then
verb blocks ``--- NAME [code] ---`` with verb lines (``VERB {IRREGULAR FORMS} [code]``,
``+CALL_OFF`` for verb + particle) and pattern lines
``- [pre-verb words] * [post-verb words] (PREP WORDS) [code] # comment``.

Output: one JSON object per synonym set (``{"synset", "words"}``), then one per verb
block (``newsgraph.knowledge.schema.LexiconBlock``):
its verbs (lemma, particle, irregular forms, own code), its default code, and its
patterns with their constraint words ("&name" for a synonym set). Codes stay CAMEO codes;
the engine maps them to PLOVER through CAMEO2PLOVER-2021.txt when it loads the file.

Our review of the dictionary (``cameo_review.tsv`` next to the output) is applied here:
verbs whose default code is too ambiguous to fire without one of the block's objects
(WordNet synonyms such as "serve" under AID or "face" under meet), verbs dropped, and
codes corrected from the PLOVER codebook. Each review line gives its reason.

``--check`` converts and compares with the file in the package (exit 1 if it differs).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_IN = ROOT.parent / "shared" / "data" / "petrarch2" / "CAMEO.2.0.txt"
DATA = ROOT / "src" / "newsgraph" / "data" / "events"
DEFAULT_OUT = DATA / "cameo_verbs.jsonl"
REVIEW = DATA / "cameo_review.tsv"

CODE_RE = re.compile(r"\[([^\]]*)\]")
ROLE_MARKS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    name = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("####### VERB"):
            break
        if line.startswith("&"):
            name = line[1:].rstrip("_").upper()
            sets[name] = []
        elif line.startswith("+") and name:
            word = line[1:].strip().rstrip("_").replace("_", " ").lower()
            if word:
                sets[name].append(word)
    return sets


def parse_code(text: str) -> dict | None:
    """'[042:043]' -> {'code': '042'}; '[:173]' -> {'code': '173', 'reverse': True};
    '[---]' -> None (explicitly no event)."""
    m = CODE_RE.search(text)
    if not m:
        return {}
    body = m.group(1).strip()
    if not body or body.startswith("---"):
        return None
    fwd, _, back = body.partition(":")
    fwd, back = fwd.strip(), back.strip()
    if fwd and fwd.isdigit():
        return {"code": fwd}
    if not fwd and back.isdigit():
        return {"code": back, "reverse": True}
    return None


def expand(word: str, synsets: dict[str, list[str]]) -> list[str]:
    """A word -> its alternatives: itself, or a reference to a defined synonym set
    ("&weapon"), which the file defines once in a synset line."""
    word = word.strip()
    if word.startswith("&"):
        name = word[1:].rstrip("_").upper()
        return ["&" + name.lower()] if synsets.get(name) else []
    return [word.rstrip("_").replace("_", " ").lower()]


def parse_words(text: str, synsets: dict[str, list[str]]
                ) -> tuple[list[dict], list[dict], list[str]]:
    """Words of one side of a pattern -> (phrases, preps, role marks).

    A phrase is {"head": [alternatives], "mods": [alternatives for each modifier]}:
    ``{FINANCIAL AID}`` has head AID and modifier FINANCIAL. A preposition is
    {"prep": "with", "head": [...] or [], "role": "target"?}."""
    phrases, preps, marks = [], [], []
    tokens = re.findall(r"\([^)]*\)|\{[^}]*\}|\S+", text)
    for tok in tokens:
        if tok in ROLE_MARKS:
            marks.append(ROLE_MARKS[tok])
        elif tok.startswith("("):
            inner = re.findall(r"\{[^}]*\}|\S+", tok[1:-1])
            if not inner:
                continue
            prep = inner[0].lower().replace("_", " ")
            entry: dict = {"prep": prep, "head": [], "mods": []}
            for w in inner[1:]:
                if w in ROLE_MARKS:
                    entry["role"] = ROLE_MARKS[w]
                elif w.startswith("{"):
                    words = w[1:-1].split()
                    entry["head"] = expand(words[-1], synsets)
                    entry["mods"] = [expand(x, synsets) for x in words[:-1]]
                else:
                    entry["head"] = expand(w, synsets)
            preps.append(entry)
        elif tok.startswith("{"):
            words = [w for w in tok[1:-1].split() if w not in ROLE_MARKS]
            if not words:
                continue
            if len(words) >= 2 and words[0].lower() in PREPOSITIONS:
                # "{IN &DETENTION}": a prepositional phrase written as a noun phrase
                preps.append({"prep": words[0].lower(), "head": expand(words[-1], synsets),
                              "mods": [expand(x, synsets) for x in words[1:-1]]})
                continue
            phrases.append({"head": expand(words[-1], synsets),
                            "mods": [expand(x, synsets) for x in words[:-1]]})
        else:
            phrases.append({"head": expand(tok, synsets), "mods": []})
    return phrases, preps, marks


PREPOSITIONS = {"in", "on", "at", "to", "with", "for", "from", "against", "into", "of", "by",
                "over", "about", "under", "between", "toward", "towards", "through", "across",
                "after", "before", "during", "as", "upon", "onto", "within", "without"}


def parse_verb_line(line: str) -> tuple[list[dict], dict | None | bool]:
    """'+CALL_OFF {+CALLED_OFF} [160]' -> verbs, own code (False when none given)."""
    code: dict | None | bool = False
    if CODE_RE.search(line):
        code = parse_code(line)
        line = CODE_RE.sub(" ", line)
    irregular = []
    m = re.search(r"\{([^}]*)\}", line)
    if m:
        irregular = m.group(1).split()
        line = line[:m.start()] + line[m.end():]
    out = []
    for main in line.split():
        lemma, particle = _verb_words(main)
        if not lemma:
            continue
        forms = sorted({_verb_words(f)[0] for f in irregular if _verb_words(f)[0]} - {lemma})
        out.append({"lemma": lemma, "particle": particle, "forms": forms})
    return out, code


def _verb_words(form: str) -> tuple[str, str | None]:
    """'+CALL_OFF' -> ('call', 'off'); 'WIRE_+TAP' -> ('tap', None) with the prefix
    dropped (rare; the head verb carries the meaning); 'RE-ARREST' -> ('re-arrest', None)."""
    words = form.strip().split("_")
    words = [w for w in words if w]
    if not words:
        return "", None
    plus = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    verb = words[plus].lstrip("+").lower()
    rest = [w.lower() for w in words[plus + 1:]]
    if not re.fullmatch(r"[a-z][a-z-]*", verb) or any(w in ("and", "or") for w in rest) \
            or len(rest) > 2:
        return "", None  # "+ATTACKED_AND_STABBED": a phrase, not a verb form
    return verb, (" ".join(rest) if rest else None)


def convert(path: Path, review: dict[str, list[tuple[str, str]]]) -> list[dict]:
    lines = path.read_text(encoding="latin-1").splitlines()
    synsets = read_synsets(lines)
    blocks: list[dict] = []
    block: dict | None = None
    in_verbs = False
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if line.startswith("####### VERB"):
            in_verbs = True
            continue
        if line.startswith("######## TRANSFORMATIONS"):
            break
        if not in_verbs:
            continue
        stripped = line.split("#", 1)[0].strip() if not line.startswith("---") else line
        if line.startswith("---"):
            m = re.match(r"---\s*(\S+)\s*(\[[^\]]*\])?", line)
            name = m.group(1) if m else f"block{n}"
            code = parse_code(m.group(2)) if m and m.group(2) else None
            block = {"id": "cameo." + name.lower().replace("_", "-"), "block": name,
                     "code": code or None, "verbs": [], "patterns": [], "line": n}
            blocks.append(block)
            continue
        if block is None or not stripped:
            continue
        if stripped.startswith("-"):
            body, _, comment = line[1:].partition("#")
            code = parse_code(body)
            body = CODE_RE.sub(" ", body)
            pre, _, post = body.partition("*")
            pre_phr, pre_preps, pre_marks = parse_words(pre, synsets)
            post_phr, post_preps, post_marks = parse_words(post, synsets)
            if any(not p["head"] for p in pre_phr + post_phr):
                continue  # an undefined synonym set: PETRARCH ignores such patterns
            pat = {"pre": pre_phr, "post": post_phr, "preps": pre_preps + post_preps,
                   "code": (code or {}).get("code") if code is not None else None,
                   "line": n}
            if code and code.get("reverse"):
                pat["reverse"] = True
            if "target" in post_marks and not any(p.get("role") for p in post_preps):
                pat["target_after"] = True
            pat["note"] = comment.strip()
            if code == {}:
                continue  # a pattern without a code
            block["patterns"].append(pat)
        elif stripped.startswith("~"):
            continue
        else:
            verbs, code = parse_verb_line(stripped)
            for v in verbs:
                if code is not False:
                    v["code"] = code["code"] if code else None
                    if code and code.get("reverse"):
                        v["reverse"] = True
                block["verbs"].append(v)
    out: list[dict] = [{"synset": name.lower(), "words": words}
                       for name, words in sorted(synsets.items()) if words]
    for b in blocks:
        if not b["verbs"]:
            continue
        b["code"] = b["code"]["code"] if b["code"] else None
        apply_review(b, review)
        for v in b["verbs"]:
            v.setdefault("code", b["code"])  # the verb's own default, else the block's
        out.append(b)
    return out


def read_review(path: Path) -> dict[str, list[tuple[str, str]]]:
    """verb (or 'block:NAME') -> [(action, reason)]. Actions: 'no-default' (fires only
    with one of the block's patterns), 'drop' (never), 'code=NNN' (the verb's default)."""
    review: dict[str, list[tuple[str, str]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].strip():
            raise SystemExit(f"{path}:{n}: want 'verb<TAB>action<TAB>reason'")
        key, action, reason = (p.strip() for p in parts)
        if action not in ("no-default", "drop") and not re.fullmatch(r"code=(\d{3,4}|none)",
                                                                       action):
            raise SystemExit(f"{path}:{n}: unknown action {action!r}")
        review.setdefault(key.lower(), []).append((action, reason))
    return review


def apply_review(block: dict, review: dict[str, list[tuple[str, str]]]) -> None:
    for action, _ in review.get("block:" + block["block"].lower(), ()):
        if action == "no-default":
            block["code"] = None  # the verbs' own codes stay
        elif action.startswith("code="):
            c = action[5:]
            block["code"] = None if c == "none" else c
    kept = []
    for v in block["verbs"]:
        key = v["lemma"] + (" " + v["particle"] if v["particle"] else "")
        drop = False
        for action, _ in review.get(key, ()):
            if action == "drop":
                drop = True
            elif action == "no-default":
                v["code"] = None
            elif action.startswith("code="):
                c = action[5:]
                v["code"] = None if c == "none" else c
        if not drop:
            kept.append(v)
    block["verbs"] = kept


def _compact(value):
    """Leave out empty lists and absent particles, so the file stays small."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()
                if v not in ([], None, "") or k == "code"}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_IN)
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    blocks = convert(args.source, read_review(REVIEW))
    text = "".join(json.dumps(_compact(b), ensure_ascii=False, sort_keys=True) + "\n"
                   for b in blocks)
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.output} differs from a fresh conversion")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    blocks = [b for b in blocks if "block" in b]
    n_verbs = sum(len(b["verbs"]) for b in blocks)
    n_pats = sum(len(b["patterns"]) for b in blocks)
    print(f"{len(blocks)} blocks, {n_verbs} verbs, {n_pats} patterns -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
