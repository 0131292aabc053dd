package kafkago

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/segmentio/kafka-go"
)

type Event struct{ ID string }

var ErrDuplicate = errors.New("duplicate event")

func handle(ctx context.Context, ev Event) error     { return nil }
func process(ctx context.Context, b []byte) error    { return nil }
func seen(id string) bool                            { return false }
func sendToDLQ(ctx context.Context, m kafka.Message) {}

func newReader() *kafka.Reader {
	return kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"k:9092"}, GroupID: "g", Topic: "t"})
}

// Logged and fallen through to the commit.
func fallThrough(ctx context.Context, r *kafka.Reader) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := process(ctx, m.Value); err != nil {
			log.Printf("process: %v", err)
		}
		if err := r.CommitMessages(ctx, m); err != nil { // want `kafka-go offset committed after the message's handling failed`
			return err
		}
	}
}

// A decode failure committed explicitly on the error branch.
func decodeCommit(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		var ev Event
		if err := json.Unmarshal(m.Value, &ev); err != nil {
			log.Printf("bad event: %v", err)
			r.CommitMessages(ctx, m) // want `kafka-go offset committed`
			continue
		}
		if err := handle(ctx, ev); err != nil {
			log.Println(err)
			_ = r.CommitMessages(ctx, m) // want `kafka-go offset committed`
			continue
		}
		r.CommitMessages(ctx, m)
	}
}

// ReadMessage with a GroupID has committed the message already.
func readLoop(ctx context.Context) {
	r := newReader()
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			break
		}
		if err := process(ctx, m.Value); err != nil { // want `kafka-go ReadMessage has committed this message`
			log.Printf("process: %v", err)
			continue
		}
	}
}

// Quiet: the failure returns before the commit.
func returnsErr(ctx context.Context, r *kafka.Reader) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := process(ctx, m.Value); err != nil {
			return fmt.Errorf("process %d: %w", m.Offset, err)
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// Quiet: dead-lettered before the commit.
func deadLetter(ctx context.Context, r *kafka.Reader, dlq *kafka.Writer) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := process(ctx, m.Value); err != nil {
			if err := dlq.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value}); err != nil {
				return err
			}
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}

// Quiet: a package helper named for the dead-letter queue.
func deadLetterHelper(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		if err := process(ctx, m.Value); err != nil {
			sendToDLQ(ctx, m)
		}
		r.CommitMessages(ctx, m)
	}
}

// Quiet: a bounded retry, then a dead letter.
func boundedRetry(ctx context.Context, r *kafka.Reader, dlq *kafka.Writer) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		for attempt := 0; attempt < 3; attempt++ {
			if err = process(ctx, m.Value); err == nil {
				break
			}
		}
		if err != nil {
			dlq.WriteMessages(ctx, m)
		}
		r.CommitMessages(ctx, m)
	}
}

// Quiet: a duplicate is skipped on purpose.
func duplicate(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		if err := process(ctx, m.Value); err != nil {
			if errors.Is(err, ErrDuplicate) {
				r.CommitMessages(ctx, m)
				continue
			}
			return
		}
		r.CommitMessages(ctx, m)
	}
}

// Quiet: filtered and idempotency-skipped messages are committed on purpose.
func filtered(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			log.Println(err)
			continue
		}
		if m.Topic != "orders" || seen(string(m.Key)) {
			r.CommitMessages(ctx, m)
			continue
		}
		if err := process(ctx, m.Value); err != nil {
			return
		}
		r.CommitMessages(ctx, m)
	}
}

// A continue after a failure: the next message's commit moves the group's
// offset past the failed one, which FetchMessage never returns again.
func nextCommit(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		if err := process(ctx, m.Value); err != nil { // want `kafka-go: the next commit moves the offset past this message`
			log.Println(err)
			continue
		}
		r.CommitMessages(ctx, m)
	}
}

// Quiet: the message is retried until it succeeds before the loop moves on.
func retryUntil(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		for {
			if err := process(ctx, m.Value); err == nil {
				break
			}
		}
		r.CommitMessages(ctx, m)
	}
}

// Quiet: a loop that commits nothing (a reader without a group).
func noCommit(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		if err := process(ctx, m.Value); err != nil {
			log.Println(err)
			continue
		}
	}
}

// Quiet: the commit's own error.
func commitErr(ctx context.Context, r *kafka.Reader) {
	m, _ := r.FetchMessage(ctx)
	if err := r.CommitMessages(ctx, m); err != nil {
		log.Println(err)
		r.CommitMessages(ctx, m)
	}
}

// The error is collected and returned, but the message is committed first.
func collect(ctx context.Context, r *kafka.Reader) error {
	var errs []error
	m, _ := r.FetchMessage(ctx)
	if err := process(ctx, m.Value); err != nil {
		errs = append(errs, err)
	}
	r.CommitMessages(ctx, m) // want `kafka-go offset committed`
	return errors.Join(errs...)
}
