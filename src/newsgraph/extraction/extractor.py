"""The extraction engine: Article -> Record, one article or a stream of them.

The knowledge (actors, patterns, cues) and the spaCy pipeline are loaded once per
Extractor. Streams run through ``nlp.pipe``; with several workers each process runs the
whole extraction on its share, so the rules run in parallel with the parser.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from itertools import islice

from newsgraph.extraction.actors import ActorResolver
from newsgraph.extraction.coref import resolve_coreference
from newsgraph.extraction.derive import Deriver
from newsgraph.extraction.events import EventCoder, fill_unresolved
from newsgraph.extraction.gazetteer import Gazetteer, written_as_name
from newsgraph.extraction.long import is_long, join_records, pieces
from newsgraph.extraction.record import build_record, parse_day
from newsgraph.extraction.statements import SpeechCoder
from newsgraph.extraction.timex import find_timexes
from newsgraph.knowledge.actors import Actor, KnowledgeBase
from newsgraph.knowledge.rules import Rules
from newsgraph.model import Article, Record, Rejected
from newsgraph.nlp.pipeline import build_nlp
from newsgraph.settings import Settings

log = logging.getLogger(__name__)


class Extractor:
    def __init__(self, settings: Settings | None = None, kb: KnowledgeBase | None = None,
                 rules: Rules | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = build_nlp(self.settings)
        self.kb = kb or KnowledgeBase.load(self.settings.all_actor_files(),
                                           cache=self.settings.home / "cache")
        self.rules = rules or Rules.load(cache=self.settings.home / "cache")
        self.gazetteer = Gazetteer(self.kb)
        self.resolver = ActorResolver(self.kb, self.gazetteer, frozenset(
            w for cue in self.rules.speech if cue.pos in ("verb", "noun") for w in cue.words))
        self.events = EventCoder(self.rules, self.kb)
        self.speech = SpeechCoder(self.rules.speech, self.rules.derived_cues)
        self.deriver = Deriver(self.rules)
        self.kb.prepare()  # build lazy indexes now, so forked workers share them

    # ---- one document ---------------------------------------------------------------
    def extract_doc(self, article: Article, doc) -> Record:
        doc.user_data["newsgraph_text"] = article.text  # == doc.text, without the join
        day = parse_day(article.published)
        mentions = self.resolver.resolve(doc, day)
        resolve_coreference(doc, mentions)
        timexes = find_timexes(doc)
        events = self.events.code(doc, mentions, timexes, day)
        events += self.deriver.derive(doc, events, mentions)
        self.deriver.aim_threats(events, mentions)
        events = self.deriver.drop_protest_topics(events)
        events = self.deriver.drop_unanchored(events)
        events = self.deriver.drop_topics(events)
        fill_unresolved(events)
        events.sort(key=lambda e: e.trigger.i)
        statements = self.speech.code(doc, mentions)
        return build_record(article, doc, mentions, events, statements, self.rules.goldstein)

    def extract(self, article: Article) -> Record:
        if is_long(article.text):
            return self.extract_long(article)
        return self.extract_doc(article, self.nlp(article.text))

    def extract_long(self, article: Article) -> Record:
        """An article over PIECE_CHARS characters, in paragraph-aligned pieces (see
        extract/long.py): memory bounded by the piece, time in proportion to the text."""
        parts = []
        for offset, piece in pieces(article.text):
            part = Article(text=piece, published=article.published)
            parts.append((offset, self.extract_doc(part, self.nlp(piece))))
        return join_records(article, parts)

    def resolve_phrases(self, items: list[tuple[str, str | None]]) -> list[dict]:
        """Each (text, date) -> the actor the phrase names, as of the date:
        {"text", "actor", "name", "kind", "country", "sector", "role"} ('' where unknown).
        The phrase's head mention decides ("Pakistani Army" -> the army, not Pakistan)."""
        # a phrase is a fiftieth of an article's work: thousands go to forked processes,
        # each parsing and resolving its own chunk
        workers = self.settings.workers(len(items) // 50)
        if workers <= 1 or "fork" not in mp.get_all_start_methods():
            return self._resolve_chunk(items)
        global _FORKED
        _FORKED = self
        size = -(-len(items) // (workers * 4))
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        with mp.get_context("fork").Pool(workers) as pool:
            return [r for part in pool.map(_resolve_work, chunks) for r in part]

    def _resolve_chunk(self, items: list[tuple[str, str | None]]) -> list[dict]:
        out: list[dict] = []
        named = [self._known_name(t, d) for t, d in items]
        # A bare noun phrase parses best as the subject of a sentence ("general" in "the
        # UN secretary-general" is otherwise read as an adjective).
        texts = [f"{t.rstrip('.')} said." for (t, _), a in zip(items, named, strict=True)
                 if a is None]
        docs = iter(self.nlp.pipe(texts, batch_size=256))
        for (text, date), known in zip(items, named, strict=True):
            if known is not None:
                out.append(_phrase_result(text, known))
                continue
            doc = next(docs)
            mentions = self.resolver.resolve(doc, parse_day(date))
            resolve_coreference(doc, mentions)
            phrase = doc.char_span(0, len(text.rstrip(".")), alignment_mode="expand")
            found = [f for f in mentions.found if (f.actor.id or f.actor.sector)
                     and phrase is not None and f.end <= phrase.end]
            head = phrase.root.i if phrase is not None and len(phrase) else -1
            best = next((f for f in found if f.start <= head < f.end or f.head == head),
                        found[-1] if found else None)
            out.append(_phrase_result(text, best.actor if best else None))
        return out

    def _known_name(self, text: str, date: str | None) -> Actor | None:
        """The person or organisation a phrase is the full name of, when only one has
        it: coded without a parse (the parse would find the same name and nothing
        else)."""
        name = text.strip().rstrip(".")
        if name[:4].lower() == "the ":
            name = name[4:]
        names = self.kb.names.get(name) or (
            self.kb.names_any_case.get(name.lower(), []) if written_as_name(
                [w for w in name.split() if w.isalpha()]) else [])
        targets = {n.target for n in names}
        if len(targets) != 1:
            return None
        target = targets.pop()
        if target in self.kb.people or target in self.kb.organizations:
            return self.kb.actor(target, parse_day(date))
        return None

    # ---- streams --------------------------------------------------------------------
    def extract_many(self, articles: Iterable[Article], n_items: int | None = None
                     ) -> Iterator[Record | Rejected]:
        """Records in input order; an article whose extraction fails comes back Rejected.
        ``n_items`` (if known) decides how many processes are worth starting."""
        workers = self.settings.workers(n_items if n_items is not None else 0)
        if workers <= 1 or "fork" not in mp.get_all_start_methods():
            yield from self._serial(articles)
            return
        yield from self._parallel(articles, workers)

    def _serial(self, articles: Iterable[Article]) -> Iterator[Record | Rejected]:
        it = iter(articles)
        while True:
            batch = list(islice(it, self.settings.batch_size))
            if not batch:
                return
            yield from self._batch(batch)

    def _batch(self, batch: list[Article]) -> list[Record | Rejected]:
        """A failure on one article, parsing or rules, rejects that article only."""
        texts = [a.text for a in batch if not is_long(a.text)]
        try:
            docs = iter(list(self.nlp.pipe(texts, batch_size=self.settings.batch_size)))
        except Exception:  # one text broke the batch's parse: each is parsed alone below
            docs = None
        out: list[Record | Rejected] = []
        for article in batch:
            try:
                if is_long(article.text):
                    out.append(self.extract_long(article))
                    continue
                doc = next(docs) if docs is not None else self.nlp(article.text)
                out.append(self.extract_doc(article, doc))
            except Exception as exc:  # a bug on one article must not stop the batch
                log.exception("extraction failed for %s", article.origin or article.id)
                out.append(Rejected(article.origin or article.id,
                                    f"extraction failed: {type(exc).__name__}: {exc}"))
        return out

    def _parallel(self, articles: Iterable[Article], workers: int
                  ) -> Iterator[Record | Rejected]:
        global _FORKED
        _FORKED = self  # children inherit the loaded engine through fork
        ctx = mp.get_context("fork")
        it = iter(articles)
        batches = iter(lambda: list(islice(it, self.settings.batch_size)), [])
        with ctx.Pool(workers) as pool:
            for result in pool.imap(_work, batches):
                yield from result


_FORKED: Extractor | None = None


def _phrase_result(text: str, a: Actor | None) -> dict:
    return {"text": text, "actor": a.id if a else "", "name": a.name if a else "",
            "kind": a.kind if a else "", "country": a.country if a else "",
            "sector": a.sector if a else "", "role": a.role if a else ""}


def _resolve_work(items: list[tuple[str, str | None]]) -> list[dict]:
    assert _FORKED is not None, "worker started without an engine"
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return _FORKED._resolve_chunk(items)


def _work(batch: list[Article]) -> list[Record | Rejected]:
    assert _FORKED is not None, "worker started without an engine"
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return _FORKED._batch(batch)
