package outbound

import (
	"strings"
	"testing"
)

func TestSetsTimeout(t *testing.T) {
	for _, tc := range []struct {
		stmt      string
		ok, local bool
	}{
		{"SET LOCAL statement_timeout = '5s'", true, true},
		{"set local lock_timeout to '1s'", true, true},
		{"SET statement_timeout = 5000", true, false},
		{"SET SESSION statement_timeout TO '30s'; SELECT 1", true, false},
		{"  SET SESSION max_execution_time = 2000", true, false},
		{"SET LOCAL max_execution_time = 2000", true, false}, // MySQL: LOCAL is SESSION
		{"SET @@SESSION.max_execution_time=1000", true, false},
		{"SET statement_timeout = 0", false, false},
		{"SET statement_timeout = '0ms'", false, false},
		{"SET statement_timeout TO DEFAULT", false, false},
		{"SET statement_timeout = $1", false, false},
		{"SET search_path = app", false, false},
		{"SELECT set_config('x', 'statement_timeout', false)", false, false},
		{"UPDATE t SET statement_timeout = 5", false, false},
		{"SELECT set_config('statement_timeout', '5s', true)", true, true},
		{"select pg_catalog.set_config('statement_timeout', $1, false)", true, false},
		{"SELECT set_config('lock_timeout', ?, true)", true, true},
		{"SELECT set_config('statement_timeout', '0', true)", false, false},
		{"SELECT set_config('search_path', 'x', true)", false, false},
	} {
		ok, local := SetsTimeout(tc.stmt)
		if ok != tc.ok || local != tc.local {
			t.Errorf("SetsTimeout(%q) = %v, %v; want %v, %v", tc.stmt, ok, local, tc.ok, tc.local)
		}
	}
}

func TestDSNSetsTimeout(t *testing.T) {
	for _, tc := range []struct {
		dsn string
		ok  bool
	}{
		{"postgres://u@h/db?sslmode=disable&statement_timeout=5000", true},
		{"host=h user=u statement_timeout=5s", true},
		{"postgres://u@h/db?options=-c%20statement_timeout%3D5000", true},
		{"host=h options='-c statement_timeout=5000'", true},
		{"postgres://u@h/db?statement_timeout=0", false},
		{"postgres://u@h/db?idle_in_transaction_session_timeout=5000", false},
		{"postgres://u@h/db?sslmode=disable", false},
	} {
		if got := DSNSetsTimeout(tc.dsn); got != tc.ok {
			t.Errorf("DSNSetsTimeout(%q) = %v, want %v", tc.dsn, got, tc.ok)
		}
	}
}

func TestIsTestDouble(t *testing.T) {
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"net/http/httptest", true},
		{"github.com/caddyserver/caddy/v2/caddytest", true},
		{"example.com/app/internal/testutil", true},
		{"example.com/app/storage/storagetesting", true},
		{"example.com/app/fakes", true},
		{"example.com/app/mockdb", true},
		{"example.com/app/test-helpers", true},
		{"example.com/app/latest", false},
		{"example.com/app/contest", false},
		{"example.com/app/store", false},
		{"example.com/app/testimonials", false},
		{"go.woodpecker-ci.org/woodpecker/v3/server/forge/gitea/fixtures", true},
		{"example.com/app/testfixtures", true},
		{"example.com/app/fixturegen", false},
		{"github.com/pocketbase/pocketbase/tests", true},
		{"example.com/app/e2etests", true},
		{"github.com/0xERR0R/blocky/e2e", true},
		{"example.com/app/contests", false},
		{"example.com/app/e2eutil", false},
	} {
		name := tc.path[strings.LastIndexByte(tc.path, '/')+1:]
		name = strings.ReplaceAll(name, "-", "")
		if got := IsTestDouble(tc.path, name); got != tc.want {
			t.Errorf("IsTestDouble(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestLoopback(t *testing.T) {
	for _, tc := range []struct {
		s        string
		addr, in bool
	}{
		{"127.0.0.1:8080", true, false},
		{"localhost:6379", true, false},
		{"[::1]:443", true, false},
		{"db.internal:5432", false, false},
		{"http://localhost:8080/health", false, true},
		{"http://127.0.0.1/x", false, true},
		{"https://api.example.com/x", false, false},
	} {
		if got := IsLoopbackAddr(tc.s); got != tc.addr {
			t.Errorf("IsLoopbackAddr(%q) = %v", tc.s, got)
		}
		if got := IsLoopbackURL(tc.s); got != tc.in {
			t.Errorf("IsLoopbackURL(%q) = %v", tc.s, got)
		}
	}
}

func TestLoopbackURLPrefix(t *testing.T) {
	for _, tc := range []struct {
		prefix   string
		complete bool
		want     bool
	}{
		{"http://localhost:", false, true},
		{"https://127.0.0.1/healthz", true, true},
		{"http://[::1]:", false, true},
		{"http://user@localhost:8080", true, true},
		{"http://localhost", true, true},
		{"http://localhost", false, false}, // localhost.example.com may follow
		{"http://local", false, false},
		{"http://localhost.example.com:", false, false},
		{"localhost:8080", true, false}, // no scheme
		{"http://[::1", false, false},
		{"https://api.example.com/", true, false},
	} {
		if got := LoopbackURLPrefix(tc.prefix, tc.complete); got != tc.want {
			t.Errorf("LoopbackURLPrefix(%q, %v) = %v, want %v", tc.prefix, tc.complete, got, tc.want)
		}
	}
}
