package kafkanogroup

import (
	"context"
	"log"

	"github.com/segmentio/kafka-go"
)

func process(b []byte) error { return nil }

// Quiet: a partition reader without a GroupID commits nothing.
func readLoop(ctx context.Context) {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"k:9092"}, Topic: "t", Partition: 0})
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			break
		}
		if err := process(m.Value); err != nil {
			log.Printf("process: %v", err)
			continue
		}
	}
}
