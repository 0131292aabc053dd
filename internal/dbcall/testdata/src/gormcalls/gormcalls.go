package gormcalls

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type PaymentIntent struct {
	gorm.Model
	Key    string
	Status string
}

type Account struct {
	ID      uint
	Balance int64
}

func (Account) TableName() string { return "ledger.Accounts" }

type Dynamic struct{ ID uint }

var suffix = "x"

func (Dynamic) TableName() string { return "dyn_" + suffix }

type Repo struct{ db *gorm.DB }

func (r *Repo) reads(ctx context.Context, key string) error {
	var pi PaymentIntent
	err := r.db.WithContext(ctx).Where("key = ?", key).First(&pi).Error // want `gorm gorm-first First recv=gorm/r.db ctx=ctx q=lit args=1 dest=&pi table=payment_intents chain=WithContext,Where stmt=SELECT/where:key/limit:1 use=gormerr,err=err`
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err := r.db.First(&pi, "key = ?", key).Error; err != nil { // want `gorm gorm-first First recv=gorm/r.db ctx=- q=lit args=1 dest=&pi table=payment_intents stmt=SELECT/where:key/limit:1 use=gormerr,err=err`
		return err
	}
	r.db.Take(&pi, 10) // want `gorm gorm-first Take recv=gorm/r.db ctx=- q=- args=1 dest=&pi table=payment_intents stmt=SELECT/where:id/limit:1 use=res=_,err=_`
	var list []PaymentIntent
	res := r.db.Where(&PaymentIntent{Status: "new"}).Order("id").Limit(10).Find(&list) // want `gorm gorm-find Find recv=gorm/r.db ctx=- q=- args=0 dest=&list table=payment_intents chain=Where,Order,Limit stmt=SELECT/where:status/limit:10 use=res=res`
	_ = res.RowsAffected
	var n int64
	if err := r.db.Model(&PaymentIntent{}).Where("status = ?", "new").Count(&n).Error; err != nil { // want `gorm gorm-count Count recv=gorm/r.db ctx=- q=lit args=1 dest=&n table=payment_intents chain=Model,Where stmt=SELECT/where:status use=gormerr,err=err`
		return err
	}
	var ids []uint
	r.db.Table("payment_intents AS pi").Pluck("id", &ids) // want `gorm gorm-find Pluck recv=gorm/r.db ctx=- q=- args=0 dest=&ids table=payment_intents chain=Table stmt=SELECT use=res=_,err=_`
	var acc Account
	r.db.Session(&gorm.Session{Context: ctx}).Last(&acc) // want `gorm gorm-first Last recv=gorm/r.db ctx=ctx q=- args=0 dest=&acc table=accounts chain=Session stmt=SELECT/limit:1 use=res=_,err=_`
	var d Dynamic
	return r.db.First(&d).Error // want `gorm gorm-first First recv=gorm/r.db ctx=- q=- args=0 dest=&d table=- stmt=SELECT/limit:1/partial use=gormerr,ret`
}

func (r *Repo) writes(ctx context.Context, pi *PaymentIntent) error {
	db := r.db.WithContext(ctx)
	if err := db.Create(pi).Error; err != nil { // want `gorm gorm-create Create recv=gorm/db ctx=- q=- args=0 dest=pi table=payment_intents stmt=INSERT use=gormerr,err=err`
		return err
	}
	res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(pi) // want `gorm gorm-create Create recv=gorm/db ctx=- q=- args=0 dest=pi table=payment_intents chain=Clauses clauses=1 stmt=INSERT/conflict:donothing use=res=res`
	if res.RowsAffected == 0 {
		return nil
	}
	n := db.Model(pi).Where("status = ?", "new").Update("status", "paid").RowsAffected // want `gorm gorm-update Update recv=gorm/db ctx=- q=lit args=1 dest=- table=payment_intents chain=Model,Where stmt=UPDATE/where:status,id/set:status=paid use=gormrows,res=n`
	_ = n
	db.Model(&Account{}).Where("id = ?", 1).Updates(map[string]any{"balance": gorm.Expr("balance + ?", 5)}) // want `gorm gorm-update Updates recv=gorm/db ctx=- q=lit args=1 dest=- table=accounts chain=Model,Where stmt=UPDATE/where:id/set:balance=balancePQ use=res=_,err=_`
	db.Save(pi)                                                                                             // want `gorm gorm-save Save recv=gorm/db ctx=- q=- args=0 dest=pi table=payment_intents stmt=UPDATE/where:id use=res=_,err=_`
	db.Delete(&PaymentIntent{}, "key = ?", "k")                                                             // want `gorm gorm-delete Delete recv=gorm/db ctx=- q=lit args=1 dest=&PaymentIntent{} table=payment_intents stmt=DELETE/where:key use=res=_,err=_`
	db.Where(PaymentIntent{Key: "k"}).FirstOrCreate(pi)                                                     // want `gorm gorm-firstorcreate FirstOrCreate recv=gorm/db ctx=- q=- args=0 dest=pi table=payment_intents chain=Where stmt=SELECT/where:key use=res=_,err=_`
	var locked PaymentIntent
	db.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", 1).Take(&locked) // want `gorm gorm-first Take recv=gorm/db ctx=- q=lit args=1 dest=&locked table=payment_intents chain=Clauses,Where clauses=1 stmt=SELECT/where:id/lock:forupdate/limit:1 use=res=_,err=_`
	return nil
}

