package sqltexts

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type Order struct {
	ID     uint
	Key    string
	Status string
}

const table = "orders"

func texts(ctx context.Context, db *sql.DB, key string, forUpdate bool) error {
	// locals and appends through the Index's Resolver
	q := "SELECT id, status FROM orders WHERE key = $1"
	q += " FOR UPDATE"
	var id int64
	var status string
	if err := db.QueryRowContext(ctx, q, key).Scan(&id, &status); err != nil { // want `sql queryrow QueryRowContext recv=db/db ctx=ctx q=q args=1 dest=- table=orders stmt=SELECT/where:key/lock:forupdate use=scan,err=err`
		return err
	}
	// Sprintf with a constant table
	_, err := db.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET status = 'paid' WHERE id = $1 AND status = 'pending'", table), id) // want `sql exec ExecContext recv=db/db ctx=ctx q=fmt.Sprintf# args=1 dest=- table=orders stmt=UPDATE/where:id,status/set:status=paid use=res=_,err=err`
	if err != nil {
		return err
	}
	// INSERT ... ON CONFLICT DO NOTHING RETURNING
	err = db.QueryRowContext(ctx, "INSERT INTO webhook_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING RETURNING id", key).Scan(&id) // want `sql queryrow QueryRowContext recv=db/db ctx=ctx q=lit args=1 dest=- table=webhook_events stmt=INSERT/conflict:donothing/returning use=scan,err=err`
	return err
}

func gormClauses(ctx context.Context, db *gorm.DB, o *Order) error {
	db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"status"})}).Create(o) // want `gorm gorm-create Create recv=gorm/db ctx=- q=- args=0 dest=o table=orders chain=Clauses clauses=1 stmt=INSERT/conflict:doupdate use=res=_,err=_`
	db.Clauses(clause.OnConflict{UpdateAll: true}).Create(o)                                                                                  // want `gorm gorm-create Create recv=gorm/db ctx=- q=- args=0 dest=o table=orders chain=Clauses clauses=1 stmt=INSERT/conflict:doupdate use=res=_,err=_`
	db.Clauses(clause.OnConflict{DoNothing: true}, clause.Returning{}).Create(o)                                                              // want `gorm gorm-create Create recv=gorm/db ctx=- q=- args=0 dest=o table=orders chain=Clauses clauses=2 stmt=INSERT/conflict:donothing/returning use=res=_,err=_`
	var locked Order
	db.Clauses(clause.Locking{Strength: clause.LockingStrengthShare, Options: clause.LockingOptionsSkipLocked}).First(&locked, "key = ?", "k") // want `gorm gorm-first First recv=gorm/db ctx=- q=lit args=1 dest=&locked table=orders chain=Clauses clauses=1 stmt=SELECT/where:key/lock:forshare/limit:1 use=res=_,err=_`
	var list []Order
	db.Where(map[string]any{"status": "new"}).Or("status = ?", "retry").Find(&list)                   // want `gorm gorm-find Find recv=gorm/db ctx=- q=lit args=1 dest=&list table=orders chain=Where,Or stmt=SELECT/where:status/or use=res=_,err=_`
	db.Model(&Order{}).Where("id = ? AND status = ?", o.ID, "pending").Updates(Order{Status: "paid"}) // want `gorm gorm-update Updates recv=gorm/db ctx=- q=lit args=2 dest=- table=orders chain=Model,Where stmt=UPDATE/where:id,status/set:status=paid use=res=_,err=_`
	return nil
}

type Repo struct{ db *gorm.DB }

// A GORM wrapper whose parameter is a Where fragment.
func (r *Repo) findWhere(ctx context.Context, cond string, args ...any) (*Order, error) {
	var o Order
	err := r.db.WithContext(ctx).Where(cond, args...).First(&o).Error // want `gorm gorm-first First recv=gorm/r.db ctx=ctx q=cond args=1... dest=&o table=orders chain=WithContext,Where stmt=SELECT/limit:1/partial use=gormerr,err=err`
	return &o, err
}

func (r *Repo) use(ctx context.Context) {
	_, _ = r.findWhere(ctx, "key = ? AND status = ?", "k", "new") // want `gorm gorm-first First recv=gorm/r ctx=ctx q=lit args=2 dest=- table=orders via=findWhere chain=WithContext,Where stmt=SELECT/where:key,status/limit:1 use=res=_,err=_`
}
