// Package holdout2 is a second, harder round of consumer code written from
// msgdrop's documentation only. Every function is labelled BUG or OK before
// the check was first run on it.
package holdout2

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/IBM/sarama"
	"github.com/hibiken/asynq"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/segmentio/kafka-go"
)

type Payment struct {
	ID     string `json:"id"`
	Amount int64  `json:"amount"`
}

var (
	ErrRetryable        = errors.New("retryable")
	ErrAlreadyProcessed = errors.New("already processed")
)

type Ledger interface {
	Apply(ctx context.Context, p Payment) error
	MarkReceived(ctx context.Context, key []byte) error
	Handle(ctx context.Context, body []byte) error
}

type Worker struct {
	reader   *kafka.Reader
	dlq      *kafka.Writer
	ledger   Ledger
	producer sarama.SyncProducer
	seen     map[string]bool
}

// OK: constructor.
func NewWorker(l Ledger) *Worker {
	return &Worker{
		reader: kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"k:9092"}, GroupID: "ledger", Topic: "payments"}),
		ledger: l,
		seen:   map[string]bool{},
	}
}

// OK: decodes and applies; returns the error to its caller.
func (w *Worker) handle(ctx context.Context, m kafka.Message) error {
	var p Payment
	if err := json.Unmarshal(m.Value, &p); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return w.ledger.Apply(ctx, p)
}

// BUG: handling in a helper given the message; failure logged, offset
// committed.
func (w *Worker) Run(ctx context.Context) error {
	for {
		m, err := w.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := w.handle(ctx, m); err != nil {
			log.Printf("payment at offset %d: %v", m.Offset, err)
		}
		if err := w.reader.CommitMessages(ctx, m); err != nil { // want "offset committed after the message.s handling failed"
			return err
		}
	}
}

// BUG: retries exhausted, then the message is committed anyway (no DLQ).
// MISSED by faultline (the error variable herr is assigned in a retry loop and
// tested after it; the logged failure falls through to the commit).
func (w *Worker) RunWithRetries(ctx context.Context) error {
	for {
		m, err := w.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		var herr error
		for attempt := 0; attempt < 3; attempt++ {
			if herr = w.handle(ctx, m); herr == nil {
				break
			}
			time.Sleep(time.Duration(attempt+1) * 100 * time.Millisecond)
		}
		if herr != nil {
			log.Printf("giving up on %s: %v", m.Key, herr)
		}
		if err := w.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// BUG: batch commit; a failed message is appended to the batch anyway.
func (w *Worker) RunBatched(ctx context.Context) error {
	var batch []kafka.Message
	for {
		m, err := w.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := w.ledger.Handle(ctx, m.Value); err != nil { // want "next commit moves the offset past this message"
			log.Printf("handle: %v", err)
		}
		batch = append(batch, m)
		if len(batch) >= 100 {
			if err := w.reader.CommitMessages(ctx, batch...); err != nil { // want "offset committed after the message.s handling failed"
				return err
			}
			batch = batch[:0]
		}
	}
}

type paymentGroup struct {
	ledger Ledger
}

// OK: no message handled.
func (paymentGroup) Setup(sarama.ConsumerGroupSession) error { return nil }

// OK: no message handled.
func (paymentGroup) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// BUG: a switch on the error logs a retryable failure and marks the message.
func (g paymentGroup) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		err := g.ledger.Handle(sess.Context(), msg.Value)
		switch {
		case err == nil:
		case errors.Is(err, ErrRetryable):
			log.Printf("retryable failure at %d: %v", msg.Offset, err)
		default:
			log.Printf("failure at %d: %v", msg.Offset, err)
		}
		sess.MarkMessage(msg, "") // want "sarama offset marked after"
	}
	return nil
}

// BUG: sarama MarkOffset past a failed message.
func consumeMarkOffset(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim, l Ledger) error {
	for msg := range claim.Messages() {
		if err := l.Handle(sess.Context(), msg.Value); err != nil {
			log.Printf("handle: %v", err)
		}
		sess.MarkOffset(msg.Topic, msg.Partition, msg.Offset+1, "") // want "sarama offset marked after"
	}
	return nil
}

// BUG: NATS pull subscription; a failed message is acked.
func pullPayments(ctx context.Context, sub *nats.Subscription, l Ledger) error {
	for ctx.Err() == nil {
		msgs, err := sub.Fetch(10)
		if err != nil {
			continue
		}
		for _, m := range msgs {
			if err := l.Handle(ctx, m.Data); err != nil {
				log.Printf("payment %s: %v", m.Subject, err)
			}
			_ = m.AckSync() // want "NATS message acked after"
		}
	}
	return nil
}

// BUG: jetstream Messages iterator; DoubleAck after a failed apply.
func iteratePayments(ctx context.Context, cons jetstream.Consumer, l Ledger) error {
	it, err := cons.Messages()
	if err != nil {
		return err
	}
	defer it.Stop()
	for {
		m, err := it.Next()
		if err != nil {
			return err
		}
		var p Payment
		if err := json.Unmarshal(m.Data(), &p); err != nil {
			_ = m.Term()
			continue
		}
		if err := l.Apply(ctx, p); err != nil {
			log.Printf("apply %s: %v", p.ID, err)
		}
		if err := m.DoubleAck(ctx); err != nil { // want "NATS message acked after"
			log.Printf("ack: %v", err)
		}
	}
}

