"""The index's schema, as numbered migrations applied in order (``PRAGMA user_version``).

A new schema is a new entry at the end of :data:`MIGRATIONS`, never an edit of an old one: an
index written by any earlier version is brought up to date step by step, each step in its own
transaction, so a crash mid-migration leaves the index at the previous version. Rows a step
cannot fill from the old columns are marked ``stale``; the store re-reads their journals.
"""

from __future__ import annotations

MIGRATION_1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    journal TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'ok',
    problem TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    mtime REAL NOT NULL DEFAULT 0,
    started TEXT NOT NULL DEFAULT '',
    scenario_id TEXT NOT NULL DEFAULT '',
    scenario_title TEXT NOT NULL DEFAULT '',
    scenario_sha256 TEXT NOT NULL DEFAULT '',
    team_id TEXT NOT NULL DEFAULT '',
    team_name TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT 'watch',
    seed INTEGER,
    outcome TEXT NOT NULL DEFAULT '',
    score REAL,
    rating TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL DEFAULT '',
    indexed_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE seats (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE TABLE phases (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    seconds REAL
);
CREATE TABLE objectives (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    objective TEXT NOT NULL,
    family TEXT NOT NULL,
    title TEXT NOT NULL,
    rating TEXT NOT NULL,
    score REAL
);
CREATE TABLE action_items (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT NOT NULL,
    objective TEXT NOT NULL
);
"""

MIGRATION_2 = """
ALTER TABLE runs ADD COLUMN trainee TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN ended_t REAL;
ALTER TABLE runs ADD COLUMN declared_severity TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN parent_journal TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN branch_t REAL;
ALTER TABLE runs ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objectives ADD COLUMN rules TEXT NOT NULL DEFAULT '';
CREATE TABLE families (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    family TEXT NOT NULL,
    title TEXT NOT NULL,
    rating TEXT NOT NULL,
    score REAL
);
CREATE TABLE action_item_state (
    journal TEXT NOT NULL,
    item TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    owner TEXT,
    due TEXT,
    updated TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (journal, item)
);
CREATE INDEX runs_started ON runs(started);
CREATE INDEX runs_parent ON runs(parent_journal);
CREATE INDEX seats_run ON seats(run_id);
CREATE INDEX phases_run ON phases(run_id);
CREATE INDEX objectives_run ON objectives(run_id);
CREATE INDEX families_run ON families(run_id);
CREATE INDEX items_run ON action_items(run_id);
UPDATE runs SET stale = 1;
"""

MIGRATION_3 = """
ALTER TABLE runs ADD COLUMN trend TEXT NOT NULL DEFAULT '';
CREATE INDEX objectives_rating ON objectives(objective, rating, title);
UPDATE runs SET stale = 1;
"""

MIGRATION_4 = """
ALTER TABLE runs ADD COLUMN mttd REAL;
ALTER TABLE runs ADD COLUMN mtta REAL;
ALTER TABLE runs ADD COLUMN time_to_mitigate REAL;
ALTER TABLE runs ADD COLUMN time_to_resolve REAL;
UPDATE runs SET stale = 1;
"""

#: The schema, one step per version: index ``i`` takes ``user_version`` i to i + 1.
#: 3: what the Trends view needs of a run in one JSON column (``trend``: phase times, family
#: scores, failed rules), and ratings per objective counted from an index, not 300,000 rows.
#: 4: the four trend phase times as columns of ``runs`` (read with no JSON to decode); the
#: ``trend`` JSON keeps only the failed rules.
MIGRATIONS: tuple[str, ...] = (MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4)
#: The schema version this code writes.
SCHEMA_VERSION = len(MIGRATIONS)
