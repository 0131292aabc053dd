package outbound

import (
	"go/types"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// Timeouts set in SQL rather than in Go. A session (a transaction or a
// single connection) that runs
//
//	SET [LOCAL | SESSION] statement_timeout = '5s'   -- PostgreSQL
//	SET [LOCAL | SESSION] lock_timeout = '1s'        -- PostgreSQL
//	SET [SESSION] max_execution_time = 5000          -- MySQL
//
// has the server end its later statements (or their lock waits) after that
// long, so a call on that session that carries no deadline of its own
// still ends. A pool whose connection string sets statement_timeout (the
// PostgreSQL "options=-c statement_timeout=..." or pgx's runtime
// parameter "statement_timeout=...") has every statement bounded the same
// way.

// sessionTypes names, per package path, the types that stand for one
// database session: a statement set on one holds for the statements after
// it. A pool (*sql.DB, *pgxpool.Pool) is not one: a SET there reaches
// whichever connection runs it.
var sessionTypes = map[string][]string{
	pathSQL:                           {"Tx", "Conn"},
	pathSqlx:                          {"Tx", "Conn"},
	"github.com/jackc/pgx/v5":         {"Tx", "Conn"},
	"github.com/jackc/pgx/v5/pgxpool": {"Tx", "Conn"},
	"github.com/jackc/pgx/v4":         {"Tx", "Conn"},
	"github.com/jackc/pgx/v4/pgxpool": {"Tx", "Conn"},
	"github.com/jackc/pgx/v5/pgconn":  {"PgConn"},
	"github.com/jackc/pgx/v4/pgconn":  {"PgConn"},
	"github.com/jackc/pgconn":         {"PgConn"},
}

// IsSession reports whether t (or what it points to) is a database
// handle bound to one session: a transaction or a single connection of
// database/sql, sqlx or pgx. Transaction reports whether it is a
// transaction (where SET LOCAL holds).
func IsSession(t types.Type) (session, transaction bool) {
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false, false
	}
	for _, name := range sessionTypes[n.Obj().Pkg().Path()] {
		if n.Obj().Name() == name {
			return true, name == "Tx"
		}
	}
	return false, false
}

// setTimeout matches the SET statements that bound later statements of
// the session: the parameter and its value (quotes stripped later).
var setTimeout = regexp.MustCompile(`(?is)^\s*SET\s+(LOCAL\s+|SESSION\s+|@@SESSION\.|@@LOCAL\.|@@)?(statement_timeout|lock_timeout|max_execution_time)\s*(?:=|\bTO\b)\s*('[^']*'|"[^"]*"|[^\s;,]+)`)

// setConfig matches PostgreSQL's set_config('statement_timeout', value,
// is_local), the form that takes a bind parameter for the value.
var setConfig = regexp.MustCompile(`(?is)^\s*SELECT\s+(?:pg_catalog\.)?set_config\s*\(\s*'(statement_timeout|lock_timeout)'\s*,\s*('[^']*'|\$\d+|\?)\s*(?:::\s*\w+\s*)?,\s*(true|false)\s*\)`)

// IsSet reports whether stmt is a SET statement or a set_config call: it
// changes a session setting and returns at once.
func IsSet(stmt string) bool { return setStmt.MatchString(stmt) }

var setStmt = regexp.MustCompile(`(?is)^\s*(SET\b|SELECT\s+(?:pg_catalog\.)?set_config\s*\()`)

// SetsTimeout reports whether the SQL statement stmt sets a timeout that
// bounds the session's later statements (see the package comment above):
// SET [LOCAL|SESSION] statement_timeout, lock_timeout or MySQL's
// max_execution_time to a value other than 0 or DEFAULT (0 turns the
// timeout off; DEFAULT restores the server's, which may be none). local
// reports PostgreSQL's SET LOCAL, which holds only inside a transaction.
func SetsTimeout(stmt string) (ok, local bool) {
	if m := setConfig.FindStringSubmatch(stmt); m != nil {
		v := strings.TrimSpace(m[2])
		if !strings.HasPrefix(v, "$") && v != "?" && !timeoutValue(v) {
			return false, false
		}
		return true, strings.EqualFold(strings.TrimSpace(m[3]), "true")
	}
	m := setTimeout.FindStringSubmatch(stmt)
	if m == nil {
		return false, false
	}
	scope := strings.ToUpper(strings.TrimSpace(m[1]))
	param := strings.ToLower(m[2])
	if !timeoutValue(m[3]) {
		return false, false
	}
	// In MySQL, LOCAL is a synonym of SESSION.
	return true, (scope == "LOCAL" || scope == "@@LOCAL.") && param != "max_execution_time"
}

// timeoutValue reports whether v, a SET value, is a timeout that is on: a
// number other than 0, with or without a unit ('5s', 5000). DEFAULT, 0
// and anything else (a placeholder) are not.
func timeoutValue(v string) bool {
	v = strings.TrimRight(strings.ToLower(strings.Trim(v, `'"`)), "abcdefghijklmnopqrstuvwxyz ")
	if v == "" || strings.Trim(v, "0123456789.") != "" {
		return false
	}
	return strings.Trim(v, "0.") != ""
}

