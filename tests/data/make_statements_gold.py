#!/usr/bin/env python3
"""Build statements_gold.jsonl from the inline markup in statements_gold.src.txt.

Standard library only. Usage:

    python tests/data/make_statements_gold.py            # write the .jsonl, print stats
    python tests/data/make_statements_gold.py --check    # fail if the .jsonl is stale
    python tests/data/make_statements_gold.py SRC OUT    # other paths

Source format: blocks separated by a line "---". A block's first line is
"id: g01 | published: 2025-03-14"; then the text (each line one paragraph, joined
with a single "\\n"); then optional lines "actorN: <id>" and "kindN: direct|indirect|mixed".
A block whose lines all start with "#" is a comment. In the text, <sN>..</sN> marks
the source (speaker), <cN>..</cN> the cue and <qN>..</qN> the content of attribution N;
a tag may occur several times (an interrupted quote has two <qN> spans) and tags of
different attributions may nest or overlap (<s1><s2>he</s2></s1>: one speaker span
shared by two attributions).

The converter fails loudly (exit status 1, every problem listed) on an unknown,
unclosed or unopened tag, a stray "<" or ">", an empty span, an attribution without
content, metadata for an attribution that has no spans, text that the project's
normaliser would change (offsets must index the normalised text), and on spans that
break the annotation conventions (content with surrounding quote marks, a leading
"that"/"whether" or final . , ! ?; a source starting with "a"/"an"; a kind that does
not fit the quote marks around the content). It checks that every
text[start:end] equals the text between the tags in the source.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = HERE / "statements_gold.src.txt"
DEFAULT_OUT = HERE / "statements_gold.jsonl"

KINDS = ("direct", "indirect", "mixed")
ROLE_KEYS = {"s": "source", "c": "cue", "q": "content"}
HEADER = re.compile(r"^id:\s*(\S+)\s*\|\s*published:\s*(\S+)\s*$")
META = re.compile(r"^(actor|kind)([1-9][0-9]*):\s*(.*?)\s*$")
TAG = re.compile(r"<(/?)([^<>]*)>")
TAG_NAME = re.compile(r"^([scq])([1-9][0-9]*)$")
ACTOR_ID = re.compile(r"^(country:[A-Z]{3}(:[A-Z]{3})?|[a-z0-9]+(-[a-z0-9]+)*)$")
OPEN_QUOTES = "\"'\u201c\u2018"          # " ' “ ‘
CURLY_QUOTES = "\u201c\u201d\u2018"      # “ ” ‘ (’ is also the apostrophe)
PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
FINAL_PUNCT = ".,!?"

# --- mirror of newsgraph.ingest.normalize.normalize_text (kept in sync by hand) -----
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\x85", "\n")
    text = text.translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    if _BLANK_LINE.search(text.strip()):
        blocks = _BLANK_LINE.split(text)
        paragraphs = (" ".join(line.strip() for line in b.split("\n")) for b in blocks)
    else:
        paragraphs = (line.strip() for line in text.split("\n"))
    return "\n".join(p.strip() for p in paragraphs if p.strip())
# -------------------------------------------------------------------------------------


class GoldError(Exception):
    pass


def _blocks(src: str):
    """Yield (first line number, lines) per block."""
    lines = src.split("\n")
    start, cur = 1, []
    for n, line in enumerate(lines, 1):
        if line.strip() == "---":
            yield start, cur
            start, cur = n + 1, []
        else:
            cur.append(line)
    yield start, cur


def strip_tags(markup: str, where: str):
    """Return (text, spans, problems); spans maps (role, n) to [(start, end, tagged)]."""
    problems: list[str] = []
    out: list[str] = []
    pos = 0          # length of clean text so far
    last = 0         # index in markup after the previous tag
    opened: dict[tuple[str, int], tuple[int, int]] = {}   # -> (clean start, markup end)
    spans: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for m in TAG.finditer(markup):
        chunk = markup[last:m.start()]
        if "<" in chunk or ">" in chunk:
            problems.append(f"{where}: stray '<' or '>' in {chunk!r}")
        out.append(chunk)
        pos += len(chunk)
        last = m.end()
        closing, name = m.group(1) == "/", m.group(2)
        nm = TAG_NAME.match(name)
        if not nm:
            problems.append(f"{where}: unknown tag {m.group(0)!r}")
            continue
        key = (nm.group(1), int(nm.group(2)))
        if not closing:
            if key in opened:
                problems.append(f"{where}: <{name}> opened again before </{name}>")
            opened[key] = (pos, m.end())
        else:
            if key not in opened:
                problems.append(f"{where}: </{name}> without <{name}>")
                continue
            s, raw_from = opened.pop(key)
            # the tagged text, computed from the markup independently of the offsets
            tagged = TAG.sub("", markup[raw_from:m.start()])
            spans.setdefault(key, []).append((s, pos, tagged))
    tail = markup[last:]
    if "<" in tail or ">" in tail:
        problems.append(f"{where}: stray '<' or '>' in {tail!r}")
    out.append(tail)
    for (role, n) in opened:
        problems.append(f"{where}: unclosed tag <{role}{n}>")
    return "".join(out), spans, problems


def _lint(text: str, role: str, s: int, e: int, where: str) -> list[str]:
    frag = text[s:e]
    p: list[str] = []
    if s == e:
        return [f"{where}: empty {ROLE_KEYS[role]} span"]
    if frag != frag.strip():
        p.append(f"{where}: {ROLE_KEYS[role]} {frag!r} has surrounding whitespace")
    if "\n" in frag and role != "q":
        p.append(f"{where}: {ROLE_KEYS[role]} {frag!r} spans a paragraph break")
    if role == "q":
        if "\n" in frag:
            p.append(f"{where}: content {frag!r} spans a paragraph break (use one span "
                     "per paragraph)")
        # a mixed content may end with the closing mark of its own partial quote
        unbalanced_end = (frag[-1] in "\u201c\u2018"
                          or (frag[-1] == "\u201d" and "\u201c" not in frag)
                          or (frag[-1] == '"' and frag.count('"') % 2))
        if frag[0] in OPEN_QUOTES + "\u201d" or unbalanced_end:
            p.append(f"{where}: content {frag!r} includes its quotation marks")
        if frag[-1] in FINAL_PUNCT:
            p.append(f"{where}: content {frag!r} ends with sentence punctuation")
        if re.match(r"(that|whether)\b", frag):
            p.append(f"{where}: content {frag!r} starts with that/whether")
    if role == "s" and re.match(r"(a|an)\s", frag, re.I):
        p.append(f"{where}: source {frag!r} starts with an indefinite article")
    return p


def _kind_problems(text: str, kind: str, content: list[dict], where: str) -> list[str]:
    quoted = [c["start"] > 0 and text[c["start"] - 1] in OPEN_QUOTES for c in content]
    inner = any(ch in text[c["start"]:c["end"]] for c in content for ch in CURLY_QUOTES)
    inner = inner or any('"' in text[c["start"]:c["end"]] for c in content)
    if kind == "direct" and not all(quoted):
        return [f"{where}: direct content not preceded by an opening quotation mark"]
    if kind in ("indirect", "mixed") and any(quoted):
        return [f"{where}: {kind} content preceded by a quotation mark (direct?)"]
    if kind == "mixed" and not inner:
        return [f"{where}: mixed content without a quoted part"]
    if kind == "indirect" and any(ch in text[c["start"]:c["end"]]
                                  for c in content for ch in CURLY_QUOTES):
        return [f"{where}: indirect content contains quotation marks (mixed?)"]
    return []


def parse_block(start_line: int, lines: list[str]) -> tuple[dict | None, list[str]]:
    while lines and not lines[0].strip():
        lines, start_line = lines[1:], start_line + 1
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    if not lines or all(line.startswith("#") for line in lines):
        return None, []
    where = f"line {start_line}"
    h = HEADER.match(lines[0])
    if not h:
        return None, [f"{where}: block must start with 'id: ... | published: YYYY-MM-DD', "
                      f"got {lines[0]!r}"]
    gid, published = h.group(1), h.group(2)
    where = f"{gid} (line {start_line})"
    problems: list[str] = []
    try:
        if _dt.date.fromisoformat(published).isoformat() != published:
            raise ValueError
    except ValueError:
        problems.append(f"{where}: bad published date {published!r}")
    body, meta = [], []
    for i, line in enumerate(lines[1:], start_line + 1):
        if META.match(line) or meta:
            meta.append((i, line))
        else:
            body.append((i, line))
    if not body:
        problems.append(f"{where}: no text")
    for i, line in body:
        if not line.strip():
            problems.append(f"{gid} line {i}: blank line inside the text")
        elif line != line.strip():
            problems.append(f"{gid} line {i}: leading or trailing whitespace")
    markup = "\n".join(line for _, line in body)
    text, spans, tag_problems = strip_tags(markup, where)
    problems += tag_problems
    if normalize_text(text) != text:
        problems.append(f"{where}: text changes under normalisation (double spaces, "
                        "blank lines, control characters, non-NFC?)")

    attrs: dict[int, dict] = {}
    for i, line in meta:
        m = META.match(line)
        if not m:
            problems.append(f"{gid} line {i}: expected 'actorN: ...' or 'kindN: ...', "
                            f"got {line!r}")
            continue
        field, n, value = m.group(1), int(m.group(2)), m.group(3)
        a = attrs.setdefault(n, {})
        if field in a:
            problems.append(f"{gid} line {i}: {field}{n} given twice")
        if field == "kind" and value not in KINDS:
            problems.append(f"{gid} line {i}: kind must be one of {KINDS}, got {value!r}")
        if field == "actor" and not ACTOR_ID.match(value):
            problems.append(f"{gid} line {i}: malformed actor id {value!r}")
        a[field] = value

    nums = sorted({n for _, n in spans} | set(attrs))
    if nums != list(range(1, len(nums) + 1)):
        problems.append(f"{where}: attributions must be numbered 1..n, got {nums}")
    attributions = []
    for n in nums:
        got = {role: sorted(spans.get((role, n), [])) for role in ROLE_KEYS}
        if not got["q"]:
            problems.append(f"{where}: attribution {n} has no <q{n}> content")
        rec: dict = {}
        for role, key in ROLE_KEYS.items():
            rec[key] = []
            for s, e, tagged in got[role]:
                if text[s:e] != tagged:
                    problems.append(f"{where}: offset check failed for <{role}{n}>: "
                                    f"{text[s:e]!r} != {tagged!r}")
                problems += _lint(text, role, s, e, f"{where} <{role}{n}>")
                rec[key].append({"start": s, "end": e})
        meta_n = attrs.get(n, {})
        if "actor" in meta_n:
            rec["speaker_actor"] = meta_n["actor"]
        if "kind" in meta_n:
            rec["kind"] = meta_n["kind"]
            if rec["content"]:
                problems += _kind_problems(text, meta_n["kind"], rec["content"],
                                           f"{where} attribution {n}")
        attributions.append(rec)
    item = {"id": gid, "text": text, "published": published,
            "attributions": attributions}
    return item, problems


def build(src_path: Path) -> tuple[list[dict], list[str]]:
    src = src_path.read_text(encoding="utf-8")
    if "\r" in src:
        return [], [f"{src_path}: use \\n line ends"]
    items, problems, seen = [], [], set()
    for start, lines in _blocks(src):
        item, p = parse_block(start, lines)
        problems += p
        if item is None:
            continue
        if item["id"] in seen:
            problems.append(f"{item['id']}: duplicate id")
        seen.add(item["id"])
        items.append(item)
    if not items:
        problems.append(f"{src_path}: no items")
    return items, problems


def render(items: list[dict]) -> str:
    return "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items)


def verify(rendered: str) -> int:
    """Re-read the rendered JSON Lines and check every span indexes its text."""
    checked = 0
    for line in rendered.splitlines():
        it = json.loads(line)
        for a in it["attributions"]:
            for key in ("source", "cue", "content"):
                for sp in a[key]:
                    assert 0 <= sp["start"] < sp["end"] <= len(it["text"]), (it["id"], sp)
                    checked += 1
    return checked


def stats(items: list[dict]) -> dict:
    kinds: Counter = Counter()
    pron = title = no_source = no_cue = multi = empty = 0
    for it in items:
        text = it["text"]
        if not it["attributions"]:
            empty += 1
        speakers = set()
        for a in it["attributions"]:
            kinds[a.get("kind", "(none)")] += 1
            src = " ".join(text[s["start"]:s["end"]] for s in a["source"])
            speakers.add(a.get("speaker_actor") or src.lower())
            if not a["source"]:
                no_source += 1
            if not a["cue"]:
                no_cue += 1
            if src.lower() in PRONOUNS:
                pron += 1
            elif (src.lower().startswith("the ") and a.get("speaker_actor")
                  and not a["speaker_actor"].startswith("country:")):
                title += 1
        if len(speakers) > 1:
            multi += 1
    n = sum(kinds.values())
    return {"items": len(items), "attributions": n, "kinds": dict(sorted(kinds.items())),
            "pronoun_speakers": pron, "title_speakers_for_named_person": title,
            "no_source": no_source, "no_cue": no_cue,
            "items_without_attributions": empty, "items_with_2plus_speakers": multi}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src", nargs="?", type=Path, default=DEFAULT_SRC)
    ap.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true",
                    help="do not write; fail if OUT differs from what SRC generates")
    args = ap.parse_args(argv)
    items, problems = build(args.src)
    if problems:
        print(f"{len(problems)} problem(s) in {args.src}:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    rendered = render(items)
    checked = verify(rendered)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != rendered:
            print(f"{args.out} is stale: rerun {Path(__file__).name}", file=sys.stderr)
            return 1
    else:
        with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(rendered)
    st = stats(items)
    print(json.dumps(st, ensure_ascii=False))
    print(f"{checked} spans checked: every text[start:end] equals its tagged text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
