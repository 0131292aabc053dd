package checks

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

type Repo struct{}

func (Repo) Exists(ctx context.Context, key string) (bool, error)            { return false, nil }
func (Repo) FindByKey(ctx context.Context, key string) (string, bool, error) { return "", false, nil }
func (Repo) CountByKey(ctx context.Context, key string) (int64, error)       { return 0, nil }
func (Repo) HashPassword(pw string) (bool, error)                            { return false, nil }
func (Repo) Allowed(ctx context.Context) (bool, error)                       { return false, nil }
func (Repo) Total(ctx context.Context) (int64, error)                        { return 0, nil }

func sentinels(ctx context.Context, db *sql.DB, p *pgxpool.Pool, g *gorm.DB) error {
	var id int64
	err := db.QueryRowContext(ctx, "SELECT id FROM t WHERE k = $1", "k").Scan(&id)
	if err == sql.ErrNoRows { // want `ErrNoRows subject=err`
		return nil
	}
	if sql.ErrNoRows == err { // want `ErrNoRows subject=err`
		return nil
	}
	if err != sql.ErrNoRows { // want `ErrNoRows negated subject=err`
		return err
	}
	if errors.Is(err, sql.ErrNoRows) { // want `ErrNoRows subject=err`
		return nil
	}
	if !errors.Is(err, pgx.ErrNoRows) { // want `ErrNoRows negated subject=err`
		return err
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) { // want `ErrNoRows negated subject=err and`
		return err
	}
	if (errors.Is(err, pgx.ErrNoRows)) || err == nil { // want `ErrNoRows subject=err or`
		return nil
	}
	if !(err == nil || errors.Is(err, sql.ErrNoRows)) { // want `ErrNoRows negated subject=err and`
		return err
	}
	res := g.First(&id)
	if errors.Is(res.Error, gorm.ErrRecordNotFound) { // want `RecordNotFound subject=res`
		return nil
	}
	if errors.Is(g.Take(&id).Error, gorm.ErrRecordNotFound) { // want `RecordNotFound subject=-`
		return nil
	}
	if err := g.First(&id).Error; err == gorm.ErrRecordNotFound { // want `RecordNotFound subject=err`
		return nil
	}
	switch {
	case errors.Is(err, sql.ErrNoRows): // want `case ErrNoRows subject=err`
		return nil
	case err != nil:
		return err
	}
	switch err {
	case nil:
	case sql.ErrNoRows, pgx.ErrNoRows: // want `case ErrNoRows subject=err`
		return nil
	default:
		return err
	}
	return nil
}

func counts(ctx context.Context, db *sqlx.DB, g *gorm.DB, r Repo) error {
	var count int64
	g.Model(&struct{}{}).Where("k = ?", "k").Count(&count)
	if count == 0 { // want `CountZero subject=count`
		return nil
	}
	if 0 == count { // want `CountZero subject=count`
		return nil
	}
	if count < 1 { // want `CountZero subject=count`
		return nil
	}
	if count > 0 { // want `CountZero negated subject=count`
		return nil
	}
	if count != 0 { // want `CountZero negated subject=count`
		return nil
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders WHERE key = $1", "k").Scan(&n); err != nil {
		return err
	}
	if n >= 1 { // want `CountZero negated subject=n`
		return nil
	}
	var m int
	countQ := "select count(1) from orders"
	countQ += " where key = ?"
	if err := db.GetContext(ctx, &m, countQ, "k"); err != nil {
		return err
	}
	if m <= 0 { // want `CountZero subject=m`
		return nil
	}
	c, err := r.CountByKey(ctx, "k")
	if err != nil {
		return err
	}
	switch c {
	case 0: // want `case CountZero subject=c`
		return nil
	}
	return nil
}

func rowsAffected(ctx context.Context, db *sql.DB, p *pgxpool.Pool, g *gorm.DB) error {
	res, err := db.ExecContext(ctx, "INSERT INTO t (k) VALUES ($1) ON CONFLICT DO NOTHING", "k")
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 { // want `RowsAffectedZero subject=n`
		return nil
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 { // want `RowsAffectedZero subject=n or`
		return err
	}
	tag, err := p.Exec(ctx, "UPDATE t SET s = 'paid' WHERE id = $1 AND s = 'new'", 1)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 { // want `RowsAffectedZero subject=tag`
		return nil
	}
	if rows := tag.RowsAffected(); rows != 1 { // want `RowsAffectedZero subject=rows`
		return nil
	}
	if r := g.Create(&struct{}{}); r.RowsAffected == 0 { // want `RowsAffectedZero subject=r`
		return nil
	}
	if g.Create(&struct{}{}).RowsAffected > 0 { // want `RowsAffectedZero negated subject=-`
		return nil
	}
	affected := g.Model(&struct{}{}).Update("s", "x").RowsAffected
	if affected == 0 { // want `RowsAffectedZero subject=affected`
		return nil
	}
	return nil
}

func bools(ctx context.Context, db *sql.DB, r Repo) error {
	found, err := r.Exists(ctx, "k")
	if err != nil {
		return err
	}
	if !found { // want `NotFoundBool subject=found`
		return nil
	}
	if found { // want `NotFoundBool negated subject=found`
		return nil
	}
	_, ok, err := r.FindByKey(ctx, "k")
	if err == nil && !ok { // want `NotFoundBool subject=ok and`
		return nil
	}
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM t WHERE k = $1)", "k").Scan(&exists); err != nil {
		return err
	}
	if !exists { // want `NotFoundBool subject=exists`
		return nil
	}
	return nil
}

// Near-misses: none of these is a not-found check.
func nearMisses(ctx context.Context, db *sql.DB, r Repo, m map[string]int, items []int) error {
	err := db.PingContext(ctx)
	if err == io.EOF {
		return nil
	}
	if errors.Is(err, context.Canceled) {
		return nil
	}
	if err != nil {
		return err
	}
	var count int64
	_ = db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&count)
	if count == 1 {
		return nil
	}
	if count > 1 {
		return nil
	}
	total, _ := r.Total(ctx)
	if total == 0 {
		return nil
	}
	if len(items) == 0 {
		return nil
	}
	x := 3
	if x == 0 {
		return nil
	}
	if _, ok := m["k"]; !ok {
		return nil
	}
	hashed, _ := r.HashPassword("pw")
	if !hashed {
		return nil
	}
	allowed, _ := r.Allowed(ctx)
	if !allowed {
		return nil
	}
	var sum int
	_ = db.QueryRowContext(ctx, "SELECT SUM(amount) FROM t").Scan(&sum)
	if sum == 0 {
		return nil
	}
	res, _ := db.ExecContext(ctx, "DELETE FROM t")
	if n, _ := res.RowsAffected(); n > 1 {
		return nil
	}
	if count != 1 { // a count, unlike a rows-affected, is not gated by != 1
		return nil
	}
	return nil
}
