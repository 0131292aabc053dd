// Package status is a stub of google.golang.org/grpc/internal/status, the
// home of the Status type that google.golang.org/grpc/status aliases.
package status

import "google.golang.org/grpc/codes"

// Status represents an RPC status code, message, and details.
type Status struct {
	code codes.Code
	msg  string
}

// New returns a Status representing c and msg.
func New(c codes.Code, msg string) *Status { return &Status{code: c, msg: msg} }

// Code returns the status code contained in s.
func (s *Status) Code() codes.Code {
	if s == nil {
		return codes.OK
	}
	return s.code
}

// Message returns the message contained in s.
func (s *Status) Message() string {
	if s == nil {
		return ""
	}
	return s.msg
}

// Err returns an immutable error representing s; returns nil if s.Code() is OK.
func (s *Status) Err() error {
	if s.Code() == codes.OK {
		return nil
	}
	return &Error{s: s}
}

func (s *Status) String() string { return s.Message() }

// Error wraps a pointer of a status proto.
type Error struct {
	s *Status
}

func (e *Error) Error() string { return e.s.msg }

// GRPCStatus returns the Status represented by se.
func (e *Error) GRPCStatus() *Status { return e.s }
