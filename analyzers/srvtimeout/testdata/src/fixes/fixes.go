package fixes

import (
	"log"
	"net"
	"net/http"
)

func multiLine(h http.Handler) {
	srv := &http.Server{
		Addr:    ":8080",
		Handler: h,
	}
	log.Fatal(srv.ListenAndServe()) // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

func oneLine(h http.Handler) {
	srv := http.Server{Addr: ":8080", Handler: h}
	log.Fatal(srv.ListenAndServe()) // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

func empty(l net.Listener) {
	log.Fatal((&http.Server{}).Serve(l)) // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

func zero(h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 0}
	log.Fatal(srv.ListenAndServe()) // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

func pkgLevel(addr string, h http.Handler, l net.Listener) {
	log.Fatal(http.ListenAndServe(addr, h))                      // want `srvtimeout: http.ListenAndServe serves`
	log.Fatal(http.ListenAndServe(":8080", nil))                 // want `srvtimeout: http.ListenAndServe serves`
	log.Fatal(http.ListenAndServeTLS(addr, "c.pem", "k.pem", h)) // want `srvtimeout: http.ListenAndServeTLS serves`
	log.Fatal(http.Serve(l, http.NotFoundHandler()))             // want `srvtimeout: http.Serve serves`
	log.Fatal(http.ServeTLS(l, nil, "c.pem", "k.pem"))           // want `srvtimeout: http.ServeTLS serves`
}

func twice(h http.Handler, plain, tls net.Listener) {
	srv := &http.Server{Handler: h}
	go srv.ServeTLS(tls, "c.pem", "k.pem") // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
	log.Fatal(srv.Serve(plain))            // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}
