-- A partial unique index: one active code per user.
CREATE UNIQUE INDEX ON referral_codes (user_id, is_active) WHERE (referral_codes.is_active = TRUE);

ALTER TABLE users
    ADD COLUMN email_hash TEXT UNIQUE;
CREATE INDEX IF NOT EXISTS users_email_hash_index ON users(email_hash);
