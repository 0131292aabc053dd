// Package gorm is a signature-faithful stub of gorm.io/gorm for analysistest
// fixtures. Bodies are trivial.
package gorm

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm/clause"
)

// Errors returned by GORM.
var (
	// ErrRecordNotFound record not found error (returned by First, Take, Last).
	ErrRecordNotFound = errors.New("record not found")
	// ErrInvalidTransaction invalid transaction when you are trying to `Commit` or `Rollback`.
	ErrInvalidTransaction = errors.New("invalid transaction")
	// ErrMissingWhereClause missing where clause.
	ErrMissingWhereClause = errors.New("WHERE conditions required")
	// ErrPrimaryKeyRequired primary keys required.
	ErrPrimaryKeyRequired = errors.New("primary key required")
	// ErrDuplicatedKey occurs when there is a unique key constraint violation.
	ErrDuplicatedKey = errors.New("duplicated key not allowed")
	// ErrForeignKeyViolated occurs when there is a foreign key constraint violation.
	ErrForeignKeyViolated = errors.New("violates foreign key constraint")
	// ErrCheckConstraintViolated occurs when there is a check constraint violation.
	ErrCheckConstraintViolated = errors.New("violates check constraint")
)

// Dialector GORM database dialector.
type Dialector interface {
	Name() string
}

// Option gorm option interface.
type Option interface {
	Apply(*Config) error
	AfterInitialize(*DB) error
}

// Config GORM config.
type Config struct {
	SkipDefaultTransaction    bool
	DefaultTransactionTimeout time.Duration
	FullSaveAssociations      bool
	DryRun                    bool
	PrepareStmt               bool
	DisableNestedTransaction  bool
	AllowGlobalUpdate         bool
	QueryFields               bool
	CreateBatchSize           int
	TranslateError            bool
	NowFunc                   func() time.Time
}

// Apply update config to new config.
func (c *Config) Apply(config *Config) error { return nil }

// AfterInitialize initialize plugins after db connected.
func (c *Config) AfterInitialize(db *DB) error { return nil }

// DB GORM DB definition.
type DB struct {
	*Config
	Error        error
	RowsAffected int64
	Statement    *Statement
	clone        int
}

// Statement statement.
type Statement struct {
	*DB
	TableExpr *clause.Expr
	Table     string
	Model     interface{}
	Unscoped  bool
	Dest      interface{}
	Clauses   map[string]clause.Clause
	Distinct  bool
	Selects   []string
	Omits     []string
	Joins     []join
	Preloads  map[string][]interface{}
	Settings  map[string]interface{}
	ConnPool  ConnPool
	Context   context.Context
	SQL       strings.Builder
	Vars      []interface{}
}

type join struct {
	Name  string
	Conds []interface{}
}

// ConnPool db conns pool interface.
type ConnPool interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	ExecContext(ctx context.Context, query string, args ...interface{}) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...interface{}) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...interface{}) *sql.Row
}

// Session session config when create session with Session() method.
type Session struct {
	DryRun                   bool
	PrepareStmt              bool
	NewDB                    bool
	Initialized              bool
	SkipHooks                bool
	SkipDefaultTransaction   bool
	DisableNestedTransaction bool
	AllowGlobalUpdate        bool
	FullSaveAssociations     bool
	PropagateUnscoped        bool
	QueryFields              bool
	Context                  context.Context
	NowFunc                  func() time.Time
	CreateBatchSize          int
}

// Open initialize db session based on dialector.
func Open(dialector Dialector, opts ...Option) (db *DB, err error) { return &DB{}, nil }

// Session create new db session.
func (db *DB) Session(config *Session) *DB { return db }

// WithContext change current instance db's context to ctx.
func (db *DB) WithContext(ctx context.Context) *DB { return db }

// Debug start debug mode.
func (db *DB) Debug() (tx *DB) { return db }

