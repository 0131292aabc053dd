// Package grpc is a signature-faithful stub of google.golang.org/grpc for
// analysistest fixtures. Bodies are trivial.
package grpc

import (
	"context"
	"time"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
)

// ClientConn represents a virtual connection to a conceptual endpoint, to perform RPCs.
type ClientConn struct{}

// ClientConnInterface defines the functions clients need to perform unary and streaming RPCs.
type ClientConnInterface interface {
	Invoke(ctx context.Context, method string, args any, reply any, opts ...CallOption) error
	NewStream(ctx context.Context, desc *StreamDesc, method string, opts ...CallOption) (ClientStream, error)
}

// NewClient creates a new gRPC "channel" for the target URI provided.
func NewClient(target string, opts ...DialOption) (conn *ClientConn, err error) {
	return &ClientConn{}, nil
}

// Dial calls DialContext(context.Background(), target, opts...).
//
// Deprecated: use NewClient instead.
func Dial(target string, opts ...DialOption) (*ClientConn, error) { return &ClientConn{}, nil }

// DialContext calls NewClient and then exits idle mode.
//
// Deprecated: use NewClient instead.
func DialContext(ctx context.Context, target string, opts ...DialOption) (conn *ClientConn, err error) {
	return &ClientConn{}, nil
}

// Invoke sends the RPC request on the wire and returns after response is received.
func (cc *ClientConn) Invoke(ctx context.Context, method string, args, reply any, opts ...CallOption) error {
	return nil
}

// NewStream creates a new Stream for the client side.
func (cc *ClientConn) NewStream(ctx context.Context, desc *StreamDesc, method string, opts ...CallOption) (ClientStream, error) {
	return nil, nil
}

// Close tears down the ClientConn and all underlying connections.
func (cc *ClientConn) Close() error { return nil }

// Target returns the target string of the ClientConn.
func (cc *ClientConn) Target() string { return "" }

// ClientStream defines the client-side behavior of a streaming RPC.
type ClientStream interface {
	Header() (metadata.MD, error)
	Trailer() metadata.MD
	CloseSend() error
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
}

// ServerStream defines the server-side behavior of a streaming RPC.
type ServerStream interface {
	SetHeader(metadata.MD) error
	SendHeader(metadata.MD) error
	SetTrailer(metadata.MD)
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
}

// StreamHandler defines the handler called by gRPC server to complete the execution of a streaming RPC.
type StreamHandler func(srv any, stream ServerStream) error

// StreamDesc represents a streaming RPC service's method specification.
type StreamDesc struct {
	StreamName    string
	Handler       StreamHandler
	ServerStreams bool
	ClientStreams bool
}

type dialOptions struct {
	timeout time.Duration
	block   bool
}

// DialOption configures how we set up the connection.
type DialOption interface {
	apply(*dialOptions)
}

type funcDialOption struct {
	f func(*dialOptions)
}

func (fdo *funcDialOption) apply(do *dialOptions) { fdo.f(do) }

// WithBlock returns a DialOption which makes callers of Dial block until the
// underlying connection is up.
//
// Deprecated: this DialOption is not supported by NewClient.
func WithBlock() DialOption { return &funcDialOption{f: func(*dialOptions) {}} }

// WithInsecure returns a DialOption which disables transport security for this ClientConn.
//
// Deprecated: use WithTransportCredentials and insecure.NewCredentials() instead.
func WithInsecure() DialOption { return &funcDialOption{f: func(*dialOptions) {}} }

// WithTransportCredentials returns a DialOption which configures a connection level security credentials.
func WithTransportCredentials(creds credentials.TransportCredentials) DialOption {
	return &funcDialOption{f: func(*dialOptions) {}}
}

// WithTimeout returns a DialOption that configures a timeout for dialing a ClientConn initially.
//
// Deprecated: use DialContext instead of Dial and context.WithTimeout instead.
func WithTimeout(d time.Duration) DialOption { return &funcDialOption{f: func(*dialOptions) {}} }

// WithDefaultCallOptions returns a DialOption which sets the default CallOptions for calls over the connection.
func WithDefaultCallOptions(cos ...CallOption) DialOption {
	return &funcDialOption{f: func(*dialOptions) {}}
}

type callInfo struct{}

type csAttempt struct{}

// CallOption configures a Call before it starts or extracts information from a Call after it completes.
type CallOption interface {
	before(*callInfo) error
	after(*callInfo, *csAttempt)
}

// EmptyCallOption does not alter the Call configuration.
type EmptyCallOption struct{}

func (EmptyCallOption) before(*callInfo) error      { return nil }
func (EmptyCallOption) after(*callInfo, *csAttempt) {}

// WaitForReady configures the RPC's behavior when the client is in TRANSIENT_FAILURE.
func WaitForReady(waitForReady bool) CallOption { return EmptyCallOption{} }
