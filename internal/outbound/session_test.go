package outbound

import "testing"

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
