"""Statements: direct quotes and reported speech, with cue, content and speaker.

Direct quotes are found on the characters (straight and typographic, double and single
marks); a paragraph that opens a quote without closing it continues into the next
paragraph when that one opens with a quote mark again; a stray mark is ignored without
losing the article's other quotes. Reported speech comes from cue words (data:
speech/cues.jsonl) and the parse: the cue's that-clause, or its object for cues like
"emphasized", or the clause of "his belief that ...". A quote inside a reported clause
makes the statement direct (all of the clause quoted) or mixed (part of it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.extraction.content import content_relations
from newsgraph.extraction.derive import SPEECH_NOUNS
from newsgraph.extraction.mentions import Found, Mentions
from newsgraph.extraction.syntax import (
    children,
    doc_text,
    is_passive,
    lemma_forms,
    prep_objects,
    sent_of,
    sentences,
    subject_of,
)
from newsgraph.knowledge.schema import DerivedCue, SpeechCue

DOUBLE_OPEN = "“„«\""
DOUBLE_CLOSE = "”»\""
SINGLE_OPEN = "‘'‹"
SINGLE_CLOSE = "’'›"
TRIM = " \t\n,.;:!?\"'“”‘’«»„‹›—–-"
NON_SPEAKERS = {"it", "this", "that", "which", "what", "there", "who", "these", "those"}
SPEAKING_PRONOUNS = {"he", "she", "they", "we", "i", "you"}
MIN_CUE_PRECISION = 0.6  # measured cue relations below this share are not read
# a noun-phrase content ("criticized the plan", "called for a ban") is a stance or a
# topic more often than a claim: it must be measured this much surer than a clause
PHRASE_MARGIN = 0.15
CLAUSES = frozenset({"ccomp", "xcomp", "head", "advcl"})
MIN_QUOTE_WORDS = 3  # shorter quotes without a cue are scare quotes, not statements


@dataclass(slots=True)
class Quote:
    start: int  # offsets of the content, inside the marks
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset just after the closing mark (paragraph end if continued)


@dataclass(slots=True)
class RawStatement:
    kind: str
    sentence: Span
    cue: tuple[int, int] | None  # char offsets
    content: tuple[int, int]
    speaker_tok: Token | None
    speaker: Found | None
    speaker_span: tuple[int, int] | None
    category: str = "speech"  # speech | belief | intention | evidence


# ---- direct quotes on characters ------------------------------------------------------

def find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    offset = 0
    carry = False  # the previous paragraph left a quote open
    paragraphs = text.split("\n")
    for n, para in enumerate(paragraphs):
        nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else ""
        found, carry = _paragraph_quotes(para, offset, nxt, carry)
        quotes.extend(found)
        offset += len(para) + 1
    return quotes


def quoted_tokens(doc: Doc, quotes: list[Quote]) -> set[int]:
    """Indices of the tokens inside quotation marks: words there are the quoted
    speaker's, so they are never the cue of another attribution."""
    inside: set[int] = set()
    for q in quotes:
        span = doc.char_span(q.start, q.end, alignment_mode="contract")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _paragraph_quotes(para: str, base: int, next_para: str, carry: bool
                      ) -> tuple[list[Quote], bool]:
    spans = _pairs(para, DOUBLE_OPEN, DOUBLE_CLOSE, base, next_para)
    quotes, still_open = spans
    # single marks: only outside double-quoted spans (nested quotes stay in their parent)
    masked = list(para)
    for q in quotes:
        for i in range(q.open_mark - base, min(q.close_mark - base, len(para))):
            masked[i] = " "
    singles, single_open = _pairs("".join(masked), SINGLE_OPEN, SINGLE_CLOSE, base, next_para,
                                  single=True)
    return sorted(quotes + singles, key=lambda q: q.start), still_open or single_open


