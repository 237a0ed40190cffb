"""Every event pattern and every status cue is data with examples; the examples run here."""

import pytest

from newsgraph.knowledge.rules import Rules, read_cameo_table

RULES = Rules.load()


def _matches(parts, expected: str) -> bool:
    return any(expected in (p["actor"], p["country"]) for p in parts)


def test_rule_files_validate():
    assert Rules.validate() == []


def test_cameo_table_read_in_reverse():
    table = read_cameo_table()
    assert table["042"].type == "CONSULT" and table["042"].mode == "visit"
    assert table["125"].type == "REJECT" and table["125"].mode == "meet"
    assert table["072"].context == ("military",)


@pytest.mark.parametrize("pattern", RULES.patterns, ids=lambda p: p.id)
def test_pattern_examples(extract, pattern):
    for ex in pattern.examples:
        rec = extract(ex.text)
        fired = [e for e in rec["events"] if e["pattern"] == pattern.id]
        if ex.absent:
            assert not fired, f"{pattern.id} fired on {ex.text!r}"
            continue
        assert fired, f"{pattern.id} did not fire on {ex.text!r}: {rec['events']}"
        ev = fired[0]
        assert ev["type"] == pattern.type and ev["cameo"] == pattern.cameo
        assert ev["status"] == ex.status, (ex.text, ev["status"])
        if ex.source:
            assert _matches(ev["source"], ex.source), (ex.text, ev["source"])
        if ex.target:
            assert _matches(ev["target"], ex.target), (ex.text, ev["target"])


@pytest.mark.parametrize("cue", RULES.status, ids=lambda c: c.id)
def test_status_cue_examples(extract, cue):
    for ex in cue.examples:
        rec = extract(ex.text)
        hits = [e for e in rec["events"]
                if (not ex.source or _matches(e["source"] + e["target"], ex.source))
                and (not ex.target or _matches(e["target"] + e["source"], ex.target))]
        assert hits, f"no event in {ex.text!r}: {rec['events']}"
        assert ex.status in {e["status"] for e in hits}, (ex.text, [e["status"] for e in hits])
