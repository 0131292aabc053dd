// Package ports: contexts given to the module's own interfaces, whose
// implementations live in packages this one does not import.
package ports

import (
	"context"
	"log/slog"
	"time"
)

type Shipment struct{ ID int64 }

// ShipmentStore is a repository port; postgres implements it elsewhere.
type ShipmentStore interface {
	ListUnassigned(ctx context.Context, depot int64) ([]Shipment, error)
	Close(ctx context.Context) error
}

// Pusher is a client port.
type Pusher interface {
	Send(ctx context.Context, driver int64, msg string) error
}

// Cache is a cache: not a dependency that waits on a remote peer.
type Cache interface {
	Get(ctx context.Context, key string) (string, bool)
}

// Alerter reports errors to a tracker (Sentry queues them).
type Alerter interface {
	SendAlert(ctx context.Context, err error)
}

// Events is a subscription port: its context is the subscription's life.
type Events interface {
	SubscribeToRuns(ctx context.Context) (<-chan string, error)
}

type Service struct {
	alerts    Alerter
	events    Events
	shipments ShipmentStore
	push      Pusher
	cache     Cache
	log       *slog.Logger
}

func (s *Service) Rebalance(depots []int64) {
	for _, d := range depots {
		backlog, err := s.shipments.ListUnassigned(context.Background(), d) // want `context\.Background\(\) carries no deadline into s\.shipments\.ListUnassigned, so the call can wait forever; derive a context with context\.WithTimeout for it`
		if err != nil {
			continue
		}
		s.log.Info("backlog", "n", len(backlog))
	}
}

func (s *Service) notifyAsync(driver int64) {
	go func() {
		_ = s.push.Send(context.TODO(), driver, "offer") // want `context\.TODO\(\) carries no deadline into s\.push\.Send, so the call can wait forever; derive a context with context\.WithTimeout for it`
	}()
}

// notifyWith is given its port as a parameter.
func notifyWith(p Pusher, driver int64) error {
	return p.Send(context.Background(), driver, "hello") // want `context\.Background\(\) carries no deadline into p\.Send`
}

// ---- near misses ----

// The caller's context: the caller owns the deadline.
func (s *Service) Offer(ctx context.Context, driver int64) error { // want Offer:`ctx reaches s\.push\.Send \(params 1\)`
	return s.push.Send(ctx, driver, "offer")
}

// A deadline of its own.
func (s *Service) RebalanceTimed(d int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _ = s.shipments.ListUnassigned(ctx, d)
}

// Cleanup gets a fresh context on purpose.
func (s *Service) Shutdown() error {
	return s.shipments.Close(context.Background())
}

// A cache lookup.
func (s *Service) Cached(key string) string {
	v, _ := s.cache.Get(context.Background(), key)
	return v
}

// Not an injected dependency: a value the function makes itself.
func local(make func() Pusher) error {
	p := make()
	_ = p
	var q Pusher = nil
	if q == nil {
		return nil
	}
	return q.Send(context.Background(), 1, "x")
}

// Alerting hands off; a subscription's context is its lifetime.
func (s *Service) Fail(err error) {
	s.alerts.SendAlert(context.Background(), err)
	if ch, err := s.events.SubscribeToRuns(context.Background()); err == nil {
		<-ch
	}
}

// Mailer is what a dependency container hands out.
type Mailer interface {
	Send(ctx context.Context, to string) error
}

// Container hands out dependencies: its getters read the context's values
// (a reload flag, a logger) and cannot fail, so they do not wait on a peer.
type Container interface {
	EmailClient(ctx context.Context) Mailer
	ForkWithLogger(ctx context.Context, l *slog.Logger) context.Context
}

type App struct{ dep Container }

// Quiet: getters that return no error do no I/O with the context.
func (a *App) Start() {
	m := a.dep.EmailClient(context.Background())
	_ = a.dep.ForkWithLogger(context.Background(), slog.Default())
	_ = m
}
