"""The Python API. The CLI is a thin layer over this; so will the web API be.

    import newsgraph
    with newsgraph.open("news.duckdb") as ng:
        report = ng.ingest(["articles/"], published="2025-10-22")
        for event in ng.events(actor="donald-trump", type="CONSULT"):
            ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsgraph.errors import InputError, StoreError
from newsgraph.frames import Rows
from newsgraph.ingest.article import Metadata
from newsgraph.ingest.dates import parse_published
from newsgraph.ingest.readers import read_inputs
from newsgraph.ingest.urls import http_url
from newsgraph.model import Article, Record, Rejected
from newsgraph.query import (
    article_query,
    event_query,
    merged_query,
    parse_date,
    resolve_actors,
    statement_query,
)
from newsgraph.settings import Settings
from newsgraph.store.db import Store

CHUNK = 512  # articles read ahead before extraction (bounds memory on big inputs)


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # article ids
    already: list[tuple[str, str]] = field(default_factory=list)  # (origin, article id)
    # the text of a stored article carried by another outlet: (origin, article id)
    copies: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # stored articles with no publication date (none in the input, none given): their
    # events can only be dated by what the text says, and linking dates them by the day
    # they were ingested
    undated: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        copies = f"{len(self.copies)} copies by other outlets, " if self.copies else ""
        return (f"{len(self.stored)} stored, {copies}{len(self.already)} already there, "
                f"{len(self.rejected)} rejected")


Progress = Callable[[str, Any], None]  # (event: "read"|"stored"|"already"|"rejected", item)


def metadata(published: str | None = None, source: str | None = None, url: str | None = None,
             title: str | None = None) -> Metadata:
    """Defaults for inputs that lack them; ``url`` must be an http(s) URL."""
    if url and http_url(url) is None:
        raise InputError(f"not an http(s) URL: {url!r}")
    return Metadata(published=parse_published(published) if published else None,
                    source=source, url=http_url(url) if url else None, title=title)


class Newsgraph:
    def __init__(self, settings: Settings | None = None, read_only: bool = False,
                 extractor=None) -> None:
        """``extractor``: anything with the Extractor's ``extract``/``extract_many``
        (the server passes one running in its own process); by default one is loaded
        in this process when first needed."""
        self.settings = settings or Settings.from_env()
        self.store = Store(self.settings.db, read_only=read_only)
        self._linker = None
        self._extractor = extractor

    @property
    def linker(self):
        """The linker, made when first needed: reading and extracting never link, and its
        libraries (MinHash, word frequencies) cost half a second to import."""
        if self._linker is None:
            from newsgraph.link.linker import Linker
            self._linker = Linker(self.store.links)
        return self._linker

    @linker.setter
    def linker(self, value) -> None:
        self._linker = value

    # ---- lifecycle ------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsgraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def extractor(self):
        if self._extractor is None:
            from newsgraph.extraction.extractor import Extractor  # loads spaCy: only on demand
            self._extractor = Extractor(self.settings)
        return self._extractor

    # ---- writing --------------------------------------------------------------------
    def ingest(self, inputs: Iterable[str], meta: Metadata | None = None,
               progress: Progress | None = None, stdin: IO[str] | None = None,
               **meta_fields) -> IngestReport:
        """Read, extract and store; each article in its own transaction. Articles already
        in the store (same normalised text) are not processed again."""
        meta = meta or metadata(**meta_fields)
        self.link_pending()
        report = IngestReport()
        note = progress or (lambda kind, item: None)
        pending: list[Article] = []
        again: list[Article] = []  # texts already stored or pending: copies or repeats
        seen: set[str] = set()

        def flush() -> None:
            for result in self.extractor.extract_many(pending, n_items=len(pending)):
                if isinstance(result, Record):
                    result = self._store(result, report, note)
                if isinstance(result, Rejected):
                    report.rejected.append(result)
                    note("rejected", result)
            pending.clear()
            for item in again:
                self._again(item, report, note)
            again.clear()

        for item in read_inputs(inputs, meta, self.settings, stdin=stdin):
            if isinstance(item, Rejected):
                report.rejected.append(item)
                note("rejected", item)
                continue
            note("read", item)
            if item.id in seen or self.store.has_article(item.id):
                again.append(item)
                continue
            seen.add(item.id)
            pending.append(item)
            if len(pending) >= CHUNK:
                flush()
        flush()
        return report

    def _again(self, item: Article, report: IngestReport, note: Progress) -> None:
        """A text already stored: a copy carried by another outlet, or the same again."""
        if not self.store.has_article(item.id):
            return  # its first occurrence was rejected, and said so
        try:
            with self.store.transaction():
                copy = self.linker.add_copy(item.to_dict())
        except StoreError as exc:
            report.rejected.append(Rejected(item.origin or item.id, str(exc)))
            note("rejected", report.rejected[-1])
            return
        if copy:
            report.copies.append((item.origin, item.id))
            note("copy", item)
        else:
            report.already.append((item.origin, item.id))
            note("already", item)

    def _store(self, rec: Record, report: IngestReport, note: Progress) -> Rejected | None:
        """One article in one transaction; a failure rejects this article only."""
        try:
            stored = self.store.add_record(rec, link=lambda r: self.linker.link(r.to_dict()))
        except StoreError as exc:
            self.linker.reset()  # its cached counts may hold the rolled-back article's
            return Rejected(rec.article.origin or rec.article.id, str(exc))
        if stored and not rec.article.published:
            report.undated += 1
        if stored:
            report.stored.append(rec.article.id)
            note("stored", rec)
        else:
            report.already.append((rec.article.origin, rec.article.id))
            note("already", rec)
        return None

    def link_pending(self, rebuild: bool = False) -> int:
        """Link stored articles that have no links yet (stored before linking existed),
        in the order they were ingested; with ``rebuild``, drop all links and link every
        article again (after the linking rules changed). Returns how many were linked."""
        store = self.store
        pending = store.links.unlinked_articles()
        if not pending and not rebuild:
            return 0
        with store.transaction():
            copies = []
            if rebuild:
                copies = store.links.copies()
                store.links.clear()
                self.linker.reset()
                pending = store.links.unlinked_articles()
            for aid in pending:
                rec = store.record(aid)
                self.linker.link(rec, today=store.ingested_day(aid))
            for c in copies:  # counts do not depend on the order copies arrive in
                self.linker.add_copy({"id": c["article_id"], "source": c["outlet"],
                                      "url": c["url"], "title": c["title"],
                                      "published": c["day"].isoformat()})
        return len(pending)

    # ---- reading --------------------------------------------------------------------
    def events(self, **filters) -> Rows:
        """Events; filters: actor, country, type, status (default 'occurred'; 'all'),
        since, until, q, article, limit, offset."""
        return Rows(self.store.events(event_query(self.store, **filters)))

    def count_events(self, **filters) -> int:
        return self.store.count_events(event_query(self.store, **filters))

    def merged_events(self, **filters) -> Rows:
        """Merged events (one per happening, with counts and evidence); filters: actor,
        country, type, status (default 'occurred'; 'all'), since, until, story,
        min_sources, limit, offset."""
        return Rows(self.store.linked.merged_events(merged_query(self.store, **filters)))

    def merged_events_page(self, **filters) -> tuple[list[dict[str, Any]], int]:
        """A page of merged events (``limit``, ``offset``) and how many match."""
        return self.store.linked.merged_page(merged_query(self.store, **filters))

    def merged_event_counts(self, **filters) -> dict[str, list[tuple]]:
        """Merged events of a filter counted by type, country (the most frequent) and
        week: what the events page shows above its list."""
        filters.pop("limit", None), filters.pop("offset", None)
        return self.store.linked.merged_counts(merged_query(self.store, **filters))

    def count_merged_events(self, **filters) -> int:
        return self.store.linked.count_merged(merged_query(self.store, **filters))

    def stories(self, since=None, until=None, actor=None, limit=None,
                offset: int = 0) -> Rows:
        """Stories, most recently active first."""
        ids, countries = resolve_actors(self.store, actor)
        ids += tuple(f"country:{c}" for c in countries)
        return Rows(self.store.linked.stories(parse_date(since, "since"),
                                              parse_date(until, "until"), ids, limit, offset))

    def story(self, story_id: str) -> dict[str, Any] | None:
        """A story with its articles in time order and its merged events. An event's
        evidence is cut to the sentences of the story's own articles; how many of its
        reports lie outside the story is ``evidence_elsewhere``."""
        story = self.store.linked.story(story_id)
        if story is not None:
            own = {a["id"] for a in story["articles"]}
            story["events"] = []
            for e in self.merged_events(story=story_id, status="all"):
                inside = [v for v in e["evidence"] if v["article"] in own]
                story["events"].append({**e, "evidence": inside,
                                        "evidence_elsewhere": len(e["evidence"]) - len(inside)})
        return story

    def unlinked(self) -> int:
        return len(self.store.links.unlinked_articles())

    def view(self) -> Newsgraph:
        """A reading handle on the same store for another thread (see Store.view)."""
        other = object.__new__(Newsgraph)
        other.settings = self.settings
        other.store = self.store.view()
        other.linker = None
        other._extractor = None
        return other

    def articles(self, q=None, source=None, since=None, until=None, story=None,
                 limit=None, offset: int = 0) -> Rows:
        """Stored articles, newest first, with their outlet, story and counts."""
        return Rows(self.store.browse.articles(article_query(
            q=q, source=source, since=since, until=until, story=story, limit=limit,
            offset=offset)))

    def count_articles(self, **filters) -> int:
        return self.store.browse.count_articles(article_query(**filters))

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article's record (SCHEMA.md) with its links: outlet, story, near-duplicates,
        copies by other outlets, and the merged event of each event mention."""
        rec = self.store.record(article_id)
        if rec is None:
            return None
        rec["links"] = self.store.browse.article_links(article_id)
        return rec

    def actor(self, actor_id: str, since=None, until=None) -> dict[str, Any] | None:
        """A stored actor with its counts, weekly timeline and the actors it deals with."""
        rows = self.store.actors(ids=[actor_id])
        if not rows:
            return None
        s, u = parse_date(since, "since"), parse_date(until, "until")
        return {**rows[0], "timeline": self.store.browse.actor_timeline(actor_id, s, u),
                "network": self.store.browse.actor_network(actor_id)}

    def count_actors(self, search: str | None = None) -> int:
        return self.store.browse.count_actors(search)

    def count_stories(self) -> int:
        return self.store.browse.count_stories()

    def count_statements(self, **filters) -> int:
        return self.store.count_statements(statement_query(self.store, **filters))

    def statements(self, **filters) -> Rows:
        """Statements; filters: speaker, actor (mentioned), country, since, until, q,
        article, limit, offset."""
        return Rows(self.store.statements(statement_query(self.store, **filters)))

    def actors(self, search: str | None = None, limit: int | None = None) -> Rows:
        return Rows(self.store.actors(search=search, limit=limit))

    def record(self, article_id: str) -> dict[str, Any] | None:
        return self.store.record(article_id)

    def records(self) -> Iterator[dict[str, Any]]:
        return self.store.records()


def open(path: str | Path | None = None, **settings) -> Newsgraph:  # noqa: A001
    """Open (or create) a store: ``path``, else $NEWSGRAPH_DB, else ./newsgraph.duckdb."""
    return Newsgraph(Settings.from_env(db=path, **settings))


def extract(inputs: Iterable[str], settings: Settings | None = None,
            stdin: IO[str] | None = None, meta: Metadata | None = None,
            **meta_fields) -> Iterator[Record | Rejected]:
    """Extraction without a store: records (and rejected inputs) in input order."""
    from newsgraph.extraction.extractor import Extractor

    settings = settings or Settings.from_env()
    items = list(read_inputs(inputs, meta or metadata(**meta_fields), settings, stdin=stdin))
    articles = [i for i in items if isinstance(i, Article)]
    engine = Extractor(settings)
    results = iter(engine.extract_many(articles, n_items=len(articles)))
    for item in items:
        yield item if isinstance(item, Rejected) else next(results)
