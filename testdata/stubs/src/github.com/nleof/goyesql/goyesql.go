// Package goyesql is a stub of github.com/nleof/goyesql (its current source).
package goyesql

import "errors"

var (
	ErrTagMissing     = errors.New("Query without tag")
	ErrTagOverwritten = errors.New("Tag overwritten")
)

// Query is a string we want to execute.
type Query string

// Tag is a string prefixing a Query
type Tag string

// Queries is a map associating a Tag to its Query
type Queries map[Tag]Query

func ParseFile(path string) (Queries, error) { return nil, nil }
func MustParseFile(path string) Queries      { return nil }
