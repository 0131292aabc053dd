package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hookRepo snapshots this checkout (tracked and new files, as they are in
// the work tree) into a git repository tagged v0.0.0-e2e: what pre-commit
// clones as the hooks' repository.
func hookRepo(t *testing.T, env []string) (dir, rev string) {
	t.Helper()
	r := root(t)
	o := mustRun(t, r, nil, []int{0}, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	dir = filepath.Join(t.TempDir(), "faultline")
	n := 0
	for _, name := range strings.Split(strings.TrimRight(o.stdout, "\x00"), "\x00") {
		if name == "" || strings.HasPrefix(name, "testdata/") || strings.Contains(name, "/testdata/") {
			continue // fixtures: go install ./... does not need them
		}
		data, err := os.ReadFile(filepath.Join(r, name))
		if os.IsNotExist(err) {
			continue // deleted in the work tree
		} else if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, name, string(data))
		n++
	}
	if _, err := os.Stat(filepath.Join(dir, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatalf("the checkout has no .pre-commit-hooks.yaml (copied %d files)", n)
	}
	rev = "v0.0.0-e2e"
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "faultline snapshot"}, {"tag", rev}} {
		mustRun(t, dir, env, []int{0}, "git", args...)
	}
	return dir, rev
}

const appMod = "module example.com/app\n\ngo 1.22\n"

// appBad has one finding: a suppression that gives no reason.
const appBad = `package main

func main() {
	//faultline:ignore closeerr
	println("hello")
}
`

// appGood is appBad without the directive, which, with a reason, would
// still be reported: closeerr has nothing there for it to silence.
const appGood = `package main

func main() {
	println("hello")
}
`

