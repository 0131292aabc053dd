// Package amqp091 is a signature-faithful stub of
// github.com/rabbitmq/amqp091-go (v1.16.0) for analysistest fixtures.
// Bodies are trivial.
package amqp091

import (
	"context"
	"time"
)

// Table stores user supplied fields of the following types.
type Table map[string]any

// Acknowledger notifies the server of successful or failed consumption of
// deliveries via identifier found in the Delivery.DeliveryTag field.
type Acknowledger interface {
	Ack(tag uint64, multiple bool) error
	Nack(tag uint64, multiple, requeue bool) error
	Reject(tag uint64, requeue bool) error
}

// Delivery captures the fields for a previously delivered message resident
// in a queue to be delivered by the server to a consumer.
type Delivery struct {
	Acknowledger Acknowledger

	Headers Table

	ContentType     string
	ContentEncoding string
	DeliveryMode    uint8
	Priority        uint8
	CorrelationId   string
	ReplyTo         string
	Expiration      string
	MessageId       string
	Timestamp       time.Time
	Type            string
	UserId          string
	AppId           string

	ConsumerTag string

	MessageCount uint32

	DeliveryTag uint64
	Redelivered bool
	Exchange    string
	RoutingKey  string

	Body []byte
}

// Ack delegates an acknowledgement through the Acknowledger interface that
// the client or server has finished work on a delivery.
func (d Delivery) Ack(multiple bool) error { return nil }

// Reject delegates a negatively acknowledgement through the Acknowledger
// interface.
func (d Delivery) Reject(requeue bool) error { return nil }

// Nack negatively acknowledge the delivery of message(s) identified by the
// delivery tag from either the client or server.
func (d Delivery) Nack(multiple, requeue bool) error { return nil }

// Publishing captures the client message sent to the server.
type Publishing struct {
	Headers Table

	ContentType     string
	ContentEncoding string
	DeliveryMode    uint8
	Priority        uint8
	CorrelationId   string
	ReplyTo         string
	Expiration      string
	MessageId       string
	Timestamp       time.Time
	Type            string
	UserId          string
	AppId           string

	Body []byte
}

// Connection manages the serialization and deserialization of frames from
// IO and dispatches the frames to the appropriate channel.
type Connection struct{}

// Dial accepts a string in the AMQP URI format and returns a new Connection.
func Dial(url string) (*Connection, error) { return &Connection{}, nil }

// Channel opens a unique, concurrent server channel.
func (c *Connection) Channel() (*Channel, error) { return &Channel{}, nil }

// Channel represents an AMQP channel.
type Channel struct{}

// Close initiate a clean channel closure.
func (ch *Channel) Close() error { return nil }

// Consume immediately starts delivering queued messages.
func (ch *Channel) Consume(queue, consumer string, autoAck, exclusive, noLocal, noWait bool, args Table) (<-chan Delivery, error) {
	return nil, nil
}

// Publish sends a Publishing from the client to an exchange on the server.
func (ch *Channel) Publish(exchange, key string, mandatory, immediate bool, msg Publishing) error {
	return nil
}

// PublishWithContext sends a Publishing from the client to an exchange on
// the server.
func (ch *Channel) PublishWithContext(ctx context.Context, exchange, key string, mandatory, immediate bool, msg Publishing) error {
	return nil
}

// Ack acknowledges a delivery by its delivery tag.
func (ch *Channel) Ack(tag uint64, multiple bool) error { return nil }

// Nack negatively acknowledges a delivery by its delivery tag.
func (ch *Channel) Nack(tag uint64, multiple, requeue bool) error { return nil }

// Reject negatively acknowledges a delivery by its delivery tag.
func (ch *Channel) Reject(tag uint64, requeue bool) error { return nil }
