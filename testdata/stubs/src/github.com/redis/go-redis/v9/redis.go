// Package redis is a signature-faithful stub of github.com/redis/go-redis/v9
// for analysistest fixtures. Bodies are trivial.
package redis

import (
	"context"
	"net"
	"time"

	"github.com/redis/go-redis/v9/internal/proto"
)

// Nil reply returned by Redis when key does not exist.
const Nil = proto.Nil

// Options keeps the settings to set up redis connection.
type Options struct {
	Network               string
	Addr                  string
	ClientName            string
	Dialer                func(ctx context.Context, network, addr string) (net.Conn, error)
	Username              string
	Password              string
	DB                    int
	MaxRetries            int
	MinRetryBackoff       time.Duration
	MaxRetryBackoff       time.Duration
	DialTimeout           time.Duration
	ReadTimeout           time.Duration
	WriteTimeout          time.Duration
	ContextTimeoutEnabled bool
	PoolSize              int
	PoolTimeout           time.Duration
}

// Cmder is implemented by every command.
type Cmder interface {
	Name() string
	FullName() string
	Args() []interface{}
	String() string
	Err() error
}

type baseCmd struct {
	ctx  context.Context
	args []interface{}
	err  error
}

func (cmd *baseCmd) Name() string        { return "" }
func (cmd *baseCmd) FullName() string    { return "" }
func (cmd *baseCmd) Args() []interface{} { return cmd.args }

// Err returns the command's error.
func (cmd *baseCmd) Err() error { return cmd.err }

// StringCmd is a command with a string result.
type StringCmd struct {
	baseCmd
	val string
}

func (cmd *StringCmd) String() string { return cmd.val }

// Val returns the value.
func (cmd *StringCmd) Val() string { return cmd.val }

// Result returns the value and the error.
func (cmd *StringCmd) Result() (string, error) { return cmd.val, cmd.err }

// Bytes returns the value as bytes.
func (cmd *StringCmd) Bytes() ([]byte, error) { return []byte(cmd.val), cmd.err }

// Int64 returns the value as an int64.
func (cmd *StringCmd) Int64() (int64, error) { return 0, cmd.err }

// StatusCmd is a command with a status result.
type StatusCmd struct {
	baseCmd
	val string
}

func (cmd *StatusCmd) String() string { return cmd.val }

// Val returns the value.
func (cmd *StatusCmd) Val() string { return cmd.val }

// Result returns the value and the error.
func (cmd *StatusCmd) Result() (string, error) { return cmd.val, cmd.err }

// IntCmd is a command with an integer result.
type IntCmd struct {
	baseCmd
	val int64
}

func (cmd *IntCmd) String() string { return "" }

// Val returns the value.
func (cmd *IntCmd) Val() int64 { return cmd.val }

// Result returns the value and the error.
func (cmd *IntCmd) Result() (int64, error) { return cmd.val, cmd.err }

// BoolCmd is a command with a boolean result.
type BoolCmd struct {
	baseCmd
	val bool
}

func (cmd *BoolCmd) String() string { return "" }

// Val returns the value.
func (cmd *BoolCmd) Val() bool { return cmd.val }

// Result returns the value and the error.
func (cmd *BoolCmd) Result() (bool, error) { return cmd.val, cmd.err }

type cmdable func(ctx context.Context, cmd Cmder) error

// Ping pings the server.
func (c cmdable) Ping(ctx context.Context) *StatusCmd { return &StatusCmd{} }

// Get Redis `GET key` command. It returns redis.Nil error when key does not exist.
func (c cmdable) Get(ctx context.Context, key string) *StringCmd { return &StringCmd{} }

// Set Redis `SET key value [expiration]` command.
func (c cmdable) Set(ctx context.Context, key string, value interface{}, expiration time.Duration) *StatusCmd {
	return &StatusCmd{}
}

// SetNX Redis `SET key value [expiration] NX` command.
func (c cmdable) SetNX(ctx context.Context, key string, value interface{}, expiration time.Duration) *BoolCmd {
	return &BoolCmd{}
}

// Del Redis `DEL key [key ...]` command.
func (c cmdable) Del(ctx context.Context, keys ...string) *IntCmd { return &IntCmd{} }

// Exists Redis `EXISTS key [key ...]` command.
func (c cmdable) Exists(ctx context.Context, keys ...string) *IntCmd { return &IntCmd{} }

// Incr Redis `INCR key` command.
func (c cmdable) Incr(ctx context.Context, key string) *IntCmd { return &IntCmd{} }

// Expire Redis `EXPIRE key seconds` command.
func (c cmdable) Expire(ctx context.Context, key string, expiration time.Duration) *BoolCmd {
	return &BoolCmd{}
}

type baseClient struct {
	opt *Options
}

// Close closes the client, releasing any open resources.
func (c *baseClient) Close() error { return nil }

// Client is a Redis client representing a pool of zero or more underlying connections.
type Client struct {
	*baseClient
	cmdable
}

// NewClient returns a client to the Redis Server specified by Options.
func NewClient(opt *Options) *Client {
	if opt == nil {
		panic("redis: NewClient nil options")
	}
	return &Client{baseClient: &baseClient{opt: opt}}
}

// Close closes the client, releasing any open resources.
func (c *Client) Close() error { return nil }

// Options returns read-only Options that were used to create the client.
func (c *Client) Options() *Options { return c.opt }
