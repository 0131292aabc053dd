package quiet

import (
	"fmt"
	"net"
	"net/http"
)

// Servers only local processes can reach: no slow remote clients.

func pprofLoopback() error {
	return http.ListenAndServe("localhost:6060", nil)
}

func callbackLoopback(port int, h http.Handler) error {
	srv := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", port), Handler: h}
	return srv.ListenAndServe()
}

type unixServer struct{ l net.Listener }

func (s *unixServer) start(path string, h http.Handler) error {
	var err error
	s.l, err = net.Listen("unix", path)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h}
	return srv.Serve(s.l)
}

func loopbackListener(h http.Handler) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	return http.Serve(l, h)
}
