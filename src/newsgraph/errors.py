"""Exceptions of newsgraph. Library code raises these; only the CLI picks exit codes."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class; ``code`` is a stable, greppable identifier."""

    code = "NG000"


class InputError(NewsgraphError):
    """An input item could not be read or used (the batch goes on without it)."""

    code = "NG100"


class KnowledgeError(NewsgraphError):
    """A knowledge file (actors, patterns, cues) is malformed; the message names file:line."""

    code = "NG200"


class StoreError(NewsgraphError):
    """The store cannot be opened or written."""

    code = "NG300"


class QueryError(NewsgraphError):
    """A query filter is not valid (unknown type, bad date...)."""

    code = "NG400"


class ExtractionProcessError(NewsgraphError):
    """The server's extraction process died (out of memory, killed); a new one starts."""

    code = "NG500"


class ConfigError(NewsgraphError):
    """A setting (environment variable or option) has a value it cannot take."""

    code = "NG600"
