package payments

import (
	"encoding/json"
	"log"

	amqp "github.com/rabbitmq/amqp091-go"
)

type job struct{ ID string }

// Consume acks a delivery whose body failed to decode, so the job is lost
// (msgdrop, with a fix: d.Nack(false, true)).
func Consume(deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		var j job
		if err := json.Unmarshal(d.Body, &j); err != nil {
			log.Printf("decode: %v", err)
			d.Ack(false)
			continue
		}
		d.Ack(false)
	}
}

// ConsumeRequeue requeues the delivery it cannot decode: msgdrop stays
// quiet.
func ConsumeRequeue(deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		var j job
		if err := json.Unmarshal(d.Body, &j); err != nil {
			d.Nack(false, true)
			continue
		}
		d.Ack(false)
	}
}
