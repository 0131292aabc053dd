// Package jetstream is a signature-faithful stub of
// github.com/nats-io/nats.go/jetstream (v1.55.0) for analysistest fixtures
// (a subset of the real interfaces' methods). Bodies are trivial.
package jetstream

import (
	"context"
	"time"

	"github.com/nats-io/nats.go"
)

type (
	// Msg contains methods to operate on a JetStream message.
	Msg interface {
		Data() []byte
		Headers() nats.Header
		Subject() string
		Reply() string
		Ack() error
		DoubleAck(context.Context) error
		Nak() error
		NakWithDelay(delay time.Duration) error
		InProgress() error
		Term() error
		TermWithReason(reason string) error
	}

	// JetStreamOpt is a functional option for New.
	JetStreamOpt func(*jsOpts) error

	jsOpts struct{}

	// JetStream is the top-level interface for interacting with JetStream.
	JetStream interface {
		Conn() *nats.Conn
		Publisher
		Consumer(ctx context.Context, stream string, consumer string) (Consumer, error)
	}

	// Publisher provides methods for publishing messages to a stream.
	Publisher interface {
		Publish(ctx context.Context, subject string, payload []byte, opts ...PublishOpt) (*PubAck, error)
		PublishMsg(ctx context.Context, msg *nats.Msg, opts ...PublishOpt) (*PubAck, error)
	}

	// PublishOpt is a functional option for Publish.
	PublishOpt func(*pubOpts) error

	pubOpts struct{}

	// PubAck is returned by Publish and PublishMsg.
	PubAck struct {
		Stream    string `json:"stream"`
		Sequence  uint64 `json:"seq"`
		Duplicate bool   `json:"duplicate,omitempty"`
		Domain    string `json:"domain,omitempty"`
	}

	// Consumer contains methods for fetching and processing messages.
	Consumer interface {
		Fetch(batch int, opts ...FetchOpt) (MessageBatch, error)
		Consume(handler MessageHandler, opts ...PullConsumeOpt) (ConsumeContext, error)
		Messages(opts ...PullMessagesOpt) (MessagesContext, error)
		Next(opts ...FetchOpt) (Msg, error)
	}

	// MessageHandler is a handler function used as a callback in Consume.
	MessageHandler func(msg Msg)

	// PullConsumeOpt represents additional options used in Consume.
	PullConsumeOpt interface {
		configureConsume(*consumeOpts) error
	}

	// PullMessagesOpt represents additional options used in Messages.
	PullMessagesOpt interface {
		configureMessages(*consumeOpts) error
	}

	consumeOpts struct{}

	// ConsumeContext supports processing incoming messages from a stream.
	ConsumeContext interface {
		Stop()
		Drain()
		Closed() <-chan struct{}
	}

	// MessagesContext supports iterating over a messages on a stream.
	MessagesContext interface {
		Next(opts ...NextOpt) (Msg, error)
		Stop()
		Drain()
	}

	// NextOpt is an option for configuring MessagesContext.Next.
	NextOpt interface {
		configureNext(*nextOpts)
	}

	nextOpts struct{}

	// MessageBatch provides methods to retrieve messages consumed using Fetch.
	MessageBatch interface {
		Messages() <-chan Msg
		Error() error
	}

	// FetchOpt is a function option used to configure Fetch.
	FetchOpt func(*pullRequest) error

	pullRequest struct{}
)

// New returns a new JetStream instance.
func New(nc *nats.Conn, opts ...JetStreamOpt) (JetStream, error) { return nil, nil }
