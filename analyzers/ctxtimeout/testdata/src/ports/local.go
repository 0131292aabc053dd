package ports

import (
	"context"
	"net/http"
)

// Registry has one implementation, here, handed out by its constructor: a
// call of Disconnect is a call of (*LocalRegistry).Disconnect, which keeps
// sessions in memory and waits on nothing.
type Registry interface {
	Disconnect(ctx context.Context, id string) error
	Notify(ctx context.Context, id string) error
}

type LocalRegistry struct {
	sessions map[string]bool
	hook     string
}

func NewLocalRegistry(hook string) Registry {
	return &LocalRegistry{sessions: map[string]bool{}, hook: hook}
}

func (r *LocalRegistry) Disconnect(_ context.Context, id string) error {
	delete(r.sessions, id)
	return nil
}

// Notify calls the hook with the context it is given.
func (r *LocalRegistry) Notify(ctx context.Context, id string) error { // want Notify:`ctx reaches \(\*http\.Client\)\.Do \(params 1\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.hook+"?id="+id, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type Matches struct{ reg Registry }

func (m *Matches) End(id string) error {
	if err := m.reg.Disconnect(context.Background(), id); err != nil { // quiet: in memory
		return err
	}
	return m.reg.Notify(context.Background(), id) // want `context\.Background\(\) carries no deadline into m\.reg\.Notify, which reaches \(\*http\.Client\)\.Do`
}
