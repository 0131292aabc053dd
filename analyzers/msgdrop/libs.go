package msgdrop

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// Import paths of the libraries msgdrop knows.
const (
	kafkaPath     = "github.com/segmentio/kafka-go"
	saramaPath    = "github.com/IBM/sarama"
	saramaOldPath = "github.com/Shopify/sarama"
	natsPath      = "github.com/nats-io/nats.go"
	jsPath        = "github.com/nats-io/nats.go/jetstream"
	amqpPath      = "github.com/rabbitmq/amqp091-go"
	streadwayPath = "github.com/streadway/amqp"
	asynqPath     = "github.com/hibiken/asynq"
)

var libPaths = []string{kafkaPath, saramaPath, saramaOldPath, natsPath, jsPath, amqpPath, streadwayPath, asynqPath}

// lib is the broker library a message belongs to.
type lib int

const (
	noLib lib = iota
	kafkaGo
	sarama
	natsMsg
	jetstreamMsg
	amqpDelivery
	asynqTask
)

// msgLib reports which library's message type t is.
func msgLib(t types.Type) lib {
	switch {
	case typesx.IsNamed(t, kafkaPath, "Message"):
		return kafkaGo
	case typesx.IsPointerToNamed(t, saramaPath, "ConsumerMessage"),
		typesx.IsPointerToNamed(t, saramaOldPath, "ConsumerMessage"):
		return sarama
	case typesx.IsPointerToNamed(t, natsPath, "Msg"):
		return natsMsg
	case typesx.IsNamed(t, jsPath, "Msg"):
		return jetstreamMsg
	case typesx.IsNamed(t, amqpPath, "Delivery"), typesx.IsNamed(t, streadwayPath, "Delivery"):
		return amqpDelivery
	case typesx.IsPointerToNamed(t, asynqPath, "Task"):
		return asynqTask
	}
	return noLib
}

// callKind classifies a call for msgdrop.
type callKind int

const (
	otherCall   callKind = iota
	ackCall              // acknowledges or commits a message
	nackCall             // negatively acknowledges, terminates or rejects a message
	publishCall          // publishes or enqueues a message (a dead-letter or retry publish on an error path)
	receiveCall          // receives the next message
)

// classify says what a call to fn does, by the library's types.
func classify(fn *types.Func) callKind {
	if fn == nil {
		return otherCall
	}
	switch {
	case typesx.IsMethod(fn, kafkaPath, "Reader", "CommitMessages"),
		typesx.IsMethod(fn, saramaPath, "ConsumerGroupSession", "MarkMessage", "MarkOffset"),
		typesx.IsMethod(fn, saramaOldPath, "ConsumerGroupSession", "MarkMessage", "MarkOffset"),
		typesx.IsMethod(fn, natsPath, "Msg", "Ack", "AckSync"),
		typesx.IsMethod(fn, jsPath, "Msg", "Ack", "DoubleAck"),
		typesx.IsMethod(fn, amqpPath, "Delivery", "Ack"),
		typesx.IsMethod(fn, amqpPath, "Channel", "Ack"),
		typesx.IsMethod(fn, amqpPath, "Acknowledger", "Ack"),
		typesx.IsMethod(fn, streadwayPath, "Delivery", "Ack"),
		typesx.IsMethod(fn, streadwayPath, "Channel", "Ack"):
		return ackCall
	case typesx.IsMethod(fn, natsPath, "Msg", "Nak", "NakWithDelay", "Term"),
		typesx.IsMethod(fn, jsPath, "Msg", "Nak", "NakWithDelay", "Term", "TermWithReason"),
		typesx.IsMethod(fn, amqpPath, "Delivery", "Nack", "Reject"),
		typesx.IsMethod(fn, amqpPath, "Channel", "Nack", "Reject"),
		typesx.IsMethod(fn, amqpPath, "Acknowledger", "Nack", "Reject"),
		typesx.IsMethod(fn, streadwayPath, "Delivery", "Nack", "Reject"),
		typesx.IsMethod(fn, streadwayPath, "Channel", "Nack", "Reject"),
		typesx.IsMethod(fn, saramaPath, "ConsumerGroupSession", "ResetOffset"),
		typesx.IsMethod(fn, saramaOldPath, "ConsumerGroupSession", "ResetOffset"):
		return nackCall
	case typesx.IsMethod(fn, kafkaPath, "Writer", "WriteMessages"),
		typesx.IsMethod(fn, saramaPath, "SyncProducer", "SendMessage", "SendMessages"),
		typesx.IsMethod(fn, saramaOldPath, "SyncProducer", "SendMessage", "SendMessages"),
		typesx.IsMethod(fn, natsPath, "Conn", "Publish", "PublishMsg", "PublishRequest", "Request", "RequestMsg"),
		typesx.IsMethod(fn, natsPath, "JetStream", "Publish", "PublishMsg", "PublishAsync", "PublishMsgAsync"),
		typesx.IsMethod(fn, jsPath, "Publisher", "Publish", "PublishMsg", "PublishAsync", "PublishMsgAsync"),
		typesx.IsMethod(fn, amqpPath, "Channel", "Publish", "PublishWithContext", "PublishWithDeferredConfirm", "PublishWithDeferredConfirmWithContext"),
		typesx.IsMethod(fn, streadwayPath, "Channel", "Publish"),
		typesx.IsMethod(fn, asynqPath, "Client", "Enqueue", "EnqueueContext"):
		return publishCall
	case typesx.IsMethod(fn, kafkaPath, "Reader", "ReadMessage", "FetchMessage"),
		typesx.IsMethod(fn, natsPath, "Subscription", "NextMsg", "NextMsgWithContext", "Fetch"),
		typesx.IsMethod(fn, jsPath, "Consumer", "Next", "Fetch"),
		typesx.IsMethod(fn, jsPath, "MessagesContext", "Next"):
		return receiveCall
	}
	if fn.Pkg() != nil && isLibPath(fn.Pkg().Path()) {
		return otherCall
	}
	return byName(fn.Name())
}

