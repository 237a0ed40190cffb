"""Ingest: bytes, files, feeds, HTML and URLs -> normalised Article or Rejected."""
