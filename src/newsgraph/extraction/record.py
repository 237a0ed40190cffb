"""Doc + Article -> Record (SCHEMA.md): ids, character offsets, links between items."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from newsgraph.extraction.events import RawEvent, quad_of
from newsgraph.extraction.mentions import Found, Mentions
from newsgraph.extraction.statements import RawStatement
from newsgraph.extraction.syntax import doc_text, sentences
from newsgraph.knowledge.rules import goldstein_of
from newsgraph.model import (
    Article,
    Event,
    Location,
    Mention,
    Participant,
    Record,
    Sentence,
    Speaker,
    Statement,
    TextSpan,
)


def sentences_of(doc: Doc) -> tuple[list[Sentence], dict[int, int]]:
    """Sentences without surrounding whitespace, and token index -> sentence number."""
    text = doc_text(doc)
    out: list[Sentence] = []
    index: dict[int, int] = {}
    for sent in sentences(doc):
        a, b = sent.start_char, sent.end_char
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a == b:
            continue
        i = len(out)
        out.append(Sentence(i, a, b))
        for t in range(sent.start, sent.end):
            index[t] = i
    return out, index


def build_record(article: Article, doc: Doc, mentions: Mentions, events: list[RawEvent],
                 statements: list[RawStatement], goldstein: dict[str, float]) -> Record:
    sentences, sent_of = sentences_of(doc)
    text = doc_text(doc)

    def chars(start: int, end: int) -> tuple[int, int]:
        return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])

    mention_ids: dict[int, str] = {}
    by_span: dict[tuple[int, int], str] = {}  # an event's own coding of a mention
    out_mentions: list[Mention] = []
    for f in mentions.found:
        a, b = chars(f.start, f.end)
        mid = f"m{len(out_mentions)}"
        mention_ids[id(f)] = mid
        by_span.setdefault((f.start, f.end), mid)
        act = f.actor
        out_mentions.append(Mention(mid, sent_of.get(f.start, 0), a, b, text[a:b], act.id,
                                    act.name, act.kind, act.country, act.sector, act.role,
                                    act.affiliation))

    def participant(f: Found) -> Participant:
        a, b = chars(f.start, f.end)
        mid = mention_ids.get(id(f)) or by_span.get((f.start, f.end))
        return Participant(mid, f.actor.id, text[a:b], f.actor.country, f.actor.sector,
                           f.actor.affiliation, f.actor.name)

    out_statements: list[Statement] = []
    for st in statements:
        speaker = None
        if st.speaker_span is not None:
            a, b = st.speaker_span
            f = st.speaker
            speaker = Speaker(a, b, text[a:b], mention_ids.get(id(f)) if f else None,
                              f.actor.id if f else "", f.actor.name if f else "")
        cue = TextSpan(st.cue[0], st.cue[1], text[st.cue[0]:st.cue[1]]) if st.cue else None
        c0, c1 = st.content
        inside = sorted({m.actor for m in out_mentions
                         if c0 <= m.start and m.end <= c1 and m.actor})
        sent_i = _sentence_at(sentences, c0)
        out_statements.append(Statement(f"s{len(out_statements)}", sent_i, st.kind, speaker, cue,
                                        TextSpan(c0, c1, text[c0:c1]), inside, st.category))

    _link_nested(out_statements)

    out_events: list[Event] = []
    for ev in events:
        tok = ev.trigger
        a, b = tok.idx, tok.idx + len(tok)
        p = ev.pattern
        date = ev.date.value if ev.date else None
        precision = ev.date.precision if ev.date else None
        if date is None and article.published:
            date, precision = article.published, "published"
        location = None
        if ev.place is not None:
            la, lb = chars(ev.place.start, ev.place.end)
            location = Location(text[la:lb], ev.place.country, la, lb, ev.place.place)
        reported_by = None
        for st in out_statements:
            if st.content.start <= a < st.content.end and st.speaker and st.speaker.actor:
                reported_by = st.speaker.actor
                break
        out_events.append(Event(
            id=f"e{len(out_events)}", sentence=sent_of.get(tok.i, 0), type=p.type,
            mode=p.mode, context=list(p.context), cameo=p.cameo, quad=quad_of(p.type),
            source=[participant(f) for f in ev.source],
            target=[participant(f) for f in ev.target],
            trigger=TextSpan(a, b, text[a:b]), date=date, date_precision=precision,
            date_text=ev.date_text, location=location, status=ev.status,
            reported_by=reported_by, confidence=ev.confidence, pattern=p.id,
            goldstein=goldstein_of(goldstein, p.cameo),
        ))
    return Record(article, sentences, out_mentions, out_events, out_statements)


def _sentence_at(sentences: list[Sentence], offset: int) -> int:
    for s in sentences:
        if s.start <= offset < s.end:
            return s.i
    return sentences[-1].i if sentences else 0


def parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _link_nested(statements: list[Statement]) -> None:
    """A statement whose cue lies inside another's content is nested in it ("the minister
    said the army fears an offensive"): keep both, and say which holds which (the
    innermost holder, when contents nest deeper)."""
    for st in statements:
        at = st.cue.start if st.cue else st.content.start
        holders = [o for o in statements if o is not st
                   and o.content.start <= at < o.content.end
                   and o.content.end - o.content.start > st.content.end - st.content.start]
        if holders:
            st.within = min(holders, key=lambda o: o.content.end - o.content.start).id
