-- The finder's prefix search is a range scan on programme_terms.term. Under a
-- language collation such as de_DE.UTF-8 a range from "netz" to the next prefix does
-- not hold every word that starts with "netz"; under "C" it does, whatever the
-- database's default. The terms are folded ASCII-like stems, so "C" orders them right.
-- (PostgreSQL reads the facet columns from the heap without overflow cost: SQLite's
-- covering index of this migration is not needed here.)

-- The key also carries the weight, so that a prefix scan is answered from the index
-- alone and does not visit the table for each of thousands of rows.

-- +goose Up
ALTER TABLE programme_terms DROP CONSTRAINT programme_terms_pkey;
ALTER TABLE programme_terms ALTER COLUMN term TYPE TEXT COLLATE "C";
ALTER TABLE programme_terms ADD PRIMARY KEY (term, programme_id) INCLUDE (weight);

-- +goose Down
ALTER TABLE programme_terms DROP CONSTRAINT programme_terms_pkey;
ALTER TABLE programme_terms ALTER COLUMN term TYPE TEXT COLLATE "default";
ALTER TABLE programme_terms ADD PRIMARY KEY (term, programme_id);
