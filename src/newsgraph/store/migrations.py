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
    ("0002_linking", [
        # one row per article: its outlet, the article it repeats (near-duplicate) and
        # the first of that chain (root), and its story
        """CREATE TABLE article_links (
            article_id VARCHAR PRIMARY KEY, outlet VARCHAR NOT NULL, day DATE NOT NULL,
            duplicate_of VARCHAR, root VARCHAR NOT NULL, similarity DOUBLE,
            story_id VARCHAR, story_score DOUBLE, minhash BLOB NOT NULL)""",
        "CREATE TABLE minhash_bands (band VARCHAR NOT NULL, article_id VARCHAR NOT NULL)",
        "CREATE INDEX minhash_bands_band ON minhash_bands (band)",
        """CREATE TABLE merged_events (
            id VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, mode VARCHAR,
            status VARCHAR NOT NULL, date VARCHAR, date_precision VARCHAR,
            date_first DATE, date_last DATE, location_name VARCHAR,
            location_country VARCHAR, source VARCHAR, target VARCHAR, modes VARCHAR,
            num_mentions INTEGER NOT NULL, num_articles INTEGER NOT NULL,
            num_sources INTEGER NOT NULL, first_seen DATE, last_seen DATE,
            reports VARCHAR)""",
        """CREATE TABLE merged_members (
            merged_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL, sentence INTEGER, start_char INTEGER,
            end_char INTEGER, PRIMARY KEY (article_id, event_id))""",
        "CREATE INDEX merged_members_merged ON merged_members (merged_id)",
        "CREATE TABLE merged_keys (key VARCHAR NOT NULL, merged_id VARCHAR NOT NULL)",
        "CREATE INDEX merged_keys_key ON merged_keys (key)",
        """CREATE TABLE stories (
            id VARCHAR PRIMARY KEY, title VARCHAR, first_day DATE, last_day DATE,
            num_articles INTEGER NOT NULL, terms VARCHAR, actors VARCHAR)""",
        """CREATE TABLE story_keys (key VARCHAR NOT NULL, story_id VARCHAR NOT NULL,
            last_day DATE NOT NULL)""",
        "CREATE INDEX story_keys_key ON story_keys (key)",
        "CREATE INDEX article_links_story ON article_links (story_id)",
        "CREATE TABLE term_df (term VARCHAR PRIMARY KEY, df INTEGER NOT NULL)",
        # the same text carried by another outlet: stored once, counted as a report
        """CREATE TABLE article_copies (
            article_id VARCHAR NOT NULL, outlet VARCHAR NOT NULL, url VARCHAR,
            day DATE NOT NULL, title VARCHAR, ingested_at TIMESTAMP NOT NULL,
            PRIMARY KEY (article_id, outlet))""",
    ]),
    # what a list of merged events shows and filters on, kept on the row itself so a
    # page of them is one scan of one table: the evidence sentences with their text and
    # outlet, and every actor and country any of its mentions names
    ("0003_merged_evidence", [
        "ALTER TABLE merged_events ADD COLUMN evidence VARCHAR",
        "ALTER TABLE merged_events ADD COLUMN actors VARCHAR[]",
        "ALTER TABLE merged_events ADD COLUMN countries VARCHAR[]",
        # linking replaces an event's and a story's index keys: found by owner, not scanned
        "CREATE INDEX merged_keys_merged ON merged_keys (merged_id)",
        "CREATE INDEX story_keys_story ON story_keys (story_id)",
        """UPDATE merged_events SET evidence = v.ev FROM (
            SELECT m.merged_id, to_json(list({
                'article': m.article_id, 'event': m.event_id, 'sentence': m.sentence,
                'start': m.start_char, 'end': m.end_char,
                'text': substr(a.text, m.start_char + 1, m.end_char - m.start_char),
                'outlet': l.outlet, 'day': strftime(l.day, '%Y-%m-%d'),
                'duplicate_of': l.duplicate_of}
                ORDER BY l.day, m.article_id, m.sentence, m.event_id))::VARCHAR AS ev
            FROM merged_members m JOIN articles a ON a.id = m.article_id
            JOIN article_links l ON l.article_id = m.article_id GROUP BY m.merged_id) v
            WHERE merged_events.id = v.merged_id""",
        """UPDATE merged_events SET
            actors = coalesce(v.actors, []), countries = coalesce(v.countries, [])
            FROM (SELECT m.merged_id,
                list(DISTINCT p.actor ORDER BY p.actor) FILTER (WHERE p.actor <> '')
                    AS actors,
                list(DISTINCT p.country ORDER BY p.country) FILTER (WHERE p.country <> '')
                    AS countries
            FROM merged_members m JOIN event_actors p
                ON p.article_id = m.article_id AND p.event_id = m.event_id
            GROUP BY m.merged_id) v WHERE merged_events.id = v.merged_id""",
        "UPDATE merged_events SET evidence = coalesce(evidence, '[]'), "
        "actors = coalesce(actors, []), countries = coalesce(countries, [])",
    ]),
    # what a statement attributes (speech, belief, intention, evidence): older rows were
    # all speech
    ("0004_statement_category", [
        "ALTER TABLE statements ADD COLUMN category VARCHAR DEFAULT 'speech'",
        "ALTER TABLE statements ADD COLUMN within_id VARCHAR",
        "CREATE INDEX statements_category ON statements (category)",
    ]),
    # issue 15: what other articles' reports are matched against (fixed by the first
    # report), the coding confidence of each report, and the merged event's confidence.
    # Rows linked before have no key and take no new reports until `link --rebuild`.
    ("0005_merged_keys", [
        "ALTER TABLE merged_events ADD COLUMN match_key VARCHAR",
        "ALTER TABLE merged_events ADD COLUMN support VARCHAR DEFAULT '{}'",
        "ALTER TABLE merged_events ADD COLUMN confidence DOUBLE DEFAULT 0",
    ]),
]