// BUG: the error is kept in a slice, and the delivery acked anyway.
func consumeCollectErrors(ctx context.Context, deliveries <-chan amqp.Delivery, l Ledger) []error {
	var errs []error
	for d := range deliveries {
		var p Payment
		if err := json.Unmarshal(d.Body, &p); err != nil {
			_ = d.Reject(false)
			continue
		}
		if err := l.Apply(ctx, p); err != nil {
			errs = append(errs, err)
		}
		_ = d.Ack(false) // want "AMQP delivery acked after"
	}
	return errs
}

// BUG: deferred closure acks on every return, failure included.
// MISSED by faultline (the handling error is returned directly, with no
// err != nil branch, so there is no failure branch for the deferred ack).
func handleDelivery(ctx context.Context, d amqp.Delivery, l Ledger) error {
	defer func() {
		if err := d.Ack(false); err != nil {
			log.Printf("ack: %v", err)
		}
	}()
	return l.Handle(ctx, d.Body)
}

// BUG: asynq handler registered as a closure; timeouts are swallowed.
func register(mux *asynq.ServeMux, l Ledger) {
	mux.HandleFunc("payment:apply", func(ctx context.Context, t *asynq.Task) error {
		var p Payment
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
		}
		if err := l.Apply(ctx, p); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				log.Printf("apply timed out: %v", err)
				return nil // want "asynq handler returns nil after"
			}
			return err
		}
		return nil
	})
}

// BUG: asynq handler that records a metric on failure and returns nil.
func HandleRefund(ctx context.Context, t *asynq.Task) error {
	err := ledger.Handle(ctx, t.Payload())
	if err != nil {
		failures++
		log.Printf("refund: %v", err)
	}
	return nil // want "asynq handler returns nil after"
}

var (
	ledger   Ledger
	failures int
)

// sendToDeadLetter is a package helper named for a dead letter.
// OK: publishes; acks nothing.
func (w *Worker) sendToDeadLetter(ctx context.Context, m kafka.Message, cause error) error {
	return w.dlq.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value, Headers: []kafka.Header{{Key: "error", Value: []byte(cause.Error())}}})
}

// OK: failures go to the dead-letter helper before the commit.
func (w *Worker) RunDLQ(ctx context.Context) error {
	for {
		m, err := w.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := w.handle(ctx, m); err != nil {
			if err := w.sendToDeadLetter(ctx, m, err); err != nil {
				return err
			}
		}
		if err := w.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// OK: the receipt marker is best effort; the real handling decides.
func (w *Worker) RunWithReceipt(ctx context.Context) error {
	for {
		m, err := w.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := w.ledger.MarkReceived(ctx, m.Key); err != nil {
			log.Printf("mark received: %v", err)
		}
		if err := w.handle(ctx, m); err != nil {
			return fmt.Errorf("handle %s: %w", m.Key, err)
		}
		if err := w.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// OK: idempotency filter commits skipped duplicates.
func (w *Worker) RunIdempotent(ctx context.Context) error {
	for {
		m, err := w.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if w.seen[string(m.Key)] {
			if err := w.reader.CommitMessages(ctx, m); err != nil {
				return err
			}
			continue
		}
		if err := w.handle(ctx, m); err != nil {
			return err
		}
		w.seen[string(m.Key)] = true
		if err := w.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// OK: a retry topic produced to before marking.
func (g paymentGroup) consumeWithRetryTopic(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim, p sarama.SyncProducer) error {
	for msg := range claim.Messages() {
		if err := g.ledger.Handle(sess.Context(), msg.Value); err != nil {
			if _, _, err := p.SendMessage(&sarama.ProducerMessage{Topic: "payments.retry", Value: sarama.ByteEncoder(msg.Value)}); err != nil {
				return err
			}
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

// OK: already-processed payments are a deliberate drop.
func (w *Worker) subscribe(nc *nats.Conn) error {
	_, err := nc.Subscribe("payments", func(m *nats.Msg) {
		err := w.ledger.Handle(context.Background(), m.Data)
		if err != nil && !errors.Is(err, ErrAlreadyProcessed) {
			_ = m.NakWithDelay(time.Second)
			return
		}
		_ = m.Ack()
	})
	return err
}

// OK: malformed payload rejected to the DLX, apply failure requeued.
func consumeAMQPSafe(ctx context.Context, deliveries <-chan amqp.Delivery, l Ledger) {
	for d := range deliveries {
		var p Payment
		if err := json.Unmarshal(d.Body, &p); err != nil {
			_ = d.Reject(false)
			continue
		}
		if err := l.Apply(ctx, p); err != nil {
			_ = d.Nack(false, true)
			continue
		}
		_ = d.Ack(false)
	}
}

// OK: asynq handler wrapping SkipRetry for a malformed payload, returning
// the apply error otherwise.
func HandleCharge(ctx context.Context, t *asynq.Task) error {
	var p Payment
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("malformed charge: %v: %w", err, asynq.SkipRetry)
	}
	if err := ledger.Apply(ctx, p); err != nil {
		return fmt.Errorf("apply charge %s: %w", p.ID, err)
	}
	return nil
}

// OK: jetstream consume with InProgress while working, Nak on failure.
func consumeLong(ctx context.Context, cons jetstream.Consumer, l Ledger) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(m jetstream.Msg) {
		_ = m.InProgress()
		if err := l.Handle(ctx, m.Data()); err != nil {
			_ = m.Nak()
			return
		}
		_ = m.Ack()
	})
}
