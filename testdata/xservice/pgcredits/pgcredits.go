// Package pgcredits implements ports.Credits on database/sql.
package pgcredits

import (
	"context"
	"database/sql"
	"errors"

	"example.com/xservice/ports"
)

type Credits struct{ DB *sql.DB }

var _ ports.Credits = (*Credits)(nil)

func (c *Credits) GetByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := c.DB.QueryRowContext(ctx, "SELECT id FROM credits WHERE grant_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ports.ErrNotFound
	}
	return id, err
}

func (c *Credits) Create(ctx context.Context, key string, cents int64) error {
	_, err := c.DB.ExecContext(ctx, "INSERT INTO credits (grant_key, cents) VALUES ($1, $2)", key, cents)
	return err
}
