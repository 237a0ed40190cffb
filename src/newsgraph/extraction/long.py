"""Long articles: extracted in paragraph-aligned pieces, the records joined into one.

spaCy refuses a text over ``nlp.max_length`` (a million characters), its parser's memory
grows with the text, and some of our rules look back over the whole article, so their
time grows faster than the text. An article longer than ``PIECE_CHARS`` is therefore cut
into pieces of at most that many characters, each ending at a paragraph end where the
stretch has one; each piece is extracted on its own and the records are joined: offsets
are shifted by the piece's start, and sentence numbers and mention, event and statement
ids continue across pieces, so the joined record reads as one extraction of the whole
text. What is lost at a cut: a pronoun or an unattributed quote at the start of a piece
cannot reach back to a name in the piece before.
"""

from __future__ import annotations

from dataclasses import replace

from newsgraph.model import Article, Record

PIECE_CHARS = 50_000  # longest text extracted in one piece


def is_long(text: str) -> bool:
    return len(text) > PIECE_CHARS


def pieces(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """``text`` as (start offset, piece) with pieces of at most ``size`` (PIECE_CHARS)
    characters that join back into ``text``. A piece ends after a line break (a
    paragraph end) when its stretch has one; a paragraph longer than ``size`` is cut
    after its last sentence end (". ") in the stretch, else after its last space, else
    at ``size`` exactly."""
    size = size or PIECE_CHARS
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        stop = start + size
        cut = text.rfind("\n", start, stop) + 1
        if cut <= start:
            cut = text.rfind(". ", start, stop) + 2
        if cut <= start + 1:
            cut = text.rfind(" ", start, stop) + 1
        if cut <= start:
            cut = stop
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def join_records(article: Article, parts: list[tuple[int, Record]]) -> Record:
    """One record for ``article`` from the records of its pieces, each with the offset
    where its piece starts."""
    sentences, mentions, events, statements = [], [], [], []
    for offset, rec in parts:
        ns, nm, ne, nst = len(sentences), len(mentions), len(events), len(statements)

        def mid(m: str | None, nm: int = nm) -> str | None:
            return None if m is None else f"m{int(m[1:]) + nm}"

        for s in rec.sentences:
            sentences.append(replace(s, i=s.i + ns, start=s.start + offset,
                                     end=s.end + offset))
        for m in rec.mentions:
            mentions.append(replace(m, id=mid(m.id), sentence=m.sentence + ns,
                                    start=m.start + offset, end=m.end + offset))
        for e in rec.events:
            loc = e.location
            events.append(replace(
                e, id=f"e{int(e.id[1:]) + ne}", sentence=e.sentence + ns,
                source=[replace(p, mention=mid(p.mention)) for p in e.source],
                target=[replace(p, mention=mid(p.mention)) for p in e.target],
                trigger=_shift(e.trigger, offset),
                location=loc and replace(loc, start=loc.start + offset,
                                         end=loc.end + offset)))
        for st in rec.statements:
            sp = st.speaker
            statements.append(replace(
                st, id=f"s{int(st.id[1:]) + nst}", sentence=st.sentence + ns,
                speaker=sp and replace(sp, start=sp.start + offset, end=sp.end + offset,
                                       mention=mid(sp.mention)),
                cue=st.cue and _shift(st.cue, offset), content=_shift(st.content, offset)))
    return Record(article, sentences, mentions, events, statements)


def _shift(span, offset: int):
    return replace(span, start=span.start + offset, end=span.end + offset)
