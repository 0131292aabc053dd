//go:build go1.22

package plain

import (
	"errors"
	"fmt"
	"time"
)

// Issue 16, shape 4: the HTTP call and its non-2xx-to-error mapping live in
// a package helper; a loop that retries every error of the helper retries
// 4xx responses.

type apiClient struct {
	http *httpClient
	base string
}

// do maps every status >= 400 to an error.
func (c *apiClient) do(req *Request) (*Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	if resp.StatusCode >= 400 {
		resp.Body.Close()
		return nil, fmt.Errorf("api: %s: unexpected status %d", req.URL, resp.StatusCode)
	}
	return resp, nil
}

// getJSON passes do's error up, wrapped.
func (c *apiClient) getJSON(path string) error {
	resp, err := c.do(&Request{URL: c.base + path})
	if err != nil {
		return fmt.Errorf("get %s: %w", path, err)
	}
	return resp.Body.Close()
}

func (c *apiClient) fetchUser(id string) (*Response, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.do(&Request{URL: c.base + "/users/" + id})
		if err == nil {
			return resp, nil
		}
		lastErr = err
		time.Sleep(jittered(time.Second)) // want `retry loop around c\.do retries 4xx responses; return early on errors that cannot succeed`
	}
	return nil, lastErr
}

// Two helpers deep, with the wait at the top of the loop.
func (c *apiClient) refresh(path string) error {
	var err error
	for i := 0; i < 5; i++ {
		if i > 0 {
			time.Sleep(jittered(time.Duration(i) * time.Second)) // want `retry loop around c\.getJSON retries 4xx responses; return early on errors that cannot succeed`
		}
		if err = c.getJSON(path); err == nil {
			return nil
		}
	}
	return err
}

// Near miss: the helper puts the status in a typed error and the loop
// gives up on anything below 500.
type statusError struct{ Code int }

func (e *statusError) Error() string { return fmt.Sprintf("status %d", e.Code) }

func (c *apiClient) doTyped(req *Request) (*Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		resp.Body.Close()
		return nil, &statusError{Code: resp.StatusCode}
	}
	return resp, nil
}

func (c *apiClient) fetchTyped(id string) (*Response, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.doTyped(&Request{URL: c.base + "/users/" + id})
		if err == nil {
			return resp, nil
		}
		var se *statusError
		if errors.As(err, &se) && se.Code < 500 {
			return nil, err
		}
		lastErr = err
		time.Sleep(jittered(time.Second))
	}
	return nil, lastErr
}

// Near miss: the helper returns only transport errors; the caller sees
// the status.
func (c *apiClient) doRaw(req *Request) (*Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	return resp, nil
}

func (c *apiClient) fetchRaw(id string) (*Response, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.doRaw(&Request{URL: c.base + "/users/" + id})
		if err == nil {
			return resp, nil
		}
		lastErr = err
		time.Sleep(jittered(time.Second))
	}
	return nil, lastErr
}

// Near miss: the helper tells 5xx from 4xx itself (a sentinel for the
// retryable ones) and the loop checks the sentinel.
var errRetryable = errors.New("retryable")

func (c *apiClient) doClassified(req *Request) (*Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errRetryable, err)
	}
	if resp.StatusCode >= 500 {
		resp.Body.Close()
		return nil, errRetryable
	}
	if resp.StatusCode >= 400 {
		resp.Body.Close()
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp, nil
}

func (c *apiClient) fetchClassified(id string) (*Response, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.doClassified(&Request{URL: c.base + "/users/" + id})
		if err == nil {
			return resp, nil
		}
		if !errors.Is(err, errRetryable) {
			return nil, err
		}
		lastErr = err
		time.Sleep(jittered(time.Second))
	}
	return nil, lastErr
}

// Near miss: a wrapper that swallows do's error (logs it, returns its own
// error only on a decode problem) does not pass the 4xx up.
func (c *apiClient) tryGet(path string) error {
	resp, err := c.do(&Request{URL: c.base + path})
	if err != nil {
		logf("get %s: %v", path, err)
		return nil
	}
	if resp.Body == nil {
		return errors.New("empty body")
	}
	return nil
}

func (c *apiClient) pollGet(path string) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = c.tryGet(path); err == nil {
			return nil
		}
		time.Sleep(jittered(time.Second))
	}
	return err
}
