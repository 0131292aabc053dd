package saramapkg

import (
	"encoding/json"
	"log"

	"github.com/IBM/sarama"
)

type Order struct{ ID string }

type consumer struct {
	store    interface{ Save(o Order) error }
	producer sarama.SyncProducer
	async    sarama.AsyncProducer
}

func (c *consumer) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (c *consumer) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (c *consumer) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var o Order
		if err := json.Unmarshal(msg.Value, &o); err != nil {
			log.Printf("decode: %v", err)
			sess.MarkMessage(msg, "") // want `sarama offset marked after the message's handling failed`
			continue
		}
		if err := c.store.Save(o); err != nil {
			log.Printf("save: %v", err)
		}
		sess.MarkMessage(msg, "") // want `sarama offset marked`
	}
	return nil
}

type offsets struct{ c *consumer }

func (h offsets) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h offsets) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h offsets) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var o Order
		if err := json.Unmarshal(msg.Value, &o); err != nil {
			log.Print(err)
		}
		sess.MarkOffset(msg.Topic, msg.Partition, msg.Offset+1, "") // want `sarama offset marked`
	}
	return nil
}

type quiet struct{ c *consumer }

func (h quiet) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h quiet) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// Quiet: a failure returns (the session ends, the offset stays); a second
// failure is dead-lettered through the producer before the mark.
func (h quiet) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var o Order
		if err := json.Unmarshal(msg.Value, &o); err != nil {
			return err
		}
		if err := h.c.store.Save(o); err != nil {
			if _, _, err := h.c.producer.SendMessage(&sarama.ProducerMessage{Topic: "orders.dlq", Value: sarama.ByteEncoder(msg.Value)}); err != nil {
				return err
			}
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

type asyncDLQ struct{ c *consumer }

func (h asyncDLQ) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h asyncDLQ) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// Quiet: dead-lettered through an AsyncProducer's input channel.
func (h asyncDLQ) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var o Order
		if err := json.Unmarshal(msg.Value, &o); err != nil {
			h.c.async.Input() <- &sarama.ProducerMessage{Topic: "orders.dlq", Value: sarama.ByteEncoder(msg.Value)}
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

type skipper struct{ c *consumer }

func (h skipper) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h skipper) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// A failure skipped with continue: the next message's mark commits past it.
func (h skipper) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var o Order
		if err := json.Unmarshal(msg.Value, &o); err != nil { // want `sarama: the next MarkMessage moves the offset past this message`
			log.Printf("decode: %v", err)
			continue
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

type selecter struct{ c *consumer }

func (h selecter) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h selecter) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// The select form of the claim loop skips a failure the same way.
func (h selecter) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			var o Order
			if err := json.Unmarshal(msg.Value, &o); err != nil { // want `sarama: the next MarkMessage moves the offset past this message`
				log.Printf("decode: %v", err)
				continue
			}
			if err := h.c.store.Save(o); err != nil {
				return err
			}
			sess.MarkMessage(msg, "")
		case <-sess.Context().Done():
			return nil
		}
	}
}
