// Package holdout is service code written from headerorder's documentation
// only, to measure its recall and precision. Every function is labelled BUG
// or OK before the check was first run on it.
package holdout

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type User struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

var errNotFound = errors.New("not found")

// OK: helper; writes nothing.
func loadUser(r *http.Request) (*User, error) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, errNotFound
	}
	return &User{ID: id}, nil
}

var pageTmpl = template.Must(template.New("page").Parse("<h1>{{.Name}}</h1>"))

// writeJSON sends the whole response.
// OK: helper that sends a whole response in the right order.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// setNoCache sets headers only.
// OK: helper that sets a header only.
func setNoCache(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}

// BUG: missing return after http.Error; the Content-Type set and the encode
// run after the error response on that path.
func GetUser(w http.ResponseWriter, r *http.Request) {
	u, err := loadUser(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
	}
	w.Header().Set("Content-Type", "application/json") // want ".Content-Type. is set after http.Error"
	_ = json.NewEncoder(w).Encode(u)
}

// BUG: header set after WriteHeader.
func CreateUser(w http.ResponseWriter, r *http.Request) {
	u := &User{ID: 1, Name: r.FormValue("name")}
	w.WriteHeader(http.StatusCreated)
	w.Header().Set("Location", "/users/"+strconv.Itoa(u.ID)) // want ".Location. is set after the response was sent"
	_ = json.NewEncoder(w).Encode(u)
}

// BUG: second WriteHeader after the status was sent.
func DeleteUser(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
	if r.URL.Query().Get("force") == "" {
		return
	}
	w.WriteHeader(http.StatusNoContent) // want "WriteHeader after the status was already sent"
}

// BUG: status after the body was written.
func Export(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "id,name\n")
	fmt.Fprintf(w, "1,alice\n")
	w.WriteHeader(http.StatusOK) // want "WriteHeader after the body was written"
}

// BUG: a cookie set after the body was written.
func LoginPage(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("welcome"))
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", HttpOnly: true}) // want "cookie is set after the response was sent"
}

// BUG: header set after a helper that already sent the response.
func Health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	setNoCache(w) // want "header setNoCache sets is set after"
}

// BUG: a loop writes on every pass; the header at the top of the next pass
// comes too late.
func StreamItems(w http.ResponseWriter, r *http.Request) {
	items := []string{"a", "b", "c"}
	for i, it := range items {
		w.Header().Set("X-Item-Index", strconv.Itoa(i)) // want ".X-Item-Index. is set on every pass"
		fmt.Fprintln(w, it)
	}
}

// BUG: template executed into w, http.Error appended to a half-written page.
func ProfilePage(w http.ResponseWriter, r *http.Request) {
	u, err := loadUser(r)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if err := pageTmpl.Execute(w, u); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want "http.Error after a failed Execute"
		return
	}
}

// BUG: gin handler with a second c.JSON after the first (missing return).
func GinGetUser(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "bad id"})
	}
	c.JSON(http.StatusOK, gin.H{"id": id}) // want "c.JSON after c.JSON already sent"
}

// BUG: gin header set after c.JSON wrote the response.
func GinList(c *gin.Context) {
	c.JSON(http.StatusOK, []string{"a"})
	c.Header("X-Total-Count", "1") // want ".X-Total-Count. is set after c.JSON"
}

// BUG: echo handler whose error response is followed by the success one on
// the same path (the error return value of c.JSON is dropped, no return).
func EchoGetUser(c echo.Context) error {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		_ = c.JSON(http.StatusBadRequest, echo.Map{"error": "bad id"})
	}
	return c.JSON(http.StatusOK, echo.Map{"id": id}) // want "c.JSON after c.JSON already sent"
}

// OK: returns after http.Error; headers before the write.
func GetUserSafe(w http.ResponseWriter, r *http.Request) {
	u, err := loadUser(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(u)
}

// OK: a switch where every case writes once and returns.
func UpdateUser(w http.ResponseWriter, r *http.Request) {
	u, err := loadUser(r)
	switch {
	case errors.Is(err, errNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	case err != nil:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	setNoCache(w)
	writeJSON(w, http.StatusOK, u)
}

// OK: writes on different branches.
func Ping(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusMethodNotAllowed)
	} else {
		w.Write([]byte("pong"))
	}
}

// OK: http.Error after a failed Encode (Encode marshals before it writes).
func ListUsers(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode([]User{{ID: 1}}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// OK: template rendered into a buffer, written only on success.
func ProfilePageSafe(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, &User{Name: "x"}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
}

// OK: trailers announced before the body and set after it.
func Checksum(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Trailer", "X-Checksum")
	w.Write([]byte("payload"))
	w.Header().Set("X-Checksum", "abc123")
}

// OK: 103 Early Hints leaves the header open.
func EarlyHints(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Link", "</style.css>; rel=preload; as=style")
	w.WriteHeader(http.StatusEarlyHints)
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("<html></html>"))
}

// OK: header late on some paths only (the response may still be open).
// FALSE POSITIVE: header "X-Mode" is set after w.Write sent the response, so it is
// silently dropped; set headers before the response is written.
// Label judged wrong on re-reading: the Set runs on every path after the
// Write, so whenever the early branch runs, X-Mode is certainly dropped (the
// missing-return shape); the want stays.
func MaybeLate(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("early") != "" {
		w.Write([]byte("early"))
	}
	w.Header().Set("X-Mode", "normal") // want ".X-Mode. is set after w.Write sent the response"
}

// OK: gin c.Status only records the status; the header after it is sent with
// the first write.
func GinNoContent(c *gin.Context) {
	c.Status(http.StatusNoContent)
	c.Header("X-Request-Id", "r1")
}

// OK: gin handler with return after the error response.
func GinGetUserSafe(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "bad id"})
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"id": id})
}

// OK: echo handler returning each response.
func EchoGetUserSafe(c echo.Context) error {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		return c.JSON(http.StatusBadRequest, echo.Map{"error": "bad id"})
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, echo.Map{"id": id})
}

// OK: the second write is guarded by asking the writer whether it wrote.
func GinRecover(c *gin.Context) {
	c.Next()
	if !c.Writer.Written() {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "no response"})
	}
}

// OK: loop sets the header before it and writes once per pass (no header in
// the loop).
func StreamItemsSafe(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	for _, it := range []string{"a", "b"} {
		fmt.Fprintln(w, it)
	}
}
