package fixsql

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

type Mailer interface {
	Send(ctx context.Context, to, body string) error
}

type Accounts struct {
	db   *sql.DB
	dbx  *sqlx.DB
	mail Mailer
}

type User struct {
	ID         int64        `db:"id"`
	Email      string       `db:"email"`
	Name       string       `db:"name"`
	VerifiedAt sql.NullTime `db:"verified_at"`
}

// A sql.NullTime guard: verified already returns, else the row is
// stamped and the welcome mail sent; two requests both send it. The
// condition compares NULL-safely.
func (s *Accounts) Verify(ctx context.Context, id int64) error {
	var u User
	if err := s.dbx.GetContext(ctx, &u, "SELECT id, email, verified_at FROM users WHERE id = $1", id); err != nil {
		return err
	}
	if u.VerifiedAt.Valid {
		return nil
	}
	_, err := s.db.ExecContext(ctx, "UPDATE users SET verified_at = now() WHERE id = $1", id) // want `check-then-act on users\.verified_at: concurrent requests both act; make the UPDATE conditional \(AND verified_at = <read>\) and check RowsAffected`
	if err != nil {
		return err
	}
	return s.mail.Send(ctx, u.Email, "welcome")
}

// A column not named like a state, moved to a constant, with the mail
// after it: the role makes it a state.
func (s *Accounts) Issue(ctx context.Context, invoiceID int64, to string) error {
	var phase string
	if err := s.db.QueryRowContext(ctx, "SELECT phase FROM invoices WHERE id = $1", invoiceID).Scan(&phase); err != nil {
		return err
	}
	if phase != "draft" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "UPDATE invoices SET phase = 'issued' WHERE id = $1", invoiceID) // want `check-then-act on invoices\.phase: concurrent requests both act; make the UPDATE conditional`
	if err != nil {
		return err
	}
	return s.mail.Send(ctx, to, "your invoice")
}

// ---- near misses ----

// The NULL check is re-done in the UPDATE and its row count gates the mail.
func (s *Accounts) VerifyConditional(ctx context.Context, id int64) error {
	var u User
	if err := s.dbx.GetContext(ctx, &u, "SELECT id, email, verified_at FROM users WHERE id = $1", id); err != nil {
		return err
	}
	if u.VerifiedAt.Valid {
		return nil
	}
	res, err := s.db.ExecContext(ctx, "UPDATE users SET verified_at = now() WHERE id = $1 AND verified_at IS NULL", id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return s.mail.Send(ctx, u.Email, "welcome")
}

// Moved to a constant, but nothing else happens: two requests setting
// the same value do no harm.
func (s *Accounts) Archive(ctx context.Context, invoiceID int64) error {
	var phase string
	if err := s.db.QueryRowContext(ctx, "SELECT phase FROM invoices WHERE id = $1", invoiceID).Scan(&phase); err != nil {
		return err
	}
	if phase == "archived" {
		return nil
	}
	_, err := s.db.ExecContext(ctx, "UPDATE invoices SET phase = 'archived' WHERE id = $1", invoiceID)
	return err
}

// A change check on a value the caller gives: not a transition.
func (s *Accounts) Rename(ctx context.Context, id int64, name string) error {
	var u User
	if err := s.dbx.GetContext(ctx, &u, "SELECT id, email, name FROM users WHERE id = $1", id); err != nil {
		return err
	}
	if u.Name == name {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE users SET name = $1 WHERE id = $2", name, id); err != nil {
		return err
	}
	return s.mail.Send(ctx, u.Email, "renamed")
}
