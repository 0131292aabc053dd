// Package kafka is a signature-faithful stub of github.com/segmentio/kafka-go
// (v0.4.51) for analysistest fixtures. Bodies are trivial.
package kafka

import (
	"context"
	"time"
)

// Header is a key/value pair type representing headers set on records.
type Header struct {
	Key   string
	Value []byte
}

// Message is a data structure representing kafka messages.
type Message struct {
	Topic         string
	Partition     int
	Offset        int64
	HighWaterMark int64
	Key           []byte
	Value         []byte
	Headers       []Header
	WriterData    interface{}
	Time          time.Time
}

// ReaderConfig is a configuration object used to create new instances of
// Reader.
type ReaderConfig struct {
	Brokers     []string
	GroupID     string
	GroupTopics []string
	Topic       string
	Partition   int
	MinBytes    int
	MaxBytes    int
	MaxWait     time.Duration
}

// Reader provides a high-level API for consuming messages from kafka.
type Reader struct{ config ReaderConfig }

// NewReader creates and returns a new Reader configured with config.
func NewReader(config ReaderConfig) *Reader { return &Reader{config: config} }

// Close closes the stream.
func (r *Reader) Close() error { return nil }

// ReadMessage reads and return the next message from the r; with a GroupID
// it commits the message's offset.
func (r *Reader) ReadMessage(ctx context.Context) (Message, error) { return Message{}, nil }

// FetchMessage reads and return the next message from the r, without
// committing it.
func (r *Reader) FetchMessage(ctx context.Context) (Message, error) { return Message{}, nil }

// CommitMessages commits the list of messages passed as argument.
func (r *Reader) CommitMessages(ctx context.Context, msgs ...Message) error { return nil }

// Writer is a type that writes messages to a kafka cluster.
type Writer struct {
	Topic string
}

// WriteMessages writes a batch of messages to the kafka topic configured on
// this writer.
func (w *Writer) WriteMessages(ctx context.Context, msgs ...Message) error { return nil }

// Close flushes pending writes, and waits for all writes to complete.
func (w *Writer) Close() error { return nil }
