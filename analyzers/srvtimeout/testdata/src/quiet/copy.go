package quiet

import (
	"net/http"
	"time"
)

type router struct {
	srv   *http.Server
	leSrv *http.Server
}

// A second server copied from the configured one (gotosocial's LetsEncrypt
// listener): it has the same timeouts. Quiet.
func (r *router) startACME(h http.Handler) {
	r.srv = &http.Server{Addr: ":443", ReadHeaderTimeout: 30 * time.Second}
	r.leSrv = new(http.Server)
	*r.leSrv = *r.srv
	r.leSrv.Handler = h
	r.leSrv.Addr = ":80"
	go r.leSrv.ListenAndServe()
}
