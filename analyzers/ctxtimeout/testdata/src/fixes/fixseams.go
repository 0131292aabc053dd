package fixes

import (
	"net/http"
)

type doer interface {
	Do(*http.Request) (*http.Response, error)
}

type billingAPI struct{ hc doer }

func newBillingAPI() *billingAPI {
	return &billingAPI{hc: &http.Client{}} // want `this http\.Client has no Timeout and b\.hc\.Do sends a request with no context`
}

func (b *billingAPI) ping(u string) error {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type Feed struct {
	*http.Client
}

func NewFeed() *Feed {
	return &Feed{Client: &http.Client{}} // want `this http\.Client has no Timeout and f\.Get sends with no context at all`
}

func (f *Feed) Fetch(u string) error {
	resp, err := f.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type mailer struct{ client *http.Client }

func newMailer(c *http.Client) *mailer {
	if c == nil {
		c = &http.Client{} // want `this http\.Client has no Timeout and m\.client\.Get sends with no context at all`
	}
	return &mailer{client: c}
}

func (m *mailer) send(u string) error {
	resp, err := m.client.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
