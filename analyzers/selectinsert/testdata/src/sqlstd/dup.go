package sqlstd

import (
	"context"
	"database/sql"
	"errors"
)

// ---- duplicate-insert: the read's columns are not a unique key ----

// The package's migration: subscriptions has no unique key on user_id
// (users may hold several over time); memberships has one on (team_id,
// user_id); invites has only a plain index on team_id.
const schemaSQL = `
CREATE TABLE IF NOT EXISTS subscriptions (
	id         BIGSERIAL PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users (id),
	plan       TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT 'active'
);
CREATE TABLE memberships (
	team_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	role    TEXT NOT NULL,
	PRIMARY KEY (team_id, user_id)
);
CREATE INDEX invites_team_idx ON invites (team_id);
CREATE TABLE couriers (id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL, phone TEXT NOT NULL);
CREATE INDEX couriers_email_idx ON couriers (lower(email));
CREATE TABLE dispatchers (id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL);
CREATE UNIQUE INDEX dispatchers_email_key ON dispatchers (email);
CREATE UNIQUE INDEX reminders_open_idx ON reminders (invoice_id) WHERE sent_at IS NULL;
`

const (
	selectActiveSub = `SELECT id FROM subscriptions WHERE user_id = $1 AND status IN ('active', 'trialing')`
	insertSub       = `INSERT INTO subscriptions (user_id, plan, status) VALUES ($1, $2, 'active')`
)

// A status IN (...) check, then the insert: the schema has no unique key on
// user_id, so two requests both subscribe.
func (s *Service) Subscribe(ctx context.Context, userID int64, plan string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, selectActiveSub, userID).Scan(&id)
	if err == nil {
		return ErrConflict
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = s.db.ExecContext(ctx, insertSub, userID, plan) // want `read of subscriptions then insert on not-found leaves duplicate rows: its CREATE TABLE has no unique key on \(user_id\); add a unique index`
	return err
}

// No schema in sight: a reminder not yet sent (sent_at IS NULL) for an
// order, found missing, inserted; the mail goes out for each row.
func (s *Service) QueueReminder(ctx context.Context, orderID int64, email string) error {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM order_reminders WHERE order_id = $1 AND sent_at IS NULL", orderID).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO order_reminders (order_id, email) VALUES ($1, $2)", orderID, email); err != nil { // want `read of order_reminders then insert on not-found leaves duplicate rows: \(order_id\) with sent_at IS NULL is no unique key; add a unique index`
		return err
	}
	return s.mailer.Send(ctx, email, "reminder")
}

// A state passed as a constant argument is a filter too.
func (s *Service) OpenTicket(ctx context.Context, customerID int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM tickets WHERE customer_id = ? AND state = ?", customerID, "open").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.db.ExecContext(ctx, "INSERT INTO tickets (customer_id, state) VALUES (?, 'open')", customerID) // want `read of tickets then insert on not-found leaves duplicate rows: \(customer_id\) with state = "open" is no unique key`
	}
	return err
}

// A plain CREATE INDEX on the checked column: indexed, not unique.
func (s *Service) Invite(ctx context.Context, teamID int64, email string) error {
	var exists bool
	if err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM invites WHERE team_id = $1)", teamID).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO invites (team_id, email) VALUES ($1, $2)", teamID, email) // want `read of invites then insert on not-found leaves duplicate rows: team_id has only a non-unique index; add a unique index`
	return err
}

// Through the package's helpers: the read in a find method, the insert in
// a create method.
func (s *Service) findPendingExport(ctx context.Context, accountID int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM exports WHERE account_id = $1 AND finished_at IS NULL", accountID).Scan(&id)
	return id, err
}

func (s *Service) createExport(ctx context.Context, accountID int64) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO exports (account_id) VALUES ($1)", accountID)
	return err
}

func (s *Service) StartExport(ctx context.Context, accountID int64) error {
	_, err := s.findPendingExport(ctx, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return s.createExport(ctx, accountID) // want `read of exports then insert on not-found leaves duplicate rows: \(account_id\) with finished_at IS NULL is no unique key`
	}
	return err
}

// ---- duplicate-insert: near misses ----

