// Package nats is a signature-faithful stub of github.com/nats-io/nats.go
// (v1.55.0) for analysistest fixtures. Bodies are trivial.
package nats

import (
	"context"
	"time"
)

// Option is a function on the options for a connection.
type Option func(*Options) error

// Options can be used to create a customized connection.
type Options struct {
	Url  string
	Name string
}

// Conn represents a bare connection to a nats-server.
type Conn struct{}

// Connect will attempt to connect to the NATS system.
func Connect(url string, options ...Option) (*Conn, error) { return &Conn{}, nil }

// Close will close the connection to the server.
func (nc *Conn) Close() {}

// Publish publishes the data argument to the given subject.
func (nc *Conn) Publish(subj string, data []byte) error { return nil }

// PublishMsg publishes the Msg structure.
func (nc *Conn) PublishMsg(m *Msg) error { return nil }

// Subscribe will express interest in the given subject.
func (nc *Conn) Subscribe(subj string, cb MsgHandler) (*Subscription, error) {
	return &Subscription{}, nil
}

// QueueSubscribe creates an asynchronous queue subscriber on the given
// subject.
func (nc *Conn) QueueSubscribe(subj, queue string, cb MsgHandler) (*Subscription, error) {
	return &Subscription{}, nil
}

// JetStream returns a JetStreamContext for messaging and stream management.
func (nc *Conn) JetStream(opts ...JSOpt) (JetStreamContext, error) { return nil, nil }

// Header represents the optional Header for a NATS message.
type Header map[string][]string

// Msg represents a message delivered by NATS.
type Msg struct {
	Subject string
	Reply   string
	Header  Header
	Data    []byte
	Sub     *Subscription
}

// MsgHandler is a callback function that processes messages delivered to
// asynchronous subscribers.
type MsgHandler func(msg *Msg)

// Subscription represents interest in a given subject.
type Subscription struct{}

// Unsubscribe will remove interest in the given subject.
func (s *Subscription) Unsubscribe() error { return nil }

// NextMsg will return the next message available to a synchronous
// subscriber or block until one is available.
func (s *Subscription) NextMsg(timeout time.Duration) (*Msg, error) { return &Msg{}, nil }

// NextMsgWithContext takes a context and returns the next message available
// to a synchronous subscriber.
func (s *Subscription) NextMsgWithContext(ctx context.Context) (*Msg, error) { return &Msg{}, nil }

// Fetch pulls a batch of messages from a stream for a pull consumer.
func (sub *Subscription) Fetch(batch int, opts ...PullOpt) ([]*Msg, error) { return nil, nil }

// JSOpt configures a JetStreamContext.
type JSOpt interface {
	configureJSContext(opts *jsOpts) error
}

type jsOpts struct{}

// PubOpt configures options for publishing JetStream messages.
type PubOpt interface {
	configurePublish(opts *pubOpts) error
}

type pubOpts struct{}

// SubOpt configures options for subscribing to JetStream consumers.
type SubOpt interface {
	configureSubscribe(opts *subOpts) error
}

type subOpts struct{}

// PullOpt are the options that can be passed when pulling a batch of
// messages.
type PullOpt interface {
	configurePull(opts *pullOpts) error
}

type pullOpts struct{}

// AckOpt are the options that can be passed when acknowledge a message.
type AckOpt interface {
	configureAck(opts *ackOpts) error
}

type ackOpts struct{}

// PubAck is an ack received after successfully publishing a message.
type PubAck struct {
	Stream    string `json:"stream"`
	Sequence  uint64 `json:"seq"`
	Duplicate bool   `json:"duplicate,omitempty"`
	Domain    string `json:"domain,omitempty"`
}

// JetStream allows persistent messaging through JetStream (a subset of the
// real method set).
type JetStream interface {
	Publish(subj string, data []byte, opts ...PubOpt) (*PubAck, error)
	PublishMsg(m *Msg, opts ...PubOpt) (*PubAck, error)
	Subscribe(subj string, cb MsgHandler, opts ...SubOpt) (*Subscription, error)
	QueueSubscribe(subj, queue string, cb MsgHandler, opts ...SubOpt) (*Subscription, error)
	PullSubscribe(subj, durable string, opts ...SubOpt) (*Subscription, error)
}

// JetStreamContext allows JetStream messaging and stream management (the
// management interfaces it also embeds are omitted).
type JetStreamContext interface {
	JetStream
}

// Ack acknowledges a message.
func (m *Msg) Ack(opts ...AckOpt) error { return nil }

// AckSync is the synchronous version of Ack.
func (m *Msg) AckSync(opts ...AckOpt) error { return nil }

// Nak negatively acknowledges a message.
func (m *Msg) Nak(opts ...AckOpt) error { return nil }

// NakWithDelay negatively acknowledges a message, asking for redelivery
// after the delay.
func (m *Msg) NakWithDelay(delay time.Duration, opts ...AckOpt) error { return nil }

// Term tells the server to not redeliver this message.
func (m *Msg) Term(opts ...AckOpt) error { return nil }

// InProgress tells the server that this message is being worked on.
func (m *Msg) InProgress(opts ...AckOpt) error { return nil }

// Respond allows a convenient way to respond to requests in service based
// subscriptions.
func (m *Msg) Respond(data []byte) error { return nil }
