"""The command line: a thin layer over newsgraph.api. Only this module picks exit codes.

Exit codes: 0 success; 1 some input items were rejected (the rest was processed);
2 usage or query error; 3 store or knowledge-file error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sys
import tempfile
from functools import wraps
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsgraph import __version__
from newsgraph.api import Newsgraph, metadata
from newsgraph.errors import InputError, KnowledgeError, NewsgraphError, QueryError, StoreError
from newsgraph.export import (
    EVENT_COLUMNS,
    MERGED_COLUMNS,
    STATEMENT_COLUMNS,
    TABLES,
    export_parquet,
    export_table_csv,
    flat_event,
    flat_merged,
    flat_statement,
    write_csv,
    write_jsonl,
)
from newsgraph.ingest.urls import http_url
from newsgraph.knowledge.files import data_dir
from newsgraph.query import event_query
from newsgraph.settings import Settings

# diagnostics are never wrapped: "file:line: reason" stays one line a tool can grep
err = Console(stderr=True, soft_wrap=True)


def _out() -> Console:
    """A console on the current stdout; wide when piped, so tables are not clipped."""
    return Console(width=None if sys.stdout.isatty() else 160)


def handle_errors(fn):
    """Library exceptions -> a message on stderr and an exit code."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from exc
        except (StoreError, KnowledgeError) as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            _hint_server(kwargs.get("db"))
            sys.exit(3)
        except InputError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            sys.exit(1)
        except NewsgraphError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            sys.exit(3)
    return wrapper


def _hint_server(db) -> None:
    from newsgraph.serve.client import running_server
    server = running_server(_settings(db).db)
    if server:
        err.print(f"the store is held by `newsgraph serve` (pid {server['pid']}); use its "
                  f"API at {server['url']}/docs, or stop it", highlight=False)


def db_option(fn):
    return click.option("--db", type=click.Path(dir_okay=False), envvar="NEWSGRAPH_DB",
                        help="DuckDB store file [default: ./newsgraph.duckdb; "
                             "env NEWSGRAPH_DB].")(fn)


def meta_options(fn):
    for opt in reversed([
        click.option("--published", help="Publication date (YYYY-MM-DD) where the input "
                                         "has none."),
        click.option("--source", help="Outlet name where the input has none."),
        click.option("--url", help="URL where the input has none."),
        click.option("--title", help="Title where the input has none."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=None,
                     help="Largest accepted input item [default: 5 MB]."),
        click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
                     help="Worker processes; 0 = all cores [default: 0]."),
    ]):
        fn = opt(fn)
    return fn


def sort_option(fn):
    return click.option("--sort", type=click.Choice(["oldest", "newest"]), default="oldest",
                        show_default=True,
                        help="By date: oldest or newest first (merged events: most "
                             "independent sources first, then oldest).")(fn)


def format_option(default: str = "table", choices=("table", "jsonl", "csv")):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


def filter_options(fn):
    for opt in reversed([
        click.option("--actor", multiple=True,
                     help="Actor id, part of a name, or country code (repeatable)."),
        click.option("--since", help="From this date (YYYY-MM-DD)."),
        click.option("--until", help="Up to this date (YYYY-MM-DD)."),
        click.option("--limit", type=click.IntRange(min=0), default=None,
                     help="At most this many rows."),
        click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip rows."),
    ]):
        fn = opt(fn)
    return fn


def _settings(db=None, max_bytes=None, jobs=None) -> Settings:
    return Settings.from_env(db=db, max_bytes=max_bytes, jobs=jobs)


def _meta(published, source, url, title):
    try:
        return metadata(published=published, source=source, url=url, title=title)
    except InputError as exc:
        bad_url = url and http_url(url) is None
        raise click.BadParameter(str(exc), param_hint="--url" if bad_url else "--published"
                                 ) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (to stderr).")
