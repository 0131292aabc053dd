// Package holdout is consumer code written from msgdrop's documentation
// only, to measure its recall and precision. Every function is labelled BUG
// or OK before the check was first run on it.
package holdout

import (
	"context"
	"encoding/json"
	"errors"
	"log"

	"github.com/IBM/sarama"
	"github.com/hibiken/asynq"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/segmentio/kafka-go"
)

type OrderEvent struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

type Service interface {
	ApplyOrder(ctx context.Context, ev OrderEvent) error
	Process(ctx context.Context, payload []byte) error
}

var ErrDuplicate = errors.New("duplicate event")

type Consumer struct {
	reader *kafka.Reader
	dlq    *kafka.Writer
	svc    Service
	js     jetstream.JetStream
	nc     *nats.Conn
}

// OK: constructor (the GroupID makes ReadMessage commit).
func NewConsumer(svc Service) *Consumer {
	return &Consumer{
		reader: kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"k:9092"}, GroupID: "orders", Topic: "orders"}),
		svc:    svc,
	}
}

// BUG: kafka-go FetchMessage loop logs the failure and commits anyway.
func (c *Consumer) Run(ctx context.Context) error {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		var ev OrderEvent
		if err := json.Unmarshal(m.Value, &ev); err != nil {
			log.Printf("decode: %v", err)
		} else if err := c.svc.ApplyOrder(ctx, ev); err != nil {
			log.Printf("apply %s: %v", ev.OrderID, err)
		}
		if err := c.reader.CommitMessages(ctx, m); err != nil { // want "offset committed after the message.s handling failed"
			return err
		}
	}
}

// BUG: FetchMessage loop that continues past a failure to the next message,
// whose commit moves the offset past the failed one.
func (c *Consumer) RunSkip(ctx context.Context) error {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := c.svc.Process(ctx, m.Value); err != nil { // want "next commit moves the offset past this message"
			log.Printf("process offset %d: %v", m.Offset, err)
			continue
		}
		if err := c.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// BUG: ReadMessage with a GroupID (NewConsumer) already committed the message
// whose handling then fails and the loop moves on.
func (c *Consumer) RunAuto(ctx context.Context) {
	for {
		m, err := c.reader.ReadMessage(ctx)
		if err != nil {
			return
		}
		if err := c.svc.Process(ctx, m.Value); err != nil { // want "ReadMessage has committed this message"
			log.Printf("process: %v", err)
		}
	}
}

type orderHandler struct {
	svc Service
}

// OK: no message handled.
func (orderHandler) Setup(sarama.ConsumerGroupSession) error { return nil }

// OK: no message handled.
func (orderHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// BUG: sarama claim loop marks the message after Process failed (only logged).
func (h orderHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		if err := h.svc.Process(sess.Context(), msg.Value); err != nil {
			log.Printf("process at offset %d: %v", msg.Offset, err)
		}
		sess.MarkMessage(msg, "") // want "sarama offset marked after"
	}
	return nil
}

// BUG: NATS core subscription with an ack after a failed handling.
func (c *Consumer) SubscribeOrders() error {
	_, err := c.nc.QueueSubscribe("orders.created", "workers", func(msg *nats.Msg) {
		if err := c.svc.Process(context.Background(), msg.Data); err != nil {
			log.Printf("process: %v", err)
		}
		_ = msg.Ack() // want "NATS message acked after"
	})
	return err
}

// BUG: jetstream consumer callback acks on the failure branch.
func (c *Consumer) ConsumeJetStream(ctx context.Context) error {
	cons, err := c.js.Consumer(ctx, "ORDERS", "billing")
	if err != nil {
		return err
	}
	_, err = cons.Consume(func(m jetstream.Msg) {
		var ev OrderEvent
		if err := json.Unmarshal(m.Data(), &ev); err != nil {
			_ = m.Term()
			return
		}
		if err := c.svc.ApplyOrder(ctx, ev); err != nil {
			log.Printf("apply %s: %v", ev.OrderID, err)
			_ = m.Ack() // want "NATS message acked after"
			return
		}
		_ = m.Ack()
	})
	return err
}

// BUG: amqp091 delivery acked after the handling failed.
func consumeAMQP(ctx context.Context, ch *amqp.Channel, svc Service) error {
	deliveries, err := ch.Consume("emails", "mailer", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		if err := svc.Process(ctx, d.Body); err != nil {
			log.Printf("send email: %v", err)
		}
		if err := d.Ack(false); err != nil { // want "AMQP delivery acked after"
			log.Printf("ack: %v", err)
		}
	}
	return nil
}

// BUG: amqp Channel.Ack of the delivery tag on the failure branch.
func consumeAMQPTag(ctx context.Context, ch *amqp.Channel, svc Service) error {
	deliveries, err := ch.Consume("reports", "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		if err := svc.Process(ctx, d.Body); err != nil {
			log.Printf("report: %v", err)
			_ = ch.Ack(d.DeliveryTag, false) // want "AMQP delivery acked after"
			continue
		}
		_ = ch.Ack(d.DeliveryTag, false)
	}
	return nil
}

