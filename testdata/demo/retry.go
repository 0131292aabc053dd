package shopd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// PaymentGateway is the card processor's client.
type PaymentGateway interface {
	Capture(ctx context.Context, paymentID string, amountCents int64) error
}

// ErrDeclined is the processor's answer for a card that will never be
// captured, however often we ask.
var ErrDeclined = errors.New("payment declined")

// CapturePayment retries a capture the way it was first written: the
// delay doubles with no jitter, a declined card is retried like a
// timeout, and nothing ever stops it. retryloop reports it.
func CapturePayment(ctx context.Context, gw PaymentGateway, paymentID string, amountCents int64) error {
	delay := 200 * time.Millisecond
	for {
		err := gw.Capture(ctx, paymentID, amountCents)
		if err == nil {
			return nil
		}
		time.Sleep(delay)
		delay *= 2
	}
}

// CapturePaymentSafely is the same retry done right: declines are
// final, attempts are capped, the wait is fully jittered and gives way
// to cancellation.
func CapturePaymentSafely(ctx context.Context, gw PaymentGateway, paymentID string, amountCents int64) error {
	delay := 200 * time.Millisecond
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = gw.Capture(ctx, paymentID, amountCents)
		if err == nil || !retryableCapture(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(rand.N(delay)):
		}
		delay = min(delay*2, 5*time.Second)
	}
	return fmt.Errorf("capture %s: giving up: %w", paymentID, err)
}

func retryableCapture(err error) bool {
	var ne net.Error
	return !errors.Is(err, ErrDeclined) && (errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded))
}

// DeliverWebhook posts an order event to a merchant's endpoint. The
// backoff was pinned for a test and left that way (RandomizationFactor 0),
// and a 404 or 410 from a merchant who removed the endpoint is retried
// for fifteen minutes like a 503. retryloop reports it.
func DeliverWebhook(ctx context.Context, hc *http.Client, url string, body []byte) error {
	b := backoff.NewExponentialBackOff()
	b.RandomizationFactor = 0
	return backoff.Retry(func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return backoff.Permanent(err)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("webhook %s: status %d", url, resp.StatusCode)
		}
		return nil
	}, backoff.WithContext(b, ctx))
}

// DeliverWebhookSafely keeps the library's jitter and gives up at once on
// a 4xx other than 408/429.
func DeliverWebhookSafely(ctx context.Context, hc *http.Client, url string, body []byte) error {
	return backoff.Retry(func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return backoff.Permanent(err)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		switch {
		case resp.StatusCode < 300:
			return nil
		case resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode == http.StatusRequestTimeout, resp.StatusCode >= 500:
			return fmt.Errorf("webhook %s: status %d", url, resp.StatusCode)
		default:
			return backoff.Permanent(fmt.Errorf("webhook %s: status %d", url, resp.StatusCode))
		}
	}, backoff.WithContext(backoff.NewExponentialBackOff(), ctx))
}