func isLibPath(p string) bool {
	p = typesx.TrimVendor(p)
	for _, l := range libPaths {
		if p == l || strings.HasPrefix(p, l+"/") {
			return true
		}
	}
	return false
}

// byName classifies the application's own helpers and wrappers by name: a
// negative acknowledgement (nack, nak, reject), or a hand-off of the failed
// message (a dead-letter, retry, requeue or failure-recording helper, or a
// publish or enqueue).
func byName(name string) callKind {
	l := strings.ToLower(name)
	for _, p := range []string{"nack", "nak", "reject"} {
		if strings.HasPrefix(l, p) {
			return nackCall
		}
	}
	for _, s := range []string{"dlq", "deadletter", "dead_letter", "retry", "requeue", "redeliver", "reschedule",
		"quarantine", "poison", "fail", "republish"} {
		if strings.Contains(l, s) {
			return publishCall
		}
	}
	for _, p := range []string{"publish", "produce", "enqueue", "sendmessage", "writemessage"} {
		if strings.HasPrefix(l, p) {
			return publishCall
		}
	}
	return otherCall
}

// isHandlerSig reports whether sig is an asynq task handler's:
// func(context.Context, *asynq.Task) error.
func isHandlerSig(sig *types.Signature) bool {
	if sig == nil || sig.Params().Len() != 2 || sig.Results().Len() != 1 {
		return false
	}
	return typesx.IsContext(sig.Params().At(0).Type()) &&
		msgLib(sig.Params().At(1).Type()) == asynqTask &&
		typesx.IsError(sig.Results().At(0).Type())
}

// isErrorCtor reports calls that build errors rather than fail (fmt.Errorf,
// errors.New and the like).
func isErrorCtor(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch typesx.TrimVendor(fn.Pkg().Path()) {
	case "fmt", "errors", "github.com/pkg/errors":
		return true
	}
	return false
}

// skipWords mark an error sentinel or type a consumer tests for to drop the
// message on purpose: a duplicate, a message it does not handle, or one that
// can never succeed.
var skipWords = []string{"duplicate", "dup", "already", "exist", "seen", "processed", "skip", "ignore",
	"notfound", "invalid", "malformed", "poison", "permanent", "unrecoverable", "unsupported", "unknown",
	"badrequest", "validation", "norows", "discard", "nonretryable", "notretryable", "fatal"}

// isSkipTarget reports whether the errors.Is/As target e names a deliberate
// drop.
func isSkipTarget(e ast.Expr) bool {
	name := strings.ToLower(typesx.ExprName(e))
	if name == "" {
		return false
	}
	name = strings.ReplaceAll(name, "_", "")
	for _, w := range skipWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}
