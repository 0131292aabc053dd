package sqlparse

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRealSQL(t *testing.T) {
	dir := os.Getenv("REALSQL")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		// sqlc: "-- name: X :one" precedes each query; sqlc.arg(x) / @x params
		for _, st := range ParseAll(string(b)) {
			fmt.Println(filepath.Base(f), "|", render(st))
		}
	}
	_ = strings.TrimSpace
}
