// Package xservice is the end-to-end fixture for findings that cross
// packages: a handler package (handler) calls a database/sql repository
// (store), sqlc-style queries on pgx v5 (queries), a GORM repository
// (users), a repository port (ports) implemented in a package it does not
// import (pgcredits), and an HTTP client (client). Every finding in handler needs what
// a function in another package does: faultline ./..., go vet -vettool,
// go fix -fixtool, SARIF and the golangci-lint plugin must all report
// them (internal/e2e's TestCrossPackage).
package xservice
