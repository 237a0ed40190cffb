"""Evaluation against gold files: actors, events, statements (``newsgraph eval``)."""
