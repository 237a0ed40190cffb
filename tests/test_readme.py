"""The README's Python example runs as written (twice: the second run once caught
`newsgraph.extract` shadowed by the extraction package)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

from tests.conftest import SEED

README = Path(__file__).parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_python_example_runs_twice(tmp_path, monkeypatch):
    [block] = python_blocks()
    shutil.copy(SEED, tmp_path / "article.txt")
    monkeypatch.chdir(tmp_path)
    for run in range(2):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "README.md", "exec"), {})
        text = out.getvalue()
        assert ("1 stored" if run == 0 else "1 already there") in text
        assert "canceled" in text and "'article'" in text
