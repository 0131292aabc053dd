// Package model holds the domain types and errors of the repos fixtures.
package model

import (
	"errors"
	"time"
)

var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

type Payment struct {
	Key    string
	Cents  int64
	Ref    string
	Status string
}

type User struct{ Email, Name string }

type Order struct {
	ID     int64
	Status string
	Cents  int64
}

func (o Order) Payable() bool { return o.Status == "pending" }

type Notice struct {
	ID     int64
	ReadAt *time.Time
}