def _pairs(para: str, opens: str, closes: str, base: int, next_para: str,
           single: bool = False) -> tuple[list[Quote], bool]:
    out: list[Quote] = []
    i, n = 0, len(para)
    while i < n:
        ch = para[i]
        if ch in opens and _opening(para, i, single):
            j = i + 1
            while j < n and not (para[j] in closes and _closing(para, j, single)):
                j += 1
            if j < n:
                out.append(Quote(base + i + 1, base + j, base + i, base + j + 1))
                i = j + 1
                continue
            # unclosed: a quote that continues in the next paragraph, or a stray mark
            if next_para[:1] and next_para[0] in opens:
                out.append(Quote(base + i + 1, base + n, base + i, base + n))
                return out, True
        i += 1
    return out, False


def _opening(s: str, i: int, single: bool) -> bool:
    prev = s[i - 1] if i > 0 else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    if nxt.isspace():
        return False
    if single and nxt.isdigit() and s[i + 1:i + 4].rstrip("s").isdigit():
        return False  # an elided century: "the '90s", "in '08"
    if s[i] in "“„«‘‹":
        return True
    # straight marks: an opening one follows a space or an opening bracket/dash
    return prev.isspace() or prev in "([{—–-:" or (not single and prev in "\"“")


def _closing(s: str, i: int, single: bool) -> bool:
    prev = s[i - 1] if i > 0 else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    if prev.isspace():
        return False
    if single and prev.isalpha() and nxt.isalpha():
        return False  # an apostrophe: "Trump’s", "don't"
    if s[i] in "”»›":
        return True
    return nxt.isspace() or not nxt.isalnum()


# ---- speech coder ---------------------------------------------------------------------

