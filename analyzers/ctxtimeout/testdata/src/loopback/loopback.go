// Package loopback: dials and requests to the local machine, by constant
// address, do not wait on a remote peer.
package loopback

import (
	"crypto/tls"
	"net"
	"net/http"
)

const sidecar = "127.0.0.1:15000"

// ---- quiet ----

func agent() (net.Conn, error) { return net.Dial("tcp", sidecar) }

func local() (net.Conn, error) { return net.Dial("tcp", "localhost:6379") }

func v6() (net.Conn, error) { return net.Dial("tcp6", "[::1]:8125") }

func health() error {
	resp, err := http.Get("http://localhost:8080/healthz")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func tlsLocal(cfg *tls.Config) (*tls.Conn, error) { return tls.Dial("tcp", "127.0.0.1:8443", cfg) }

// ---- reported ----

func remote() (net.Conn, error) {
	return net.Dial("tcp", "cache.internal:6379") // want `net\.Dial has no timeout`
}

func anyAddr(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net\.Dial has no timeout`
}

func allInterfaces() (net.Conn, error) {
	return net.Dial("tcp", "0.0.0.0:9000") // want `net\.Dial has no timeout`
}

func remoteGet() error {
	resp, err := http.Get("https://api.example.com/v1/status") // want `http\.Get uses http\.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