// The schema makes (team_id, user_id) the primary key: the second insert
// fails, no duplicate (and no effect before it).
func (s *Service) Join(ctx context.Context, teamID, userID int64) error {
	var role string
	err := s.db.QueryRowContext(ctx, "SELECT role FROM memberships WHERE team_id = $1 AND user_id = $2 AND role <> 'banned'", teamID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.db.ExecContext(ctx, "INSERT INTO memberships (team_id, user_id, role) VALUES ($1, $2, 'member')", teamID, userID)
	}
	return err
}

// A partial unique index covers the check.
func (s *Service) Remind(ctx context.Context, invoiceID int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM reminders WHERE invoice_id = $1 AND sent_at IS NULL", invoiceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.db.ExecContext(ctx, "INSERT INTO reminders (invoice_id) VALUES ($1)", invoiceID)
	}
	return err
}

// A natural key with a soft-delete filter and no schema: a unique index on
// email is the norm; the unique-key assumption stands.
func (s *Service) SignUp(ctx context.Context, email string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM accounts WHERE email = $1 AND deleted_at IS NULL", email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.db.ExecContext(ctx, "INSERT INTO accounts (email) VALUES ($1)", email)
	}
	return err
}

// The insert is the gate: ON CONFLICT with a partial index.
func (s *Service) SubscribeGate(ctx context.Context, userID int64, plan string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, selectActiveSub, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.db.ExecContext(ctx, "INSERT INTO subscriptions (user_id, plan) VALUES ($1, $2) ON CONFLICT DO NOTHING", userID, plan)
	}
	return err
}

// No filter and no schema: a cart per user may well be unique; the
// assumption stands (and there is no effect).
func (s *Service) Cart(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM carts WHERE user_id = $1", userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.db.QueryRowContext(ctx, "INSERT INTO carts (user_id) VALUES ($1) RETURNING id", userID).Scan(&id)
	}
	return id, err
}

// Read-only: the missing row is an answer, nothing is inserted.
func (s *Service) ActiveSubscription(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, selectActiveSub, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// In a transaction that locks the user's row first: the second request
// waits, then finds the first one's subscription.
func (s *Service) SubscribeLocked(ctx context.Context, userID int64, plan string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var uid int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM users WHERE id = $1 FOR UPDATE", userID).Scan(&uid); err != nil {
		return err
	}
	var id int64
	err = tx.QueryRowContext(ctx, selectActiveSub, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.ExecContext(ctx, insertSub, userID, plan); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	return tx.Commit()
}

// A case-insensitive existence check finds the courier by email all the
// same; the index on lower(email) is not unique, so a double-submitted form
// registers two couriers.
func (s *Service) RegisterCourier(ctx context.Context, email, phone string) error {
	var taken bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM couriers WHERE lower(email) = lower($1))`, email).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO couriers (email, phone) VALUES ($1, $2)`, email, phone) // want `read of couriers then insert on not-found leaves duplicate rows: its CREATE TABLE has no unique key on \(email\)`
	return err
}

// The same check where email is unique: the second insert fails on the
// key, and its error is returned. Quiet.
func (s *Service) RegisterDispatcher(ctx context.Context, email string) error {
	var taken bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dispatchers WHERE lower(email) = lower($1))`, email).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO dispatchers (email) VALUES ($1)`, email)
	return err
}

// The read is of the caller's membership (a permission check); the inserts
// are of other users': not the row the read looked for. Quiet.
func (s *Service) AddMembers(ctx context.Context, teamID, caller int64, userIDs []int64) error {
	var state sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT state FROM invites WHERE team_id = $1 AND user_id = $2`, teamID, caller).Scan(&state); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ErrConflict
		}
		return err
	}
	if state.Int64 > 1 {
		return ErrConflict
	}
	for _, uid := range userIDs {
		if err := s.addInvite(ctx, teamID, uid, 2); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE teams SET member_count = member_count + 1 WHERE id = $1`, teamID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) addInvite(ctx context.Context, teamID, userID int64, state int) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO invites (team_id, user_id, state) VALUES ($1, $2, $3)`, teamID, userID, state)
	return err
}