// TestPreCommit installs faultline's hooks, from a tagged snapshot of this
// checkout, in a throwaway repository with the real pre-commit: a commit
// with a finding is blocked and the finding shown by both hooks; a clean
// commit passes; a commit without Go files skips the hooks; and args pick
// the checks.
func TestPreCommit(t *testing.T) {
	e2e(t)
	t.Parallel()
	precommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Fatalf("pre-commit is not installed: scripts/test.sh installs it (apt-get install pre-commit); FAULTLINE_E2E=0 skips the end-to-end tests")
	}
	gomodcache := strings.TrimSpace(mustRun(t, root(t), nil, []int{0}, "go", "env", "GOMODCACHE").stdout)
	env := []string{
		"GIT_AUTHOR_NAME=faultline e2e", "GIT_AUTHOR_EMAIL=e2e@faultline.invalid",
		"GIT_COMMITTER_NAME=faultline e2e", "GIT_COMMITTER_EMAIL=e2e@faultline.invalid",
		"GIT_CONFIG_COUNT=3",
		"GIT_CONFIG_KEY_0=init.defaultBranch", "GIT_CONFIG_VALUE_0=main",
		"GIT_CONFIG_KEY_1=commit.gpgsign", "GIT_CONFIG_VALUE_1=false",
		"GIT_CONFIG_KEY_2=tag.gpgsign", "GIT_CONFIG_VALUE_2=false",
		"PRE_COMMIT_HOME=" + filepath.Join(t.TempDir(), "pre-commit-cache"),
		// pre-commit gives go install a private GOPATH; share the module
		// cache so the hooks install from what is already downloaded.
		"GOMODCACHE=" + gomodcache,
		"GOWORK=off",
	}
	hooks, rev := hookRepo(t, env)

	app := filepath.Join(t.TempDir(), "app")
	config := func(faultlineArgs string) string {
		c := "repos:\n  - repo: " + hooks + "\n    rev: " + rev + "\n    hooks:\n      - id: faultline\n"
		if faultlineArgs != "" {
			return c + "        args: " + faultlineArgs + "\n"
		}
		return c + "      - id: faultline-vet\n"
	}
	writeFile(t, app, "go.mod", appMod)
	writeFile(t, app, "main.go", appBad)
	writeFile(t, app, ".pre-commit-config.yaml", config(""))
	mustRun(t, app, env, []int{0}, "git", "init", "-q")
	mustRun(t, app, env, []int{0}, precommit, "install")

	want := baseline(t, app)
	if len(want) == 0 {
		t.Fatal("faultline reports nothing on the bad commit")
	}
	commit := func(msg string) output {
		mustRun(t, app, env, []int{0}, "git", "add", "-A")
		return run(t, app, env, "git", "commit", "-m", msg)
	}
	head := func() string {
		return strings.TrimSpace(run(t, app, env, "git", "log", "-1", "--format=%s").stdout)
	}

	// A commit with a finding is blocked, the finding shown by each hook.
	o := commit("bad")
	if o.code == 0 {
		t.Fatalf("a commit with a finding went through:\n%s", o)
	}
	text := o.stdout + o.stderr
	for _, hook := range []string{"faultline", "faultline (go vet)"} {
		if !strings.Contains(text, hook+".") || !strings.Contains(text, "Failed") {
			t.Errorf("hook %q did not fail:\n%s", hook, text)
		}
	}
	for _, f := range want {
		if n := strings.Count(text, f.Message); n < 2 {
			t.Errorf("finding %q shown %d times, want once per hook:\n%s", f.Message, n, text)
		}
	}
	if h := head(); h == "bad" {
		t.Errorf("the bad commit was recorded")
	}

	// The clean commit passes.
	writeFile(t, app, "main.go", appGood)
	o = commit("good")
	if o.code != 0 || strings.Count(o.stdout+o.stderr, "Passed") < 2 {
		t.Fatalf("a clean commit was blocked or the hooks did not run:\n%s", o)
	}
	if h := head(); h != "good" {
		t.Errorf("last commit %q, want good", h)
	}

	// A commit without Go files does not run the hooks.
	writeFile(t, app, "README", "app\n")
	o = commit("docs")
	if o.code != 0 || !strings.Contains(o.stdout+o.stderr, "Skipped") {
		t.Errorf("a commit without Go files:\n%s", o)
	}

	// args pick the checks: with the finding's check off, the bad code
	// goes through.
	check := want[0].check()
	writeFile(t, app, ".pre-commit-config.yaml", config("[-"+check+"=false, ./...]"))
	writeFile(t, app, "main.go", appBad)
	o = commit("check off")
	if o.code != 0 || !strings.Contains(o.stdout+o.stderr, "Passed") {
		t.Errorf("with args [-%s=false, ./...], the commit was blocked:\n%s", check, o)
	}

	// With the faultline hook's own args (-new-from-rev=HEAD), only new
	// findings block: a commit that leaves main.go's committed finding
	// alone passes, and one that adds a finding is blocked by that one
	// alone. (The go vet hook reports every finding: go vet passes a tool
	// only its analyzers' flags.)
	writeFile(t, app, ".pre-commit-config.yaml", config("[-new-from-rev=HEAD, ./...]"))
	writeFile(t, app, "other.go", appOther)
	o = commit("old finding untouched")
	if o.code != 0 || !strings.Contains(o.stdout+o.stderr, "Passed") {
		t.Errorf("a commit that touches no finding was blocked by an old one:\n%s", o)
	}
	writeFile(t, app, "more.go", appMore)
	o = commit("new finding")
	text = o.stdout + o.stderr
	if o.code == 0 {
		t.Errorf("a commit adding a finding went through:\n%s", o)
	}
	if !strings.Contains(text, "more.go:4:") || strings.Contains(text, "main.go:") {
		t.Errorf("want the new finding (more.go:4) and not the old one (main.go):\n%s", text)
	}
}

// appOther is a clean file beside main.go.
const appOther = `package main

func helper() { println("helper") }
`

// appMore adds a finding of its own.
const appMore = `package main

func more() {
	//faultline:ignore retryloop
	println("more")
}
`
