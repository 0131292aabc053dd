// Package holdout3 is a third round (shapes not taken from the
// documentation's lists) written from msgdrop's documentation only. Every
// function is labelled BUG or OK before the check was first run on it.
package holdout3

import (
	"context"
	"encoding/json"
	"errors"
	"log"

	"github.com/IBM/sarama"
	"github.com/hibiken/asynq"
	"github.com/nats-io/nats.go"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/segmentio/kafka-go"
)

type Order struct {
	ID string `json:"id"`
}

var ErrOrderNotFound = errors.New("order not found")

type Orders interface {
	Fulfil(ctx context.Context, o Order) error
	Handle(ctx context.Context, body []byte) error
	SaveFailed(ctx context.Context, body []byte, cause error) error
}

// BUG: auto-ack consumer (autoAck=true): a failed delivery is already gone.
// MISSED by faultline (auto-ack consumers are not modelled).
func consumeAutoAck(ctx context.Context, ch *amqp.Channel, svc Orders) error {
	deliveries, err := ch.Consume("orders", "", true, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		if err := svc.Handle(ctx, d.Body); err != nil {
			log.Printf("order: %v", err)
		}
	}
	return nil
}

// BUG: sarama marks the message before handling it; a failure after the
// mark loses it.
func markFirst(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim, svc Orders) error {
	for msg := range claim.Messages() {
		sess.MarkMessage(msg, "")                                     // want "sarama offset marked after the message.s handling failed"
		if err := svc.Handle(sess.Context(), msg.Value); err != nil { // want "the next MarkMessage moves the offset past this message"
			log.Printf("order at %d: %v", msg.Offset, err)
		}
	}
	return nil
}

// BUG: NATS message acked before the handling, which then fails.
// MISSED by faultline (an ack before the handling is reported only when
// deferred).
func ackFirst(nc *nats.Conn, svc Orders) error {
	_, err := nc.Subscribe("orders", func(m *nats.Msg) {
		_ = m.Ack()
		if err := svc.Handle(context.Background(), m.Data); err != nil {
			log.Printf("order: %v", err)
		}
	})
	return err
}

// BUG: kafka-go: the handling error is returned from a closure and only
// logged; the commit follows.
func closureHandle(ctx context.Context, r *kafka.Reader, svc Orders) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		process := func() error {
			var o Order
			if err := json.Unmarshal(m.Value, &o); err != nil {
				return err
			}
			return svc.Fulfil(ctx, o)
		}
		if err := process(); err != nil {
			log.Printf("order: %v", err)
		}
		if err := r.CommitMessages(ctx, m); err != nil { // want "offset committed after the message.s handling failed"
			return err
		}
	}
}

// OK: failure persisted to a failed-events table for replay, then acked.
func persistFailed(ctx context.Context, deliveries <-chan amqp.Delivery, svc Orders) error {
	for d := range deliveries {
		if err := svc.Handle(ctx, d.Body); err != nil {
			if serr := svc.SaveFailed(ctx, d.Body, err); serr != nil {
				_ = d.Nack(false, true)
				continue
			}
		}
		_ = d.Ack(false)
	}
	return nil
}

// OK: a metrics push failure (unrelated to the message) is only logged.
func withMetrics(ctx context.Context, r *kafka.Reader, svc Orders, push func() error) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := svc.Handle(ctx, m.Value); err != nil {
			return err
		}
		if err := push(); err != nil {
			log.Printf("metrics: %v", err)
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// OK: asynq handler: an order that no longer exists is a deliberate drop.
func HandleFulfil(ctx context.Context, t *asynq.Task) error {
	var o Order
	if err := json.Unmarshal(t.Payload(), &o); err != nil {
		return asynq.SkipRetry
	}
	if err := orders.Fulfil(ctx, o); err != nil {
		if errors.Is(err, ErrOrderNotFound) {
			return nil
		}
		return err
	}
	return nil
}

var orders Orders

// OK: sarama: on failure the session is reset to the failed offset (it is
// consumed again) and the claim loop returns.
func resetOnFailure(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim, svc Orders) error {
	for msg := range claim.Messages() {
		if err := svc.Handle(sess.Context(), msg.Value); err != nil {
			sess.ResetOffset(msg.Topic, msg.Partition, msg.Offset, "")
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

// OK: amqp: the ack's own error is logged; a handling failure is nacked.
func ackErrorLogged(ctx context.Context, deliveries <-chan amqp.Delivery, svc Orders) {
	for d := range deliveries {
		if err := svc.Handle(ctx, d.Body); err != nil {
			_ = d.Nack(false, false)
			continue
		}
		if err := d.Ack(false); err != nil {
			log.Printf("ack %d: %v", d.DeliveryTag, err)
		}
	}
}
