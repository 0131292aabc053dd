package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// golangciVersion is the golangci-lint faultline's plugin is built into;
// its dependencies (x/tools, honnef.co/go/tools, plugin-module-register)
// are the versions faultline pins.
const golangciVersion = "v2.15.0"

const golangciModule = "github.com/golangci/golangci-lint/v2"

// golangciLint returns a golangci-lint v2.15.0 binary: the one
// scripts/test.sh installs in .tools, or one built from the module proxy.
func golangciLint(t *testing.T) string {
	t.Helper()
	tools := filepath.Join(root(t), ".tools", "golangci-lint")
	if o := run(t, root(t), nil, "sh", "-c", `"$0" version 2>&1`, tools); o.code == 0 &&
		strings.Contains(o.stdout, "version "+strings.TrimPrefix(golangciVersion, "v")+" ") {
		return tools
	}
	gobin := filepath.Join(t.TempDir(), "bin")
	mustRun(t, t.TempDir(), []string{"GOBIN=" + gobin, "GOWORK=off"}, []int{0},
		"go", "install", golangciModule+"/cmd/golangci-lint@"+golangciVersion)
	return filepath.Join(gobin, "golangci-lint")
}

var (
	customOnce sync.Once
	customBin  string
	customErr  string
)

// customGolangci builds, once per run, golangci-lint v2.15.0 with the
// faultline plugin from this checkout by `golangci-lint custom`, fed the
// repository's .custom-gcl.yml. custom clones golangci-lint from GitHub,
// which the tests cannot reach: golangci-lint's module, from the module
// cache, is committed and tagged in a local repository, and git's
// url.<base>.insteadOf, passed through GIT_CONFIG_COUNT, points the clone
// there.
func customGolangci(t *testing.T) string {
	t.Helper()
	customOnce.Do(func() {
		ok := false
		defer func() {
			if !ok && customErr == "" {
				customErr = "golangci-lint custom failed; see the log above"
			}
		}()
		base := golangciLint(t)
		tmp := filepath.Join(shared, "golangci")

		// golangci-lint's source, as the git repository custom clones.
		o := mustRun(t, shared, []string{"GOWORK=off", "GOFLAGS=-mod=mod"}, []int{0}, "go", "mod", "download", "-json", golangciModule+"@"+golangciVersion)
		var mod struct{ Dir string }
		if err := json.Unmarshal([]byte(o.stdout), &mod); err != nil || mod.Dir == "" {
			customErr = "go mod download: no directory in " + o.stdout
			return
		}
		src := filepath.Join(tmp, "golangci-lint.git")
		if err := os.CopyFS(src, os.DirFS(mod.Dir)); err != nil {
			customErr = err.Error()
			return
		}
		git := []string{"-c", "user.name=faultline e2e", "-c", "user.email=e2e@faultline.invalid", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}
		for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", golangciVersion}, {"tag", golangciVersion}} {
			mustRun(t, src, nil, []int{0}, "git", append(git, args...)...)
		}

		// The repository's .custom-gcl.yml, building from this checkout
		// into the test's directory.
		conf, err := os.ReadFile(filepath.Join(root(t), ".custom-gcl.yml"))
		if err != nil {
			customErr = err.Error()
			return
		}
		text := string(conf)
		for _, want := range []string{"\nversion: " + golangciVersion + "\n", "\n    path: .\n", "\ndestination: ./bin\n",
			"\n  - module: github.com/faultline-dev/faultline\n    import: github.com/faultline-dev/faultline/golangci\n"} {
			if !strings.Contains(text, want) {
				customErr = ".custom-gcl.yml lacks " + strings.TrimSpace(want)
				return
			}
		}
		work := filepath.Join(tmp, "work")
		text = strings.Replace(text, "\n    path: .\n", "\n    path: "+root(t)+"\n", 1)
		text = strings.Replace(text, "\ndestination: ./bin\n", "\ndestination: "+filepath.Join(tmp, "bin")+"\n", 1)
		writeFile(t, work, ".custom-gcl.yml", text)
		env := []string{
			"GOWORK=off",
			"GIT_CONFIG_COUNT=1",
			"GIT_CONFIG_KEY_0=url.file://" + src + ".insteadOf",
			"GIT_CONFIG_VALUE_0=https://github.com/golangci/golangci-lint.git",
		}
		o = run(t, work, env, base, "custom", "-v")
		if o.code != 0 {
			customErr = "golangci-lint custom: " + o.String()
			return
		}
		customBin = filepath.Join(tmp, "bin", "custom-gcl")
		o = mustRun(t, work, nil, []int{0}, customBin, "version")
		if !strings.Contains(o.stdout+o.stderr, strings.TrimPrefix(golangciVersion, "v")) {
			customErr = "custom-gcl version: " + o.String()
			return
		}
		ok = true
	})
	if customErr != "" {
		t.Fatal(customErr)
	}
	return customBin
}

