package libs

import (
	"fmt"

	"github.com/cenkalti/backoff/v4"
)

// Issue 16, shape 4, for the libraries: the operation retries the error of
// a package helper that makes the HTTP call and maps every status >= 400
// to an error.

func getOK(hc *httpClient, url string) (*Response, error) {
	resp, err := hc.Get(url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		resp.Body.Close()
		return nil, fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	return resp, nil
}

func fetchViaHelper(hc *httpClient, url string) error {
	return backoff.Retry(func() error { // want `backoff\.Retry retries 4xx responses; mark permanent errors with backoff\.Permanent`
		resp, err := getOK(hc, url)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}, backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 3))
}

// Near miss: the operation marks the helper's errors permanent.
func fetchViaHelperPermanent(hc *httpClient, url string) error {
	return backoff.Retry(func() error {
		resp, err := getOK(hc, url)
		if err != nil {
			return backoff.Permanent(err)
		}
		return resp.Body.Close()
	}, backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 3))
}
