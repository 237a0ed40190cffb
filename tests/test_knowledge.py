"""The actor knowledge base: files validate, and every entry resolves from its own names
in a neutral sentence (so a broken alias or a collision shows up here)."""

import datetime as dt
import json

import pytest

from newsgraph.knowledge.actors import LAYER_FILES, KnowledgeBase
from newsgraph.model import Article


def test_bundled_actor_files_validate():
    assert KnowledgeBase.validate() == []


def test_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "mine.jsonl"
    bad.write_text(json.dumps({"type": "person", "id": "x-y", "name": "X Y", "names": ["X Y"],
                               "country": "usa"}) + "\n{oops\n")
    errors = KnowledgeBase.validate([bad])
    assert any(e.startswith(f"{bad}:1:") and "country" in e for e in errors)
    assert any(e.startswith(f"{bad}:2:") and "JSON" in e for e in errors)


def test_user_file_extends_the_knowledge(tmp_path, engine):
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps({
        "type": "person", "id": "ada-quill", "name": "Ada Quill", "names": ["Ada Quill"],
        "short": ["Quill"], "gender": "f", "country": "NZL",
        "roles": [{"title": "Foreign Minister", "country": "NZL", "sector": "GOV",
                   "from": "2030-01-01"}]}) + "\n")
    from newsgraph.extraction.extractor import Extractor
    from newsgraph.settings import Settings
    mine_engine = Extractor(Settings(actor_files=(mine,)), rules=engine.rules)
    rec = mine_engine.extract(Article(text="Ada Quill met reporters. Quill said no.",
                                      published="2031-05-01")).to_dict()
    got = {(m["text"], m["actor"], m["country"], m["sector"]) for m in rec["mentions"]}
    assert ("Ada Quill", "ada-quill", "NZL", "GOV") in got
    assert ("Quill", "ada-quill", "NZL", "GOV") in got


def _run(engine, cases):
    """cases: (text, published, check(record) -> bool, label); returns failing labels."""
    arts = [Article(text=t, published=p) for t, p, _, _ in cases]
    failures = []
    for (_, _, check, label), rec in zip(cases, engine.extract_many(arts, n_items=1),
                                         strict=True):
        if not check(rec.to_dict()):
            failures.append(label)
    return failures


def _has(actor=None, country=None, sector=None, text=None):
    def check(rec):
        return any((actor is None or m["actor"] == actor)
                   and (country is None or m["country"] == country)
                   and (sector is None or m["sector"] == sector)
                   and (text is None or text in m["text"]) for m in rec["mentions"])
    return check


@pytest.fixture(scope="module")
def kb_(engine) -> KnowledgeBase:
    return engine.kb


def test_every_state_resolves_from_each_form(engine, kb_):
    cases = []
    for s in kb_.states.values():
        day = (s.valid.start or dt.date(2000, 1, 1)).isoformat()
        for n in s.names:
            cases.append((f"Officials said {n} rejected the plan.", day,
                          _has(country=s.iso3, text=n), f"{s.iso3} name {n}"))
        for a in s.adjectives:
            cases.append((f"The {a} government rejected the plan.", day,
                          _has(country=s.iso3, sector="GOV", text=a), f"{s.iso3} adj {a}"))
        for c in s.capitals:
            cases.append((f"Officials said {c} rejected the plan.", day,
                          _has(country=s.iso3, sector="GOV", text=c), f"{s.iso3} capital {c}"))
        for inst in s.institutions:
            for n in inst.names:
                cases.append((f"Officials said the {n} rejected the plan.", day,
                              _has(country=s.iso3, sector=inst.sector, text=n),
                              f"{s.iso3} institution {n}"))
    assert _run(engine, cases) == []


def _curated(kb, table):
    """The hand-written entries (the converted layer has tests of its own)."""
    return [table[key] for key in table if not kb.sources[key].split(":")[0].endswith(
        LAYER_FILES)]


def test_every_organization_resolves(engine, kb_):
    cases = [(f"Officials said {n} rejected the plan.", "2024-01-01",
              _has(actor=o.id, text=n), f"{o.id}: {n}")
             for o in _curated(kb_, kb_.organizations) for n in o.names]
    assert _run(engine, cases) == []


def test_every_person_resolves_with_their_role(engine, kb_):
    cases = []
    for p in _curated(kb_, kb_.people):
        role = max(p.roles, key=lambda r: r.start or dt.date.min) if p.roles else None
        day = (role.start if role and role.start else dt.date(2024, 1, 1)).isoformat()
        coded = kb_.person_actor(p.id, dt.date.fromisoformat(day))
        for n in p.names[:2]:
            want = _has(actor=p.id, country=coded.country, sector=coded.sector, text=n)
            cases.append((f"{n} rejected the plan on Monday.", day, want, f"{p.id}: {n}"))
    assert _run(engine, cases) == []


def test_every_agent_word_gives_its_sector(engine, kb_):
    cases = [(f"The {w} rejected the plan.", "2024-01-01", _has(sector=a.sector, text=w),
              f"{a.id}: {w}") for a in kb_.agents.values() for w in a.words
             if " " in w or w.isalpha()]
    assert _run(engine, cases) == []


def test_every_agent_modifier_gives_its_sector(engine, kb_):
    cases = [(f"The {m} {a.words[0]} rejected the plan.", "2024-01-01",
              _has(sector=sector, text=f"{m} {a.words[0]}"), f"{a.id}: {m}")
             for a in kb_.agents.values() for m, sector in a.modifiers.items()]
    assert cases and _run(engine, cases) == []


def test_head_only_agent_words_are_no_actor_as_modifiers(engine, kb_):
    def no_agent(agent_id):
        return lambda rec: not any(m["actor"].startswith(agent_id) for m in rec["mentions"])
    cases = [(f"The {w.title()} Council rejected the plan.", "2024-01-01", no_agent(a.id),
              f"{a.id}: {w}") for a in kb_.agents.values() if a.head_only for w in a.words]
    assert cases and _run(engine, cases) == []


def test_every_place_gives_its_country_to_events(engine, kb_):
    def located(country):
        return lambda rec: any((e["location"] or {}).get("country") == country
                               for e in rec["events"])
    cases = [(f"Kenyan officials met Ethiopian diplomats in {n} on Monday.", "2024-01-01",
              located(pl.country), f"{pl.id}: {n}")
             for pl in kb_.places.values() for n in pl.names[:1]]
    assert _run(engine, cases) == []
