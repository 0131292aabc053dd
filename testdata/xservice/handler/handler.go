// Package handler serves HTTP with the repositories and the client of the
// other packages: each race and each missing deadline here is visible
// only through what those packages' functions do.
package handler

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"example.com/xservice/client"
	"example.com/xservice/queries"
	"example.com/xservice/store"
	"example.com/xservice/users"
	"gorm.io/gorm"
)

// Charger takes money.
type Charger interface {
	Charge(ctx context.Context, key string, amount int64) error
}

// Mailer sends mail.
type Mailer interface {
	Welcome(ctx context.Context, email string) error
}

// Handler holds the service's dependencies.
type Handler struct {
	Store   *store.Store
	Q       *queries.Queries
	Users   *users.Repo
	Charger Charger
	Mailer  Mailer
}

var errConflict = errors.New("conflict")

// Pay reads through the repository, charges, then inserts through it.
func (h *Handler) Pay(ctx context.Context, key string, amount int64) error {
	_, err := h.Store.FindByKey(ctx, key)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := h.Charger.Charge(ctx, key, amount); err != nil {
		return err
	}
	return h.Store.Insert(ctx, key, amount)
}

// PayOnce gates on the atomic insert: quiet.
func (h *Handler) PayOnce(ctx context.Context, key string, amount int64) error {
	created, err := h.Store.InsertIfAbsent(ctx, key, amount)
	if err != nil || !created {
		return err
	}
	return h.Charger.Charge(ctx, key, amount)
}

// Ship reads a status through sqlc's queries, branches, and updates.
func (h *Handler) Ship(ctx context.Context, id int64) error {
	st, err := h.Q.GetOrderStatus(ctx, id)
	if err != nil {
		return err
	}
	if st != "paid" {
		return errConflict
	}
	return h.Q.SetOrderStatus(ctx, queries.SetOrderStatusParams{ID: id, Status: "shipped"})
}

// SignUp looks a user up through the GORM repository, mails, and creates
// the user on not-found.
func (h *Handler) SignUp(ctx context.Context, email string) error {
	_, err := h.Users.ByEmail(ctx, email)
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	if err := h.Mailer.Welcome(ctx, email); err != nil {
		return err
	}
	return h.Users.Create(ctx, &users.User{Email: email})
}

// Find only reads through the GORM repository: quiet.
func (h *Handler) Find(ctx context.Context, email string) (*users.User, error) {
	u, err := h.Users.ByEmail(ctx, email)
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return u, err
}

// Hook notifies with a context that has no deadline.
func (h *Handler) Hook(w http.ResponseWriter, r *http.Request) {
	if err := client.Notify(context.Background(), "http://hooks.internal/paid"); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

// HookBounded notifies through the helper that sets a deadline: quiet.
func (h *Handler) HookBounded(w http.ResponseWriter, r *http.Request) {
	if err := client.NotifyBounded(context.Background(), "http://hooks.internal/paid"); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

// Get only reads: quiet.
func (h *Handler) Get(w http.ResponseWriter, r *http.Request) {
	p, err := h.Store.FindByKey(r.Context(), r.URL.Query().Get("key"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Write([]byte(strconv.FormatInt(p.ID, 10)))
}
