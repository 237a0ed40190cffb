"""Users' own actors: CSV and PETRARCH/TABARI actor dictionaries -> our JSON Lines.

`newsgraph actors import FILE` converts, validates (file:line in every error) and writes
the result to ``$NEWSGRAPH_HOME/actors/<file stem>.jsonl``, which every later run reads.

CSV (header required; one row per role, rows with the same id are one actor):

    id,name,aliases,kind,country,sector,title,from,to,gender,short
    ada-quill,Ada Quill,A. Quill|Ada M. Quill,person,NZL,GOV,Foreign Minister,2030-01-01,,f,Quill

``kind`` is person or organization; ``aliases`` and ``short`` are '|'-separated; ``id``
may be empty (a slug of the name is used); ``title`` must be a role title of
agents.jsonl (or empty); dates are YYYY-MM-DD.

PETRARCH/TABARI (the Phoenix ``*.actors.txt`` files):

    DONALD_TRUMP_  [USABUS]
    +TRUMP_
    +DONALD_J._TRUMP_
    [USAGOV 170120-210120]
    [USAELI >210120]

A line ``NAME_`` starts an actor (an optional ``[CODE]`` on it is its undated code);
``+ALIAS_`` lines add names; ``[CODE YYMMDD-YYMMDD]``, ``[CODE >YYMMDD]`` (from) and
``[CODE <YYMMDD]`` (until) add dated codes. A code is a country (3 letters, or IGO) and
a sector (3 letters). Two-digit years 00-39 are 20xx, 40-99 are 19xx. Underscores become
spaces; names are matched in any case and shown title-cased ("Donald J. Trump").
Comments start with '#' or are inside <!-- -->. An actor with dated codes or a personal
sector (ELI) becomes a person; others become organisations.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from newsgraph.errors import KnowledgeError
from newsgraph.knowledge.actors import slug_id
from newsgraph.knowledge.schema import ActorEntry

CSV_COLUMNS = ("id", "name", "aliases", "kind", "country", "sector", "title", "from", "to",
               "gender", "short")
_CODE = re.compile(r"\[\s*(?=([A-Z]+))([A-Z]{3})([A-Z]{3})?[A-Z]*\s*"
                   r"(?:([<>])?(\d{6})(?:-(\d{6}))?)?\s*\]")
_ADAPTER = TypeAdapter(ActorEntry)


@dataclass
class ImportResult:
    path: Path | None
    entries: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def import_file(source: Path, target_dir: Path, fmt: str | None = None) -> ImportResult:
    """Convert ``source`` and, if every entry validates, write it under ``target_dir``."""
    fmt = fmt or ("csv" if source.suffix.lower() == ".csv" else "petrarch")
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise KnowledgeError(f"{source}: cannot read: {exc.strerror or exc}") from exc
    reader = {"csv": read_csv, "petrarch": read_petrarch, "roles": read_roles}[fmt]
    entries, errors = reader(text, str(source))
    checked = []
    for line, entry in entries:
        try:
            _ADAPTER.validate_python(entry)
            checked.append(entry)
        except ValidationError as exc:
            reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                for e in exc.errors())
            errors.append(f"{source}:{line}: {reasons}")
    result = ImportResult(None, checked, errors)
    if errors or not checked:
        return result
    target_dir.mkdir(parents=True, exist_ok=True)
    out = target_dir / f"{source.stem.replace('.', '-')}.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        for entry in checked:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    result.path = out
    return result


# ---- CSV ------------------------------------------------------------------------------

def read_csv(text: str, where: str) -> tuple[list[tuple[int, dict]], list[str]]:
    reader = csv.DictReader(text.splitlines())
    missing = {"name", "kind", "country"} - set(reader.fieldnames or ())
    if missing:
        return [], [f"{where}:1: missing column(s) {', '.join(sorted(missing))} "
                    f"(columns: {', '.join(CSV_COLUMNS)})"]
    actors: dict[str, tuple[int, dict]] = {}
    errors: list[str] = []
    for n, row in enumerate(reader, 2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        name = row.get("name", "")
        if not name:
            errors.append(f"{where}:{n}: empty name")
            continue
        kind = row.get("kind", "person").lower()
        aid = row.get("id") or slug_id(name)
        names = [name, *_split(row.get("aliases"))]
        if aid not in actors:
            if kind == "person":
                entry = {"type": "person", "id": aid, "name": name, "names": names,
                         "short": _split(row.get("short")), "gender": row.get("gender", ""),
                         "country": row.get("country", ""), "roles": []}
            elif kind == "organization":
                entry = {"type": "organization", "id": aid, "kind": "movement", "name": name,
                         "names": names, "country": row.get("country", ""),
                         "sector": row.get("sector", "")}
            else:
                errors.append(f"{where}:{n}: kind must be person or organization, not {kind!r}")
                continue
            actors[aid] = (n, entry)
        entry = actors[aid][1]
        if entry["type"] == "person" and (row.get("title") or row.get("from") or
                                          row.get("sector")):
            entry["roles"].append({"title": row.get("title", ""), "country": row["country"],
                                   "sector": row.get("sector") or "GOV",
                                   "from": row.get("from") or None, "to": row.get("to") or None})
    return list(actors.values()), errors


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


# ---- tables of office holders: Wikidata query results, WhoGov-style CSV ---------------

# Column names each field may have (Wikidata SPARQL variables, WhoGov, Archigos-like).
ROLE_COLUMNS = {
    "person": ("person", "item", "id", "leadid"),
    "name": ("personLabel", "name", "leader", "itemLabel"),
    "position": ("positionLabel", "position", "title", "office"),
    "country": ("countryCode", "country", "country_isocode", "iso3", "iso"),
    "start": ("start", "startdate", "from", "start_date"),
    "end": ("end", "enddate", "to", "end_date"),
    "year": ("year",),
    "sector": ("sector",),
    "gender": ("gender", "genderLabel"),
}


def read_roles(text: str, where: str) -> tuple[list[tuple[int, dict]], list[str]]:
    """People with dated roles from a table of office holders, one row per person and
    post: a Wikidata SPARQL result (JSON, or CSV from the query service) or a CSV with
    the columns of ROLE_COLUMNS. A row with only a ``year`` (WhoGov's yearly cabinet
    lists) holds the post for that year; rows of one person and post are joined. The
    title and sector come from the agent words found in the position ("Minister of
    Foreign Affairs of Peru" -> Foreign Minister, GOV); a ``sector`` column wins."""
    try:
        rows = _result_rows(text)
    except ValueError as exc:
        return [], [f"{where}: {exc}"]
    words = _agent_words()
    people: dict[str, tuple[int, dict]] = {}
    errors: list[str] = []
    for n, row in rows:
        get = _getter(row)
        name, country = get("name"), get("country").upper()
        if not name or not country:
            errors.append(f"{where}:{n}: a row needs a name and a country (ISO-3)")
            continue
        key = get("person").rsplit("/", 1)[-1] or slug_id(name)
        try:
            start, end = _day(get("start")), _day(get("end"))
            if get("year") and not start:
                year = int(float(get("year")))
                start, end = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
        except ValueError as exc:
            errors.append(f"{where}:{n}: {exc}")
            continue
        title, sector = _post(get("position"), words)
        entry = people.setdefault(key, (n, {
            "type": "person", "id": slug_id(f"{name} {key}" if key[:1] == "Q" else name),
            "name": name, "names": [name], "country": country,
            "gender": {"male": "m", "female": "f", "m": "m", "f": "f"}.get(
                get("gender").lower(), ""),
            "roles": []}))[1]
        role = {"title": title, "country": country, "sector": get("sector") or sector,
                "from": start, "to": end}
        _join(entry["roles"], role)
    return list(people.values()), errors


def _result_rows(text: str) -> list[tuple[int, dict]]:
    """(line or row number, {column: value}) of a SPARQL JSON result or a CSV table."""
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
            bindings = data["results"]["bindings"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"not a SPARQL JSON result ({exc})") from exc
        return [(i, {k: v.get("value", "") for k, v in b.items()})
                for i, b in enumerate(bindings, 1)]
    reader = csv.DictReader(text.splitlines())
    return [(n, row) for n, row in enumerate(reader, 2)]


def _getter(row: dict):
    def get(field_name: str) -> str:
        for col in ROLE_COLUMNS[field_name]:
            if row.get(col):
                return str(row[col]).strip()
        return ""
    return get


def _day(value: str) -> str | None:
    """A day from '2019-05-20', '2019-05-20T00:00:00Z' or '+2019-05-20T...'."""
    if not value:
        return None
    text = value.lstrip("+")[:10]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _agent_words() -> list[tuple[str, str, str]]:
    """(word, title, sector) of the bundled agent words, longest first."""
    from newsgraph.knowledge.files import data_dir, iter_jsonl

    found = []
    for path in (data_dir("actors") / "agents.jsonl",
                 data_dir("actors") / "agents_dictionary.jsonl"):
        for _n, obj in iter_jsonl(path):
            for w in obj["words"]:
                found.append((w, obj.get("role") or "", obj["sector"]))
    return sorted(found, key=lambda x: -len(x[0]))


def _post(position: str, words: list[tuple[str, str, str]]) -> tuple[str, str]:
    """Title and sector of a position's name: its longest agent word."""
    text = f" {re.sub(r'[^a-z-]+', ' ', position.lower())} "
    for word, title, sector in words:
        if f" {word} " in text:
            return title, sector if sector != "IGO" else "GOV"
    return "", "GOV"


def _join(roles: list[dict], role: dict) -> None:
    """Add ``role``; a row continuing the same post (next year's row) extends it."""
    for r in roles:
        if (r["title"], r["country"], r["sector"]) == (role["title"], role["country"],
                                                       role["sector"]) \
                and r["to"] and role["from"] and r["to"] >= role["from"]:
            r["to"] = max(r["to"], role["to"]) if role["to"] else None
            return
    roles.append(role)


# ---- PETRARCH / TABARI ----------------------------------------------------------------

def read_petrarch(text: str, where: str, finish=None) -> tuple[list[tuple[int, dict]], list[str]]:
    """Actors of a PETRARCH/TABARI dictionary. ``finish`` turns one parsed block
    ({"line", "names", "codes"}) into (line, entry); the default gives our entries."""
    finish = finish or _finish
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    actors: list[tuple[int, dict]] = []
    errors: list[str] = []
    current: dict | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("+"):
            if current is None:
                errors.append(f"{where}:{n}: alias before any actor")
                continue
            current["names"].append(_name(line[1:]))
            continue
        if line.startswith("["):
            if current is None:
                errors.append(f"{where}:{n}: code before any actor")
                continue
            try:
                current["codes"].append(_parse_code(line))
            except ValueError as exc:
                errors.append(f"{where}:{n}: {exc}")
            continue
        if current is not None:
            actors.append(finish(current))
        name_part, _, rest = line.partition("[")
        current = {"line": n, "names": [_name(name_part)], "codes": []}
        if rest:
            try:
                current["codes"].append(_parse_code("[" + rest))
            except ValueError as exc:
                errors.append(f"{where}:{n}: {exc}")
    if current is not None:
        actors.append(finish(current))
    return actors, errors


def _name(raw: str) -> str:
    return " ".join(raw.strip().strip("_").replace("_", " ").split())


def _cased(name: str, acronyms: bool) -> str:
    """Dictionary names are upper case: they are matched in any case (``ignore_case``)
    and shown title-cased, a one-word organisation name of up to four letters as an
    acronym ("FCU")."""
    if acronyms and " " not in name and len(name) <= 4:
        return name
    return name.title()


def _year(yy: str) -> int:
    y = int(yy)
    return 2000 + y if y < 40 else 1900 + y


def _date(token: str) -> str:
    return dt.date(_year(token[:2]), int(token[2:4]), int(token[4:6])).isoformat()


def _parse_code(text: str) -> dict:
    m = _CODE.match(text.strip())
    if not m:
        raise ValueError(f"not a code in brackets: {text.strip()!r}")
    letters, country, sector, rel, first, second = m.groups()
    code = {"country": country, "sector": sector or "", "from": None, "to": None,
            "letters": letters}
    try:
        if rel == ">":
            code["from"] = _date(first)
        elif rel == "<":
            code["to"] = _date(first)
        elif first and second:
            code["from"], code["to"] = _date(first), _date(second)
    except ValueError as exc:
        raise ValueError(f"bad date in {text.strip()!r}: {exc}") from exc
    return code


def _finish(item: dict) -> tuple[int, dict]:
    codes = item["codes"]
    dated = [c for c in codes if c["from"] or c["to"]]
    undated = [c for c in codes if not (c["from"] or c["to"])]
    base = undated[0] if undated else (codes[0] if codes else {"country": "", "sector": ""})
    person = bool(dated) or any(c["sector"] == "ELI" for c in codes)
    names = list(dict.fromkeys(_cased(n, not person) for n in item["names"] if n))
    name = names[0]
    aid = slug_id(name)
    if person:
        short = [n.split()[-1] for n in names[1:] if len(n.split()) == 1]
        entry = {"type": "person", "id": aid, "name": name,
                 "names": [n for n in names if len(n.split()) > 1] or [name],
                 "short": short, "country": base["country"],
                 "sector": base["sector"] or "ELI", "ignore_case": True,
                 "roles": [{"title": "", "country": c["country"], "sector": c["sector"] or "GOV",
                            "from": c["from"], "to": c["to"]} for c in dated]}
    else:
        entry = {"type": "organization", "id": aid, "kind": "movement", "name": name,
                 "names": names, "country": base["country"], "sector": base["sector"],
                 "ignore_case": True}
    return item["line"], entry
