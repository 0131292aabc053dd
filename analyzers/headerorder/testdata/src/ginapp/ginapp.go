package ginapp

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func headerAfterJSON(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"ok": true})
	c.Header("X-Request-Id", "1") // want `header "X-Request-Id" is set after c.JSON sent the response, so it is silently dropped`
}

func writerHeaderAfterString(c *gin.Context) {
	c.String(http.StatusOK, "hi %s", "x")
	c.Writer.Header().Set("Cache-Control", "no-cache") // want `header "Cache-Control" is set after c.String sent the response`
}

func doubleResponse(c *gin.Context, err error) {
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
	}
	c.JSON(http.StatusOK, gin.H{"ok": true}) // want `c.JSON after c.JSON already sent the response: it is ignored or appended to it; return after c.JSON`
}

func abortThenJSON(c *gin.Context) {
	c.AbortWithStatus(http.StatusUnauthorized)
	c.JSON(http.StatusOK, gin.H{}) // want `c.JSON after c.AbortWithStatus already sent the response`
}

func cookieAfterData(c *gin.Context) {
	c.Data(http.StatusOK, "text/plain", []byte("x"))
	c.SetCookie("s", "v", 60, "/", "", true, true) // want `the cookie is set after c.Data sent the response`
}

// Quiet: gin's Status only records the code until the first write.
func statusThenHeader(c *gin.Context) {
	c.Status(http.StatusAccepted)
	c.Header("X-A", "1")
	c.Writer.WriteHeader(http.StatusCreated)
	c.Header("X-B", "2")
	c.JSON(http.StatusCreated, gin.H{})
}

// Quiet: the error branch returns.
func withReturn(c *gin.Context, err error) {
	if err != nil {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.Header("X-Ok", "1")
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func respond(c *gin.Context, v any) {
	c.JSON(http.StatusOK, v)
}

func helperThenHeader(c *gin.Context) {
	respond(c, 1)
	c.Header("X-Late", "1") // want `header "X-Late" is set after respond sent the response`
}

// Quiet: the code asks the writer whether it was written.
func recovery(c *gin.Context, err error) {
	c.JSON(http.StatusOK, gin.H{})
	if !c.Writer.Written() {
		c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
	}
}

func withID(c *gin.Context, f func(id uint)) { f(1) }

// A closure's writes to the context it captures.
func closureMissingReturn(c *gin.Context, err error) {
	withID(c, func(id uint) {
		if err != nil {
			c.AbortWithError(http.StatusNotFound, err)
		}
		c.JSON(http.StatusOK, gin.H{"id": id}) // want `c.JSON after c.AbortWithError already sent the response`
	})
}

// Quiet: the closure returns after the error.
func closureReturns(c *gin.Context, err error) {
	withID(c, func(id uint) {
		if err != nil {
			c.AbortWithError(http.StatusNotFound, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"id": id})
	})
}

func statusAfterJSON(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{})
	c.Status(http.StatusNoContent) // want `c.Status after c.JSON already sent the response`
}

func userID(c *gin.Context) uint { return 0 }

// Passing the context to a function that reads the request is not asking
// about the response.
func ownerCheck(c *gin.Context, owner uint, internal bool) {
	if owner == userID(c) {
		if internal {
			c.AbortWithError(http.StatusBadRequest, nil)
		}
		c.JSON(http.StatusOK, gin.H{}) // want `c.JSON after c.AbortWithError already sent the response`
	}
}

// Quiet: the code asks whether the handler chain was aborted.
func aborted(c *gin.Context, err error) {
	if err != nil {
		c.AbortWithError(http.StatusBadRequest, err)
	}
	if c.Writer.Written() {
		return
	}
	c.JSON(http.StatusOK, gin.H{})
}

// Quiet: the body went out with the implicit 200; gin ignores a status
// equal to the one sent.
func okAfterBody(c *gin.Context) {
	c.Writer.Write([]byte("var config = {};"))
	c.Status(http.StatusOK)
}

// Another status after the body: lost.
func createdAfterBody(c *gin.Context) {
	c.Writer.Write([]byte("var config = {};"))
	c.Status(http.StatusCreated) // want `c\.Status after the body was written is superfluous`
}
