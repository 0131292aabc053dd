package shopd

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ---------------------------------------------------------------------------
// The payment provider's HTTP API, written the way it ships on day one.

// ProviderClient captures and refunds payments at the provider.
type ProviderClient struct {
	baseURL string
	http    *http.Client
}

// NewProviderClient builds the client every checkout goes through. It has
// no Timeout: the day the provider stops answering, every checkout
// goroutine waits on it forever and the pool of connections runs dry.
func NewProviderClient(baseURL string) *ProviderClient {
	return &ProviderClient{baseURL: baseURL, http: &http.Client{}} // ctxtimeout: no Timeout, and Capture's request has no deadline
}

// Capture captures an authorised payment.
func (p *ProviderClient) Capture(paymentID string, amountCents int64) error {
	body := strings.NewReader(fmt.Sprintf(`{"amount":%d}`, amountCents))
	req, err := http.NewRequest(http.MethodPost, p.baseURL+"/v1/payments/"+paymentID+"/capture", body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.http.Do(req)
	if err != nil {
		return fmt.Errorf("capture %s: %w", paymentID, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("capture %s: provider said %s", paymentID, resp.Status)
	}
	return nil
}

// RefundStatus polls a refund with http.Get: http.DefaultClient, no
// timeout, and the caller's context is dropped on the floor.
func RefundStatus(ctx context.Context, baseURL, refundID string) (string, error) {
	resp, err := http.Get(baseURL + "/v1/refunds/" + refundID) // ctxtimeout: http.DefaultClient (the fix builds the request on ctx)
	if err != nil {
		return "", fmt.Errorf("refund %s: %w", refundID, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// ---------------------------------------------------------------------------
// The same client, written correctly: quiet.

// Provider is ProviderClient with a Timeout on the client and the caller's
// context on every request.
type Provider struct {
	baseURL string
	http    *http.Client
}

// NewProvider bounds every request at 30 seconds, whatever the caller's
// context says.
func NewProvider(baseURL string) *Provider {
	return &Provider{baseURL: baseURL, http: &http.Client{Timeout: 30 * time.Second}}
}

// Capture captures an authorised payment within the caller's deadline.
func (p *Provider) Capture(ctx context.Context, paymentID string, amountCents int64) error {
	body := strings.NewReader(fmt.Sprintf(`{"amount":%d}`, amountCents))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.baseURL+"/v1/payments/"+paymentID+"/capture", body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.http.Do(req)
	if err != nil {
		return fmt.Errorf("capture %s: %w", paymentID, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("capture %s: provider said %s", paymentID, resp.Status)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Settlement: a nightly job and a webhook handler that talk to Postgres.

// Settler reconciles captured payments with the provider's settlement file.
type Settler struct {
	conn *pgx.Conn
	db   *sql.DB
}

// MarkSettled runs from the nightly job with context.Background(): one
// stuck connection and the job never finishes (nor releases its locks).
func (s *Settler) MarkSettled(batchID string) (int64, error) {
	tag, err := s.conn.Exec(context.Background(), // ctxtimeout: no deadline (the fix adds a 30 s WithTimeout)
		`UPDATE payments SET settled_at = now() WHERE batch_id = $1 AND settled_at IS NULL`, batchID)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// MarkSettledBounded is MarkSettled with a deadline: quiet.
func (s *Settler) MarkSettledBounded(batchID string) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tag, err := s.conn.Exec(ctx,
		`UPDATE payments SET settled_at = now() WHERE batch_id = $1 AND settled_at IS NULL`, batchID)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// SettlementWebhook records the provider's settlement notice; the query
// cannot be cancelled, so a slow database holds the provider's webhook
// connection (and ours) until the provider gives up and retries.
func (s *Settler) SettlementWebhook(w http.ResponseWriter, r *http.Request) {
	batchID := r.URL.Query().Get("batch")
	if _, err := s.db.Exec(`INSERT INTO settlements (batch_id) VALUES ($1)`, batchID); err != nil { // ctxtimeout: the fix passes r.Context()
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// SettlementWebhookBounded is the same handler on the request's context,
// which the http.Server's timeouts bound: quiet.
func (s *Settler) SettlementWebhookBounded(w http.ResponseWriter, r *http.Request) {
	batchID := r.URL.Query().Get("batch")
	if _, err := s.db.ExecContext(r.Context(), `INSERT INTO settlements (batch_id) VALUES ($1)`, batchID); err != nil {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