def cli(verbose: bool) -> None:
    """newsgraph: news articles -> actors, events with status, statements, with evidence."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


# ---- ingest / extract ------------------------------------------------------------------

@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@meta_options
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@handle_errors
def ingest(inputs, published, source, url, title, max_bytes, jobs, db, quiet):
    """Read files, folders, feeds, JSON Lines ('-' for stdin) or URLs; extract; store.

    Articles already in the store are not stored again. Rejected items are listed with
    their reason; the exit code is 1 when any item was rejected.
    """
    from newsgraph.serve.client import forward_ingest, running_server

    meta = _meta(published, source, url, title)
    settings = _settings(db, max_bytes, jobs)
    server = running_server(settings.db)
    if server:
        # the server holds the store: it ingests what we read
        err.print(f"ingesting through `newsgraph serve` at {server['url']}", highlight=False)
        report = forward_ingest(server, list(inputs), meta, settings,
                                token=os.environ.get("NEWSGRAPH_TOKEN"))
    else:
        with Newsgraph(settings) as ng:
            report = _ingest_with_progress(ng, list(inputs), meta, quiet)
    _print_report(report)
    sys.exit(0 if report.ok else 1)


def _ingest_with_progress(ng: Newsgraph, inputs, meta, quiet: bool):
    if quiet or not err.is_terminal:
        return ng.ingest(inputs, meta)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        read = bar.add_task("read", total=None)
        done = bar.add_task("extracted", total=0)

        def note(kind, item):
            if kind == "read":
                bar.advance(read)
                bar.update(done, total=(bar.tasks[done].total or 0) + 1)
            elif kind in ("stored", "already", "copy"):
                bar.advance(done)
            elif kind == "rejected" and "extraction failed" in getattr(item, "reason", ""):
                bar.advance(done)
        return ng.ingest(inputs, meta, progress=note)


def _print_report(report) -> None:
    for origin, aid in report.already:
        err.print(f"already stored: {origin or aid} ({aid})", highlight=False)
    for origin, aid in report.copies:
        err.print(f"copy by another outlet: {origin or aid} ({aid})", highlight=False)
    for r in report.rejected:
        err.print(f"[red]rejected:[/red] {r.item}: {r.reason}", highlight=False)
    if report.undated:
        err.print(f"[yellow]warning:[/yellow] {report.undated} stored articles have no "
                  "publication date: their events are dated only where the text says "
                  "when; give --published, or a date in the input", highlight=False)
    err.print(report.summary(), highlight=False)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@meta_options
@click.option("--indent", type=int, default=None, help="Pretty-print with this indent.")
@handle_errors
def extract(inputs, published, source, url, title, max_bytes, jobs, indent):
    """Extract without storing: one JSON record per article on stdout (SCHEMA.md).

    Takes the same inputs as ingest; '-' reads JSON Lines from stdin. Rejected items go
    to stderr and make the exit code 1.
    """
    from newsgraph.api import extract as run

    meta = _meta(published, source, url, title)
    rejected = 0
    for item in run(list(inputs), _settings(None, max_bytes, jobs), meta=meta):
        if hasattr(item, "reason"):
            rejected += 1
            err.print(f"[red]rejected:[/red] {item.item}: {item.reason}", highlight=False)
            continue
        click.echo(json.dumps(item.to_dict(), ensure_ascii=False, indent=indent))
    sys.exit(1 if rejected else 0)


# ---- queries ---------------------------------------------------------------------------

@cli.command()
@filter_options
@click.option("--type", "types", multiple=True, help="PLOVER type(s), e.g. CONSULT.")
@click.option("--status", "statuses", multiple=True,
              help="occurred (default), planned, canceled, negated, hypothetical, "
                   "requested, or 'all'.")
@click.option("--country", multiple=True, help="Country code of a participant.")
@click.option("--q", "q", help="Text in the title or the evidence sentence.")
@click.option("--merged", is_flag=True,
              help="One row per happening, merged over sentences and articles, with "
                   "mention, article and outlet counts and all its evidence.")
@click.option("--story", help="Merged events of this story (with --merged).")
@click.option("--min-sources", type=click.IntRange(min=0), default=0,
              help="Merged events reported by at least this many independent sources.")
@sort_option
@format_option()
@db_option
@handle_errors
def events(actor, since, until, limit, offset, types, statuses, country, q, merged, story,
           min_sources, sort, fmt, db):
    """Events found in the store, with their evidence sentence."""
    if merged or story or min_sources:
        return _merged_events(db, fmt, actor=actor, since=since, until=until, limit=limit,
                              offset=offset, type=types, status=statuses, country=country,
                              q=q, story=story, min_sources=min_sources)
    with _reader(db) as ng:
        rows = ng.events(actor=actor, since=since, until=until, limit=limit, offset=offset,
                         type=types, status=statuses, country=country, q=q, sort=sort)
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
    elif fmt == "csv":
        write_csv((flat_event(e) for e in rows), EVENT_COLUMNS, sys.stdout)
    else:
        _out().print(events_table(rows))


def _merged_events(db, fmt, **filters) -> None:
    with _reader(db) as ng:
        _warn_unlinked(ng)
        rows = ng.merged_events(**filters)
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
    elif fmt == "csv":
        write_csv((flat_merged(e) for e in rows), MERGED_COLUMNS, sys.stdout)
    else:
        _out().print(merged_table(rows))


def _warn_unlinked(ng: Newsgraph) -> None:
    n = ng.unlinked()
    if n:
        err.print(f"note: {n} stored articles are not linked yet; run `newsgraph link`",
                  highlight=False)


def merged_table(rows) -> Table:
    t = Table(title=f"{len(rows)} merged events")
    for col in ("date", "type", "status", "source", "target", "mentions", "articles",
                "outlets", "first evidence"):
        t.add_column(col, overflow="fold")
    for e in rows:
        date = f"{e['date'] or ''}" + ("" if e["date_precision"] in ("day", None)
                                       else f" ({e['date_precision']})")
        names = [", ".join(p["name"] or p["actor"] for p in e[r]) or "-"
                 for r in ("source", "target")]
        first = e["evidence"][0]["text"] if e["evidence"] else ""
        t.add_row(date, e["type"], e["status"], *names, str(e["num_mentions"]),
                  str(e["num_articles"]), str(e["num_sources"]), _clip(first or "", 80))
    return t


STORY_COLUMNS = ("id", "title", "first_day", "last_day", "num_articles", "num_events",
                 "actors")


@cli.command()
@filter_options
@format_option()
@db_option
@handle_errors
def stories(actor, since, until, limit, offset, fmt, db):
    """Stories: articles about one developing news item, most recently active first."""
    with _reader(db) as ng:
        _warn_unlinked(ng)
        rows = ng.stories(since=since, until=until, actor=actor, limit=limit, offset=offset)
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
        return
    if fmt == "csv":
        write_csv(({**{c: st.get(c) for c in STORY_COLUMNS},
                    "actors": ";".join(st.get("actors") or [])} for st in rows),
                  STORY_COLUMNS, sys.stdout)
        return
    t = Table(title=f"{len(rows)} stories")
    for col in ("id", "from", "to", "articles", "events", "title", "key actors"):
        t.add_column(col, overflow="fold")
    for st in rows:
        t.add_row(st["id"], st["first_day"], st["last_day"], str(st["num_articles"]),
                  str(st["num_events"]), _clip(st["title"] or "", 70),
                  ", ".join(st["actors"][:4]))
    _out().print(t)


@cli.command()
@click.argument("story_id")
@format_option(choices=("table", "jsonl", "json"))
@db_option
@handle_errors
def story(story_id, fmt, db):
    """One story: its articles in time order and its merged events."""
    with _reader(db) as ng:
        st = ng.story(story_id)
    if st is None:
        raise click.ClickException(f"no story {story_id!r} in the store")
    if fmt in ("json", "jsonl"):  # one object: indented, or on one line as elsewhere
        click.echo(json.dumps(st, ensure_ascii=False, indent=2 if fmt == "json" else None))
        return
    out = _out()
    out.print(f"[bold]{st['title']}[/bold]  {st['first_day']} .. {st['last_day']}  "
              f"({st['num_articles']} articles)", highlight=False)
    t = Table(title="articles")
    for col in ("day", "outlet", "title", "article", "duplicate of"):
        t.add_column(col, overflow="fold")
    for a in st["articles"]:
        t.add_row(a["day"], a["outlet"], _clip(a["title"] or "", 60), a["id"],
                  a["duplicate_of"] or "")
    out.print(t)
    out.print(merged_table(st["events"]))


@cli.command()
@click.option("--rebuild", is_flag=True,
              help="Drop every link and link all stored articles again, in ingest order.")
@db_option
@handle_errors
def link(rebuild, db):
    """Link stored articles: near-duplicates, merged events, stories. Ingest does this
    for each new article; run it on a store written before linking existed, or with
    --rebuild after the linking rules changed."""
    _existing(db)
    with Newsgraph(_settings(db)) as ng:
        n = ng.link_pending(rebuild=rebuild)
    err.print(f"{n} articles linked", highlight=False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Beyond loopback, ingest needs NEWSGRAPH_TOKEN.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another name the server answers to (repeatable; env "
                   "NEWSGRAPH_ALLOWED_HOSTS, comma-separated). Requests naming any other "
                   "host are refused.")
@click.option("--allow-private-fetch", is_flag=True, default=None,
              help="Let URLs sent to the server be fetched from loopback, private and "
                   "link-local addresses too [env NEWSGRAPH_ALLOW_PRIVATE_FETCH=1].")
@db_option
@handle_errors
def serve(host, port, allow_hosts, allow_private_fetch, db):
    """Serve the store: JSON API under /api (docs at /docs) and the web UI.

    POST /api/ingest needs `Authorization: Bearer $NEWSGRAPH_TOKEN` when the token is
    set; without one it is refused unless the server listens on loopback only. Writes
    from pages of other sites, requests naming another host, and fetches of private
    addresses are refused: see docs/security.md.
    """
    import uvicorn

    from newsgraph.serve.app import create_app
    from newsgraph.serve.state import ServerState

    token = os.environ.get("NEWSGRAPH_TOKEN") or None
    loopback = host in ("127.0.0.1", "localhost", "::1")
    if not loopback and not token:
        err.print("note: listening beyond loopback without NEWSGRAPH_TOKEN: ingest over "
                  "HTTP is disabled", highlight=False)
    _existing(db)
    state = ServerState(_settings(db), token, loopback, extraction_process=True, host=host,
                        allowed_hosts=allow_hosts or None,
                        allow_private_fetch=allow_private_fetch or None)
    # storing and linking an ingested article is Python that holds the interpreter lock;
    # handing it over every millisecond (not every 5) keeps requests from queueing
    sys.setswitchinterval(0.001)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    state.announce(url)
    err.print(f"serving {state.settings.db} at {url} (API docs at {url}/docs)",
              highlight=False)
    uvicorn.run(create_app(state.settings, state=state), host=host, port=port,
                log_level="warning")


def events_table(rows) -> Table:
    t = Table(title=f"{len(rows)} events", show_lines=False)
    for col in ("date", "type", "mode", "status", "source", "target", "trigger", "outlet",
                "evidence"):
        t.add_column(col, overflow="fold")
    for e in rows:
        date = f"{e['date']}" + ("" if e["date_precision"] in ("day", None)
                                 else f" ({e['date_precision']})")
        evidence = e.get("sentence_text") or f"{e['article']}:{e['sentence']}"
        t.add_row(date, e["type"], e["mode"] or "", e["status"], _who(e["source"]),
                  _who(e["target"]), e["trigger"]["text"], e.get("source_outlet") or "",
                  _clip(evidence, 90))
    return t


def _who(parts: list[dict]) -> str:
    """Participants as written, with the resolved name when the text is a pronoun/title."""
    names = []
    for p in parts:
        name = p.get("name") or p.get("actor") or ""
        text = p["text"]
        plain = not name or name.lower() in text.lower() or (
            len(text) > 3 and any(c.isupper() for c in text))
        names.append(text if plain else f"{text} ({name})")
    return ", ".join(names) or "-"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@cli.command()
@filter_options
@click.option("--speaker", multiple=True, help="Speaker: actor id, part of a name, country.")
@click.option("--country", multiple=True, help="Speaker's country code.")
@click.option("--category", multiple=True,
              help="speech, belief, intention or evidence [default: all].")
@click.option("--q", "q", help="Text in what was said.")
@sort_option
@format_option()
@db_option
@handle_errors
def statements(actor, since, until, limit, offset, speaker, country, category, q, sort, fmt,
               db):
    """Statements (what was said, believed or intended). --actor filters on actors
    mentioned."""
    with _reader(db) as ng:
        rows = ng.statements(speaker=speaker, actor=actor, country=country,
                             category=category, since=since, until=until, q=q,
                             limit=limit, offset=offset, sort=sort)
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
    elif fmt == "csv":
        write_csv((flat_statement(s) for s in rows), STATEMENT_COLUMNS, sys.stdout)
    else:
        _out().print(statements_table(rows))


def statements_table(rows) -> Table:
    t = Table(title=f"{len(rows)} statements")
    for col in ("date", "outlet", "speaker", "resolved", "cue", "kind", "content"):
        t.add_column(col, overflow="fold")
    for s in rows:
        sp = s["speaker"] or {}
        t.add_row(s.get("published") or "", s.get("source_outlet") or "",
                  sp.get("text", "-"), sp.get("actor") or "-",
                  (s["cue"] or {}).get("text", "-"), s["kind"], s["content"]["text"])
    return t


@cli.group(invoke_without_command=True)
@click.option("--search", help="Part of an id or a name (any case, accents ignored).")
@click.option("--stored", is_flag=True, hidden=True)  # the default now; kept for scripts
@click.option("--limit", type=click.IntRange(min=0), default=None)
@format_option()
@db_option
@click.pass_context
@handle_errors
def actors(ctx, search, stored, limit, fmt, db):
    """The actors found in the store, most mentioned first, with their counts;
    subcommands: kb (the knowledge base), show, resolve, validate and import."""
    if ctx.invoked_subcommand is not None:
        return
    with Newsgraph(_settings(db), read_only=_existing(db)) as ng:
        rows = ng.actors(search=search, limit=limit)
    _print_rows(rows, fmt, ("id", "name", "kind", "country", "sector", "affiliation",
                            "provisional", "mentions", "events", "statements"), actors_table)


@actors.command("kb")
@click.option("--search", help="Part of an id or a name (any case, accents ignored).")
@click.option("--kind", help="state, person, igo, armed_group, party, ...")
@click.option("--country", help="Country code (ISO-3 or IGO).")
@click.option("--limit", type=click.IntRange(min=0), default=None)
@format_option()
@handle_errors
def actors_kb(search, kind, country, limit, fmt):
    """The actor knowledge base (built in, plus NEWSGRAPH_ACTORS files): list and search."""
    kb = _knowledge()
    rows = kb.search(search, kind=kind, country=country, limit=limit)
    for r in rows:
        r["countries"] = ";".join(r["countries"])
    _print_rows(rows, fmt, ("id", "name", "kind", "country", "sector", "countries", "names"),
                kb_table)


def kb_table(rows) -> Table:
    t = Table(title=f"{len(rows)} knowledge-base actors")
    for col in ("id", "name", "kind", "country", "sector", "countries"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r["id"], r["name"], r["kind"], r["country"], r["sector"], r["countries"])
    return t


def _print_rows(rows, fmt, columns, table) -> None:
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
    elif fmt == "csv":
        write_csv(rows, columns, sys.stdout)
    else:
        _out().print(table(rows))


def _knowledge():
    from newsgraph.knowledge.actors import KnowledgeBase
    return KnowledgeBase.load(Settings.from_env().all_actor_files())


@actors.command("show")
@click.argument("actor_id")
@handle_errors
def actors_show(actor_id):
    """One actor of the knowledge base with its names and dated roles."""
    entry = _knowledge().describe(actor_id)
    if entry is None:
        raise click.UsageError(f"no actor {actor_id!r} in the knowledge base "
                               "(try: newsgraph actors kb --search ...)")
    out = _out()
    out.print(f"[bold]{entry.get('name', actor_id)}[/bold]  ({entry.get('id', actor_id)}, "
              f"{entry.get('type')})  defined at {entry.pop('defined_at', '')}",
              highlight=False)
    roles = entry.pop("roles", None)
    for key, value in entry.items():
        if key not in ("name", "id", "type"):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            out.print(f"  {key}: {shown}", highlight=False)
    if roles:
        t = Table(title="roles")
        for col in ("title", "country", "sector", "org", "from", "to"):
            t.add_column(col)
        for r in roles:
            t.add_row(r.get("title", ""), r.get("country", ""), r.get("sector", ""),
                      r.get("org") or "", r.get("from") or "", r.get("to") or "")
        out.print(t)


@actors.command("resolve")
@click.argument("text")
@click.option("--date", "date", help="Code the actor as of this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@handle_errors
def actors_resolve(text, date, as_json):
    """What a phrase names, as of a date: 'the Russian president' --date 2019-05-01.

    With '-', reads JSON Lines {"text", "date"?} from stdin and writes one JSON line per
    input, in order.
    """
    from newsgraph.extraction.extractor import Extractor

    if date and _bad_date(date):
        raise click.BadParameter(f"{date!r} is not a date (YYYY-MM-DD)", param_hint="--date")
    bad: dict[int, str] = {}  # position in the output -> why the item was not resolved
    if text == "-":
        items = []
        for n, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                item = (str(obj["text"]), obj.get("date") or date)
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise click.UsageError(f"stdin line {n}: expected {{\"text\", \"date\"?}}: "
                                       f"{exc}") from exc
            if _bad_date(item[1]):
                # one bad item is reported and skipped; the rest of the batch goes on
                bad[len(items)] = f"stdin line {n}: date {item[1]!r} is not YYYY-MM-DD"
                err.print(bad[len(items)], highlight=False, markup=False)
                item = (item[0], None)
            items.append(item)
        as_json = True
    else:
        items = [(text, date)]
    results = Extractor(Settings.from_env()).resolve_phrases(items)
    for i, r in enumerate(results):
        if i in bad:
            r = {"text": r["text"], "error": bad[i]}
        if as_json:
            click.echo(json.dumps(r, ensure_ascii=False))
        else:
            click.echo(f"{r['text']}: {r['actor'] or '-'} ({r['name'] or '?'}) "
                       f"{r['country'] or '?'} {r['sector'] or '?'} {r['role']}".rstrip())
    if bad:
        sys.exit(3)


def _bad_date(value) -> bool:
    """True for a date that is given but is not an ISO day."""
    if not value:
        return False
    try:
        dt.date.fromisoformat(str(value)[:10])
        return False
    except ValueError:
        return True


@actors.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True))
@handle_errors
def actors_validate(files):
    """Check the bundled actor files, your imported ones and FILES (file:line errors)."""
    from newsgraph.knowledge.actors import KnowledgeBase
    from newsgraph.knowledge.rules import Rules

    settings = Settings.from_env()
    errors = KnowledgeBase.validate([*settings.all_actor_files(), *map(Path, files)])
    errors += Rules.validate()
    for e in errors:
        err.print(e, highlight=False, markup=False)
    if errors:
        err.print(f"{len(errors)} problem(s)", highlight=False)
        sys.exit(3)
    click.echo("all knowledge files are valid")


@actors.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "petrarch", "roles"]),
              default=None, help="Default: csv for .csv files, petrarch otherwise; roles: "
              "a table of office holders (Wikidata query result, WhoGov-style CSV).")
@handle_errors
def actors_import(file, fmt):
    """Add your own actors: a CSV file, a PETRARCH/TABARI actor dictionary, or a table
    of office holders (docs/knowledge.md gives a Wikidata query). They are written to
    $NEWSGRAPH_HOME/actors/ (default ~/.newsgraph) and used from then on."""
    from newsgraph.knowledge.importers import import_file

    settings = Settings.from_env()
    result = import_file(Path(file), settings.imported_actors, fmt)
    for e in result.errors:
        err.print(e, highlight=False, markup=False)
    if result.path is None:
        err.print(f"nothing imported ({len(result.errors)} problem(s))", highlight=False)
        sys.exit(3)
    click.echo(f"imported {len(result.entries)} actors into {result.path}")


def actors_table(rows) -> Table:
    t = Table(title=f"{len(rows)} actors")
    for col in ("id", "name", "country", "sector", "mentions", "events", "statements"):
        t.add_column(col, overflow="fold")
    for a in rows:
        t.add_row(a["id"], a["name"], a["country"] or "", a["sector"] or "",
                  str(a["mentions"]), str(a["events"]), str(a["statements"]))
    return t


@cli.command()
@click.option("--format", "fmt",
              type=click.Choice(["jsonl", "csv", "parquet", "plover", "gdelt"]),
              default="jsonl", show_default=True)
@click.option("--status", "statuses", multiple=True,
              help="For plover, gdelt and the csv events table: which events "
                   "[default: occurred; 'all'].")
@click.option("--header", is_flag=True, help="For gdelt: a first line of column names.")
@click.option("--table", type=click.Choice([*TABLES, "all"]), default="events",
              show_default=True, help="For csv and parquet: which table ('all' = every "
                                      "table into a folder, parquet only).")
@click.option("--output", "-o", type=click.Path(), default=None,
              help="File (or folder for --table all); stdout if omitted (not parquet).")
@db_option
@handle_errors
def export(fmt, table, output, db, statuses, header):
    """Write the store for other tools: jsonl = one extraction record per article (the
    format of `extract`), csv = one table, parquet = one or all tables, plover = PLOVER
    JSON events (one per line), gdelt = GDELT 2.0 event rows (tab-separated; see
    docs/formats.md)."""
    with Newsgraph(_settings(db), read_only=_existing(db)) as ng:
        if fmt in ("plover", "gdelt"):
            from newsgraph.formats import (
                EXTRA_COLUMNS,
                GDELT_COLUMNS,
                gdelt_row,
                plover_record,
            )
            events = ng.events(status=statuses)
            counts = ng.store.linked.mention_counts() if fmt == "gdelt" else {}
            with _open_out(output) as fh:
                if fmt == "gdelt" and header:
                    fh.write("\t".join((*GDELT_COLUMNS, *EXTRA_COLUMNS)) + "\n")
                for e in events:
                    if fmt == "plover":
                        fh.write(json.dumps(plover_record(e), ensure_ascii=False) + "\n")
                    else:
                        row = gdelt_row(e, counts.get((e["article"], e["id"])))
                        fh.write("\t".join(row) + "\n")
            if output:
                err.print(f"wrote {len(events)} events to {output}", highlight=False)
            return
        if fmt == "parquet":
            if not output:
                raise click.UsageError("--output is required for parquet")
            written = export_parquet(ng.store, table, Path(output))
            err.print(f"wrote {', '.join(str(p) for p in written)}", highlight=False)
            return
        if fmt == "csv" and table == "all":
            raise click.UsageError("--table all needs --format parquet")
        with _open_out(output) as fh:
            if fmt == "jsonl":
                n = write_jsonl(ng.records(), fh)
            else:
                n = export_table_csv(ng.store, table, fh,
                                     event_query(ng.store, status=statuses))
    if output:
        err.print(f"wrote {n} rows to {output}", highlight=False)


class _open_out:
    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.fh = open(self.path, "w", encoding="utf-8", newline="") if self.path \
            else sys.stdout
        return self.fh

    def __exit__(self, *exc):
        if self.path:
            self.fh.close()


# ---- evaluation ------------------------------------------------------------------------

@cli.group("eval")
def eval_group():
    """Score the engine on gold files (precision, recall, accuracy)."""


@eval_group.command("actors")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", "show_errors", is_flag=True, help="List every miss.")
@click.option("--json", "as_json", is_flag=True, help="Scores as one JSON object.")
@handle_errors
def eval_actors(gold, show_errors, as_json):
    """Country and sector accuracy of the source/target actors of PLOVER gold records
    (each actorText resolved in its sentence)."""
    from newsgraph.evaluate.actors import evaluate_actors
    from newsgraph.extraction.extractor import Extractor

    score = evaluate_actors(Extractor(Settings.from_env()), gold)
    if as_json:
        click.echo(json.dumps(score.as_dict()))
    else:
        d = score.as_dict()
        click.echo(f"actors scored: {d['actors']}\n"
                   f"country accuracy: {d['country_accuracy']:.3f}\n"
                   f"sector accuracy: {d['sector_accuracy']:.3f} "
                   f"(of {d['with_sector']} with a gold sector)")
    if show_errors:
        for e in score.errors:
            click.echo(f"{e['id']} {e['role']}: {e['text']!r} gold {e['gold']} got "
                       f"{e['got'] or '-'} ({e['mention']})")


@eval_group.command("events")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--half", type=click.Choice(["tune", "holdout"]), default=None,
              help="Score one fixed half of the file (split by a hash of each record's id).")
@click.option("--misses", is_flag=True, help="List the sentences where the type was missed.")
@click.option("--json", "as_json", is_flag=True, help="Scores as one JSON object.")
@handle_errors
def eval_events(gold, half, misses, as_json):
    """Score the event coder on PLOVER gold records (type recall, precision, F1 and
    source/target country accuracy; occurred events, then all statuses) or on PLV
    actor pairs (pair accuracy, type recall, occurred precision). Per-type figures
    follow. The format is read from the file."""
    from newsgraph.evaluate.events import evaluate_events, evaluate_pairs, gold_format
    from newsgraph.extraction.extractor import Extractor

    engine = Extractor(Settings.from_env())
    if gold_format(gold) == "plv":
        _report_pairs(evaluate_pairs(engine, gold, half=half), misses, as_json)
        return
    score = evaluate_events(engine, gold, half=half)
    every = evaluate_events(engine, gold, statuses=None, half=half)
    d = score.as_dict()
    if as_json:
        d["all_statuses"] = {k: v for k, v in every.as_dict().items()
                             if k in ("type_recall", "type_precision", "type_f1")}
        click.echo(json.dumps(d))
        return
    click.echo(f"sentences: {d['sentences']}\n"
               f"type recall: {d['type_recall']:.3f}  precision: {d['type_precision']:.3f}  "
               f"F1: {d['type_f1']:.3f}   (occurred events)\n"
               f"                   all statuses: recall {every.recall:.3f}  precision "
               f"{every.precision:.3f}  F1 {every.f1:.3f}\n"
               f"source country accuracy: {d['source_country_accuracy']:.3f}\n"
               f"target country accuracy: {d['target_country_accuracy']:.3f}")
    _per_type_table(d["per_type"])
    if misses:
        for m in score.misses:
            click.echo(f"{m['id']} {m['type']}: got {', '.join(m['got']) or '-'}\n    {m['text']}")


def _report_pairs(score, misses: bool, as_json: bool) -> None:
    d = score.as_dict()
    if as_json:
        click.echo(json.dumps(d))
        return
    click.echo(f"pairs: {d['pairs']}\n"
               f"pair accuracy: {d['pair_accuracy']:.3f}  type recall: {d['type_recall']:.3f}  "
               f"occurred precision: {d['occurred_precision']:.3f}")
    _per_type_table(d["per_type"], d["per_type_pair_accuracy"])
    if misses:
        for m in score.misses:
            click.echo(f"{m['id']} {m['type']}: got {'; '.join(m['got']) or '-'}\n    {m['text']}")


def _per_type_table(per_type: dict, pair: dict | None = None) -> None:
    click.echo(f"  {'type':10} {'gold':>5} {'pred':>5} {'recall':>7} {'prec':>6} {'F1':>6}"
               + ("   pair" if pair is not None else ""))
    for t, s in per_type.items():
        extra = f" {pair[t]:6.2f}" if pair is not None and t in pair else ""
        click.echo(f"  {t:10} {s['gold']:5d} {s['predicted']:5d} {s['recall']:7.2f} "
                   f"{s['precision']:6.2f} {s['f1']:6.2f}{extra}")


@eval_group.command("statements")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--half", type=click.Choice(["tune", "holdout"]), default=None,
              help="Score one fixed half of the file (split by a hash of each record's id).")
@click.option("--misses", is_flag=True, help="List missed and extra statements.")
@click.option("--json", "as_json", is_flag=True, help="Scores as one JSON object.")
@handle_errors
def eval_statements(gold, half, misses, as_json):
    """Content precision (credited), recall and F1, speaker and cue accuracy on
    PolNeAR-style gold ({"id", "text", "attributions": [{"source", "cue",
    "content"}]}); recall of attributions with no source; statements by category."""
    from newsgraph.evaluate.statements import evaluate_statements
    from newsgraph.extraction.extractor import Extractor

    score = evaluate_statements(Extractor(Settings.from_env()), gold, half=half)
    d = score.as_dict()
    if as_json:
        click.echo(json.dumps(d))
    else:
        click.echo(f"attributions: {d['gold']} gold, {d['predicted']} found\n"
                   f"content precision {d['content_precision']:.3f}  recall "
                   f"{d['content_recall']:.3f}  F1 {d['content_f1']:.3f}\n"
                   f"speaker accuracy {d['speaker_accuracy']:.3f}  cue accuracy "
                   f"{d['cue_accuracy']:.3f}  kind accuracy {d['kind_accuracy']:.3f}\n"
                   f"speaker resolution accuracy {d['speaker_resolution_accuracy']:.3f}\n"
                   f"recall without a named source {d['sourceless_recall']:.3f} "
                   f"({score.sourceless} gold)\n"
                   "found by category: " + ", ".join(
                       f"{k} {v}" for k, v in d["predicted_by_category"].items()))
    if misses:
        for m in score.misses:
            if "speaker" in m:
                click.echo(f"{m['id']}: speaker should be {m['speaker']}, got {m['got']}")
            else:
                click.echo(f"{m['id']}: " + (f"missed {m['missed']!r}" if "missed" in m
                                             else f"extra {m['extra']!r}"))


@eval_group.command("links")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--half", type=click.Choice(["tune", "holdout"]), default=None,
              help="Score one fixed half of the judged pairs.")
@click.option("--sheet", "sheet_db", type=click.Path(exists=True, dir_okay=False),
              default=None, help="Instead of scoring: write a judging sheet of candidate "
              "pairs from this store (JSON Lines on stdout, 'same' left to fill in).")
@click.option("--per-stratum", type=click.IntRange(min=1), default=30, show_default=True,
              help="With --sheet: pairs drawn per half among merged and among unmerged.")
@click.option("--json", "as_json", is_flag=True, help="Scores as one JSON object.")
@handle_errors
def eval_links(gold, half, sheet_db, per_stratum, as_json):
    """Precision and recall of cross-article merging on judged pairs of reports
    (tests/data/linking/merge_audit.jsonl; docs/decisions.md says how it was made).
    The rules are re-run on the features kept with each pair: no store is needed."""
    from newsgraph.evaluate import links
    from newsgraph.store.db import Store

    if sheet_db:
        with Store(sheet_db, read_only=True) as store:
            pairs = links.candidates(links.reports(store))
        for p in links.sheet(pairs, per_stratum):
            click.echo(json.dumps({**p, "same": None}, ensure_ascii=False))
        return
    d = links.score(links.load(gold), half=half)
    if as_json:
        click.echo(json.dumps(d))
        return
    fmt = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    click.echo(f"judged pairs {d['judged']}: merged {d['merged']}, true repeats "
               f"{d['true_repeats']}")
    click.echo(f"precision {fmt(d['precision'])}  recall of judged repeats "
               f"{fmt(d['recall'])}  (tp {d['tp']}, fp {d['fp']}, fn {d['fn']})")


# ---- demo ------------------------------------------------------------------------------

@cli.command()
@db_option
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None)
@handle_errors
def demo(db, jobs):
    """Process the bundled sample article and show what was found.

    Uses a temporary store unless --db (or NEWSGRAPH_DB) is given.
    """
    sample = data_dir("sample")
    meta_info = json.loads((sample / "sample.json").read_text(encoding="utf-8"))
    tmp = None
    if db is None:
        tmp = tempfile.mkdtemp(prefix="newsgraph-demo-")
        db = str(Path(tmp) / "demo.duckdb")
    try:
        out = _out()
        with Newsgraph(_settings(db, jobs=jobs)) as ng:
            report = ng.ingest([str(sample / "article.txt")], **meta_info)
            out.rule(f"newsgraph demo: {meta_info.get('title', 'sample')} "
                     f"({meta_info.get('published')})")
            out.print(f"store: {db} ({report.summary()})", highlight=False)
            out.print(actors_table(ng.actors()))
            out.print(events_table(ng.events(status="all")))
            out.print(statements_table(ng.statements()))
            out.print("Only [bold]occurred[/bold] events count as having happened; "
                      "try: newsgraph events --status all --db <store>", highlight=False)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _reader(db):
    """What a query reads from: the store, opened read-only; or, while `newsgraph serve`
    holds it (no other process may open it then), the server's API."""
    from newsgraph.serve.client import RemoteReader, running_server
    server = running_server(_settings(db).db)
    if server:
        return RemoteReader(server)
    return Newsgraph(_settings(db), read_only=_existing(db))


def _existing(db) -> bool:
    """A store to read must exist: a mistyped --db would otherwise be created empty
    and answer nothing, as if the store had no such events. Only ingest creates one.
    True when it exists (so that `read_only=_existing(db)` reads: queries never write)."""
    path = Path(db) if db else Settings.from_env().db
    if not path.exists():
        raise StoreError(f"no store at {path}: create one with "
                         f"`newsgraph ingest <inputs> --db {path}`, or check --db / "
                         "NEWSGRAPH_DB")
    return True


def main() -> None:
    cli(prog_name="newsgraph")


if __name__ == "__main__":
    main()
