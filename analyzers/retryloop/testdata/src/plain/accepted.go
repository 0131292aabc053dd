package plain

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// The gateway answers 202 on success: any other status is a failure, and
// this loop retries every one of them, 4xx too, in lock-step.
func sendSMS(hc *http.Client, endpoint, text string) error {
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			time.Sleep(time.Duration(attempt) * time.Second) // want `retry loop around hc\.Do has no jitter and retries 4xx responses`
		}
		req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(text))
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusAccepted {
			return nil
		}
		lastErr = fmt.Errorf("sms gateway: status %d", resp.StatusCode)
	}
	return lastErr
}

// Jittered, and a 4xx ends it: quiet.
func sendSMSRight(hc *http.Client, endpoint, text string) error {
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			time.Sleep(rand.N(time.Duration(attempt) * time.Second))
		}
		req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(text))
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusAccepted {
			return nil
		}
		if resp.StatusCode >= 400 && resp.StatusCode < 500 {
			return fmt.Errorf("sms gateway rejected the message: status %d", resp.StatusCode)
		}
		lastErr = fmt.Errorf("sms gateway: status %d", resp.StatusCode)
	}
	return lastErr
}
