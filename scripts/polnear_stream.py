"""Write PolNeAR's articles as a dated news stream for linking audits (issue 15).

Each PolNeAR id is ``outlet_YYYY-MM-DD_slug``: the outlet and date become the article's
``source`` and ``published``, and the articles are written in date order, as a news
stream arrives. The articles are evaluation data: the stream is written outside the
repository (``make polnear-stream`` writes it under /tmp) and never shipped.

    python scripts/polnear_stream.py ../shared/data/polnear/train.jsonl OUT.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ID = re.compile(r"^(?P<outlet>[a-z-]+)_(?P<day>\d{4}-\d{2}-\d{2})_(?P<slug>.+)$")


def stream_item(item: dict) -> dict:
    """One article as newsgraph reads it: outlet and day from the id, title from the
    first line when it reads as a headline."""
    m = ID.match(item["id"])
    if m is None:
        raise ValueError(f"{item['id']}: id is not outlet_YYYY-MM-DD_slug")
    text = item["text"]
    first, _, rest = text.partition("\n")
    headline = first.strip() and len(first) < 200 and rest.strip()
    return {"id": item["id"], "source": m["outlet"], "published": m["day"],
            "title": first.strip() if headline else None,
            "text": rest.strip() if headline else text}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("polnear", type=Path, help="PolNeAR JSON Lines (train/dev/test)")
    ap.add_argument("out", type=Path, help="stream to write (JSON Lines)")
    ap.add_argument("--limit", type=int, default=0, help="first N articles by date")
    args = ap.parse_args(argv)
    with args.polnear.open(encoding="utf-8") as fh:
        items = [stream_item(json.loads(line)) for line in fh if line.strip()]
    items.sort(key=lambda a: (a["published"], a["source"], a["id"]))
    if args.limit:
        items = items[:args.limit]
    with args.out.open("w", encoding="utf-8") as fh:
        for a in items:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"{len(items)} articles, {items[0]['published']} .. {items[-1]['published']}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
