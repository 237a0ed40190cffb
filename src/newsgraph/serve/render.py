"""HTML pieces built in Python: an article's text with its mentions, event triggers and
statements marked, and the data the charts draw. Every piece of article text goes
through ``escape``; nothing from an article reaches the page unescaped.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}


@dataclass(frozen=True)
class Layer:
    start: int
    end: int
    cls: str
    title: str = ""
    href: str = ""


def record_layers(rec: dict, evidence: int | None = None) -> list[Layer]:
    """Marks for a record: mentions (linked to their actor), event triggers, statement
    contents, and the evidence sentence asked for."""
    layers = []
    for m in rec["mentions"]:
        href = f"/actors/{quote(m['actor'], safe=':')}" if m.get("actor") else ""
        title = " ".join(x for x in (m.get("name"), m.get("country"), m.get("sector")) if x)
        layers.append(Layer(m["start"], m["end"], "mention", title, href))
    for e in rec["events"]:
        t = e["trigger"]
        layers.append(Layer(t["start"], t["end"], f"trigger status-{e['status']}",
                            f"{e['type']} ({e['status']})"))
    for s in rec["statements"]:
        c = s["content"]
        who = (s.get("speaker") or {}).get("name") or (s.get("speaker") or {}).get("text")
        layers.append(Layer(c["start"], c["end"], "quote", f"{s['kind']} speech: {who}"))
    if evidence is not None:
        for sent in rec["sentences"]:
            if sent["i"] == evidence:
                layers.append(Layer(sent["start"], sent["end"], "evidence-sentence"))
    return layers


def annotate(text: str, sentences: list[dict], layers: list[Layer]) -> Markup:
    """The text as HTML: each run of characters under the same marks is one span, with
    an anchor ``s<i>`` where each sentence begins."""
    cuts = {0, len(text)}
    for la in layers:
        cuts.update((max(0, la.start), min(len(text), la.end)))
    starts = {s["start"]: s["i"] for s in sentences}
    cuts.update(starts)
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[str] = []
    for a, b in zip(points, points[1:], strict=False):
        if a in starts:
            out.append(f'<span class="anchor" id="s{starts[a]}"></span>')
        piece = escape(text[a:b])
        active = [la for la in layers if la.start <= a and b <= la.end]
        if not active:
            out.append(str(piece))
            continue
        classes = " ".join(sorted({c for la in active for c in la.cls.split()}))
        titles = "; ".join(la.title for la in active if la.title)
        span = f'<span class="{escape(classes)}" title="{escape(titles)}">{piece}</span>'
        link = next((la.href for la in active if la.href), "")
        out.append(f'<a href="{escape(link)}">{span}</a>' if link else span)
    return Markup("".join(out))


def json_for_script(data) -> Markup:
    """JSON safe inside <script type="application/json">: no '<' can close the tag."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(
        ">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def timeline_data(rows: list[dict]) -> dict:
    """Stacked bars: one trace per quad class, weeks on the x axis."""
    weeks = sorted({r["week"] for r in rows})
    traces = []
    for q, name in QUADS.items():
        counts = {r["week"]: r["events"] for r in rows if r["quad"] == q}
        if counts:
            traces.append({"name": name, "x": weeks, "y": [counts.get(w, 0) for w in weeks]})
    return {"traces": traces}


def network_data(actor: dict, partners: list[dict]) -> dict:
    """The actor in the middle, its partners on a circle; size = shared events, colour =
    mean Goldstein score (conflict red .. cooperation blue)."""
    nodes = [{"id": actor["id"], "label": actor.get("name") or actor["id"], "x": 0.0,
              "y": 0.0, "size": 0, "goldstein": None, "href": ""}]
    n = max(len(partners), 1)
    top = max([p["events"] for p in partners] + [1])
    for k, p in enumerate(partners):
        angle = 2 * math.pi * k / n
        nodes.append({"id": p["actor"], "label": p.get("name") or p["actor"],
                      "x": round(math.cos(angle), 4), "y": round(math.sin(angle), 4),
                      "size": 8 + 22 * p["events"] / top, "events": p["events"],
                      "goldstein": p.get("goldstein"),
                      "href": f"/actors/{quote(p['actor'], safe=':')}"})
    return {"nodes": nodes}
