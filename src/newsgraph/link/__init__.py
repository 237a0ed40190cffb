"""Linking: event mentions of one happening, near-duplicate articles, stories.

Everything here is pure: it takes records and candidates and returns decisions. The
API fetches candidates from the store (by index, never by scanning) and writes the
decisions back in the article's own transaction.
"""
