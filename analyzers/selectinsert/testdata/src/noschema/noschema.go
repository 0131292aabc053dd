// Package noschema keeps no schema anywhere: no CREATE TABLE, no .sql file,
// no GORM unique tag. Nothing shows that a key is unique, so a read that finds
// no row and a plain insert of it is a race whatever the key: the second
// request's INSERT fails on a unique key nothing expects, or duplicates the row.
package noschema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

type Mailer interface {
	Send(ctx context.Context, to, subject string) error
}

type Service struct {
	db     *sql.DB
	pool   *pgxpool.Pool
	x      *sqlx.DB
	gdb    *gorm.DB
	mailer Mailer
}

var ErrEmailTaken = errors.New("email taken")

// ---- fire ----

// database/sql: the found branch answers, the not-found branch inserts.
func (s *Service) Subscribe(ctx context.Context, email string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM newsletter WHERE email = $1", email).Scan(&id)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO newsletter (email) VALUES ($1)", email); err != nil { // want `read of newsletter then insert is a race: a concurrent insert makes this one fail on the key or duplicate the row; use ON CONFLICT \(email\) DO NOTHING`
		return err
	}
	return s.mailer.Send(ctx, email, "welcome")
}

const (
	qFindInvoice   = `SELECT id FROM invoices WHERE subscription_id = $1 AND period = $2`
	qInsertInvoice = `INSERT INTO invoices (subscription_id, period, amount) VALUES ($1, $2, $3)`
)

// pgx, SQL in constants, the early return on anything but ErrNoRows.
func (s *Service) EnsureInvoice(ctx context.Context, subID int64, period string, amount int64) error {
	var id int64
	err := s.pool.QueryRow(ctx, qFindInvoice, subID, period).Scan(&id)
	if err != pgx.ErrNoRows {
		return err
	}
	_, err = s.pool.Exec(ctx, qInsertInvoice, subID, period, amount) // want `read of invoices then insert is a race: a concurrent insert makes this one fail`
	return err
}

// Returning a conflict sentinel on the found branch does not handle the
// insert's unique violation.
func (s *Service) Register(ctx context.Context, email string) error {
	var n int
	if err := s.x.GetContext(ctx, &n, "SELECT COUNT(*) FROM accounts WHERE email = $1", email); err != nil {
		return err
	}
	if n > 0 {
		return ErrEmailTaken
	}
	_, err := s.x.ExecContext(ctx, "INSERT INTO accounts (email) VALUES ($1)", email) // want `read of accounts then insert is a race`
	return err
}

// sqlx EXISTS, then the insert and a counter.
func (s *Service) Follow(ctx context.Context, userID, artistID int64) error {
	var exists bool
	if err := s.x.GetContext(ctx, &exists, `SELECT EXISTS (SELECT 1 FROM follows WHERE user_id = $1 AND artist_id = $2)`, userID, artistID); err != nil {
		return err
	}
	if exists {
		return nil
	}
	if _, err := s.x.ExecContext(ctx, `INSERT INTO follows (user_id, artist_id) VALUES ($1, $2)`, userID, artistID); err != nil { // want `read of follows then insert is a race`
		return err
	}
	_, err := s.x.ExecContext(ctx, `UPDATE artists SET followers = followers + 1 WHERE id = $1`, artistID)
	return err
}