// Set store value with key into current db instance's context.
func (db *DB) Set(key string, value interface{}) *DB { return db }

// Get get value with key from current db instance's context.
func (db *DB) Get(key string) (interface{}, bool) { return nil, false }

// AddError add error to db.
func (db *DB) AddError(err error) error { return err }

// DB returns `*sql.DB`.
func (db *DB) DB() (*sql.DB, error) { return nil, nil }

// ToSQL for generate SQL string.
func (db *DB) ToSQL(queryFn func(tx *DB) *DB) string { return "" }

// Expr returns clause.Expr, which can be used to pass SQL expression as params.
func Expr(expr string, args ...interface{}) clause.Expr {
	return clause.Expr{SQL: expr, Vars: args}
}

// Model a basic GoLang struct which includes the following fields: ID, CreatedAt, UpdatedAt, DeletedAt.
type Model struct {
	ID        uint `gorm:"primarykey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt DeletedAt `gorm:"index"`
}

// DeletedAt is a nullable soft-delete timestamp.
type DeletedAt sql.NullTime

// Model specify the model you would like to run db operations.
func (db *DB) Model(value interface{}) (tx *DB) { return db }

// Clauses Add clauses.
func (db *DB) Clauses(conds ...clause.Expression) (tx *DB) { return db }

// Table specify the table you would like to run db operations.
func (db *DB) Table(name string, args ...interface{}) (tx *DB) { return db }

// Distinct specify distinct fields that you want querying.
func (db *DB) Distinct(args ...interface{}) (tx *DB) { return db }

// Select specify fields that you want when querying, creating, updating.
func (db *DB) Select(query interface{}, args ...interface{}) (tx *DB) { return db }

// Omit specify fields that you want to ignore when creating, updating and querying.
func (db *DB) Omit(columns ...string) (tx *DB) { return db }

// Where add conditions.
func (db *DB) Where(query interface{}, args ...interface{}) (tx *DB) { return db }

// Not add NOT conditions.
func (db *DB) Not(query interface{}, args ...interface{}) (tx *DB) { return db }

// Or add OR conditions.
func (db *DB) Or(query interface{}, args ...interface{}) (tx *DB) { return db }

// Joins specify Joins conditions.
func (db *DB) Joins(query string, args ...interface{}) (tx *DB) { return db }

// InnerJoins specify inner joins conditions.
func (db *DB) InnerJoins(query string, args ...interface{}) (tx *DB) { return db }

// Group specify the group method on the find.
func (db *DB) Group(name string) (tx *DB) { return db }

// Having specify HAVING conditions for GROUP BY.
func (db *DB) Having(query interface{}, args ...interface{}) (tx *DB) { return db }

// Order specify order when retrieving records from database.
func (db *DB) Order(value interface{}) (tx *DB) { return db }

// Limit specify the number of records to be retrieved.
func (db *DB) Limit(limit int) (tx *DB) { return db }

// Offset specify the number of records to skip before starting to return the records.
func (db *DB) Offset(offset int) (tx *DB) { return db }

// Scopes pass current database connection to arguments `func(DB) DB`.
func (db *DB) Scopes(funcs ...func(*DB) *DB) (tx *DB) { return db }

// Preload preload associations with given conditions.
func (db *DB) Preload(query string, args ...interface{}) (tx *DB) { return db }

// Attrs provide attributes used in FirstOrCreate or FirstOrInit.
func (db *DB) Attrs(attrs ...interface{}) (tx *DB) { return db }

// Assign provide attributes used in FirstOrCreate or FirstOrInit.
func (db *DB) Assign(attrs ...interface{}) (tx *DB) { return db }

// Unscoped disables the global scope of soft deletion in a query.
func (db *DB) Unscoped() (tx *DB) { return db }

// Raw creates a raw SQL query.
func (db *DB) Raw(sql string, values ...interface{}) (tx *DB) { return db }

// Create inserts value, returning the inserted data's primary key in value's id.
func (db *DB) Create(value interface{}) (tx *DB) { return db }

// CreateInBatches inserts value in batches of batchSize.
func (db *DB) CreateInBatches(value interface{}, batchSize int) (tx *DB) { return db }

// Save updates value in database. If value doesn't contain a matching primary key, value is inserted.
func (db *DB) Save(value interface{}) (tx *DB) { return db }

// First finds the first record ordered by primary key, matching given conditions conds.
func (db *DB) First(dest interface{}, conds ...interface{}) (tx *DB) { return db }

// Take finds the first record returned by the database in no specified order.
func (db *DB) Take(dest interface{}, conds ...interface{}) (tx *DB) { return db }

// Last finds the last record ordered by primary key, matching given conditions conds.
func (db *DB) Last(dest interface{}, conds ...interface{}) (tx *DB) { return db }

// Find finds all records matching given conditions conds.
func (db *DB) Find(dest interface{}, conds ...interface{}) (tx *DB) { return db }

// FindInBatches finds all records in batches of batchSize.
func (db *DB) FindInBatches(dest interface{}, batchSize int, fc func(tx *DB, batch int) error) *DB {
	return db
}

// FirstOrInit finds the first matching record, otherwise if not found initializes a new instance.
func (db *DB) FirstOrInit(dest interface{}, conds ...interface{}) (tx *DB) { return db }

// FirstOrCreate finds the first matching record, otherwise if not found creates a new instance.
func (db *DB) FirstOrCreate(dest interface{}, conds ...interface{}) (tx *DB) { return db }

// Update updates column with value using callbacks.
func (db *DB) Update(column string, value interface{}) (tx *DB) { return db }

// Updates updates attributes using callbacks.
func (db *DB) Updates(values interface{}) (tx *DB) { return db }

// UpdateColumn updates column without hooks.
func (db *DB) UpdateColumn(column string, value interface{}) (tx *DB) { return db }

// UpdateColumns updates columns without hooks.
func (db *DB) UpdateColumns(values interface{}) (tx *DB) { return db }

// Delete deletes value matching given conditions.
func (db *DB) Delete(value interface{}, conds ...interface{}) (tx *DB) { return db }

// Count counts matching records.
func (db *DB) Count(count *int64) (tx *DB) { return db }

// Row returns a single row.
func (db *DB) Row() *sql.Row { return nil }

// Rows returns the rows.
func (db *DB) Rows() (*sql.Rows, error) { return nil, nil }

// Scan scans selected value to the struct dest.
func (db *DB) Scan(dest interface{}) (tx *DB) { return db }

// Pluck queries a single column from a model, returning in the slice dest.
func (db *DB) Pluck(column string, dest interface{}) (tx *DB) { return db }

// ScanRows scans rows into dest.
func (db *DB) ScanRows(rows *sql.Rows, dest interface{}) error { return nil }

// Connection uses a db connection to execute an arbitrary number of commands in fc.
func (db *DB) Connection(fc func(tx *DB) error) (err error) { return nil }

// Transaction start a transaction as a block, return error will rollback, otherwise to commit.
func (db *DB) Transaction(fc func(tx *DB) error, opts ...*sql.TxOptions) (err error) { return nil }

// Begin begins a transaction with any transaction options opts.
func (db *DB) Begin(opts ...*sql.TxOptions) *DB { return db }

// Commit commits the changes in a transaction.
func (db *DB) Commit() *DB { return db }

// Rollback rollbacks the changes in a transaction.
func (db *DB) Rollback() *DB { return db }

// SavePoint creates a savepoint.
func (db *DB) SavePoint(name string) *DB { return db }

// RollbackTo rolls back to a savepoint.
func (db *DB) RollbackTo(name string) *DB { return db }

// Exec executes raw sql.
func (db *DB) Exec(sql string, values ...interface{}) (tx *DB) { return db }
