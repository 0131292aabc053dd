package fixes

import "context"

type Ledger interface {
	Post(ctx context.Context, account string, cents int64) error
}

type Payouts struct{ ledger Ledger }

// A port of the module given context.Background(): reported, with no fix
// (how long the port's work takes - a payout, a backup - is not known here,
// so no timeout is picked for it).
func (p *Payouts) Settle(account string, cents int64) error {
	if err := p.ledger.Post(context.Background(), account, cents); err != nil { // want `context\.Background\(\) carries no deadline into p\.ledger\.Post`
		return err
	}
	return nil
}
