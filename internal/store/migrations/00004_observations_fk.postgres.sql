-- PostgreSQL checks a foreign key with a trigger per row, which made COPY of a
-- GENESIS table five times slower. Observations are only written by the statistics
-- importer, which creates their series in the same transaction and deletes a table's
-- observations itself before its series; the key is dropped.

-- +goose Up
ALTER TABLE observations DROP CONSTRAINT observations_series_id_fkey;

-- +goose Down
ALTER TABLE observations ADD CONSTRAINT observations_series_id_fkey
    FOREIGN KEY (series_id) REFERENCES stat_series (id) ON DELETE CASCADE;
