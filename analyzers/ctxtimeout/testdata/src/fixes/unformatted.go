package fixes

import (
	"context"
	"io"
	"net/http"
)

// A file gofmt would change near the fixes: the fixes must leave it so.
type numbers[T interface{ ~int|~int64 }] []T

// fetchAll fetches:
//   - every URL
func fetchAll(ctx context.Context, urls numbers[int], u string) ([]byte, error) {
	resp, err := http.Get(u) // want `http\.Get uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

var  unformattedClient = &http.Client{} // want `this http\.Client has no Timeout`

func useClient(u string) { unformattedClient.Get(u) }
