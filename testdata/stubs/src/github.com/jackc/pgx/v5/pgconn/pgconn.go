// Package pgconn is a signature-faithful stub of github.com/jackc/pgx/v5/pgconn
// for analysistest fixtures. Bodies are trivial.
package pgconn

import (
	"context"
	"time"
)

// Config is the settings used to establish a connection to a PostgreSQL server.
type Config struct {
	Host           string
	Port           uint16
	Database       string
	User           string
	Password       string
	ConnectTimeout time.Duration
	RuntimeParams  map[string]string // Run-time parameters to set on connection as session default values (e.g. search_path or application_name)
}

// CommandTag is the status text returned by PostgreSQL for a query.
type CommandTag struct {
	s string
}

// NewCommandTag makes a CommandTag from s.
func NewCommandTag(s string) CommandTag { return CommandTag{s: s} }

// RowsAffected returns the number of rows affected.
func (ct CommandTag) RowsAffected() int64 { return 0 }

func (ct CommandTag) String() string { return ct.s }

// Insert is true if the command tag starts with "INSERT".
func (ct CommandTag) Insert() bool { return false }

// Update is true if the command tag starts with "UPDATE".
func (ct CommandTag) Update() bool { return false }

// Delete is true if the command tag starts with "DELETE".
func (ct CommandTag) Delete() bool { return false }

// Select is true if the command tag starts with "SELECT".
func (ct CommandTag) Select() bool { return false }

// PgError represents an error reported by the PostgreSQL server.
type PgError struct {
	Severity            string
	SeverityUnlocalized string
	Code                string
	Message             string
	Detail              string
	Hint                string
	Position            int32
	InternalPosition    int32
	InternalQuery       string
	Where               string
	SchemaName          string
	TableName           string
	ColumnName          string
	DataTypeName        string
	ConstraintName      string
	File                string
	Line                int32
	Routine             string
}

func (pe *PgError) Error() string {
	return pe.Severity + ": " + pe.Message + " (SQLSTATE " + pe.Code + ")"
}

// SQLState returns the SQLState of the error.
func (pe *PgError) SQLState() string { return pe.Code }

// FieldDescription describes a result column.
type FieldDescription struct {
	Name                 string
	TableOID             uint32
	TableAttributeNumber uint16
	DataTypeOID          uint32
	DataTypeSize         int16
	TypeModifier         int32
	Format               int16
}

// StatementDescription describes a prepared statement.
type StatementDescription struct {
	Name      string
	SQL       string
	ParamOIDs []uint32
	Fields    []FieldDescription
}

// PgConn is a low-level PostgreSQL connection.
type PgConn struct{}

// Close closes the connection.
func (pgConn *PgConn) Close(ctx context.Context) error { return nil }

// Timeout reports whether err was the result of a timeout.
func Timeout(err error) bool { return false }
