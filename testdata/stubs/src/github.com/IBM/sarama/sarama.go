// Package sarama is a signature-faithful stub of github.com/IBM/sarama
// (v1.61.1) for analysistest fixtures. Bodies are trivial.
package sarama

import (
	"context"
	"time"
)

// RecordHeader stores key and value for a record header.
type RecordHeader struct {
	Key   []byte
	Value []byte
}

// ConsumerMessage encapsulates a Kafka message returned by the consumer.
type ConsumerMessage struct {
	Headers        []*RecordHeader
	Timestamp      time.Time
	BlockTimestamp time.Time

	Key, Value []byte
	Topic      string
	Partition  int32
	Offset     int64
}

// ConsumerGroupSession represents a consumer group member session.
type ConsumerGroupSession interface {
	Claims() map[string][]int32
	MemberID() string
	GenerationID() int32
	MarkOffset(topic string, partition int32, offset int64, metadata string)
	Commit()
	ResetOffset(topic string, partition int32, offset int64, metadata string)
	MarkMessage(msg *ConsumerMessage, metadata string)
	Context() context.Context
}

// ConsumerGroupHandler instances are used to handle individual topic/partition
// claims.
type ConsumerGroupHandler interface {
	Setup(ConsumerGroupSession) error
	Cleanup(ConsumerGroupSession) error
	ConsumeClaim(ConsumerGroupSession, ConsumerGroupClaim) error
}

// ConsumerGroupClaim processes Kafka messages from a given topic and
// partition within a consumer group.
type ConsumerGroupClaim interface {
	Topic() string
	Partition() int32
	InitialOffset() int64
	HighWaterMarkOffset() int64
	Messages() <-chan *ConsumerMessage
}

// ConsumerGroup is responsible for dividing up processing of topics and
// partitions over a collection of processes.
type ConsumerGroup interface {
	Consume(ctx context.Context, topics []string, handler ConsumerGroupHandler) error
	Errors() <-chan error
	Close() error
}

// Encoder is a simple interface for any type that can be encoded as an array
// of bytes.
type Encoder interface {
	Encode() ([]byte, error)
	Length() int
}

// StringEncoder implements the Encoder interface for Go strings.
type StringEncoder string

// Encode returns s as bytes.
func (s StringEncoder) Encode() ([]byte, error) { return []byte(s), nil }

// Length returns the length of s.
func (s StringEncoder) Length() int { return len(s) }

// ByteEncoder implements the Encoder interface for Go byte slices.
type ByteEncoder []byte

// Encode returns b.
func (b ByteEncoder) Encode() ([]byte, error) { return b, nil }

// Length returns the length of b.
func (b ByteEncoder) Length() int { return len(b) }

// ProducerMessage is the collection of elements passed to the Producer in
// order to send a message.
type ProducerMessage struct {
	Topic     string
	Key       Encoder
	Value     Encoder
	Headers   []RecordHeader
	Metadata  any
	Offset    int64
	Partition int32
	Timestamp time.Time
}

// ProducerError is the type of error generated when the producer fails to
// deliver a message.
type ProducerError struct {
	Msg *ProducerMessage
	Err error
}

func (pe ProducerError) Error() string { return "" }

// SyncProducer publishes Kafka messages, blocking until they have been
// acknowledged (the transactional methods are omitted).
type SyncProducer interface {
	SendMessage(msg *ProducerMessage) (partition int32, offset int64, err error)
	SendMessages(msgs []*ProducerMessage) error
	Close() error
}

// AsyncProducer publishes Kafka messages using a non-blocking API (the
// transactional methods are omitted).
type AsyncProducer interface {
	AsyncClose()
	Close() error
	Input() chan<- *ProducerMessage
	Successes() <-chan *ProducerMessage
	Errors() <-chan *ProducerError
}
