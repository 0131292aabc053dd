package plain

import (
	"net"
	"time"
)

type peer struct {
	addr string
	done chan bool
}

// Quiet: a reconnect loop on a fixed ticker that stops on the node's
// done channel (a bound) and retries a dial, whose every error is the peer
// not being back yet (no predicate needed).
func (p *peer) reconnect() net.Conn {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		if conn, err := net.DialTimeout("tcp", p.addr, time.Second); err == nil {
			return conn
		}
		select {
		case <-t.C:
		case <-p.done:
			return nil
		}
	}
}

// The done channel bounds it, but the wait doubles with no jitter.
func (p *peer) reconnectBackoff() net.Conn {
	delay := 100 * time.Millisecond
	for {
		if conn, err := net.DialTimeout("tcp", p.addr, time.Second); err == nil {
			return conn
		}
		select {
		case <-time.After(delay): // want `retry loop around net\.DialTimeout grows its wait \(delay \*= 2\) with no jitter; add full jitter`
		case <-p.done:
			return nil
		}
		delay *= 2
	}
}
