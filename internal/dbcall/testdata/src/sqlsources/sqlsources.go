package sqlsources

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	sq "github.com/Masterminds/squirrel"
	"github.com/nleof/goyesql"
	"github.com/qustavo/dotsql"
)

//go:embed queries/mark_processed.sql
var markProcessed string

//go:embed queries
var queries embed.FS

var named = map[string]string{
	"bump": "UPDATE counters SET n = n + 1 WHERE id = $1",
}

var yq = goyesql.MustParseFile("sql/yesql.sql")

func embedded(ctx context.Context, db *sql.DB, id string) error {
	_, err := db.ExecContext(ctx, markProcessed, id) // want `sql exec ExecContext recv=db/db ctx=ctx q=markProcessed args=1 dest=- table=processed_events stmt=INSERT/conflict:donothing use=res=_,err=err`
	if err != nil {
		return err
	}
	b, err := queries.ReadFile("queries/users.sql")
	if err != nil {
		return err
	}
	var n int
	err = db.QueryRowContext(ctx, string(b), id).Scan(&n) // want `sql queryrow QueryRowContext recv=db/db ctx=ctx q=string# args=1 dest=- table=users stmt=SELECT/where:email use=scan,err=err`
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, named["bump"], id) // want `sql exec ExecContext recv=db/db ctx=ctx q=named_lit args=1 dest=- table=counters stmt=UPDATE/where:id/set:n=nP1 use=res=_,err=err`
	if err != nil {
		return err
	}
	// an unknown key or a name not embedded: no SQL
	_, err = db.ExecContext(ctx, named["nope"], id) // want `sql exec ExecContext recv=db/db ctx=ctx q=named_lit args=1 dest=- table=- use=res=_,err=err`
	return err
}

func yesql(ctx context.Context, db *sql.DB, email string) (int, error) {
	var id int
	err := db.QueryRowContext(ctx, string(yq["get-user"]), email).Scan(&id) // want `sql queryrow QueryRowContext recv=db/db ctx=ctx q=string# args=1 dest=- table=users stmt=SELECT/where:email use=scan,err=err`
	return id, err
}

func dot(db *sql.DB, email string) error {
	d, err := dotsql.LoadFromFile("sql/dot.sql")
	if err != nil {
		return err
	}
	if _, err := d.Exec(db, "create-user", email); err != nil { // want `sql exec Exec recv=db/db ctx=- q=- args=1 dest=- table=users stmt=INSERT use=res=_,err=err`
		return err
	}
	rows, err := d.Query(db, "find-user", email) // want `sql query Query recv=db/db ctx=- q=- args=1 dest=- table=users stmt=SELECT/where:email use=res=rows,err=err`
	if err != nil {
		return err
	}
	defer rows.Close()
	_, err = d.Exec(db, "no-such-query", email) // want `sql exec Exec recv=db/db ctx=- q=- args=1 dest=- table=- use=res=_,err=err`
	return err
}

type repo struct {
	db      *sql.DB
	Builder sq.StatementBuilderType
	schema  string
}

func (r *repo) builders(ctx context.Context, email string) error {
	q, args, err := r.Builder.Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING").ToSql()
	if err != nil {
		return err
	}
	if _, err := r.db.ExecContext(ctx, q, args...); err != nil { // want `sql exec ExecContext recv=db/r.db ctx=ctx q=q args=1... dest=- table=users stmt=INSERT/conflict:donothing use=res=_,err=err`
		return err
	}
	var id int
	err = sq.Select("id").From("users").Where(sq.Eq{"email": email}).RunWith(r.db).QueryRowContext(ctx).Scan(&id) // want `sql queryrow QueryRowContext recv=db/r.db ctx=ctx q=- args=0 dest=- table=users stmt=SELECT/where:email use=scan,err=err`
	if err != nil {
		return err
	}
	_, err = sq.Update("users").Set("email", email).Where("id = ?", id).PlaceholderFormat(sq.Dollar).RunWith(r.db).Exec() // want `sql exec Exec recv=db/r.db ctx=- q=- args=0 dest=- table=users stmt=UPDATE/where:id/set:email=D1 use=res=_,err=err`
	return err
}

func (r *repo) schemas(ctx context.Context, email string) error {
	_, err := r.db.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s.users (email) VALUES ($1)", r.schema), email) // want `sql exec ExecContext recv=db/r.db ctx=ctx q=fmt.Sprintf# args=1 dest=- table=users stmt=INSERT/partial use=res=_,err=err`
	return err
}
