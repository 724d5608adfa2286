-- A commissioner's list of the applications serving their Kreis reads only
-- application_regions: each row also carries its application's status, call and
-- last change, kept by the store on every write of the application, so that the
-- count and the newest page are one range of this index, without touching the
-- (wide) application rows. Over 500,000 applications, looking each one up for its
-- status took a commissioner's list from 11 ms at 50,000 to 0.5 s (SQLite).

-- +goose Up
ALTER TABLE application_regions ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';
ALTER TABLE application_regions ADD COLUMN call_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE application_regions ADD COLUMN updated_at TIMESTAMPTZ;
UPDATE application_regions SET
    status = (SELECT a.status FROM applications a WHERE a.id = application_regions.application_id),
    call_id = (SELECT a.call_id FROM applications a WHERE a.id = application_regions.application_id),
    updated_at = (SELECT a.updated_at FROM applications a WHERE a.id = application_regions.application_id);
CREATE INDEX application_regions_list ON application_regions (region_key, status, call_id, updated_at, application_id);
-- The new index starts with region_key too: the old one would only tempt a planner
-- without statistics into reading the rows for their status.
DROP INDEX application_regions_key;

-- +goose Down
CREATE INDEX application_regions_key ON application_regions (region_key, application_id);
DROP INDEX application_regions_list;
ALTER TABLE application_regions DROP COLUMN updated_at;
ALTER TABLE application_regions DROP COLUMN call_id;
ALTER TABLE application_regions DROP COLUMN status;
