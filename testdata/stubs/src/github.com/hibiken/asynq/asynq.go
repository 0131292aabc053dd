// Package asynq is a signature-faithful stub of github.com/hibiken/asynq
// (v0.26.0) for analysistest fixtures. Bodies are trivial.
package asynq

import (
	"context"
	"errors"
)

// Task represents a unit of work to be performed.
type Task struct {
	typename string
	payload  []byte
}

// Type returns the type name of the task.
func (t *Task) Type() string { return t.typename }

// Payload returns the data needed to process the task.
func (t *Task) Payload() []byte { return t.payload }

// NewTask returns a new Task given a type name and payload data.
func NewTask(typename string, payload []byte, opts ...Option) *Task {
	return &Task{typename: typename, payload: payload}
}

// OptionType describes the type of an option.
type OptionType int

// Option specifies the task processing behavior.
type Option interface {
	String() string
	Type() OptionType
	Value() interface{}
}

type retryOption int

func (n retryOption) String() string     { return "" }
func (n retryOption) Type() OptionType   { return 0 }
func (n retryOption) Value() interface{} { return int(n) }

// MaxRetry returns an option to specify the max number of times the task
// will be retried.
func MaxRetry(n int) Option { return retryOption(n) }

// TaskInfo describes a task and its metadata.
type TaskInfo struct {
	ID    string
	Queue string
}

// RedisConnOpt is a discriminated union of types that represent Redis
// connection configuration option.
type RedisConnOpt interface {
	MakeRedisClient() interface{}
}

// RedisClientOpt is used to create a redis client that connects to a redis
// server directly.
type RedisClientOpt struct {
	Network string
	Addr    string
}

// MakeRedisClient returns a redis client.
func (opt RedisClientOpt) MakeRedisClient() interface{} { return nil }

// Client is responsible for scheduling tasks.
type Client struct{}

// NewClient returns a new Client instance given a redis connection option.
func NewClient(r RedisConnOpt) *Client { return &Client{} }

// Enqueue enqueues the given task to a queue.
func (c *Client) Enqueue(task *Task, opts ...Option) (*TaskInfo, error) { return &TaskInfo{}, nil }

// EnqueueContext enqueues the given task to a queue.
func (c *Client) EnqueueContext(ctx context.Context, task *Task, opts ...Option) (*TaskInfo, error) {
	return &TaskInfo{}, nil
}

// SkipRetry is used as a return value from Handler.ProcessTask to indicate
// that the task should not be retried and should be archived instead.
var SkipRetry = errors.New("skip retry for the task")

// RevokeTask is used as a return value from Handler.ProcessTask to indicate
// that the task should not be retried or archived.
var RevokeTask = errors.New("revoke task")

// A Handler processes tasks.
type Handler interface {
	ProcessTask(context.Context, *Task) error
}

// The HandlerFunc type is an adapter to allow the use of ordinary functions
// as a Handler.
type HandlerFunc func(context.Context, *Task) error

// ProcessTask calls fn(ctx, task)
func (fn HandlerFunc) ProcessTask(ctx context.Context, task *Task) error { return fn(ctx, task) }

// ServeMux is a multiplexer for asynchronous tasks.
type ServeMux struct{}

// NewServeMux allocates and returns a new ServeMux.
func NewServeMux() *ServeMux { return &ServeMux{} }

// ProcessTask dispatches the task to the handler whose pattern most closely
// matches the task type.
func (mux *ServeMux) ProcessTask(ctx context.Context, task *Task) error { return nil }

// Handle registers the handler for the given pattern.
func (mux *ServeMux) Handle(pattern string, handler Handler) {}

// HandleFunc registers the handler function for the given pattern.
func (mux *ServeMux) HandleFunc(pattern string, handler func(context.Context, *Task) error) {}

// Config specifies the server's background-task processing behavior.
type Config struct {
	Concurrency int
	Queues      map[string]int
}

// Server is responsible for task processing and task lifecycle management.
type Server struct{}

// NewServer returns a new Server given a redis connection option and server
// configuration.
func NewServer(r RedisConnOpt, cfg Config) *Server { return &Server{} }

// Run starts the task processing and blocks until an os signal to exit the
// program is received.
func (srv *Server) Run(handler Handler) error { return nil }
