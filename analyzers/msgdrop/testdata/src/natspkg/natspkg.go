package natspkg

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

type Event struct{ ID string }

var errUnsupported = errors.New("unsupported event")

type worker struct {
	js jetstream.JetStream
}

func (w *worker) apply(ctx context.Context, ev Event) error { return nil }
func (w *worker) handle(data []byte) error                  { return nil }

// Logged and fallen through to the ack.
func (w *worker) onMsg(msg *nats.Msg) {
	var ev Event
	if err := json.Unmarshal(msg.Data, &ev); err != nil {
		log.Printf("decode: %v", err)
	}
	if err := w.apply(context.Background(), ev); err != nil {
		log.Printf("apply: %v", err)
	}
	msg.Ack() // want `NATS message acked after its handling failed`
}

// The ack deferred before the handling runs on the failure's return too.
func (w *worker) deferred(msg *nats.Msg) {
	defer msg.Ack() // want `NATS message acked by a deferred Ack even when its handling failed`
	if err := w.handle(msg.Data); err != nil {
		log.Printf("handle: %v", err)
		return
	}
}

// jetstream.Msg in a Consume callback.
func (w *worker) consume(cons jetstream.Consumer) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(m jetstream.Msg) {
		if err := w.handle(m.Data()); err != nil {
			log.Printf("handle: %v", err)
		}
		m.Ack() // want `NATS message acked after its handling failed`
	})
}

// A pull loop that acks on the error branch.
func (w *worker) pull(ctx context.Context, cons jetstream.Consumer) {
	for {
		m, err := cons.Next()
		if err != nil {
			return
		}
		if err := w.handle(m.Data()); err != nil {
			log.Println(err)
			m.DoubleAck(ctx) // want `NATS message acked`
			continue
		}
		m.Ack()
	}
}

// Quiet: Nak, NakWithDelay and Term after a dead-letter publish.
func (w *worker) quiet(ctx context.Context, msg *nats.Msg, m jetstream.Msg) {
	if err := w.handle(msg.Data); err != nil {
		msg.Nak()
		return
	}
	msg.Ack()
	if err := w.handle(msg.Data); err != nil {
		msg.NakWithDelay(5 * time.Second)
	} else {
		msg.Ack()
	}
	if err := w.handle(m.Data()); err != nil {
		w.js.Publish(ctx, "events.dlq", m.Data())
		m.Term()
		return
	}
	m.Ack()
}

// Quiet: an event type the consumer does not handle, acked on purpose.
func (w *worker) unsupported(m jetstream.Msg) {
	if err := w.handle(m.Data()); err != nil {
		if errors.Is(err, errUnsupported) {
			m.Ack()
			return
		}
		m.Nak()
		return
	}
	m.Ack()
}

// Quiet: the message's own accessor failing is not a handling failure.
func (w *worker) metadata(m jetstream.Msg) {
	if err := m.InProgress(); err != nil {
		log.Println(err)
	}
	m.Ack()
}

// A message string built from the error hands nothing on.
func (w *worker) described(m jetstream.Msg) {
	if err := w.handle(m.Data()); err != nil {
		text := "handle: " + err.Error()
		log.Println(text)
		m.Ack() // want `NATS message acked`
		return
	}
	m.Ack()
}

type result struct{ Err error }

// The error kept for the caller does not bring back the acked message.
func (w *worker) kept(m jetstream.Msg, res *result) {
	if err := w.handle(m.Data()); err != nil {
		res.Err = err
	}
	m.Ack() // want `NATS message acked`
}
