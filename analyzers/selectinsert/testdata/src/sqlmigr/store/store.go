// Package store reads its schema from the module's migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
)

type Store struct{ db *sql.DB }

// Quiet: a partial unique index in a migration backs the key.
func (s *Store) EnsureCode(ctx context.Context, userID int64, code string) error {
	var c string
	err := s.db.QueryRowContext(ctx, "SELECT code FROM referral_codes WHERE user_id = $1 AND is_active = TRUE", userID).Scan(&c)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO referral_codes (user_id, code) VALUES ($1, $2)", userID, code)
	return err
}

// Quiet: a column added with UNIQUE by ALTER TABLE.
func (s *Store) EnsureUser(ctx context.Context, hash string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM users WHERE email_hash = $1", hash).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO users (email, email_hash) VALUES ('', $1)", hash)
	return err
}

// The migration declares the table with no unique key on the columns.
func (s *Store) Remind(ctx context.Context, userID int64, kind string) error {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT 1 FROM reminders WHERE user_id = $1 AND kind = $2", userID, kind).Scan(&n)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO reminders (user_id, kind) VALUES ($1, $2)", userID, kind) // want `read of reminders then insert on not-found leaves duplicate rows: its CREATE TABLE has no unique key on \(user_id, kind\)`
	return err
}
