package grouped

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

func serve() {
	r := gin.New()
	srv := &http.Server{Addr: ":1", Handler: r}
	log.Fatal(srv.ListenAndServe()) // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}
