package e2e

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// crossFindings are the findings of testdata/xservice: each needs what a
// function of another package does (the repository's read and insert,
// sqlc's queries on pgx, the client's outbound call, the one
// implementation of a repository interface), so a front end that
// does not carry facts between packages reports none of them.
// Handler.SignUp reads through the GORM repository's ByEmail and creates
// through its Create after a side effect; CreditHandler.Grant reads and
// creates through a port whose implementation is in a package handler does
// not import (judged by role: no front end can carry a fact there).
var crossFindings = []string{
	"handler/credit.go:32:9: selectinsert: h.Credits.GetByKey finds nothing, then both requests call Wallet.Deposit before h.Credits.Create",
	"handler/handler.go:49:9: selectinsert: read of payments then insert into payments on not-found is a race: both requests call Charger.Charge",
	"handler/handler.go:70:9: selectinsert: check-then-act on orders.status:",
	"handler/handler.go:83:9: selectinsert: read of users then insert into users on not-found is a race: both requests call Mailer.Welcome",
	"handler/handler.go:97:26: ctxtimeout: context.Background() carries no deadline into client.Notify, which reaches (*http.Client).Do",
	"handler/refund.go:31:9: selectinsert: read of refunds then insert into refunds on not-found is a race: both requests call Refunder.Refund",
}

// hasCrossFindings fails the test unless fs are exactly crossFindings
// (each a prefix of one finding).
func hasCrossFindings(t *testing.T, what string, fs []finding) {
	t.Helper()
	var got []string
	for _, f := range fs {
		got = append(got, f.String())
	}
	ok := len(got) == len(crossFindings)
	for i := 0; ok && i < len(got); i++ {
		ok = strings.HasPrefix(got[i], crossFindings[i])
	}
	if !ok {
		t.Errorf("%s: findings\n  %s\nwant\n  %s", what, strings.Join(got, "\n  "), strings.Join(crossFindings, "\n  "))
	}
}

// TestCrossPackage asserts the cross-package findings of testdata/xservice
// under every front end: faultline ./... (and -json), go vet -vettool with
// -json and check flags before the package's .cfg (the shape go vet
// really uses), SARIF and the golangci-lint plugin; and that -fix and
// go fix -fixtool apply the fix of the cross-package ctxtimeout finding.
func TestCrossPackage(t *testing.T) {
	e2e(t)
	t.Parallel()
	bin := faultline(t)
	m := xservice(t)

	hasCrossFindings(t, "faultline -json ./...", baseline(t, m.dir))

	o := mustRun(t, m.dir, nil, []int{3}, bin, "./...")
	for _, want := range crossFindings {
		if !strings.Contains(o.stderr, want) {
			t.Errorf("faultline ./... lacks %q:\n%s", want, o.stderr)
		}
	}
	if last := strings.TrimSpace(o.stderr[strings.LastIndex(strings.TrimSpace(o.stderr), "\n")+1:]); last != "faultline: 6 findings (1 fixable with -fix) in 1 package" {
		t.Errorf("summary line %q", last)
	}

	t.Run("vet", func(t *testing.T) {
		// Check flags and -json come before the .cfg file; facts must
		// still cross packages.
		o := mustRun(t, m.dir, nil, []int{0}, "go", "vet", "-vettool="+bin, "-json", "-closeerr=false", "-ctxtimeout.all-sql=false", "./...")
		hasCrossFindings(t, "go vet -vettool -json -closeerr=false -ctxtimeout.all-sql=false", parseJSONTree(t, vetJSON(o.stdout), m.dir))
		o = mustRun(t, m.dir, nil, []int{1}, "go", "vet", "-vettool="+bin, "-retryloop=false", "./...")
		for _, want := range crossFindings {
			if !strings.Contains(o.stderr, want) {
				t.Errorf("go vet -vettool -retryloop=false lacks %q:\n%s", want, o.stderr)
			}
		}
	})

	t.Run("sarif", func(t *testing.T) {
		multitool(t)
		_, log := sarifRun(t, m.dir, 0, "-srcroot", m.dir, "./...")
		var got []finding
		for _, r := range log.Runs[0].Results {
			loc := r.Locations[0].PhysicalLocation
			got = append(got, finding{File: loc.ArtifactLocation.URI, Line: loc.Region.StartLine, Col: loc.Region.StartColumn, Message: r.RuleID + ": " + r.Message.Text})
		}
		hasCrossFindings(t, "faultline -format=sarif", sortFindings(got))
	})

	t.Run("golangci", func(t *testing.T) {
		customGolangci(t)
		got := golangciRun(t, m.dir, filepath.Join(root(t), ".golangci-plugin.yml"))
		hasCrossFindings(t, "golangci-lint with the plugin", got)
	})

	t.Run("fix", func(t *testing.T) {
		for _, args := range [][]string{{bin, "-fix", "./..."}, {"go", "fix", "-fixtool=" + bin, "./..."}} {
			dir := copyModule(t, m.dir)
			mustRun(t, dir, nil, []int{0, 3}, args[0], args[1:]...)
			after := baseline(t, dir)
			if len(after) != len(crossFindings)-1 || slices.ContainsFunc(after, func(f finding) bool { return f.check() != "selectinsert" }) {
				t.Errorf("%s: after the fix, findings %v; want the %d selectinsert ones", strings.Join(args, " "), after, len(crossFindings)-1)
			}
			fixed := goFiles(t, dir)["handler/handler.go"]
			if !strings.Contains(fixed, "ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)") {
				t.Errorf("%s: handler.go not fixed:\n%s", strings.Join(args, " "), fixed)
			}
			mustRun(t, dir, nil, []int{0}, "go", "build", "./...")
		}
	})
}
