package msgdrop

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the msgdrop check.
var Doc = &checkdoc.Doc{
	Name:  "msgdrop",
	Title: "queue consumers that lose a message when its handling fails",
	Why: `A broker redelivers a message until the consumer acknowledges it; that is the whole of its
delivery guarantee. A consumer that logs a handling failure and acknowledges the message
anyway (commits the Kafka offset, acks the NATS or AMQP message) or tells its framework the
task succeeded (an asynq handler returning nil) drops the event for good: no retry, no
dead-letter queue, no alert, and the queue looks healthy while thousands of events vanish
(a schema change upstream is enough).

msgdrop follows each message a consumer receives (a kafka-go Message, a sarama
*ConsumerMessage, a NATS *Msg or jetstream.Msg, an amqp091 Delivery, an asynq *Task) and the
values taken from it (its body, the payload decoded from it). A handling failure is a branch
on which the error of a call given the message or such a value is non-nil (err != nil,
errors.Is(err, X)). On a path from that branch on which nothing deals with the failure,
msgdrop reports: kafka-go CommitMessages of the message; sarama MarkMessage or MarkOffset of
it; NATS Ack or AckSync, jetstream Ack or DoubleAck; amqp091 Delivery.Ack or Channel.Ack of
its delivery tag; an ack deferred before the handling when the function returns from the
failure; return nil from an asynq handler (a func(context.Context, *asynq.Task) error); a
kafka-go FetchMessage loop or a sarama claim loop that moves on from a failure (continue) to
a message it then commits, since a Kafka offset commit covers every earlier message of the
partition and the failed one is never fetched again; and a kafka-go ReadMessage loop that
moves on, since ReadMessage with a GroupID has already committed the message that failed.`,
	Bad: `for {
	m, err := r.FetchMessage(ctx)
	if err != nil {
		return err
	}
	if err := handle(ctx, m.Value); err != nil {
		log.Printf("handle: %v", err)
	}
	if err := r.CommitMessages(ctx, m); err != nil {
		return err
	}
}

func (h *Handler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	if err := h.send(ctx, t.Payload()); err != nil {
		log.Printf("send: %v", err)
		return nil
	}
	return nil
}`,
	Good: `for {
	m, err := r.FetchMessage(ctx)
	if err != nil {
		return err
	}
	if err := handle(ctx, m.Value); err != nil {
		if err := dlq.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value}); err != nil {
			return err // not committed: redelivered after a restart
		}
	}
	if err := r.CommitMessages(ctx, m); err != nil {
		return err
	}
}

func (h *Handler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	if err := h.send(ctx, t.Payload()); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return nil
}`,
	Fix: `An asynq handler's return nil on the failure branch becomes return err, when the error
variable is in scope under that name, unassigned since the test, and the return runs only on
the failure branch. A NATS msg.Ack() or AckSync() that runs only on the failure branch becomes
msg.Nak(); an amqp091 d.Ack(false) becomes d.Nack(false, true) and ch.Ack(tag, false) becomes
ch.Nack(tag, false, true), which requeue the message. No fix is offered for an ack that the
success path shares (it must move, not change), for Kafka offsets (not committing is the fix,
and what to do instead, retry or dead-letter, is the author's choice) or for a deferred ack.`,
	Quiet: `A negative acknowledgement on the path (Nak, NakWithDelay, Term, TermWithReason, amqp Nack
or Reject with or without requeue, since Reject(false) routes to a dead-letter exchange when
one is configured, sarama ResetOffset); returning a non-nil error (asynq retries it; a wrapped
asynq.SkipRetry archives it), though keeping the error (errs = append(errs, err)) and acking
anyway is reported; a publish on the path (kafka-go Writer.WriteMessages, sarama SendMessage or a
send to AsyncProducer.Input(), NATS and JetStream Publish, amqp Publish, asynq Enqueue, and
the package's own helpers named for a dead letter, retry, requeue, failure or publish), and
package-local helpers given both the message and the error; errors.Is or errors.As tests, or
err == ErrX comparisons, whose target names a deliberate drop (a duplicate, already processed,
not found, invalid, malformed, permanent, unsupported), and predicates on the error named so
(isPermanentError(err), IsNonRetryable(err), isFatal(err)); an error branch that neither uses the
error nor leaves (if err != nil { owner = create() }: "not found, so create" is control flow);
a logged failure that falls through and is followed by a later handling step before the ack
or return (the later step is the one that decides; a status update that fails before the real
work is not the drop); branches that are not handling failures: a message
skipped by a filter or an idempotency flag, an error of receiving the message, of the
message's own accessors or of the ack itself; a ReadMessage loop when every kafka.ReaderConfig
in the package lacks a GroupID; a Kafka loop that commits nothing; the next message's ack after a
continue for NATS and AMQP, whose acks are per message; _test.go files and test-support packages (a name ending in test, tests, testutil or fixtures, e2e, fake… or mock…, or non-test files importing testify, ginkgo or testcontainers).`,
	FixLine: "`return err` in an asynq handler; `msg.Nak()` for a NATS ack, `d.Nack(false, true)` for an amqp091 ack on the failure branch",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "ack-after-failure", Title: "a message acknowledged (or its offset committed) after its handling failed",
			Why: `The broker forgets an acknowledged message, so a failure that is logged and then acked is a lost
message. Negatively acknowledge it (Nak, Nack with requeue), retry, or dead-letter it before the
ack.`},
		{Code: "deferred-ack", Title: "a message acknowledged by a deferred call, on failure too",
			Why: `defer msg.Ack() runs whether the handling succeeded or not. Ack after success and nack on
failure.`},
		{Code: "nil-after-failure", Title: "an asynq handler that returns nil after the task's handling failed",
			Why: `asynq retries a task only when its handler returns an error; nil marks it done. Return the error
(wrap asynq.SkipRetry to drop it on purpose).`},
		{Code: "commit-past-failure", Title: "a consumer loop whose next commit moves the offset past a failed message",
			Why: `Kafka offsets are positions: committing a later message commits every earlier one, so a failed
message that the loop skips is never redelivered. Retry or dead-letter it, or return.`},
		{Code: "read-commits", Title: "a kafka-go ReadMessage in a consumer group whose handling can fail",
			Why: `ReadMessage commits the offset before returning the message, so it is lost when its handling
fails. Use FetchMessage and CommitMessages after success.`},
	},
	Default: true,
}
