package dial

import (
	"net/http"
	"context"
	"crypto/tls"
	"net"
	"time"
)

// ---- firing shapes ----

func plainDial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net\.Dial has no timeout: a host that does not answer holds it for minutes; use net\.DialTimeout or a net\.Dialer with a Timeout`
}

func dialNetworkVar(network, addr string) (net.Conn, error) {
	return net.Dial(network, addr) // want `net\.Dial has no timeout`
}

func tlsDial(addr string) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, &tls.Config{}) // want `tls\.Dial has no timeout.*tls\.DialWithDialer`
}

func zeroDialer(addr string) (net.Conn, error) {
	var d net.Dialer // want `this net\.Dialer has no Timeout and d\.Dial dials with no context, so a host that does not answer holds it for minutes; set Timeout`
	return d.Dial("tcp", addr)
}

func literalDialerBackground(addr string) (net.Conn, error) {
	d := &net.Dialer{KeepAlive: time.Minute} // want `this net\.Dialer has no Timeout and d\.DialContext dials with no deadline, so a host that does not answer holds it for minutes; set Timeout`
	return d.DialContext(context.Background(), "tcp", addr)
}

func tlsWithZeroDialer(addr string) (*tls.Conn, error) {
	return tls.DialWithDialer(&net.Dialer{}, "tcp", addr, nil) // want `this net\.Dialer has no Timeout and tls\.DialWithDialer dials with no context, so a host that does not answer holds it for minutes; set Timeout`
}

func tlsDialerNoNetDialer(addr string) (net.Conn, error) {
	d := &tls.Dialer{Config: &tls.Config{}} // want `this tls\.Dialer has no Timeout and d\.Dial dials with no context, so a host that does not answer holds it for minutes; set Timeout`
	return d.Dial("tcp", addr)
}

func dialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	return net.DialTCP("tcp", nil, raddr) // want `net\.DialTCP has no timeout`
}

// ---- near-misses ----

func dialTimeout(addr string) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, 5*time.Second)
}

func dialUnix(path string) (net.Conn, error) {
	return net.Dial("unix", path)
}

func dialUDP(addr string) (net.Conn, error) {
	return net.Dial("udp", addr)
}

func dialerWithTimeout(addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: 3 * time.Second}
	return d.Dial("tcp", addr)
}

func dialerWithDeadline(addr string) (net.Conn, error) {
	d := &net.Dialer{Deadline: time.Now().Add(time.Second)}
	return d.Dial("tcp", addr)
}

func zeroDialerCallerCtx(ctx context.Context, addr string) (net.Conn, error) { // want zeroDialerCallerCtx:`ctx reaches \(\*net\.Dialer\)\.DialContext`
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

func zeroDialerDeadlineCtx(addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

func dialerParam(d *net.Dialer, addr string) (net.Conn, error) {
	return d.Dial("tcp", addr)
}

func tlsDialerTimed(addr string) (net.Conn, error) {
	d := &tls.Dialer{NetDialer: &net.Dialer{Timeout: time.Second}}
	return d.Dial("tcp", addr)
}

func tlsWithTimedDialer(addr string) (*tls.Conn, error) {
	return tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", addr, nil)
}

func dialerTimeoutLater(addr string) (net.Conn, error) {
	var d net.Dialer
	d.Timeout = time.Second
	return d.Dial("tcp", addr)
}

func listen(addr string) (net.Listener, error) {
	return net.Listen("tcp", addr)
}

func dialLocalList(path string) (net.Conn, error) {
	networks := []string{"unixgram", "unix"}
	for _, network := range networks {
		if c, err := net.Dial(network, path); err == nil {
			return c, nil
		}
	}
	return nil, nil
}

func dialMixedList(addr string) (net.Conn, error) {
	for _, network := range []string{"unix", "tcp"} {
		if c, err := net.Dial(network, addr); err == nil { // want `net\.Dial has no timeout`
			return c, nil
		}
	}
	return nil, nil
}

type httpConfig struct{ Addr string }

type serverConfig struct {
	HTTP    httpConfig
	Upstream string
}

// Quiet: the process dials its own HTTP server, whose Addr this package
// listens on (openfga's playground): the listener answers or refuses at once.
func serveAndProbe(cfg serverConfig) (net.Conn, error) {
	srv := &http.Server{Addr: cfg.HTTP.Addr}
	go srv.ListenAndServe()
	return net.Dial("tcp", cfg.HTTP.Addr)
}

// Another address of the same config is a remote peer.
func dialUpstream(cfg serverConfig) (net.Conn, error) {
	return net.Dial("tcp", cfg.Upstream) // want `net\.Dial has no timeout`
}