class SpeechCoder:
    def __init__(self, cues: list[SpeechCue], derived: list[DerivedCue] = (),
                 min_precision: float = MIN_CUE_PRECISION) -> None:
        # measured cue words: (lemma, pos) -> {relation: share of its uses that hold a
        # content}, the relations below ``min_precision`` left out
        self._measured: dict[tuple[str, str], dict[str, float]] = {}
        for d in derived:
            rels = {r: c.share for r, c in d.relations.items()
                    if c.share >= min_precision + (PHRASE_MARGIN if r not in CLAUSES else 0.0)}
            if rels:
                self._measured[(d.lemma, d.pos.upper())] = rels
        self._category: dict[str, str] = {}
        self._evidence: set[str] = set()
        self._verbs: dict[str, SpeechCue] = {}
        self._phrases: list[tuple[list[str], SpeechCue]] = []
        self._content_nouns: set[str] = set()
        self._speaker_nouns: set[str] = set()
        for cue in cues:
            if cue.pos in ("verb", "noun"):
                self._category.update((w, cue.category) for w in cue.words)
            if cue.pos == "verb":
                for w in cue.words:
                    self._verbs[w] = cue
            elif cue.pos == "noun":
                self._content_nouns.update(cue.words)
            elif cue.pos == "speaker":
                self._speaker_nouns.update(cue.words)
            elif cue.pos == "evidence":
                self._evidence.update(cue.words)
            else:
                for w in cue.words:
                    self._phrases.append((w.split(), cue))

    def code(self, doc: Doc, mentions: Mentions) -> list[RawStatement]:
        text = doc_text(doc)
        quotes = find_quotes(text)
        out: list[RawStatement] = []
        used_quotes: set[int] = set()
        quoted = quoted_tokens(doc, quotes)
        for tok in doc:
            if tok.i in quoted or tok.pos_ not in ("VERB", "AUX", "NOUN"):
                continue  # words inside a quote are its content, not another's cue
            st = None
            cue = (next((self._verbs[f] for f in lemma_forms(tok) if f in self._verbs), None)
                   if tok.pos_ != "NOUN" else None)
            if cue is not None:
                st = self._reported(doc, text, tok, cue, mentions, quotes, used_quotes)
            # (cues come in text order: only the last can reach over this word, as in
            # "reiterated his belief that")
            if st is None and not (out and out[-1].cue and tok.idx < out[-1].cue[1]):
                rels = self._measured.get((tok.lemma_.lower(), tok.pos_))
                if rels:
                    st = self._measured_cue(doc, text, tok, rels, mentions, quotes,
                                            used_quotes)
            if st is not None:
                out.append(st)
        out.extend(self._according_to(doc, text, mentions))
        out.extend(self._colon(doc, text, mentions, quotes, used_quotes))
        out.extend(self._direct(doc, text, quotes, used_quotes, mentions, out))
        out.sort(key=lambda s: s.content[0])
        return out

    # -- reported speech --
    def _reported(self, doc, text, cue_tok, cue: SpeechCue, mentions, quotes,
                  used) -> RawStatement | None:
        content_tok, cue_end = None, cue_tok.idx + len(cue_tok)
        if "ccomp" in cue.content:
            cc = [c for c in cue_tok.children if c.dep_ in ("ccomp",)]
            content_tok = cc[0] if cc else _misattached_clause(cue_tok)
        if content_tok is None and "xcomp" in cue.content:
            xc = children(cue_tok, "xcomp")  # "vowed to stay", "expects the bank to cut"
            content_tok = xc[0] if xc else None
        if content_tok is None and "dobj" in cue.content:
            objs = children(cue_tok, "dobj")
            if objs and objs[0].lower_ not in NON_SPEAKERS and objs[0].pos_ != "PRON":
                obj = objs[0]
                inner = [c for c in obj.children if c.dep_ in ("acl", "ccomp", "relcl")
                         and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
                if obj.lemma_.lower() in self._content_nouns and inner:
                    content_tok, cue_end = inner[0], obj.idx + len(obj)
                else:
                    content_tok = obj
        if content_tok is None:
            # "... his belief that ..." after any cue
            objs = children(cue_tok, "dobj")
            for obj in objs:
                if obj.lemma_.lower() in self._content_nouns:
                    inner = [c for c in obj.children if c.dep_ in ("acl", "ccomp")]
                    if inner:
                        content_tok, cue_end = inner[0], obj.idx + len(obj)
        if content_tok is None:
            return None
        start, end = _content_bounds(content_tok, cue_tok, self._is_cue)
        if end <= start:
            return None
        speaker_tok, speaker = self._speaker(cue_tok, mentions)
        if speaker_tok is None and not _sourceless(cue_tok):
            return None
        return self._finish(text, cue_tok, cue_end, start, end, speaker_tok, speaker, quotes,
                            used)

    def _measured_cue(self, doc, text, cue_tok, rels: dict[str, float], mentions, quotes,
                      used) -> RawStatement | None:
        """A cue word from the measured lexicon: its content is the dependent of the
        best-measured relation the word has here."""
        found = [(rels[rel], rel, head) for rel, head in content_relations(cue_tok)
                 if rel in rels and not (head.pos_ == "PRON" and head.n_lefts +
                                         head.n_rights == 0)]  # "it", "that": no content
        if not found:
            return None
        _, rel, head = max(found, key=lambda f: f[0])
        if rel == "head":
            start, end = _head_bounds(head, cue_tok)
        else:
            start, end = _content_bounds(head, cue_tok, self._is_cue)
        if end <= start:
            return None
        speaker_tok, speaker = self._speaker(cue_tok, mentions, any_noun=True)
        if speaker_tok is None and not _sourceless(cue_tok):
            return None
        return self._finish(text, cue_tok, cue_tok.idx + len(cue_tok), start, end,
                            speaker_tok, speaker, quotes, used)

    def _finish(self, text, cue_tok: Token, cue_end: int, start: int, end: int,
                speaker_tok: Token | None, speaker: Found | None, quotes, used
                ) -> RawStatement:
        kind = "indirect"
        for qi, q in enumerate(quotes):
            if q.start < end and start < q.end:
                used.add(qi)
                inside = text[start:end]
                quoted = text[max(start, q.start):min(end, q.end)]
                if len(quoted.strip(TRIM)) >= 0.9 * len(inside.strip(TRIM)):
                    kind, start, end = "direct", q.start, q.end
                else:
                    kind = "mixed"
        start, end = _trim(text, start, end)
        return RawStatement(kind, sent_of(cue_tok), (cue_tok.idx, cue_end), (start, end),
                            speaker_tok, speaker,
                            _speaker_span(speaker_tok, speaker, cue_tok.doc),
                            self._category_of(cue_tok, speaker_tok))

    def _category_of(self, cue_tok: Token, speaker_tok: Token | None) -> str:
        if speaker_tok is not None and speaker_tok.lemma_.lower() in self._evidence:
            return "evidence"
        return self._category.get(cue_tok.lemma_.lower(), "speech")

    def _is_cue(self, tok: Token) -> bool:
        """A speech verb with its own subject: the head of another attribution."""
        return (tok.pos_ in ("VERB", "AUX") and bool(subject_of(tok))
                and any(f in self._verbs for f in lemma_forms(tok)))

    def _speaker(self, cue_tok: Token, mentions: Mentions, any_noun: bool = False
                 ) -> tuple[Token | None, Found | None]:
        """The speaker of a cue: its subject (a noun cue's possessor or by-phrase: "his
        claim"). ``any_noun``: for a measured cue any noun phrase may be the source (the
        poll that shows, the filing that says); a hand-written speech verb wants
        something that can speak."""
        if cue_tok.pos_ == "NOUN":
            subj = children(cue_tok, "poss") or prep_objects(cue_tok, "by")
        else:
            subj = subject_of(cue_tok)
        if not subj or subj[0].lower_ in NON_SPEAKERS or subj[0].dep_ == "expl":
            return None, None
        tok = _issuer(subj[0])
        if tok.lower_ in NON_SPEAKERS and not any_noun:
            return None, None
        relative = _relative_subject(cue_tok)
        found = mentions.at(tok)
        if relative is not None or any_noun:
            return relative or tok, (found[0] if found else None)
        if not found:
            for child in tok.children:
                if child.dep_ in ("compound", "amod", "poss"):
                    found = mentions.at(child)
                    if found:
                        break
        if not found and tok is subj[0] and not (
                tok.pos_ == "PROPN" or tok.lower_ in SPEAKING_PRONOUNS
                or tok.lemma_.lower() in self._speaker_nouns):
            return None, None  # "the meeting underscores ...": things do not speak
        return tok, (found[0] if found else None)

    def _according_to(self, doc: Doc, text: str, mentions: Mentions) -> list[RawStatement]:
        out = []
        lower = text.lower()
        for words, _cue in self._phrases:
            n = len(words)
            # found on the characters: walking every token per phrase costs more
            for m in re.finditer(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", lower):
                span = doc.char_span(m.start(), m.end())
                if span is None or len(span) != n:
                    continue
                tok = span[0]
                last = doc[tok.i + n - 1]
                pobj = children(last, "pobj")
                if not pobj:
                    continue
                spk = pobj[0]
                sent = sent_of(tok)
                phrase_end = max(t.i for t in spk.subtree) + 1
                # content: the rest of the sentence, on the other side of the phrase
                if tok.i - sent.start <= 1:
                    start, end = doc[phrase_end].idx if phrase_end < sent.end else sent.end_char, \
                        sent.end_char
                else:
                    start, end = sent.start_char, tok.idx
                start, end = _trim(text, start, end)
                if end <= start:
                    continue
                found = mentions.at(spk)
                out.append(RawStatement("indirect", sent, (tok.idx, last.idx + len(last)),
                                        (start, end), spk, found[0] if found else None,
                                        _speaker_span(spk, found[0] if found else None, doc)))
        return out

    def _colon(self, doc: Doc, text: str, mentions: Mentions, quotes,
               used) -> list[RawStatement]:
        """Headline style "Speaker: what was said" at the start of a sentence."""
        out = []
        for sent in sentences(doc):
            colon = next((t for t in sent[:12] if t.text == ":"), None)
            if colon is None or colon.i + 1 >= sent.end:
                continue
            found = mentions.at(doc[colon.i - 1]) if colon.i > sent.start else []
            if not found:
                continue
            f = found[0]
            lead = sent.start + (1 if doc[sent.start].lower_ == "the" else 0)
            if f.start > lead or f.end != colon.i:
                continue  # the colon must follow the speaker's name and nothing else
            start, end = _trim(text, doc[colon.i + 1].idx, sent.end_char)
            if end <= start:
                continue
            kind = "indirect"
            for qi, q in enumerate(quotes):
                if q.start < end and start < q.end:
                    used.add(qi)
                    kind, start, end = "direct", *_trim(text, q.start, q.end)
                    break
            out.append(RawStatement(kind, sent, None, (start, end), doc[f.head], f,
                                    _speaker_span(doc[f.head], f, doc)))
        return out

    # -- direct quotes not inside a reported clause --
    def _direct(self, doc, text, quotes, used, mentions, reported) -> list[RawStatement]:
        out: list[RawStatement] = []
        last_speaker: RawStatement | None = None
        known = sorted(reported, key=lambda s: s.content[0])
        for qi, q in enumerate(quotes):
            if qi in used:
                continue
            span = doc.char_span(q.open_mark, q.close_mark, alignment_mode="expand")
            if span is None:
                continue
            sent = sent_of(span[0])
            cue_tok = self._nearest_cue(doc, span)
            speaker_tok, speaker = (self._speaker(cue_tok, mentions) if cue_tok is not None
                                    else (None, None))
            start, end = _trim(text, q.start, q.end)
            words = len(text[start:end].split())
            if speaker_tok is None:
                prior = [s for s in known + out if _end(s) <= q.open_mark
                         and q.open_mark - _end(s) < 600 and s.speaker_tok is not None]
                if not prior or words < MIN_QUOTE_WORDS:
                    continue
                if text[sent.start_char:q.open_mark].strip(TRIM):
                    continue  # a quoted phrase inside a sentence with no cue: a scare quote

                # the statement that ends nearest before the quote ('"A," X said. "B."'),
                # its cue included, whichever way it was found
                last_speaker = max(prior, key=_end)
                speaker_tok, speaker = last_speaker.speaker_tok, last_speaker.speaker
                cue = None
            else:
                cue = (cue_tok.idx, cue_tok.idx + len(cue_tok))
            if end <= start:
                continue
            out.append(RawStatement("direct", sent, cue, (start, end), speaker_tok, speaker,
                                    _speaker_span(speaker_tok, speaker, doc)))
        return out

    def _nearest_cue(self, doc: Doc, quote: Span) -> Token | None:
        """A cue verb in the quote's sentences but outside the quote, nearest first."""
        first, last = sent_of(quote[0]), sent_of(quote[-1])
        cands = [t for t in doc[first.start:last.end]
                 if (t.i < quote.start or t.i >= quote.end)
                 and t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self._verbs]
        if not cands:
            return _framing_verb(doc, quote)
        return min(cands, key=lambda t: min(abs(t.i - quote.start), abs(t.i - quote.end)))


def _misattached_clause(cue: Token) -> Token | None:
    """A 'that' clause the parser hung on a noun after the cue ("said at a news conference
    in Brasilia that ..."): a relative clause cannot open with the complementiser 'that'
    and also have its own subject, so it is the cue's complement."""
    for tok in cue.subtree:
        if (tok.dep_ == "relcl" and tok.i > cue.i and tok.head.dep_ == "pobj"
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)):
            return tok
    return None


def _issuer(tok: Token) -> Token:
    """"The ministry issued a statement saying ...": a message someone put out speaks
    for whoever put it out."""
    if tok.lemma_.lower() not in SPEECH_NOUNS or tok.dep_ not in ("dobj", "pobj"):
        return tok
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    if verb.pos_ not in ("VERB", "AUX"):
        return tok
    subj = subject_of(verb)
    return subj[0] if subj and subj[0].tag_ not in ("WDT", "WP") else tok


def _end(st: RawStatement) -> int:
    return max(st.content[1], st.cue[1] if st.cue else 0)


def _framing_verb(doc: Doc, quote: Span) -> Token | None:
    """Any verb in a frame that only reporting takes, whatever the word: a quote that
    ends in a comma (or ?/!) followed by a verb with its subject ("'...,' X quipped",
    "'...,' quipped X"), or a colon after a verb with its subject ("X wrote on Monday:
    '...'")."""
    inner_end = quote[-1].i - 1 if quote[-1].is_quote else quote[-1].i
    if quote.end < len(doc) and 0 <= inner_end and doc[inner_end].text in (",", "?", "!"):
        for tok in doc[quote.end:min(quote.end + 5, len(doc))]:
            if tok.is_sent_start and tok.i > quote.end:
                break
            if tok.pos_ == "VERB":
                subj = children(tok, "nsubj")
                return tok if subj and subj[0].i >= quote.end else None
    before = quote.start - 1
    if before > 0 and doc[before].text == ":":
        for tok in reversed(doc[max(0, before - 6):before]):
            if tok.pos_ == "VERB":
                return tok if children(tok, "nsubj") else None
    return None


def _relative_subject(cue: Token) -> Token | None:
    """The "who" of "the senator, who said ...": the speaker as written, which stands for
    the noun the clause describes."""
    if cue.dep_ != "relcl":
        return None
    return next((c for c in cue.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")),
                None)


def _sourceless(cue: Token) -> bool:
    """An attribution the text gives no source for: a passive ("is expected to", "was
    seen as") or an impersonal participle."""
    return is_passive(cue) or (cue.tag_ in ("VBN", "VBG") and cue.dep_ in ("acl", "advcl"))


def _head_bounds(head: Token, cue: Token) -> tuple[int, int]:
    """The clause a parenthetical cue hangs on ("the plan, he said, is dead"), without the
    cue's own words."""
    drop = {t.i for t in cue.subtree}
    idx = sorted(t.i for t in head.subtree if t.i not in drop)
    if not idx:
        return 0, 0
    doc = head.doc
    # the side of the cue that holds the head
    side = [i for i in idx if (i < cue.i) == (head.i < cue.i)]
    a, b = doc[side[0]], doc[side[-1]]
    return a.idx, b.idx + len(b)


def _content_bounds(content: Token, cue: Token, is_cue) -> tuple[int, int]:
    """Character span of a content clause, without its 'that', without the cue's own
    words when the clause wraps around them, and without another speaker's attribution
    hung inside it ("..., while the secretary-general said ...")."""
    nested = {t.i for d in content.subtree
              if d is not content and d.dep_ in ("advcl", "conj") and is_cue(d)
              for t in d.subtree}
    toks = [t for t in content.subtree if t.i not in nested
            and not (t.dep_ == "mark" and t.head == content
                     and t.lower_ in ("that", "whether", "if") and t.i < content.i)]
    toks = [t for t in toks if t.i != cue.i]
    if not toks:
        return 0, 0
    # keep the contiguous run around the content head (the cue may sit inside)
    idx = sorted(t.i for t in toks)
    lo = hi = idx.index(content.i)
    while lo > 0 and idx[lo - 1] == idx[lo] - 1:
        lo -= 1
    while hi < len(idx) - 1 and idx[hi + 1] == idx[hi] + 1:
        hi += 1
    doc = content.doc
    a, b = doc[idx[lo]], doc[idx[hi]]
    return a.idx, b.idx + len(b)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _speaker_span(tok: Token | None, found: Found | None, doc: Doc) -> tuple[int, int] | None:
    if tok is None:
        return None
    if tok.tag_ in ("WP", "WDT"):
        return tok.idx, tok.idx + len(tok)  # "who said": the relative pronoun, as written
    if found is not None:
        return doc[found.start].idx, doc[found.end - 1].idx + len(doc[found.end - 1])
    left = min(t.i for t in tok.subtree if t.i <= tok.i)
    return doc[left].idx, tok.idx + len(tok)

