// Package clause is a signature-faithful stub of gorm.io/gorm/clause for
// analysistest fixtures. Bodies are trivial.
package clause

// Writer writes SQL text.
type Writer interface {
	WriteByte(byte) error
	WriteString(string) (int, error)
}

// Builder builds SQL.
type Builder interface {
	Writer
	WriteQuoted(field interface{})
	AddVar(Writer, ...interface{})
	AddError(error) error
}

// Expression is an expression that can be built into SQL.
type Expression interface {
	Build(builder Builder)
}

// NegationExpressionBuilder builds negated expressions.
type NegationExpressionBuilder interface {
	NegationBuild(builder Builder)
}

// Interface is a clause interface.
type Interface interface {
	Name() string
	Build(Builder)
	MergeClause(*Clause)
}

// ClauseBuilder builds a clause.
type ClauseBuilder func(Clause, Builder)

// Clause is a SQL clause.
type Clause struct {
	Name                string
	BeforeExpression    Expression
	AfterNameExpression Expression
	AfterExpression     Expression
	Expression          Expression
	Builder             ClauseBuilder
}

// Build builds the clause.
func (c Clause) Build(builder Builder) {}

// Column quote with name.
type Column struct {
	Table string
	Name  string
	Alias string
	Raw   bool
}

// Table quote with name.
type Table struct {
	Name  string
	Alias string
	Raw   bool
}

// Primary key column names.
const (
	PrimaryKey   string = "~~~py~~~"
	CurrentTable string = "~~~ct~~~"
	Associations string = "~~~as~~~"
)

// Expr is a raw SQL expression.
type Expr struct {
	SQL                string
	Vars               []interface{}
	WithoutParentheses bool
}

// Build builds raw expression.
func (expr Expr) Build(builder Builder) {}

// NamedExpr is a raw expression with named parameters.
type NamedExpr struct {
	SQL  string
	Vars []interface{}
}

// Build builds raw expression.
func (expr NamedExpr) Build(builder Builder) {}

// Eq equal to for where.
type Eq struct {
	Column interface{}
	Value  interface{}
}

// Build builds the expression.
func (eq Eq) Build(builder Builder) {}

// Where where clause.
type Where struct {
	Exprs []Expression
}

// Name where clause name.
func (where Where) Name() string { return "WHERE" }

// Build builds the where clause.
func (where Where) Build(builder Builder) {}

// MergeClause merges where clauses.
func (where Where) MergeClause(clause *Clause) {}

// Assignment is a column = value pair.
type Assignment struct {
	Column Column
	Value  interface{}
}

// Set is a list of assignments.
type Set []Assignment

// Name set clause name.
func (set Set) Name() string { return "SET" }

// Build builds the set clause.
func (set Set) Build(builder Builder) {}

// MergeClause merges SET clauses.
func (set Set) MergeClause(clause *Clause) {}

// Assignments builds a Set from a map of column to value.
func Assignments(values map[string]interface{}) Set { return nil }

// AssignmentColumns builds a Set that assigns each column its excluded value.
func AssignmentColumns(values []string) Set { return nil }

// OnConflict is an ON CONFLICT clause.
type OnConflict struct {
	Columns      []Column
	Where        Where
	TargetWhere  Where
	OnConstraint string
	DoNothing    bool
	DoUpdates    Set
	UpdateAll    bool
}

// Name returns the clause name.
func (OnConflict) Name() string { return "ON CONFLICT" }

// Build builds onConflict clause.
func (onConflict OnConflict) Build(builder Builder) {}

// MergeClause merge onConflict clauses.
func (onConflict OnConflict) MergeClause(clause *Clause) {}

// Locking strengths and options.
const (
	LockingStrengthUpdate    = "UPDATE"
	LockingStrengthShare     = "SHARE"
	LockingOptionsSkipLocked = "SKIP LOCKED"
	LockingOptionsNoWait     = "NOWAIT"
)

// Locking is a FOR UPDATE / FOR SHARE clause.
type Locking struct {
	Strength string
	Table    Table
	Options  string
}

// Name returns the clause name.
func (locking Locking) Name() string { return "FOR" }

// Build builds the locking clause.
func (locking Locking) Build(builder Builder) {}

// MergeClause merges locking clauses.
func (locking Locking) MergeClause(clause *Clause) {}

// Returning is a RETURNING clause.
type Returning struct {
	Columns []Column
}

// Name returns the clause name.
func (returning Returning) Name() string { return "RETURNING" }

// Build builds the returning clause.
func (returning Returning) Build(builder Builder) {}

// MergeClause merges returning clauses.
func (returning Returning) MergeClause(clause *Clause) {}

// Insert is an INSERT clause.
type Insert struct {
	Table    Table
	Modifier string
}

// Name returns the clause name.
func (insert Insert) Name() string { return "INSERT" }

// Build builds the insert clause.
func (insert Insert) Build(builder Builder) {}

// MergeClause merges insert clauses.
func (insert Insert) MergeClause(clause *Clause) {}
