// Package squirrel is a stub of github.com/Masterminds/squirrel v1.5.4: the
// builders, their chain methods and runners, the predicate types and the
// placeholder formats, with the real signatures.
package squirrel

import (
	"context"
	"database/sql"
)

type builderData struct{ m map[string]interface{} }

// Sqlizer is the interface that wraps the ToSql method.
type Sqlizer interface {
	ToSql() (string, []interface{}, error)
}

type Execer interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
}

type Queryer interface {
	Query(query string, args ...interface{}) (*sql.Rows, error)
}

type QueryRower interface {
	QueryRow(query string, args ...interface{}) RowScanner
}

type BaseRunner interface {
	Execer
	Queryer
}

type Runner interface {
	Execer
	Queryer
	QueryRower
}

type RowScanner interface {
	Scan(...interface{}) error
}

type PlaceholderFormat interface {
	ReplacePlaceholders(sql string) (string, error)
}

type questionFormat struct{}

func (questionFormat) ReplacePlaceholders(sql string) (string, error) { return sql, nil }

type dollarFormat struct{}

func (dollarFormat) ReplacePlaceholders(sql string) (string, error) { return sql, nil }

type colonFormat struct{}

func (colonFormat) ReplacePlaceholders(sql string) (string, error) { return sql, nil }

type atpFormat struct{}

func (atpFormat) ReplacePlaceholders(sql string) (string, error) { return sql, nil }

var (
	Question = questionFormat{}
	Dollar   = dollarFormat{}
	Colon    = colonFormat{}
	AtP      = atpFormat{}
)

// StatementBuilderType is the type of StatementBuilder.
type StatementBuilderType builderData

func (b StatementBuilderType) Select(columns ...string) SelectBuilder { return SelectBuilder{} }
func (b StatementBuilderType) Insert(into string) InsertBuilder       { return InsertBuilder{} }
func (b StatementBuilderType) Replace(into string) InsertBuilder      { return InsertBuilder{} }
func (b StatementBuilderType) Update(table string) UpdateBuilder      { return UpdateBuilder{} }
func (b StatementBuilderType) Delete(from string) DeleteBuilder       { return DeleteBuilder{} }
func (b StatementBuilderType) PlaceholderFormat(f PlaceholderFormat) StatementBuilderType {
	return b
}
func (b StatementBuilderType) RunWith(runner BaseRunner) StatementBuilderType { return b }
func (b StatementBuilderType) Where(pred interface{}, args ...interface{}) StatementBuilderType {
	return b
}

var StatementBuilder = StatementBuilderType{}

func Select(columns ...string) SelectBuilder { return SelectBuilder{} }
func Insert(into string) InsertBuilder       { return InsertBuilder{} }
func Replace(into string) InsertBuilder      { return InsertBuilder{} }
func Update(table string) UpdateBuilder      { return UpdateBuilder{} }
func Delete(from string) DeleteBuilder       { return DeleteBuilder{} }

func Expr(sql string, args ...interface{}) Sqlizer { return nil }

func ExecWith(db Execer, s Sqlizer) (res sql.Result, err error)   { return nil, nil }
func QueryWith(db Queryer, s Sqlizer) (rows *sql.Rows, err error) { return nil, nil }
func QueryRowWith(db QueryRower, s Sqlizer) RowScanner            { return nil }
func Placeholders(count int) string                               { return "" }
func ExecContextWith(ctx context.Context, db ExecerContext, s Sqlizer) (res sql.Result, err error) {
	return nil, nil
}

type ExecerContext interface {
	ExecContext(ctx context.Context, query string, args ...interface{}) (sql.Result, error)
}

type Eq map[string]interface{}

func (eq Eq) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type NotEq Eq

func (neq NotEq) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type Like map[string]interface{}

func (lk Like) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type NotLike Like

func (nlk NotLike) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type ILike Like

func (ilk ILike) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type NotILike Like

func (nilk NotILike) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type Lt map[string]interface{}

func (lt Lt) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type LtOrEq Lt

func (ltOrEq LtOrEq) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type Gt Lt

func (gt Gt) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type GtOrEq Lt

func (gtOrEq GtOrEq) ToSql() (sql string, args []interface{}, err error) { return "", nil, nil }

type conj []Sqlizer

type And conj

func (a And) ToSql() (string, []interface{}, error) { return "", nil, nil }

type Or conj

func (o Or) ToSql() (string, []interface{}, error) { return "", nil, nil }
