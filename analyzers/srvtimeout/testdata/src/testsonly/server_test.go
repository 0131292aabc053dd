package testsonly

import (
	"net/http"
	"testing"
)

func TestServe(t *testing.T) {
	srv := &http.Server{Addr: "127.0.0.1:0"}
	go srv.ListenAndServe()
	go http.ListenAndServe("127.0.0.1:0", nil)
}
