package plain

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

const readyzInterval = time.Second

func checkReadyz(hc *http.Client, uri string) error {
	res, err := hc.Get(uri)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("unexpected status: %s", res.Status)
	}
	return nil
}

// A readiness wait (mailpit's readyz --wait): it probes at a fixed
// interval until the answer it waits for or a deadline. Quiet.
func waitReadyz(hc *http.Client, uri string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if err := checkReadyz(hc, uri); err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("timed out waiting for the server")
		}
		time.Sleep(readyzInterval)
	}
}

// The same deadline around a charge is a retry: a decline is retried with
// everything else.
func chargeUntil(hc *http.Client, uri string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		res, err := hc.Post(uri, "application/json", nil)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return errors.New("timed out charging")
		}
		time.Sleep(readyzInterval) // want `retry loop around hc\.Post`
	}
}
