// Package svc runs its dedup inserts through the db package's wrappers.
package svc

import (
	"context"

	"xwrap/db"
)

type Wallet interface {
	Credit(ctx context.Context, userID, cents int64) error
}

type Bonus struct {
	db     *db.DB
	wallet Wallet
}

const claimBonus = `INSERT INTO signup_bonuses (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`

func (b *Bonus) Grant(ctx context.Context, userID int64) error { // want Grant:"onconflict summary"
	if err := b.db.ExecQuiet(ctx, claimBonus, userID); err != nil { // want `the dedup insert goes via ExecQuiet, which drops its result: b\.wallet\.Credit runs on duplicates too`
		return err
	}
	return b.wallet.Credit(ctx, userID, 500)
}

// Quiet: the result comes back and is checked.
func (b *Bonus) GrantChecked(ctx context.Context, userID int64) error { // want GrantChecked:"onconflict summary"
	res, err := b.db.Exec(ctx, claimBonus, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return b.wallet.Credit(ctx, userID, 500)
}

// Quiet: the wrapper decides and says so.
func (b *Bonus) GrantClaimed(ctx context.Context, userID int64) error { // want GrantClaimed:"onconflict summary"
	won, err := b.db.Claim(ctx, claimBonus, userID)
	if err != nil || !won {
		return err
	}
	return b.wallet.Credit(ctx, userID, 500)
}

type SMS interface {
	SendSMS(ctx context.Context, phone, text string) error
}

// Through the wrapper that returns the result: the caller must read it.
func (b *Bonus) Confirm(ctx context.Context, sms SMS, id, phone string) error { // want Confirm:"onconflict summary"
	_, err := b.db.Exec(ctx, `INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT (message_id) DO NOTHING`, id) // want `DO NOTHING insert into inbox discards its result: sms\.SendSMS runs on duplicates too`
	if err != nil {
		return err
	}
	return sms.SendSMS(ctx, phone, "confirmed")
}

// Through a wrapper that logs and returns the result in a variable.
func (b *Bonus) ConfirmLogged(ctx context.Context, sms SMS, id, phone string) error { // want ConfirmLogged:"onconflict summary"
	if _, err := b.db.ExecLogged(ctx, `INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT (message_id) DO NOTHING`, id); err != nil { // want `DO NOTHING insert into inbox discards its result: sms\.SendSMS runs on duplicates too`
		return err
	}
	return sms.SendSMS(ctx, phone, "confirmed")
}

// Quiet: the result from the logging wrapper is checked.
func (b *Bonus) ConfirmLoggedChecked(ctx context.Context, sms SMS, id, phone string) error { // want ConfirmLoggedChecked:"onconflict summary"
	res, err := b.db.ExecLogged(ctx, `INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT (message_id) DO NOTHING`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return sms.SendSMS(ctx, phone, "confirmed")
}
