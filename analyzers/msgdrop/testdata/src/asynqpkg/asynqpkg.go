package asynqpkg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/hibiken/asynq"
)

type EmailPayload struct{ To string }

type mailer struct{}

func (mailer) Send(ctx context.Context, to string) error { return nil }

var ErrAlreadySent = errors.New("already sent")

type EmailHandler struct{ m mailer }

func (h *EmailHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p EmailPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		log.Printf("decode: %v", err)
		return nil // want `asynq handler returns nil after the task's handling failed`
	}
	if err := h.m.Send(ctx, p.To); err != nil {
		log.Printf("send: %v", err)
	}
	return nil // want `asynq handler returns nil`
}

func register(mux *asynq.ServeMux, m mailer) {
	mux.HandleFunc("email:send", func(ctx context.Context, t *asynq.Task) error {
		var p EmailPayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return fmt.Errorf("decode: %v: %w", err, asynq.SkipRetry)
		}
		err := m.Send(ctx, p.To)
		if err != nil {
			log.Printf("send: %v", err)
			return nil // want `asynq handler returns nil`
		}
		return nil
	})
}

// Quiet: errors returned; a duplicate dropped on purpose.
func quiet(ctx context.Context, t *asynq.Task) error {
	var p EmailPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if err := (mailer{}).Send(ctx, p.To); err != nil {
		if errors.Is(err, ErrAlreadySent) {
			return nil
		}
		return err
	}
	return nil
}

// Quiet: re-enqueued elsewhere before returning nil.
func requeue(ctx context.Context, t *asynq.Task, c *asynq.Client) error {
	if err := (mailer{}).Send(ctx, string(t.Payload())); err != nil {
		c.Enqueue(asynq.NewTask("email:send:slow", t.Payload()))
		return nil
	}
	return nil
}

// Quiet: not a handler (no *asynq.Task parameter).
func notHandler(ctx context.Context, payload []byte) error {
	if err := (mailer{}).Send(ctx, string(payload)); err != nil {
		log.Println(err)
		return nil
	}
	return nil
}

var ErrUnsupportedSite = errors.New("unsupported site")

type store struct{}

type worker struct{ db store }

func (store) Owner(ctx context.Context, id string) (string, error)   { return "", nil }
func (store) CreateOwner(ctx context.Context, id string) error       { return nil }
func (store) SetStatus(ctx context.Context, id, status string) error { return nil }
func (store) Import(ctx context.Context, id string) error            { return nil }

// Quiet: a sentinel compared by hand names a deliberate drop.
func sentinel(ctx context.Context, t *asynq.Task) error {
	if err := (mailer{}).Send(ctx, string(t.Payload())); err != nil {
		if err == ErrUnsupportedSite {
			return nil
		}
		return err
	}
	return nil
}

// Quiet: a lookup's error taken for "not found, so create" is control flow.
func (w worker) getOrCreate(ctx context.Context, t *asynq.Task) error {
	db := w.db
	id := string(t.Payload())
	if _, err := db.Owner(ctx, id); err != nil {
		if err := db.CreateOwner(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// Quiet: a logged status update superseded by the real work, whose error
// is returned.
func (w worker) statusFirst(ctx context.Context, t *asynq.Task) error {
	db := w.db
	id := string(t.Payload())
	if err := db.SetStatus(ctx, id, "running"); err != nil {
		log.Printf("status: %v", err)
	}
	if err := db.Import(ctx, id); err != nil {
		return err
	}
	return nil
}

// The last step's failure is logged and the task reported done.
func (w worker) statusLast(ctx context.Context, t *asynq.Task) error {
	db := w.db
	id := string(t.Payload())
	if err := db.Import(ctx, id); err != nil {
		return err
	}
	if err := db.SetStatus(ctx, id, "done"); err != nil {
		log.Printf("status: %v", err)
	}
	return nil // want `asynq handler returns nil`
}
