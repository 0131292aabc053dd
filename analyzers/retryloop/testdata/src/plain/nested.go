package plain

import (
	"errors"
	"log"
	"net"
	"time"
)

func dialNested(addr string) (net.Conn, error) { return net.DialTimeout("tcp", addr, time.Second) }

func pingNested(c net.Conn) error { _, err := c.Write([]byte("x")); return err }

// Success is decided after a second operation, nested in the first's: every
// way to the sleep passes a failure.
func connectNested(addr string) net.Conn {
	for {
		c, err := dialNested(addr)
		if err == nil {
			err = pingNested(c)
			if err == nil {
				return c
			}
			c.Close()
		}
		log.Print(err)
		time.Sleep(2 * time.Second) // want `retry loop has no jitter, retries permanent errors, and has no attempt cap; add jitter`
	}
}

func connectNestedBounded(addr string) (net.Conn, error) {
	var last error
	for attempt := 1; attempt <= 10; attempt++ {
		c, err := dialNested(addr)
		if err == nil {
			if err = pingNested(c); err == nil {
				return c, nil
			}
			c.Close()
		}
		last = err
		time.Sleep(time.Duration(attempt) * time.Second) // want `retry loop around dialNested has no jitter and retries permanent errors`
	}
	return nil, errors.Join(last)
}

// Near miss: a poller. The sleep is also reached after a success whose
// answer is "not yet" (a status, not an error), so it is not only a retry
// wait.
func waitReadyNested(addr string) net.Conn {
	for {
		c, err := dialNested(addr)
		if err == nil {
			if ready, err := statusNested(c); err == nil && ready {
				return c
			} else if err == nil {
				log.Print("not ready")
			}
		}
		time.Sleep(2 * time.Second)
	}
}

func statusNested(c net.Conn) (bool, error) { return c != nil, nil }
