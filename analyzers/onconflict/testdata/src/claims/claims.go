// Package claims: a claim's won-or-lost bool, behind an interface whose
// implementation is elsewhere.
package claims

import "context"

type Claims interface {
	Claim(ctx context.Context, key string) (bool, error)
	Lookup(ctx context.Context, key string) (bool, error)
}

type Texter interface {
	Text(ctx context.Context, to, body string) error
}

type Reminders struct {
	claims Claims
	sms    Texter
}

func (r *Reminders) Send(ctx context.Context, key, to string) error {
	if _, err := r.claims.Claim(ctx, key); err != nil { // want `r\.claims\.Claim's bool, whether this caller won the claim, is discarded: r\.sms\.Text runs for the loser too; return unless it is true`
		return err
	}
	return r.sms.Text(ctx, to, "see you tomorrow")
}

// Quiet: the bool gates the text.
func (r *Reminders) SendWon(ctx context.Context, key, to string) error {
	won, err := r.claims.Claim(ctx, key)
	if err != nil || !won {
		return err
	}
	return r.sms.Text(ctx, to, "see you tomorrow")
}

// Quiet: not a claim.
func (r *Reminders) SendLooked(ctx context.Context, key, to string) error {
	if _, err := r.claims.Lookup(ctx, key); err != nil {
		return err
	}
	return r.sms.Text(ctx, to, "see you tomorrow")
}

// Quiet: nothing follows the claim.
func (r *Reminders) Mark(ctx context.Context, key string) error {
	_, err := r.claims.Claim(ctx, key)
	return err
}