func (r *Repo) raw(ctx context.Context) error {
	tx := r.db.Exec("UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?", 5, 1, 5) // want `gorm exec Exec recv=gorm/r.db ctx=- q=lit args=3 dest=- table=accounts stmt=UPDATE/where:id,balance/keyset:balance>=/set:balance=balance-Q use=res=tx`
	if tx.Error != nil {
		return tx.Error
	}
	var out struct{ N int }
	r.db.WithContext(ctx).Raw("SELECT count(*) AS n FROM orders WHERE user_id = ?", 7).Scan(&out) // want `gorm gorm-find Scan recv=gorm/r.db ctx=ctx q=lit args=1 dest=&out table=orders chain=WithContext,Raw stmt=SELECT/where:user_id use=res=_,err=_`
	var email string
	return r.db.Raw("SELECT email FROM users WHERE id = ?", 1).Row().Scan(&email) // want `gorm queryrow Row recv=gorm/r.db ctx=- q=lit args=1 dest=- table=users chain=Raw stmt=SELECT/where:id use=scan,ret`
}

func (r *Repo) txs(ctx context.Context) error {
	err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { // want `gorm gorm-transaction Transaction recv=gorm/r.db ctx=ctx q=- args=0 dest=- table=- chain=WithContext txfunc use=err=err`
		return tx.Create(&PaymentIntent{Key: "k"}).Error // want `gorm gorm-create Create recv=gorm/tx ctx=- q=- args=0 dest=&PaymentIntent{} table=payment_intents intx=Transaction stmt=INSERT use=gormerr,ret`
	})
	if err != nil {
		return err
	}
	tx := r.db.Begin()       // want `gorm begin Begin recv=gorm/r.db ctx=- q=- args=0 dest=- table=- use=res=tx`
	defer tx.Rollback()      // want `gorm rollback Rollback recv=gorm/tx ctx=- q=- args=0 dest=- table=- intx=Begin use=res=_,err=_`
	return tx.Commit().Error // want `gorm commit Commit recv=gorm/tx ctx=- q=- args=0 dest=- table=- intx=Begin use=gormerr,ret`
}

// Chain methods alone run nothing.
func (r *Repo) scopes() *gorm.DB {
	return r.db.Where("a = ?", 1).Order("id")
}

// Cursor conditions become keysets; an Or disjoins the ones before it.
func (r *Repo) cursors(before time.Time) error {
	var list []PaymentIntent
	if err := r.db.Where("status = ?", "new").Where("created_at < ? OR (created_at = ? AND id < ?)", before, before, 1).Order("created_at desc, id desc").Limit(10).Find(&list).Error; err != nil { // want `gorm gorm-find Find recv=gorm/r.db ctx=- q=lit args=1 dest=&list table=payment_intents chain=Where,Where,Order,Limit stmt=SELECT/where:status/or/keyset:created_at,id</limit:10 use=gormerr`
		return err
	}
	return r.db.Where("created_at < ?", before).Or("status = ?", "x").Limit(10).Find(&list).Error // want `gorm gorm-find Find recv=gorm/r.db ctx=- q=lit args=1 dest=&list table=payment_intents chain=Where,Or,Limit stmt=SELECT/where:created_at/or/limit:10 use=gormerr,ret`
}
