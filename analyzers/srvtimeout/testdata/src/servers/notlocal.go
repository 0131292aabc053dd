package servers

import (
	"fmt"
	"net"
	"net/http"
)

// Near misses of the local servers: reachable from elsewhere.

func allInterfaces(port int, h http.Handler) error {
	srv := &http.Server{Addr: fmt.Sprintf(":%d", port), Handler: h}
	return srv.ListenAndServe() // want `http\.Server started with no ReadHeaderTimeout or ReadTimeout`
}

func tcpListener(addr string, h http.Handler) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return http.Serve(l, h) // want `http\.Serve serves with no timeouts`
}