// golangciRun runs the custom golangci-lint in dir with a configuration
// and returns faultline's findings from its JSON output, checking that
// every issue comes from the faultline linter.
func golangciRun(t *testing.T, dir, config string, extra ...string) []finding {
	t.Helper()
	// --allow-parallel-runners: the e2e tests run golangci-lint in parallel
	// (each with its own cache); without it a second run exits with
	// "parallel golangci-lint is running".
	args := append([]string{"run", "--allow-parallel-runners", "-c", config, "--output.json.path=stdout", "--show-stats=false", "--path-mode=abs",
		"--max-issues-per-linter=0", "--max-same-issues=0", "--uniq-by-line=false"}, extra...)
	args = append(args, "./...")
	o := mustRun(t, dir, []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}, []int{0, 1}, customGolangci(t), args...)
	var out struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil {
		t.Fatalf("golangci-lint wrote bad JSON: %v\n%s", err, o)
	}
	if (o.code == 1) != (len(out.Issues) > 0) {
		t.Errorf("golangci-lint exit %d with %d issues", o.code, len(out.Issues))
	}
	var fs []finding
	for _, is := range out.Issues {
		if is.FromLinter != "faultline" {
			t.Errorf("issue from linter %q, want faultline: %s", is.FromLinter, is.Text)
		}
		fs = append(fs, finding{relTo(t, is.Pos.Filename, dir), is.Pos.Line, is.Pos.Column, is.Text, 0})
	}
	return sortFindings(fs)
}

// pluginConfig returns the repository's .golangci-plugin.yml with edits
// applied (old -> new, each of which must apply), written to a file.
func pluginConfig(t *testing.T, edits ...string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), ".golangci-plugin.yml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf(".golangci-plugin.yml lacks %q", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	path := filepath.Join(t.TempDir(), "golangci.yml")
	writeFile(t, filepath.Dir(path), filepath.Base(path), text)
	return path
}

// inLegacy reports whether a fixture finding lies in the function Legacy,
// which //nolint:faultline covers for golangci-lint.
func inLegacy(t *testing.T, dir string, f finding) bool {
	data, err := os.ReadFile(filepath.Join(dir, f.File))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i := f.Line - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "func ") {
			return strings.HasPrefix(lines[i], "func Legacy(")
		}
	}
	return false
}

// TestGolangci builds golangci-lint v2.15.0 with the plugin and runs it,
// configured by the repository's .golangci-plugin.yml, over the fixture
// and the demo: it must report faultline's findings (bar those its own
// //nolint:faultline covers), keep a disabled check quiet, reject an
// unknown setting by name, and apply faultline's fixes with --fix.
func TestGolangci(t *testing.T) {
	e2e(t)
	t.Parallel()
	customGolangci(t)
	config := filepath.Join(root(t), ".golangci-plugin.yml")

	for _, m := range []module{fixture(t), demo(t), xservice(t)} {
		t.Run(m.name, func(t *testing.T) {
			want := baseline(t, m.dir)
			var silenced int
			want = slices.DeleteFunc(want, func(f finding) bool {
				if m.name == "fixture" && inLegacy(t, m.dir, f) {
					silenced++
					return true
				}
				return false
			})
			if m.name == "fixture" && silenced == 0 {
				t.Errorf("the fixture's Legacy function has no finding for //nolint:faultline to silence")
			}
			got := golangciRun(t, m.dir, config)
			sameFindings(t, "golangci-lint findings", got, want)
			t.Logf("%s: findings per check: %v", m.name, countByCheck(got))

			// The check with the most findings, turned off, stays quiet;
			// the others report as before.
			if len(want) > 0 {
				counts := countByCheck(want)
				check := want[0].check()
				for c, n := range counts {
					if n > counts[check] || n == counts[check] && c < check {
						check = c
					}
				}
				section := "\n          " + check + ":\n            enabled: true\n"
				off := golangciRun(t, m.dir, pluginConfig(t, section, "\n          "+check+":\n            enabled: false\n"))
				var rest []finding
				for _, f := range want {
					if f.check() != check {
						rest = append(rest, f)
					}
				}
				sameFindings(t, "golangci-lint findings with "+check+" disabled", off, rest)
			}

			// --fix applies what faultline -fix applies.
			dir := copyModule(t, m.dir)
			golangciRun(t, dir, config, "--fix")
			checkFixed(t, "golangci-lint --fix", m, goFiles(t, dir))
		})
	}

	t.Run("unknown setting", func(t *testing.T) {
		bad := pluginConfig(t, "        settings:\n", "        settings:\n          selectinsrt: true\n")
		o := mustRun(t, fixture(t).dir, []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}, []int{3},
			customGolangci(t), "run", "--allow-parallel-runners", "-c", bad, "./...")
		if !strings.Contains(o.stdout+o.stderr, `unknown setting "selectinsrt"`) {
			t.Errorf("no clear error for an unknown setting:\n%s", o)
		}
	})
}
