package fixes

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
)

func get(ctx context.Context, u string) ([]byte, error) {
	resp, err := http.Get(u) // want `http\.Get uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", u, err)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func post(ctx context.Context, u string, body io.Reader) error {
	resp, err := http.Post(u, "application/json", body) // want `http\.Post uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func hook(w http.ResponseWriter, r *http.Request) {
	var resp *http.Response
	var err error
	resp, err = http.PostForm("http://hooks/x", url.Values{"id": {"1"}}) // want `http\.PostForm uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

func noCtxInScope(u string) error {
	resp, err := http.Get(u) // want `http\.Get uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func errNotChecked(ctx context.Context, u string) *http.Response {
	resp, _ := http.Get(u) // want `http\.Get uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
	return resp
}

var empty = &http.Client{} // want `this http\.Client has no Timeout`

var oneLine = &http.Client{Transport: &http.Transport{MaxIdleConns: 2}} // want `this http\.Client has no Timeout`

var multiLine = &http.Client{ // want `this http\.Client has no Timeout`
	Transport: http.DefaultTransport,
	CheckRedirect: func(req *http.Request, via []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

var viaNew = new(http.Client) // want `this http\.Client has no Timeout`

var zero = &http.Client{Timeout: 0} // want `this http\.Client has no Timeout`

func useClients(u string) {
	for _, c := range []*http.Client{} {
		_ = c
	}
	_, _ = empty.Get(u)
	_, _ = oneLine.Get(u)
	_, _ = multiLine.Get(u)
	_, _ = viaNew.Get(u)
	_, _ = zero.Get(u)
}

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net\.Dial has no timeout`
}

func dialTLS(addr string) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, &tls.Config{MinVersion: tls.VersionTLS12}) // want `tls\.Dial has no timeout`
}

func dialer(addr string) (net.Conn, error) {
	d := &net.Dialer{} // want `this net\.Dialer has no Timeout`
	return d.Dial("tcp", addr)
}

func verify(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodPost, "http://provider/verify", nil)
	if err != nil {
		return
	}
	resp, err := http.DefaultClient.Do(req) // want `http\.DefaultClient has no timeout and http\.DefaultClient\.Do sends a request with no context, so a slow server holds it forever; use a client with a Timeout`
	if err != nil {
		return
	}
	resp.Body.Close()
}
