package prodhelpers

import "net/http"

func Avatar(u string) error {
	resp, err := http.Get(u) // want `http\.Get uses http\.DefaultClient, which has no timeout`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
