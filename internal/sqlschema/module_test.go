package sqlschema

import (
	"os"
	"path/filepath"
	"testing"
)

func TestModuleDeclaresSchema(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"sql file", map[string]string{"db/migrations/001.sql": "CREATE TABLE users (id bigint primary key, email text);"}, true},
		{"go string", map[string]string{"store/schema.go": "package store\n\nconst schema = `\ncreate table if not exists users (\n  id integer primary key\n);`\n"}, true},
		{"ent schema", map[string]string{"ent/schema/user.go": "package schema\n\nimport \"entgo.io/ent/schema/field\"\n\nvar _ = field.String\n"}, true},
		{"bun tags", map[string]string{"model.go": "package m\n\ntype User struct {\n\tEmail string `bun:\",unique\"`\n}\n"}, true},
		{"words in a comment", map[string]string{"store/store.go": "package store\n\n// The schema (no CREATE TABLE here) lives in another repository.\nfunc F() {}\n"}, false},
		{"only tests", map[string]string{"store/store_test.go": "package store\n\nconst s = `CREATE TABLE t (id int);`\n"}, false},
		{"nothing", map[string]string{"main.go": "package main\n\nfunc main() {}\n"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.26\n")
			for p, text := range c.files {
				write(t, filepath.Join(dir, p), text)
			}
			pkg := filepath.Join(dir, "pkg")
			if err := os.MkdirAll(pkg, 0o755); err != nil {
				t.Fatal(err)
			}
			if got := ModuleDeclaresSchema(pkg); got != c.want {
				t.Errorf("ModuleDeclaresSchema = %v, want %v", got, c.want)
			}
		})
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
