package sqlstd

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
)

// Effects by role: a method of an injected service is an effect whatever
// its verb; a repository, a cache or a logger is not.

type Billing interface {
	CreateCustomer(ctx context.Context, email string) (string, error)
}

type Wallet interface {
	Credit(ctx context.Context, userID int64, cents int64) error
}

type CustomerRepository interface {
	Create(ctx context.Context, userID int64, email string) error
}

type Cache interface {
	Set(key string, v any)
}

type Logger interface {
	Info(msg string, args ...any)
	Error(msg string, args ...any)
}

type Accounts struct {
	db      *sql.DB
	billing Billing
	wallet  Wallet
	repo    CustomerRepository
	cache   Cache
	log     Logger
}

func (s *Accounts) EnsureCustomer(ctx context.Context, userID int64, email string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, "SELECT stripe_id FROM customers WHERE user_id = $1", userID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	id, err = s.billing.CreateCustomer(ctx, email)
	if err != nil {
		return "", err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO customers (user_id, stripe_id) VALUES ($1, $2)", userID, id) // want `read of customers then insert into customers on not-found is a race: the effect runs twice`
	return id, err
}

// A repository is the store: its Create is the insert itself, and a unique
// key on the table undoes the second.
func (s *Accounts) EnsureViaRepo(ctx context.Context, userID int64, email string) error {
	var id string
	err := s.db.QueryRowContext(ctx, "SELECT stripe_id FROM customers WHERE user_id = $1", userID).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	s.log.Info("creating customer", "user", userID)
	s.cache.Set(email, userID)
	return s.repo.Create(ctx, userID, email)
}

// A guard on a part of a sql.Null value, then a credit, then the UPDATE.
func (s *Accounts) RedeemCoupon(ctx context.Context, code string, userID int64) error {
	var redeemed sql.NullTime
	var amount int64
	err := s.db.QueryRowContext(ctx, "SELECT redeemed_at, amount FROM coupons WHERE code = $1", code).Scan(&redeemed, &amount)
	if err != nil {
		return err
	}
	if redeemed.Valid {
		return errors.New("already redeemed")
	}
	if err := s.wallet.Credit(ctx, userID, amount); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "UPDATE coupons SET redeemed_at = now() WHERE code = $1", code) // want `check-then-act on coupons\.redeemed_at: concurrent requests both act; run a conditional UPDATE \(AND redeemed_at IS NOT DISTINCT FROM <read>\) before the effect`
	return err
}

// Quiet: the conditional UPDATE gates the credit.
func (s *Accounts) RedeemCouponAtomic(ctx context.Context, code string, userID int64) error {
	var redeemed sql.NullTime
	var amount int64
	err := s.db.QueryRowContext(ctx, "SELECT redeemed_at, amount FROM coupons WHERE code = $1", code).Scan(&redeemed, &amount)
	if err != nil {
		return err
	}
	if redeemed.Valid {
		return errors.New("already redeemed")
	}
	res, err := s.db.ExecContext(ctx, "UPDATE coupons SET redeemed_at = now() WHERE code = $1 AND redeemed_at IS NULL", code)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.New("already redeemed")
	}
	return s.wallet.Credit(ctx, userID, amount)
}

// Quiet: a cache fill whose lookup is a GET: running it twice changes
// nothing.
func (s *Accounts) RemoteUser(ctx context.Context, hc *http.Client, handle string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM remote_users WHERE handle = $1", handle).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://example.com/.well-known/webfinger?resource="+handle, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if _, err := http.Get("https://example.com/users/" + handle); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO remote_users (handle) VALUES ($1)", handle)
	return err
}

// A POST in between is an effect.
func (s *Accounts) RegisterRemote(ctx context.Context, hc *http.Client, handle string) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM remote_users WHERE handle = $1", handle).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://example.com/follow", strings.NewReader(handle))
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	_, err = s.db.ExecContext(ctx, "INSERT INTO remote_users (handle) VALUES ($1)", handle) // want `read of remote_users then insert into remote_users on not-found is a race: both requests call hc\.Do`
	return err
}
