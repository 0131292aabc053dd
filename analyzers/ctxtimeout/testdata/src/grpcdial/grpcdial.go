// Package grpcdial: a gRPC dial that blocks until the connection is up
// waits forever for a server that does not answer.
package grpcdial

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

const ordersAddr = "orders:9090"

// ---- reported ----

func dialOrders() (*grpc.ClientConn, error) {
	return grpc.Dial(ordersAddr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithBlock()) // want `grpc\.Dial with grpc\.WithBlock waits for the connection forever if the server does not answer; use DialContext with a context\.WithTimeout, or drop WithBlock`
}

func dialCtx(target string) (*grpc.ClientConn, error) {
	return grpc.DialContext(context.Background(), target, grpc.WithBlock(), grpc.WithTransportCredentials(insecure.NewCredentials())) // want `context\.Background\(\) carries no deadline into grpc\.DialContext`
}

func dialAppended(target string, opts []grpc.DialOption) (*grpc.ClientConn, error) {
	return grpc.Dial(target, append(opts, grpc.WithBlock())...) // want `grpc\.Dial with grpc\.WithBlock waits for the connection forever`
}

type pool struct{ conns map[string]*grpc.ClientConn }

func (p *pool) get(ctx context.Context, target string) (*grpc.ClientConn, error) { // want get:`ctx reaches grpc\.DialContext`
	if c, ok := p.conns[target]; ok {
		return c, nil
	}
	return grpc.DialContext(ctx, target, grpc.WithBlock())
}

func warm(p *pool) error {
	_, err := p.get(context.Background(), ordersAddr) // want `context\.Background\(\) carries no deadline into p\.get, which reaches grpc\.DialContext`
	return err
}

// ---- quiet ----

func lazy(target string) (*grpc.ClientConn, error) {
	return grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

func nonBlocking(target string) (*grpc.ClientConn, error) {
	return grpc.Dial(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

func nonBlockingCtx(target string) (*grpc.ClientConn, error) {
	return grpc.DialContext(context.Background(), target, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

func withTimeout(target string) (*grpc.ClientConn, error) {
	return grpc.Dial(target, grpc.WithBlock(), grpc.WithTimeout(5*time.Second))
}

func deadlineCtx(target string) (*grpc.ClientConn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return grpc.DialContext(ctx, target, grpc.WithBlock())
}

// The options are not spelled out here: the check cannot see a WithBlock.
func fromOptions(target string, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	return grpc.Dial(target, opts...)
}
