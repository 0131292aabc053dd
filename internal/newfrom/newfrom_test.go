package newfrom

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// repo is a git repository in a temporary directory, isolated from the
// user's and the system's git configuration.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, "gitconfig"))
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_COUNT"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	r := &repo{t, t.TempDir()}
	r.git("init", "-q", "-b", "main")
	r.git("config", "user.name", "newfrom test")
	r.git("config", "user.email", "test@newfrom.invalid")
	r.git("config", "commit.gpgsign", "false")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (r *repo) write(name, text string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *repo) commit(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
}

// lines returns the lines of name (relative to the repository) that s
// keeps, among 1..max.
func lines(s *Set, name string, max int) []int {
	var out []int
	for l := 1; l <= max; l++ {
		if s.Keep(name, l) {
			out = append(out, l)
		}
	}
	return out
}

func numbered(n int, prefix string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(prefix + strings.Repeat("x", i) + "\n")
	}
	return b.String()
}

func expect(t *testing.T, s *Set, name string, max int, want ...int) {
	t.Helper()
	if got := lines(s, name, max); !slices.Equal(got, want) {
		t.Errorf("%s: new lines %v, want %v", filepath.Base(name), got, want)
	}
}

func TestFromRev(t *testing.T) {
	r := newRepo(t)
	r.write("a.go", numbered(10, "a"))
	r.write("keep.go", numbered(5, "k"))
	r.write("old.go", numbered(8, "o"))
	r.write("gone.go", numbered(3, "g"))
	r.write("crlf.go", "one\r\ntwo\r\nthree\r\n")
	r.write("nonl.go", "first\nlast")
	r.write(".gitignore", "ignored.go\n")
	r.commit("base")

	// Committed after the base: counts.
	r.write("a.go", strings.Replace(numbered(10, "a"), "axx\n", "axx changed\n", 1))
	r.commit("second")
	// Staged: counts.
	lines2 := strings.Split(numbered(10, "a"), "\n")
	lines2[1] = "axx changed"
	lines2 = slices.Insert(lines2, 5, "inserted staged")
	r.write("a.go", strings.Join(lines2, "\n"))
	r.git("add", "a.go")
	// Unstaged: counts too.
	lines2 = slices.Insert(lines2, 9, "inserted unstaged")
	r.write("a.go", strings.Join(lines2, "\n"))
	// A rename with one line changed: only that line.
	r.git("mv", "old.go", "new.go")
	r.write("new.go", strings.Replace(numbered(8, "o"), "oxxxx\n", "oxxxx edited\n", 1))
	// A deletion, a CRLF edit, an edit at a last line without newline.
	r.git("rm", "-q", "gone.go")
	r.write("crlf.go", "one\r\ntwo changed\r\nthree\r\n")
	r.write("nonl.go", "first\nlast\nadded")
	// Untracked: every line; ignored: none.
	r.write("sub/untracked.go", numbered(4, "u"))
	r.write("ignored.go", numbered(4, "i"))

	s, err := FromRev(r.dir, "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	p := func(name string) string { return filepath.Join(r.dir, name) }
	expect(t, s, p("a.go"), 12, 2, 6, 10)
	expect(t, s, p("keep.go"), 5)
	expect(t, s, p("new.go"), 8, 4)
	expect(t, s, p("old.go"), 8)
	expect(t, s, p("gone.go"), 3)
	expect(t, s, p("crlf.go"), 3, 2)
	expect(t, s, p("nonl.go"), 3, 2, 3) // "last" gained its newline, so git shows it changed
	expect(t, s, p("sub/untracked.go"), 4, 1, 2, 3, 4)
	expect(t, s, p("ignored.go"), 4)
	if s.Keep(p("sub/untracked.go"), 1000) != true {
		t.Error("an untracked file is new on every line")
	}

	// HEAD: the commit "second" is old now; the working tree's edits are new.
	s, err = FromRev(r.dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	expect(t, s, p("a.go"), 12, 6, 10)

	// From a subdirectory, names stay relative to the repository; a
	// relative name is taken from the current directory.
	s, err = FromRev(filepath.Join(r.dir, "sub"), "main~1")
	if err != nil {
		t.Fatal(err)
	}
	expect(t, s, p("a.go"), 12, 2, 6, 10)
	t.Chdir(filepath.Join(r.dir, "sub"))
	expect(t, s, "untracked.go", 2, 1, 2)
	expect(t, s, filepath.Join("..", "a.go"), 3, 2)

	// Files outside the repository have no new lines.
	outside := filepath.Join(t.TempDir(), "a.go")
	if err := os.WriteFile(outside, []byte(numbered(3, "a")), 0o644); err != nil {
		t.Fatal(err)
	}
	expect(t, s, outside, 3)
}

// The repository's configuration cannot change what is parsed.
func TestFromRevHostileConfig(t *testing.T) {
	r := newRepo(t)
	r.write("dir/a b.go", "ax\n\naxx\naxxx\n")
	r.write("dir/é.go", numbered(3, "e"))
	r.commit("base")
	for k, v := range map[string]string{
		"diff.noprefix": "true", "diff.mnemonicPrefix": "true", "color.ui": "always", "color.diff": "always",
		"diff.relative": "true", "core.quotePath": "false", "diff.renames": "false", "diff.context": "5",
		"diff.interHunkContext": "10", "diff.suppressBlankEmpty": "true", "diff.external": "false",
	} {
		r.git("config", k, v)
	}
	// Two one-line hunks that diff.interHunkContext merges around an empty
	// context line, which diff.suppressBlankEmpty writes without its space.
	r.write("dir/a b.go", "ay\n\naxx\naxxx changed\n")
	r.write("dir/é.go", "ex\nchanged\nexxx\n")
	t.Chdir(filepath.Join(r.dir, "dir"))
	s, err := FromRev(".", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	expect(t, s, filepath.Join(r.dir, "dir", "a b.go"), 4, 1, 4)
	expect(t, s, filepath.Join(r.dir, "dir", "é.go"), 3, 2)
}

// A symbolic link to the repository reaches the same files.
func TestFromRevSymlink(t *testing.T) {
	r := newRepo(t)
	r.write("a.go", numbered(3, "a"))
	r.commit("base")
	r.write("a.go", numbered(4, "a"))
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(r.dir, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	s, err := FromRev(link, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	expect(t, s, filepath.Join(link, "a.go"), 4, 4)
	expect(t, s, filepath.Join(r.dir, "a.go"), 4, 4)
}

// Before the first commit, HEAD is the empty tree: everything is new.
func TestFromRevUnbornHead(t *testing.T) {
	r := newRepo(t)
	r.write("staged.go", numbered(2, "s"))
	r.git("add", "staged.go")
	r.write("untracked.go", numbered(2, "u"))
	s, err := FromRev(r.dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	expect(t, s, filepath.Join(r.dir, "staged.go"), 2, 1, 2)
	expect(t, s, filepath.Join(r.dir, "untracked.go"), 2, 1, 2)
	// Another name is not a commit, and says so.
	if _, err := FromRev(r.dir, "main"); err == nil || !strings.Contains(err.Error(), `"main" is not a commit`) {
		t.Errorf("FromRev(main) before any commit: %v", err)
	}
}

func TestFromRevErrors(t *testing.T) {
	r := newRepo(t)
	r.write("a.go", "a\n")
	r.commit("base")
	for _, tc := range []struct{ dir, rev, want string }{
		{r.dir, "nosuch", `new-from-rev: "nosuch" is not a commit in `},
		{r.dir, "HEAD~5", `"HEAD~5" is not a commit`},
		{r.dir, "HEAD:a.go", `"HEAD:a.go" is not a commit`},
		{r.dir, "--output=/tmp/x", `"--output=/tmp/x" is not a revision`},
		{r.dir, "", `"" is not a revision`},
		{t.TempDir(), "HEAD", "new-from-rev: git rev-parse: fatal: not a git repository"},
		{filepath.Join(r.dir, "missing"), "HEAD", "new-from-rev: git: "},
	} {
		_, err := FromRev(tc.dir, tc.rev)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("FromRev(%s, %q) = %v, want one line with %q", tc.dir, tc.rev, err, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct {
		name  string
		patch string
		want  map[string][]int // file -> new lines among 1..20
	}{
		{"git, with context and two hunks", `diff --git a/x.go b/x.go
index 1111111..2222222 100644
--- a/x.go
+++ b/x.go
@@ -1,3 +1,4 @@ package x
 package x
+// added
 
 func f() {}
@@ -10 +11 @@ func g() {
--- not a header: a removed line
+++ not a header: an added line
`, map[string][]int{"x.go": {2, 11}}},
		{"diff -u with timestamps", "--- old/y.go\t2024-01-01 00:00:00.000000000 +0000\n+++ y.go\t2024-01-02 00:00:00.000000000 +0000\n@@ -1 +1,2 @@\n-a\n+b\n+c\n",
			map[string][]int{"y.go": {1, 2}}},
		{"CRLF patch and no-newline markers", "diff --git a/z.go b/z.go\r\n--- a/z.go\r\n+++ b/z.go\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n\\ No newline at end of file\r\n+b\r\n",
			map[string][]int{"z.go": {2}}},
		{"deletion only", "--- a/d.go\n+++ b/d.go\n@@ -3,2 +2,0 @@\n-x\n-y\n", map[string][]int{"d.go": nil}},
		{"deleted file", "diff --git a/e.go b/e.go\ndeleted file mode 100644\n--- a/e.go\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n", map[string][]int{"e.go": nil}},
		{"new file", "diff --git a/n.go b/n.go\nnew file mode 100644\n--- /dev/null\n+++ b/n.go\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n", map[string][]int{"n.go": {1, 2, 3}}},
		{"pure rename", "diff --git a/o.go b/p.go\nsimilarity index 100%\nrename from o.go\nrename to p.go\n", map[string][]int{"o.go": nil, "p.go": nil}},
		{"quoted name", "diff --git \"a/t\\303\\251st.go\" \"b/t\\303\\251st.go\"\n--- \"a/t\\303\\251st.go\"\n+++ \"b/t\\303\\251st.go\"\n@@ -1 +1 @@\n-a\n+b\n",
			map[string][]int{"tést.go": {1}}},
		{"empty context line", "--- a/q.go\n+++ b/q.go\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n", map[string][]int{"q.go": {3}}},
		{"a mail around the diff", "From abc\nSubject: [PATCH] x\n\n---\n r.go | 1 +\n\ndiff --git a/r.go b/r.go\n--- a/r.go\n+++ b/r.go\n@@ -0,0 +1 @@\n+x\n-- \n2.39.5\n",
			map[string][]int{"r.go": {1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(strings.NewReader(tc.patch), root)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tc.want {
				expect(t, s, filepath.Join(root, name), 20, want...)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ patch, want string }{
		{"@@ -1 +1 @@\n-a\n+b\n", "line 1: a hunk before any +++ file header"},
		{"--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-a\n+b\n", "the diff ends inside a hunk (0 removed and 1 added lines missing)"},
		{"--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n-a\nplain text\n", "line 5: the hunk ends early"},
		{"--- a/x\n+++ b/x\n@@ -a +1 @@\n", `line 3: bad hunk header "@@ -a +1 @@"`},
		{"--- a/x\n+++ b/x\n@@ -1 +1\n", "bad hunk header"},
		{"--- a/x\n+++ \"b/x\n", "line 2: unterminated quoted file name"},
		{"--- a/x\n+++ \n", "line 2: a file header without a file name"},
	} {
		_, err := Parse(strings.NewReader(tc.patch), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.patch, err, tc.want)
		}
	}
}

// A patch written by git diff names files from the repository's top level,
// wherever faultline runs in it.
func TestFromPatch(t *testing.T) {
	r := newRepo(t)
	r.write("pkg/a.go", numbered(3, "a"))
	r.commit("base")
	r.write("pkg/a.go", numbered(4, "a"))
	patch := filepath.Join(t.TempDir(), "change.patch")
	if err := os.WriteFile(patch, []byte(r.git("diff")), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := FromPatch(patch, filepath.Join(r.dir, "pkg"))
	if err != nil {
		t.Fatal(err)
	}
	expect(t, s, filepath.Join(r.dir, "pkg", "a.go"), 4, 4)

	// Outside a repository, names are relative to dir.
	plain := t.TempDir()
	if err := os.WriteFile(patch, []byte("--- a.go\n+++ a.go\n@@ -1 +1 @@\n-a\n+b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = FromPatch(patch, plain)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, s, filepath.Join(plain, "a.go"), 2, 1)

	if _, err := FromPatch(filepath.Join(plain, "missing.patch"), plain); err == nil || !strings.Contains(err.Error(), "new-from-patch: ") {
		t.Errorf("a missing patch: %v", err)
	}
	if err := os.WriteFile(patch, []byte("--- a.go\n+++ a.go\n@@ -1 +1 @@\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FromPatch(patch, plain); err == nil || !strings.Contains(err.Error(), "change.patch: the diff ends inside a hunk") {
		t.Errorf("a truncated patch: %v", err)
	}
}
