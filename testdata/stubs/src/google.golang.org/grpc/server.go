package grpc

import "net"

// This file adds the server side the ctxtimeout check needs (a main
// package that calls (*Server).Serve is a long-running process). The
// signatures follow google.golang.org/grpc v1.7x.

// serverOptions configure a Server.
type serverOptions struct{}

// A ServerOption sets options such as credentials, codec and keepalive parameters, etc.
type ServerOption interface {
	apply(*serverOptions)
}

// Server is a gRPC server to serve RPC requests.
type Server struct{}

// NewServer creates a gRPC server which has no service registered and has not
// started to accept requests yet.
func NewServer(opt ...ServerOption) *Server { return &Server{} }

// Serve accepts incoming connections on the listener lis, creating a new
// ServerTransport and service goroutine for each.
func (s *Server) Serve(lis net.Listener) error { return nil }

// GracefulStop stops the gRPC server gracefully.
func (s *Server) GracefulStop() {}

// Stop stops the gRPC server.
func (s *Server) Stop() {}
