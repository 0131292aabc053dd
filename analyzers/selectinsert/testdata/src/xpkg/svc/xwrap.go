package svc

import (
	"context"

	"xpkg/db"
)

type Mailer interface {
	Send(ctx context.Context, to, template string) error
}

type GiftCards struct {
	db     *db.DB
	mailer Mailer
}

const giftCardExists = `SELECT 1 FROM gift_cards WHERE purchase_id = $1`

// The query wrappers of another package, with the SQL in this one.
func (g *GiftCards) Issue(ctx context.Context, purchaseID int64, to string) error {
	exists, err := g.db.Exists(ctx, giftCardExists, purchaseID)
	if err != nil {
		return err
	}
	if exists {
		return nil
	}
	if err := g.mailer.Send(ctx, to, "gift_card"); err != nil {
		return err
	}
	_, err = g.db.Exec(ctx, `INSERT INTO gift_cards (purchase_id, recipient) VALUES ($1, $2)`, purchaseID, to) // want `read of gift_cards then insert into gift_cards on not-found is a race: both requests call mailer\.Send`
	return err
}

// Quiet: the insert is the gate.
func (g *GiftCards) IssueOnce(ctx context.Context, purchaseID int64, to string) error { // want IssueOnce:"selectinsert summary"
	res, err := g.db.Exec(ctx, `INSERT INTO gift_cards (purchase_id, recipient) VALUES ($1, $2) ON CONFLICT (purchase_id) DO NOTHING`, purchaseID, to)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return g.mailer.Send(ctx, to, "gift_card")
}

// A wrapper named for existence that runs a plain SELECT and answers
// whether a row came back.
func (g *GiftCards) Remind(ctx context.Context, purchaseID int64, to string) error {
	sent, err := g.db.RowExists(ctx, `SELECT 1 FROM gift_card_reminders WHERE purchase_id = $1`, purchaseID)
	if err != nil || sent {
		return err
	}
	if err := g.mailer.Send(ctx, to, "reminder"); err != nil {
		return err
	}
	_, err = g.db.Exec(ctx, `INSERT INTO gift_card_reminders (purchase_id) VALUES ($1)`, purchaseID) // want `read of gift_card_reminders then insert into gift_card_reminders on not-found is a race`
	return err
}

// Quiet: a boolean column read through a wrapper not named for existence
// says nothing about whether the row exists.
func (g *GiftCards) Notify(ctx context.Context, purchaseID int64, to string) error {
	muted, err := g.db.Flag(ctx, `SELECT muted FROM gift_card_prefs WHERE purchase_id = $1`, purchaseID)
	if err != nil || muted {
		return err
	}
	if err := g.mailer.Send(ctx, to, "notice"); err != nil {
		return err
	}
	_, err = g.db.Exec(ctx, `INSERT INTO gift_card_prefs (purchase_id) VALUES ($1)`, purchaseID)
	return err
}
