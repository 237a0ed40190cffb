"""Named schema migrations, applied in order once each and recorded in ``_migrations``.

Never edit a migration that has shipped: add a new one. Character offsets are named
``start_char``/``end_char`` because ``end`` is an SQL keyword.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, list[str]]] = [
    ("0001_initial", [
        """CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, input_id VARCHAR, url VARCHAR, source VARCHAR,
            title VARCHAR, published DATE, language VARCHAR, text VARCHAR NOT NULL,
            origin VARCHAR, ingested_at TIMESTAMP NOT NULL)""",
        """CREATE TABLE sentences (
            article_id VARCHAR NOT NULL, i INTEGER NOT NULL,
            start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
            PRIMARY KEY (article_id, i))""",
        """CREATE TABLE actors (
            id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, country VARCHAR,
            sector VARCHAR, affiliation VARCHAR, provisional BOOLEAN,
            first_seen TIMESTAMP NOT NULL)""",
        """CREATE TABLE mentions (
            article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, sentence INTEGER,
            start_char INTEGER, end_char INTEGER, text VARCHAR, actor VARCHAR, name VARCHAR,
            kind VARCHAR, country VARCHAR, sector VARCHAR, role VARCHAR, affiliation VARCHAR,
            PRIMARY KEY (article_id, id))""",
        """CREATE TABLE events (
            article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, sentence INTEGER,
            type VARCHAR NOT NULL, mode VARCHAR, context VARCHAR[], cameo VARCHAR,
            quad INTEGER, trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
            date VARCHAR, date_precision VARCHAR, date_text VARCHAR,
            date_first DATE, date_last DATE,
            location_name VARCHAR, location_country VARCHAR, location_start INTEGER,
            location_end INTEGER, location_place VARCHAR,
            status VARCHAR NOT NULL, reported_by VARCHAR, confidence DOUBLE,
            pattern VARCHAR, goldstein DOUBLE,
            PRIMARY KEY (article_id, id))""",
        """CREATE TABLE event_actors (
            article_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, role VARCHAR NOT NULL,
            position INTEGER NOT NULL, mention VARCHAR, actor VARCHAR, text VARCHAR,
            country VARCHAR, sector VARCHAR, affiliation VARCHAR, name VARCHAR,
            PRIMARY KEY (article_id, event_id, role, position))""",
        """CREATE TABLE statements (
            article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, sentence INTEGER,
            kind VARCHAR, speaker_start INTEGER, speaker_end INTEGER, speaker_text VARCHAR,
            speaker_mention VARCHAR, speaker_actor VARCHAR, speaker_name VARCHAR,
            cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR,
            content_start INTEGER, content_end INTEGER, content_text VARCHAR,
            mentions VARCHAR[],
            PRIMARY KEY (article_id, id))""",
        "CREATE INDEX event_actors_actor ON event_actors (actor)",
        "CREATE INDEX mentions_actor ON mentions (actor)",
        "CREATE INDEX statements_speaker ON statements (speaker_actor)",
    ]),
]
