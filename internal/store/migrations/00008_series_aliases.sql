-- Aliases of statistical series: a column label that a later (or earlier) vintage
-- of a table uses for a stored series, kept by admins. An alias names the series by
-- table and name, not by id, so that it outlives an import that replaces the table.

-- +goose Up
CREATE TABLE stat_series_aliases (
    table_code TEXT NOT NULL,
    alias      TEXT NOT NULL,
    series     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (table_code, alias)
);

-- +goose Down
DROP TABLE stat_series_aliases;