// BUG: a deferred ack before the handling acks on failure too.
func handleWithDefer(ctx context.Context, d amqp.Delivery, svc Service) error {
	defer d.Ack(false) // want "acked by a deferred Ack"
	var ev OrderEvent
	if err := json.Unmarshal(d.Body, &ev); err != nil {
		return err
	}
	return svc.ApplyOrder(ctx, ev)
}

type TaskHandler struct {
	svc Service
}

// BUG: asynq handler returns nil after the task's handling failed.
func (h *TaskHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var ev OrderEvent
	if err := json.Unmarshal(t.Payload(), &ev); err != nil {
		return err
	}
	if err := h.svc.ApplyOrder(ctx, ev); err != nil {
		log.Printf("apply order %s: %v", ev.OrderID, err)
		return nil // want "asynq handler returns nil after"
	}
	return nil
}

// BUG: asynq HandlerFunc-shaped function that swallows the error in a switch.
func HandleInvoiceTask(ctx context.Context, t *asynq.Task) error {
	var ev OrderEvent
	if err := json.Unmarshal(t.Payload(), &ev); err != nil {
		return err
	}
	err := invoiceSvc.ApplyOrder(ctx, ev)
	switch {
	case err == nil:
		log.Printf("invoiced %s", ev.OrderID)
	default:
		log.Printf("invoice failed: %v", err)
	}
	return nil // want "asynq handler returns nil after"
}

var invoiceSvc Service

// OK: kafka-go loop that returns without committing on failure.
func (c *Consumer) RunStrict(ctx context.Context) error {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := c.svc.Process(ctx, m.Value); err != nil {
			return err
		}
		if err := c.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// OK: failure is written to a dead-letter topic before the commit.
func (c *Consumer) RunDLQ(ctx context.Context) error {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := c.svc.Process(ctx, m.Value); err != nil {
			if err := c.dlq.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value}); err != nil {
				return err
			}
		}
		if err := c.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// OK: duplicates are a deliberate drop.
func (c *Consumer) RunIdempotent(ctx context.Context) error {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := c.svc.Process(ctx, m.Value); err != nil && !errors.Is(err, ErrDuplicate) {
			return err
		}
		if err := c.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// OK: NATS message nak'ed on failure, acked on success.
func (c *Consumer) SubscribeSafe() error {
	_, err := c.nc.Subscribe("payments", func(msg *nats.Msg) {
		if err := c.svc.Process(context.Background(), msg.Data); err != nil {
			log.Printf("payment: %v", err)
			_ = msg.Nak()
			return
		}
		_ = msg.Ack()
	})
	return err
}

// OK: amqp delivery nacked with requeue on failure.
func consumeAMQPSafe(ctx context.Context, ch *amqp.Channel, svc Service) error {
	deliveries, err := ch.Consume("emails", "mailer", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		if err := svc.Process(ctx, d.Body); err != nil {
			_ = d.Nack(false, true)
			continue
		}
		_ = d.Ack(false)
	}
	return nil
}

// OK: amqp delivery rejected (dead-letter exchange) on failure.
func consumeAMQPReject(ctx context.Context, ch *amqp.Channel, svc Service) error {
	deliveries, err := ch.Consume("audit", "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		if err := svc.Process(ctx, d.Body); err != nil {
			log.Printf("audit: %v", err)
			_ = d.Reject(false)
			continue
		}
		_ = d.Ack(false)
	}
	return nil
}

// OK: asynq handler returns the wrapped error.
func HandleEmailTask(ctx context.Context, t *asynq.Task) error {
	if err := invoiceSvc.Process(ctx, t.Payload()); err != nil {
		return errors.Join(errors.New("send email"), err)
	}
	return nil
}

// OK: sarama claim loop that returns on failure (no mark).
func (h orderHandler) consumeStrict(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		if err := h.svc.Process(sess.Context(), msg.Value); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

// publishRetry is a package-local helper named for a retry.
// OK: retry helper; acks nothing.
func (c *Consumer) publishRetry(ctx context.Context, m kafka.Message) error {
	return c.dlq.WriteMessages(ctx, m)
}

// OK: failure handed to a retry helper before the commit.
func (c *Consumer) RunRetry(ctx context.Context) error {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := c.svc.Process(ctx, m.Value); err != nil {
			if err := c.publishRetry(ctx, m); err != nil {
				return err
			}
		}
		if err := c.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// OK: jetstream message; the error of the ack itself is only logged.
func (c *Consumer) ConsumeJetStreamSafe(ctx context.Context) error {
	cons, err := c.js.Consumer(ctx, "ORDERS", "shipping")
	if err != nil {
		return err
	}
	_, err = cons.Consume(func(m jetstream.Msg) {
		if err := c.svc.Process(ctx, m.Data()); err != nil {
			_ = m.NakWithDelay(5e9)
			return
		}
		if err := m.Ack(); err != nil {
			log.Printf("ack: %v", err)
		}
	})
	return err
}
