package sqlschema

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestScan(t *testing.T) {
	s := New()
	s.Scan(`CREATE TABLE IF NOT EXISTS owners (
  ownerHex TEXT NOT NULL UNIQUE PRIMARY KEY,
  email    TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL
);
CREATE TABLE reminders (user_id BIGINT, kind TEXT);
CREATE INDEX reminders_user ON reminders (user_id);
CREATE UNIQUE INDEX ON referral_codes (user_id, is_active) WHERE is_active = TRUE;
ALTER TABLE users ADD COLUMN encrypted_email TEXT, ADD COLUMN email_hash TEXT UNIQUE;
ALTER TABLE devices ADD CONSTRAINT devices_key UNIQUE (user_id, name);`)
	s.Scan(`INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT (message_id) DO NOTHING`)
	for _, tc := range []struct {
		table string
		cols  []string
		want  bool
	}{
		{"owners", []string{"ownerHex", "email", "name"}, true},
		{"owners", []string{"name"}, false},
		{"public.owners", []string{"email"}, true},
		{"reminders", []string{"user_id", "kind"}, false},
		{"referral_codes", []string{"user_id", "is_active", "code"}, true},
		{"referral_codes", []string{"user_id"}, false},
		{"users", []string{"email_hash"}, true},
		{"users", []string{"encrypted_email"}, false},
		{"devices", []string{"user_id", "name"}, true},
		{"inbox", []string{"message_id"}, true},
		{"unknown", []string{"id"}, false},
	} {
		if got := s.UniqueOn(tc.table, tc.cols); got != tc.want {
			t.Errorf("UniqueOn(%s, %v) = %v, want %v", tc.table, tc.cols, got, tc.want)
		}
	}
	if r := s.Table("reminders"); r == nil || !r.Declared || !r.Indexed["user_id"] {
		t.Errorf("reminders: %+v, want declared with an index on user_id", r)
	}
}

func TestModuleSQL(t *testing.T) {
	repo := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("api/go.mod", "module example.com/api\n")
	write("api/store/store.go", "package store\n")
	write("api/migrations/1.sql", "CREATE TABLE a (id INT);")
	write("api/vendor/x/2.sql", "CREATE TABLE vendored (id INT);")
	write("api/other/go.mod", "module example.com/other\n")
	write("api/other/3.sql", "CREATE TABLE other (id INT);")
	write("db/4.sql", "CREATE TABLE beside (id INT);")
	got := ModuleSQL(filepath.Join(repo, "api", "store"))
	if !slices.Equal(got, []string{"CREATE TABLE a (id INT);"}) {
		t.Errorf("without a repository root: %q", got)
	}
	// The parent is a repository root: its tree counts (a fresh directory,
	// since results are cached by module).
	repo2 := t.TempDir()
	for _, f := range []string{"api/go.mod", "api/x.go", "db/4.sql", "api/m/1.sql"} {
		p := filepath.Join(repo2, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("CREATE TABLE "+filepath.Base(filepath.Dir(f))+" (id INT);"), 0o644)
	}
	os.Mkdir(filepath.Join(repo2, ".git"), 0o755)
	got = ModuleSQL(filepath.Join(repo2, "api"))
	slices.Sort(got)
	if !slices.Equal(got, []string{"CREATE TABLE db (id INT);", "CREATE TABLE m (id INT);"}) {
		t.Errorf("with a repository root: %q", got)
	}
	if ModuleSQL(t.TempDir()) != nil {
		t.Errorf("no module: want nil")
	}
}
