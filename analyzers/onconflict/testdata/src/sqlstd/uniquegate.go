package sqlstd

import (
	"context"
	"database/sql"
	"errors"
	"net/smtp"
)

// The schema the package's queries run against.
const ownersSchema = `
CREATE TABLE IF NOT EXISTS owners (
  owner_hex TEXT NOT NULL PRIMARY KEY,
  email     TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signups (
  email TEXT NOT NULL,
  name  TEXT NOT NULL
);`

var errEmailTaken = errors.New("email taken")

// emailNew makes sure the address has its row: an ensure-exists, not a
// dedup of this request.
func emailNew(ctx context.Context, db *sql.DB, email string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO emails (email) VALUES ($1) ON CONFLICT DO NOTHING`, email)
	return err
}

// Quiet: the owners insert fails on the duplicate e-mail (UNIQUE) and
// returns before the mail goes out (commento's ownerNew).
func ownerNew(ctx context.Context, db *sql.DB, hex, email, name string) error {
	if err := emailNew(ctx, db, email); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO owners (owner_hex, email, name) VALUES ($1, $2, $3)`, hex, email, name); err != nil {
		return errEmailTaken
	}
	return smtp.SendMail("mail:25", nil, "noreply@example.com", []string{email}, []byte("confirm"))
}

// The signups table has no unique key: both requests insert and mail.
func signupNew(ctx context.Context, db *sql.DB, email, name string) error {
	if err := emailNew(ctx, db, email); err != nil { // want `emailNew runs DO NOTHING insert into emails and discards its result: smtp\.SendMail runs on duplicates too`
		return err
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO signups (email, name) VALUES ($1, $2)`, email, name); err != nil {
		return err
	}
	return smtp.SendMail("mail:25", nil, "noreply@example.com", []string{email}, []byte("welcome"))
}

var _ = ownersSchema
