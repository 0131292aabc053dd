package calls

import (
	"context"
	"crypto/tls"
	"database/sql"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"cloud.google.com/go/storage"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc"
)

type GetReq struct{}
type GetResp struct{}
type WatchClient interface{ Recv() (*GetResp, error) }

// A generated client, recognised by its signature.
type UsersClient interface {
	Get(ctx context.Context, in *GetReq, opts ...grpc.CallOption) (*GetResp, error)
	Watch(ctx context.Context, in *GetReq, opts ...grpc.CallOption) (WatchClient, error)
}

func all(ctx context.Context, c *http.Client, db *sql.DB, tx *sql.Tx, st *sql.Stmt, x *sqlx.DB,
	pool *pgxpool.Pool, conn *pgx.Conn, ptx pgx.Tx, rdb *redis.Client, cc *grpc.ClientConn, uc UsersClient,
	obj *storage.ObjectHandle, d *net.Dialer, td *tls.Dialer, srv *http.Server, gs *grpc.Server, ln net.Listener) {
	req, _ := http.NewRequest("GET", "u", nil)                // want `req-noctx`
	req, _ = http.NewRequestWithContext(ctx, "GET", "u", nil) // want `req-withctx`
	req = req.WithContext(req.Context())                      // want `req-derive` `ctx-request`
	http.Get("u")                                             // want `HTTP http\.Get ctx=-1 default-client`
	http.PostForm("u", nil)                                   // want `HTTP http\.PostForm ctx=-1 default-client`
	c.Do(req)                                                 // want `HTTP \(\*http\.Client\)\.Do ctx=-1 client-send`
	c.Get("u")                                                // want `HTTP \(\*http\.Client\)\.Get ctx=-1 client-send`
	c.CloseIdleConnections()                                  //
	net.Dial("tcp", "a")                                      // want `dial net\.Dial ctx=-1$`
	net.DialTimeout("tcp", "a", time.Second)                  // want `dial net\.DialTimeout ctx=-1 bounded`
	d.DialContext(ctx, "tcp", "a")                            // want `dial \(\*net\.Dialer\)\.DialContext ctx=0 dialer`
	tls.Dial("tcp", "a", nil)                                 // want `dial tls\.Dial ctx=-1$`
	tls.DialWithDialer(d, "tcp", "a", nil)                    // want `dial tls\.DialWithDialer ctx=-1 dialer`
	td.DialContext(ctx, "tcp", "a")                           // want `dial \(\*tls\.Dialer\)\.DialContext ctx=0 dialer`
	db.Query("q")                                             // want `database/sql \(\*sql\.DB\)\.Query ctx=-1 form=QueryContext`
	db.Begin()                                                // want `form=BeginTx`
	db.QueryRowContext(ctx, "q")                              // want `database/sql \(\*sql\.DB\)\.QueryRowContext ctx=0$`
	tx.Exec("q")                                              // want `database/sql \(\*sql\.Tx\)\.Exec ctx=-1 form=ExecContext`
	tx.Rollback()                                             //
	st.QueryRow()                                             // want `\(\*sql\.Stmt\)\.QueryRow ctx=-1 form=QueryRowContext`
	x.Get(nil, "q")                                           // want `database/sql \(\*sqlx\.DB\)\.Get ctx=-1 form=GetContext`
	x.GetContext(ctx, nil, "q")                               // want `\(\*sqlx\.DB\)\.GetContext ctx=0`
	x.Exec("q")                                               // want `\(\*sql\.DB\)\.Exec ctx=-1 form=ExecContext`
	pool.Exec(ctx, "q")                                       // want `pgx \(\*pgxpool\.Pool\)\.Exec ctx=0$`
	conn.Close(ctx)                                           // want `pgx \(\*pgx\.Conn\)\.Close ctx=0 cleanup`
	ptx.Rollback(ctx)                                         // want `pgx pgx\.Tx\.Rollback ctx=0 cleanup`
	pgx.Connect(ctx, "dsn")                                   // want `pgx pgx\.Connect ctx=0 constructor`
	rdb.Get(ctx, "k")                                         // want `Redis .*Get ctx=0 library-timeouts`
	cc.Invoke(ctx, "/m", nil, nil)                            // want `gRPC \(\*grpc\.ClientConn\)\.Invoke ctx=0$`
	cc.NewStream(ctx, nil, "/m")                              // want `gRPC \(\*grpc\.ClientConn\)\.NewStream ctx=0 stream`
	uc.Get(ctx, &GetReq{})                                    // want `gRPC calls\.UsersClient\.Get ctx=0$`
	uc.Watch(ctx, &GetReq{})                                  // want `gRPC calls\.UsersClient\.Watch ctx=0 stream`
	obj.NewReader(ctx)                                        // want `cloud SDK \(\*storage\.ObjectHandle\)\.NewReader ctx=0$`
	storage.NewClient(ctx)                                    // want `cloud SDK storage\.NewClient ctx=0 constructor`
	context.Background()                                      // want `ctx-root`
	context.TODO()                                            // want `ctx-root`
	context.WithTimeout(ctx, time.Second)                     // want `ctx-deadline`
	context.WithDeadlineCause(ctx, time.Now(), nil)           // want `ctx-deadline`
	context.WithCancel(ctx)                                   // want `ctx-inherit`
	context.WithValue(ctx, 1, 2)                              // want `ctx-inherit`
	context.WithoutCancel(ctx)                                // want `ctx-detach`
	signal.NotifyContext(ctx, os.Interrupt)                   // want `ctx-inherit serve`
	http.ListenAndServe(":1", nil)                            // want `serve`
	srv.ListenAndServe()                                      // want `serve`
	gs.Serve(ln)                                              // want `serve`
	ln.Accept()                                               // want `serve`
}
