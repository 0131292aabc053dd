package amqppkg

import (
	"context"
	"encoding/json"
	"log"

	amqp "github.com/rabbitmq/amqp091-go"
)

type Job struct{ ID string }

func run(ctx context.Context, j Job) error { return nil }

func consume(ch *amqp.Channel, deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		var j Job
		if err := json.Unmarshal(d.Body, &j); err != nil {
			log.Printf("decode: %v", err)
			d.Ack(false) // want `AMQP delivery acked after its handling failed`
			continue
		}
		if err := run(context.Background(), j); err != nil {
			log.Printf("run: %v", err)
		}
		d.Ack(false) // want `AMQP delivery acked after its handling failed`
	}
}

func byTag(ch *amqp.Channel, deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		var j Job
		if err := json.Unmarshal(d.Body, &j); err != nil {
			log.Println(err)
			ch.Ack(d.DeliveryTag, false) // want `AMQP delivery acked`
			continue
		}
		ch.Ack(d.DeliveryTag, false)
	}
}

// Quiet: Nack with requeue, Reject to a dead-letter exchange, a retry
// publish, and the next delivery's ack.
func quiet(ctx context.Context, ch *amqp.Channel, deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		var j Job
		if err := json.Unmarshal(d.Body, &j); err != nil {
			d.Reject(false)
			continue
		}
		if err := run(ctx, j); err != nil {
			if d.Redelivered {
				ch.PublishWithContext(ctx, "", "jobs.retry", false, false, amqp.Publishing{Body: d.Body})
				d.Ack(false)
				continue
			}
			d.Nack(false, true)
			continue
		}
		d.Ack(false)
	}
}

func next(deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		if err := run(context.Background(), Job{ID: d.MessageId}); err != nil {
			log.Println(err)
			continue
		}
		d.Ack(false)
	}
}

// The error is not logged, but the branch acks: still a drop.
func silent(deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		if err := run(context.Background(), Job{ID: d.MessageId}); err != nil {
			log.Println("run failed")
			d.Ack(false) // want `AMQP delivery acked`
			continue
		}
		d.Ack(false)
	}
}

// Quiet: a failed lookup is "not cached yet", and the branch carries on.
func cached(deliveries <-chan amqp.Delivery, cache interface {
	Get(id string) (Job, error)
}) {
	for d := range deliveries {
		j, err := cache.Get(d.MessageId)
		if err != nil {
			j = Job{ID: d.MessageId}
		}
		log.Println("job", j.ID)
		d.Ack(false)
	}
}

// A deferred ack runs on the failure's return too.
func deferred(d amqp.Delivery) {
	defer d.Ack(false) // want `AMQP delivery acked by a deferred Ack even when its handling failed`
	var j Job
	if err := json.Unmarshal(d.Body, &j); err != nil {
		log.Println(err)
		return
	}
}

// Quiet: a deferred ack after the handling succeeded.
func deferredAfter(d amqp.Delivery) {
	var j Job
	if err := json.Unmarshal(d.Body, &j); err != nil {
		d.Nack(false, false)
		return
	}
	defer d.Ack(false)
	log.Println(j.ID)
}

// isPermanent reports the failures that can never succeed.
func isPermanent(err error) bool { return err != nil && err.Error() == "bad payload" }

func isTransient(err error) bool { return err != nil }

// Quiet: an ack under a predicate named for a deliberate drop; the other
// failures are rejected to the dead-letter exchange.
func consumePredicate(ctx context.Context, deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		if err := run(ctx, Job{ID: string(d.Body)}); err != nil {
			if isPermanent(err) {
				log.Printf("dropping: %v", err)
				d.Ack(false)
				continue
			}
			d.Reject(false)
			continue
		}
		d.Ack(false)
	}
}

// A predicate that names nothing to drop: the ack still loses the message.
func consumeTransient(ctx context.Context, deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		if err := run(ctx, Job{ID: string(d.Body)}); err != nil {
			if isTransient(err) {
				log.Printf("transient: %v", err)
			}
			d.Ack(false) // want `AMQP delivery acked after its handling failed`
			continue
		}
		d.Ack(false)
	}
}
