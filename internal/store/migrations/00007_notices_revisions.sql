-- Notices are stored as a kind with arguments and rendered in each reader's language
-- when shown or sent; rows written before keep their German title and body (args
-- NULL). Programmes and contributions count their changes, for optimistic locking:
-- a form sends the revision it showed, and a change based on an older one is refused.

-- +goose Up
ALTER TABLE notifications ADD COLUMN args JSONB;
ALTER TABLE mail_outbox ADD COLUMN user_id BIGINT REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE mail_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN args JSONB;
ALTER TABLE programmes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contributions ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE contributions DROP COLUMN revision;
ALTER TABLE programmes DROP COLUMN revision;
ALTER TABLE mail_outbox DROP COLUMN args;
ALTER TABLE mail_outbox DROP COLUMN kind;
ALTER TABLE mail_outbox DROP COLUMN user_id;
ALTER TABLE notifications DROP COLUMN args;
