// Package pgerrcode contains constants for PostgreSQL error codes.
package pgerrcode

// Class 40 — Transaction Rollback (a few of them).
const (
	TransactionRollback                     = "40000"
	TransactionIntegrityConstraintViolation = "40002"
	SerializationFailure                    = "40001"
	StatementCompletionUnknown              = "40003"
	DeadlockDetected                        = "40P01"
)

// IsTransactionRollback asserts the error code class is Transaction Rollback.
func IsTransactionRollback(code string) bool { return false }
