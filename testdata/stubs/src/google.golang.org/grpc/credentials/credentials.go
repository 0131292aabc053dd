// Package credentials is a signature-faithful stub of
// google.golang.org/grpc/credentials for analysistest fixtures.
package credentials

import (
	"context"
	"net"
)

// AuthInfo defines the common interface for the auth information the users are interested in.
type AuthInfo interface {
	AuthType() string
}

// ProtocolInfo provides static information regarding transport credentials.
type ProtocolInfo struct {
	SecurityProtocol string
	ServerName       string
}

// TransportCredentials defines the common interface for all the live gRPC wire protocols.
type TransportCredentials interface {
	ClientHandshake(context.Context, string, net.Conn) (net.Conn, AuthInfo, error)
	ServerHandshake(net.Conn) (net.Conn, AuthInfo, error)
	Info() ProtocolInfo
	Clone() TransportCredentials
	OverrideServerName(string) error
}
