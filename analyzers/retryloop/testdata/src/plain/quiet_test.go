package plain

import (
	"context"
	"time"
)

// Test helpers wait for eventual conditions: not a production retry. (The
// file imports no "testing", to keep the fixture cheap to load.)
func eventually(c *client) {
	d := 10 * time.Millisecond
	for {
		if err := c.charge(context.Background(), "x"); err == nil {
			return
		}
		time.Sleep(d)
		d *= 2
	}
}
