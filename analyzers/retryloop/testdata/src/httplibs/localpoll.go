package httplibs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

var errNotHealthy = errors.New("not healthy")

// waitForHealth polls a server until it answers 200.
func waitForHealth(ctx context.Context, url string) error {
	deadline := time.Now().Add(30 * time.Second)
	d := 100 * time.Millisecond
	for time.Now().Before(deadline) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(d)
		d *= 2
	}
	return errNotHealthy
}

// Quiet: the only caller polls the child server it started on this
// machine: one client, no herd, and a 4xx while it starts is what the poll
// waits through.
func startChild(ctx context.Context, port int) error {
	healthURL := fmt.Sprintf("http://127.0.0.1:%d/health", port)
	return waitForHealth(ctx, healthURL)
}

// waitForRemote is the same poll, of a host elsewhere.
func waitForRemote(ctx context.Context, url string) error {
	deadline := time.Now().Add(30 * time.Second)
	d := 100 * time.Millisecond
	for time.Now().Before(deadline) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(d) // want `retry loop around http\.DefaultClient\.Do`
		d *= 2
	}
	return errNotHealthy
}

func joinCluster(ctx context.Context, host string) error {
	return waitForRemote(ctx, "https://"+host+"/health")
}
