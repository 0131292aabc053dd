CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL
);

CREATE TABLE referral_codes (
    code TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE reminders (
    user_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    sent_at TIMESTAMPTZ
);
