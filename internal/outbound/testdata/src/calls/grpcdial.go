package calls

import (
	"context"
	"time"

	"google.golang.org/grpc"
)

func grpcDials(ctx context.Context, t string, opts []grpc.DialOption) {
	grpc.Dial(t, grpc.WithBlock())                                // want `gRPC grpc\.Dial ctx=-1 blocking-dial$`
	grpc.DialContext(ctx, t, grpc.WithBlock())                    // want `gRPC grpc\.DialContext ctx=0 blocking-dial$`
	grpc.Dial(t, grpc.WithBlock(), grpc.WithTimeout(time.Second)) // want `gRPC grpc\.Dial ctx=-1 bounded blocking-dial$`
	grpc.Dial(t, append(opts, grpc.WithBlock())...)               // want `gRPC grpc\.Dial ctx=-1 blocking-dial$`
	grpc.Dial(t)
	grpc.DialContext(ctx, t, opts...)
	grpc.NewClient(t)
}