// In a transaction with no lock, a switch on the Scan error.
func (s *Service) Credit(ctx context.Context, walletID int64, ref string, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	switch err := tx.QueryRowContext(ctx, `SELECT id FROM wallet_entries WHERE wallet_id = $1 AND ref = $2`, walletID, ref).Scan(&id); {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO wallet_entries (wallet_id, ref, amount) VALUES ($1, $2, $3)`, walletID, ref, amount); err != nil { // want `read of wallet_entries then insert is a race`
			return err
		}
	default:
		return err
	}
	return tx.Commit()
}

type Tenant struct {
	ID   uint
	Slug string
}

// GORM, a model with no tags.
func (s *Service) CreateTenant(ctx context.Context, slug string) (*Tenant, error) {
	var t Tenant
	err := s.gdb.WithContext(ctx).Where("slug = ?", slug).First(&t).Error
	if err == nil {
		return &t, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	t = Tenant{Slug: slug}
	if err := s.gdb.WithContext(ctx).Create(&t).Error; err != nil { // want `read of tenants then insert is a race`
		return nil, err
	}
	return &t, nil
}

type account struct{ ID int64 }

// A lookup helper that returns nil, nil when there is no row, and an insert
// helper: the race is in the caller.
func (s *Service) lookup(ctx context.Context, owner string) (*account, error) {
	var a account
	err := s.db.QueryRowContext(ctx, "SELECT id FROM billing_accounts WHERE owner = $1", owner).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

func (s *Service) insertAccount(ctx context.Context, owner string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO billing_accounts (owner) VALUES ($1)", owner)
	return err
}

func (s *Service) Provision(ctx context.Context, owner string) error {
	a, err := s.lookup(ctx, owner)
	if err != nil {
		return err
	}
	if a != nil {
		return nil
	}
	return s.insertAccount(ctx, owner) // want `read of billing_accounts then insert is a race`
}

// ---- quiet ----

// The unique violation is the answer: pgconn.PgError code 23505.
func (s *Service) EnsureInvoiceSafe(ctx context.Context, subID int64, period string, amount int64) error {
	var id int64
	err := s.pool.QueryRow(ctx, qFindInvoice, subID, period).Scan(&id)
	if err != pgx.ErrNoRows {
		return err
	}
	_, err = s.pool.Exec(ctx, qInsertInvoice, subID, period, amount)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return nil
	}
	return err
}

// GORM's ErrDuplicatedKey (TranslateError) is expected.
func (s *Service) CreateTenantSafe(ctx context.Context, slug string) error {
	var t Tenant
	err := s.gdb.WithContext(ctx).Where("slug = ?", slug).First(&t).Error
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	err = s.gdb.WithContext(ctx).Create(&Tenant{Slug: slug}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil
	}
	return err
}

// The insert helper maps the unique violation to a conflict the caller
// turns into a 409.
func isUniqueViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "duplicate key")
}

var ErrConflict = errors.New("conflict")

func (s *Service) createHandle(ctx context.Context, handle string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO handles (handle) VALUES ($1)", handle)
	if isUniqueViolation(err) {
		return ErrConflict
	}
	return err
}

func (s *Service) Reserve(ctx context.Context, handle string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM handles WHERE handle = $1", handle).Scan(&id)
	if err == nil {
		return ErrConflict
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return s.createHandle(ctx, handle)
}

// The insert is the gate. Its ON CONFLICT (email) also shows that
// subscribers has a unique key on email: the check below (Subscribed) is
// then the documented get-or-create whose loser fails on that key.
func (s *Service) SubscribeGate(ctx context.Context, email string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM subscribers WHERE email = $1", email).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO subscribers (email) VALUES ($1) ON CONFLICT (email) DO NOTHING", email)
	return err
}

func (s *Service) Subscribed(ctx context.Context, email string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM subscribers WHERE email = $1", email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.db.ExecContext(ctx, "INSERT INTO subscribers (email) VALUES ($1)", email)
	}
	return err
}

// SERIALIZABLE: the second transaction fails to commit and is retried by
// the caller; nothing to report here.
func (s *Service) CreditSerializable(ctx context.Context, walletID int64, ref string) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM wallet_entries WHERE wallet_id = $1 AND ref = $2`, walletID, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO wallet_entries (wallet_id, ref) VALUES ($1, $2)`, walletID, ref); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// The wallet row is locked first: a second request waits, then finds the entry.
func (s *Service) CreditLocked(ctx context.Context, walletID int64, ref string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, `SELECT balance FROM wallets WHERE id = $1 FOR UPDATE`, walletID).Scan(&bal); err != nil {
		return err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM wallet_entries WHERE wallet_id = $1 AND ref = $2`, walletID, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO wallet_entries (wallet_id, ref) VALUES ($1, $2)`, walletID, ref); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// An advisory lock on the key serialises the check and the insert.
func (s *Service) SubscribeLocked(ctx context.Context, email string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", email); err != nil {
		return err
	}
	var id int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM subscribers WHERE email = $1", email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO subscribers (email) VALUES ($1)", email); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// A read by key, then an insert into another table (an audit row).
func (s *Service) Touch(ctx context.Context, email string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM subscribers WHERE email = $1", email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.db.ExecContext(ctx, "INSERT INTO lookups_missed (email) VALUES ($1)", email)
	}
	return err
}

// A GORM unique tag shows the key unique: the documented get-or-create whose
// loser fails on it (as a schema would).
type Label struct {
	ID   uint
	Name string `gorm:"uniqueIndex"`
}

func (s *Service) EnsureLabel(ctx context.Context, name string) error {
	var l Label
	err := s.gdb.WithContext(ctx).Where("name = ?", name).First(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.gdb.WithContext(ctx).Create(&Label{Name: name}).Error
	}
	return err
}

// A read by id: the insert cannot repeat the key.
func (s *Service) Mirror(ctx context.Context, id int64) error {
	var n string
	err := s.db.QueryRowContext(ctx, "SELECT name FROM mirrors WHERE id = $1", id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.db.ExecContext(ctx, "INSERT INTO mirrors (name) VALUES ($1)", fmt.Sprint(id))
	}
	return err
}

// Users is a repository interface implemented elsewhere: its SQL may be
// the gate (ON CONFLICT), so a read and a create through it with nothing
// between are left to it.
type Users interface {
	ByEmail(ctx context.Context, email string) (*account, error)
	Create(ctx context.Context, email string) error
}

func SignUp(ctx context.Context, users Users, email string) error {
	u, err := users.ByEmail(ctx, email)
	if err != nil {
		return err
	}
	if u != nil {
		return ErrEmailTaken
	}
	return users.Create(ctx, email)
}
