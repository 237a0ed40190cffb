"""Read and validate knowledge files: JSON Lines, one entry per line, errors with file:line.

The package ships its files under ``newsgraph/data``; users add their own files (same
format) through settings, and those are read after the bundled ones.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from newsgraph.errors import KnowledgeError


@dataclass(frozen=True)
class Located:
    """An entry with the place it came from, for error messages."""

    entry: Any
    path: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def data_dir(*parts: str) -> Path:
    """A folder of the bundled data."""
    return Path(str(resources.files("newsgraph").joinpath("data", *parts)))


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank, non-comment line; bad JSON raises."""
    opener = gzip.open if Path(path).suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            text = line.strip()
            if not text or text.startswith("//"):
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise KnowledgeError(f"{path}:{lineno}: not valid JSON: {exc.msg}") from exc
            if not isinstance(obj, dict):
                raise KnowledgeError(f"{path}:{lineno}: each line must be a JSON object")
            yield lineno, obj


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"] )
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)


def load_entries(paths: Iterable[Path], model: type[BaseModel] | Any
                 ) -> tuple[list[Located], list[str]]:
    """Validate every line of every file against ``model`` (a model or an annotated union).

    Returns the valid entries and the list of error messages (``file:line: reason``);
    callers decide whether errors are fatal.
    """
    adapter = TypeAdapter(model)
    found: list[Located] = []
    errors: list[str] = []
    for path in paths:
        try:
            for lineno, obj in iter_jsonl(path):
                try:
                    entry = adapter.validate_python(obj)
                except ValidationError as exc:
                    errors.append(f"{path}:{lineno}: {_describe(exc)}")
                    continue
                found.append(Located(entry, str(path), lineno))
        except KnowledgeError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(f"{path}: cannot read: {exc.strerror or exc}")
    return found, errors


def jsonl_files(folder: Path) -> list[Path]:
    """The JSON Lines files of a folder, gzip-compressed ones (``.jsonl.gz``) included."""
    return sorted(p for pattern in ("*.jsonl", "*.jsonl.gz") for p in folder.glob(pattern)
                  if p.is_file())
