-- The foreign key from observations to their series is checked at commit, not per
-- row: an immediate key makes SQLite keep a statement journal for every insert, which
-- doubled the time of a GENESIS import. The importer writes the series before their
-- observations in the same transaction, so a deferred check loses nothing.
-- SQLite cannot alter a constraint; the table is rebuilt.

-- +goose Up
CREATE TABLE observations_new (
    series_id  INTEGER NOT NULL REFERENCES stat_series (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    region_key TEXT NOT NULL,
    period     TEXT NOT NULL,
    breakdown  TEXT NOT NULL DEFAULT '',
    value      DOUBLE PRECISION,
    symbol     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (series_id, region_key, period, breakdown),
    CHECK ((value IS NULL) = (symbol <> ''))
) WITHOUT ROWID;
INSERT INTO observations_new (series_id, region_key, period, breakdown, value, symbol)
    SELECT series_id, region_key, period, breakdown, value, symbol FROM observations;
DROP TABLE observations;
ALTER TABLE observations_new RENAME TO observations;

-- +goose Down
CREATE TABLE observations_old (
    series_id  INTEGER NOT NULL REFERENCES stat_series (id) ON DELETE CASCADE,
    region_key TEXT NOT NULL,
    period     TEXT NOT NULL,
    breakdown  TEXT NOT NULL DEFAULT '',
    value      DOUBLE PRECISION,
    symbol     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (series_id, region_key, period, breakdown),
    CHECK ((value IS NULL) = (symbol <> ''))
) WITHOUT ROWID;
INSERT INTO observations_old (series_id, region_key, period, breakdown, value, symbol)
    SELECT series_id, region_key, period, breakdown, value, symbol FROM observations;
DROP TABLE observations;
ALTER TABLE observations_old RENAME TO observations;
