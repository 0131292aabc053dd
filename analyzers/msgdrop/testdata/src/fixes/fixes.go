package fixes

import (
	"context"
	"encoding/json"
	"log"

	"github.com/hibiken/asynq"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp "github.com/rabbitmq/amqp091-go"
)

type Event struct{ ID string }

func handle(b []byte) error { return nil }

func natsAck(msg *nats.Msg) {
	if err := handle(msg.Data); err != nil {
		log.Println(err)
		msg.Ack() // want `NATS message acked after its handling failed`
		return
	}
	msg.Ack()
}

func natsAckSync(msg *nats.Msg) {
	var ev Event
	if err := json.Unmarshal(msg.Data, &ev); err != nil {
		log.Println(err)
		_ = msg.AckSync() // want `NATS message acked`
		return
	}
	msg.AckSync()
}

func jsAck(m jetstream.Msg) {
	if err := handle(m.Data()); err != nil {
		log.Println(err)
		m.Ack() // want `NATS message acked`
		return
	}
	m.Ack()
}

// No fix: the ack is shared with the success path.
func shared(m jetstream.Msg) {
	if err := handle(m.Data()); err != nil {
		log.Println(err)
	}
	m.Ack() // want `NATS message acked`
}

func amqpAck(ch *amqp.Channel, d amqp.Delivery) {
	if err := handle(d.Body); err != nil {
		log.Println(err)
		d.Ack(false) // want `AMQP delivery acked`
		return
	}
	if err := handle(d.Body); err != nil {
		log.Println(err)
		ch.Ack(d.DeliveryTag, false) // want `AMQP delivery acked`
		return
	}
	d.Ack(false)
}

func asynqReturn(ctx context.Context, t *asynq.Task) error {
	var ev Event
	if err := json.Unmarshal(t.Payload(), &ev); err != nil {
		log.Println(err)
		return nil // want `asynq handler returns nil`
	}
	err := handle(t.Payload())
	if err != nil {
		log.Println(err)
		return nil // want `asynq handler returns nil`
	}
	return nil
}

// No fix: err is shadowed at the return, or the return is shared.
func asynqShadow(ctx context.Context, t *asynq.Task) error {
	err := handle(t.Payload())
	if err != nil {
		log.Println(err)
		if err := ctx.Err(); err != nil {
			return nil // want `asynq handler returns nil`
		}
	}
	return nil // want `asynq handler returns nil`
}
