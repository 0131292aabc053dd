package sinks

import (
	"context"
	"time"

	"cloud.google.com/go/storage"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc"

	"ordersv1"
)

type deps struct {
	pool   *pgxpool.Pool
	conn   *pgx.Conn
	orders ordersv1.OrdersClient
	cc     *grpc.ClientConn
	rdb    *redis.Client
	bucket *storage.BucketHandle
	db     *sqlx.DB
}

// ---- firing shapes ----

func (d *deps) pgxPool(id string) error {
	_, err := d.pool.Exec(context.Background(), "DELETE FROM carts WHERE id = $1", id) // want `context\.Background\(\) carries no deadline into \(\*pgxpool\.Pool\)\.Exec`
	return err
}

func (d *deps) pgxConnQueryRow(id string) (string, error) {
	var s string
	err := d.conn.QueryRow(context.TODO(), "SELECT s FROM t WHERE id = $1", id).Scan(&s) // want `context\.TODO\(\) carries no deadline into \(\*pgx\.Conn\)\.QueryRow`
	return s, err
}

func (d *deps) grpcGenerated(id string) (*ordersv1.Order, error) {
	return d.orders.GetOrder(context.Background(), &ordersv1.GetOrderRequest{Id: id}) // want `context\.Background\(\) carries no deadline into ordersv1\.OrdersClient\.GetOrder`
}

func (d *deps) grpcInvoke(in, out any) error {
	return d.cc.Invoke(context.Background(), "/svc/M", in, out) // want `carries no deadline into \(\*grpc\.ClientConn\)\.Invoke`
}

func (d *deps) storageRead(name string) (*storage.Reader, error) {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into \(\*storage\.ObjectHandle\)\.NewReader`
	return d.bucket.Object(name).NewReader(ctx)
}

func (d *deps) sqlxGet(ctx context.Context, dest any, id string) error {
	return d.db.Get(dest, "SELECT * FROM t WHERE id = $1", id) // want `\(\*sqlx\.DB\)\.Get has no deadline and cannot be cancelled, so a stuck database holds it forever; use GetContext and pass ctx`
}

func (d *deps) sqlxPromoted(ctx context.Context) error {
	_, err := d.db.Exec("DELETE FROM t") // want `\(\*sql\.DB\)\.Exec has no deadline and cannot be cancelled, so a stuck database holds it forever; use ExecContext and pass ctx`
	return err
}

func (d *deps) pgxBeginFunc() error {
	return pgx.BeginFunc(context.Background(), d.conn, func(tx pgx.Tx) error { return nil }) // want `carries no deadline into pgx\.BeginFunc`
}

// ---- near-misses ----

func (d *deps) redisGet(k string) (string, error) {
	return d.rdb.Get(context.Background(), k).Result() // go-redis: 3 s read timeout by default
}

func (d *deps) grpcStream() (ordersv1.Orders_WatchClient, error) {
	return d.orders.Watch(context.Background(), &ordersv1.WatchRequest{})
}

func (d *deps) pgxRollback(tx pgx.Tx) error {
	return tx.Rollback(context.Background())
}

func (d *deps) pgxCallerCtx(ctx context.Context, id string) error { // want pgxCallerCtx:`ctx reaches \(\*pgxpool\.Pool\)\.Exec`
	_, err := d.pool.Exec(ctx, "DELETE FROM carts WHERE id = $1", id)
	return err
}

func newStorage() (*storage.Client, error) {
	return storage.NewClient(context.Background())
}

func newPool(dsn string) (*pgxpool.Pool, error) {
	return pgxpool.New(context.Background(), dsn)
}

func (d *deps) grpcTimed(id string) (*ordersv1.Order, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return d.orders.GetOrder(ctx, &ordersv1.GetOrderRequest{Id: id})
}

func (d *deps) connClose() error {
	return d.conn.Close(context.Background())
}
