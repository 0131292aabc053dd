package plain

import (
	"context"
	"testing"
	"time"
)

// Tests wait for eventual conditions: not a production retry.
func TestEventually(t *testing.T) {
	c := &client{}
	d := 10 * time.Millisecond
	for {
		if err := c.charge(context.Background(), "x"); err == nil {
			return
		}
		time.Sleep(d)
		d *= 2
	}
}