// dsnTimeout matches statement_timeout set in a connection string: as a
// key=value or URL query parameter (pgx's runtime parameters) or inside
// PostgreSQL's options=-c statement_timeout=... (URL-encoded or not).
var dsnTimeout = regexp.MustCompile(`(?i)(?:^|[\s&?]|-c\s*|-c%20|%20)statement_timeout(?:=|%3D)([^\s&'"%]+)`)

// DSNSetsTimeout reports whether the connection string dsn sets a
// statement_timeout other than 0 for every session of the pool it opens.
func DSNSetsTimeout(dsn string) bool {
	m := dsnTimeout.FindStringSubmatch(dsn)
	return m != nil && timeoutValue(m[1])
}

// Open says how a call opens a database pool or connection: the index of
// the argument that is its connection string, or of its config (a
// *pgxpool.Config, *pgx.ConnConfig), or of the pool it wraps
// (sqlx.NewDb), and of its database/sql driver name; -1 for none.
type Open struct{ DSN, Config, Wraps, Driver int }

// opens lists the calls that open a pool or a connection, and the pgx
// config parsers (their result is a config, DSN is the string parsed).
var opens = map[string]Open{
	pathSQL + ".Open":                               {DSN: 1, Config: -1, Wraps: -1, Driver: 0},
	pathSqlx + ".Open":                              {DSN: 1, Config: -1, Wraps: -1, Driver: 0},
	pathSqlx + ".MustOpen":                          {DSN: 1, Config: -1, Wraps: -1, Driver: 0},
	pathSqlx + ".Connect":                           {DSN: 1, Config: -1, Wraps: -1, Driver: 0},
	pathSqlx + ".MustConnect":                       {DSN: 1, Config: -1, Wraps: -1, Driver: 0},
	pathSqlx + ".ConnectContext":                    {DSN: 2, Config: -1, Wraps: -1, Driver: 1},
	pathSqlx + ".NewDb":                             {DSN: -1, Config: -1, Wraps: 0, Driver: -1},
	"github.com/jackc/pgx/v5/pgxpool.New":           {DSN: 1, Config: -1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v5/pgxpool.NewWithConfig": {DSN: -1, Config: 1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v5.Connect":               {DSN: 1, Config: -1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v5.ConnectConfig":         {DSN: -1, Config: 1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v5/stdlib.OpenDB":         {DSN: -1, Config: 0, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v5/pgxpool.ParseConfig":   {DSN: 0, Config: -1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v5.ParseConfig":           {DSN: 0, Config: -1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v4/pgxpool.Connect":       {DSN: 1, Config: -1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v4/pgxpool.ConnectConfig": {DSN: -1, Config: 1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v4/pgxpool.ParseConfig":   {DSN: 0, Config: -1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v4.Connect":               {DSN: 1, Config: -1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v4.ConnectConfig":         {DSN: -1, Config: 1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v4.ParseConfig":           {DSN: 0, Config: -1, Wraps: -1, Driver: -1},
	"github.com/jackc/pgx/v4/stdlib.OpenDB":         {DSN: -1, Config: 0, Wraps: -1, Driver: -1},
	// OpenTelemetry wrappers of sql.Open(driver, dsn).
	"github.com/XSAM/otelsql.Open":                           {DSN: 1, Config: -1, Wraps: -1, Driver: 0},
	"go.nhat.io/otelsql.Open":                                {DSN: 1, Config: -1, Wraps: -1, Driver: 0},
	"github.com/uptrace/opentelemetry-go-extra/otelsql.Open": {DSN: 1, Config: -1, Wraps: -1, Driver: 0},
}

// Opens reports whether fn opens a database pool or connection (or parses
// a pgx config), and where its connection string, config or wrapped pool
// is among its arguments.
func Opens(fn *types.Func) (Open, bool) {
	if fn == nil || fn.Pkg() == nil {
		return Open{}, false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return Open{}, false
	}
	o, ok := opens[typesx.ImportPath(fn.Pkg())+"."+fn.Name()]
	return o, ok
}

// EmbeddedDriver reports whether a database/sql driver name is that of an
// embedded database (SQLite, DuckDB): its statements run in the process on
// a local file, bounded by its own busy timeout, with no server or network
// between the call and the data.
func EmbeddedDriver(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "sqlite") || n == "duckdb"
}

// RuntimeParamTimeout reports whether setting the pgx runtime parameter
// key to value (config.RuntimeParams[key] = value) gives every session a
// statement timeout.
func RuntimeParamTimeout(key, value string) bool {
	return key == "statement_timeout" && timeoutValue(value)
}

// IsPool reports whether t (or what it points to) is a database pool or a
// connection opened on its own: *sql.DB, *sqlx.DB, *pgxpool.Pool,
// *pgx.Conn.
func IsPool(t types.Type) bool {
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch path, name := typesx.ImportPath(n.Obj().Pkg()), n.Obj().Name(); path {
	case pathSQL, pathSqlx:
		return name == "DB"
	case "github.com/jackc/pgx/v5/pgxpool", "github.com/jackc/pgx/v4/pgxpool":
		return name == "Pool"
	case "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4":
		return name == "Conn"
	}
	return false
}
