package outbound

import (
	"go/ast"
	"go/token"
	"go/types"
	"net"
	"net/url"
	"strings"

	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/sqltext"
)

// URLPrefixOf returns what is statically known of the start of the URL
// expression e (constants, concatenation, fmt.Sprintf: sqltext.Of), up to
// the first unknown piece; complete says nothing is unknown. ok is false
// when nothing is known.
func URLPrefixOf(info *types.Info, e ast.Expr) (prefix string, complete, ok bool) {
	t := sqltext.Of(info, e)
	if !t.Found {
		return "", false, false
	}
	if i := strings.Index(t.SQL, sqlparse.Hole); i >= 0 {
		return t.SQL[:i], false, true
	}
	return t.SQL, t.Known, true
}

// IsLoopbackAddr reports whether addr, a dial address ("host:port"),
// names the local machine: localhost or a loopback IP. A dial there
// reaches a process on the same host (a test server, a sidecar started
// with it), not a remote peer that can stop answering.
func IsLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	return loopbackHost(host)
}

// IsLoopbackURL reports whether the URL u names the local machine.
func IsLoopbackURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return false
	}
	return loopbackHost(p.Hostname())
}

// LoopbackURLPrefix reports whether a URL that starts with prefix (is all
// of prefix, when complete) names a loopback host: "http://localhost:"
// does, and so does "https://[::1]/"; "http://local" does not (the host may
// go on), nor a prefix with no scheme.
func LoopbackURLPrefix(prefix string, complete bool) bool {
	_, rest, ok := strings.Cut(prefix, "://")
	if !ok {
		return false
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 && !strings.ContainsAny(rest[:i], "/?#") {
		rest = rest[i+1:] // userinfo
	}
	if strings.HasPrefix(rest, "[") {
		i := strings.IndexByte(rest, ']')
		return i >= 0 && loopbackHost(rest[1:i])
	}
	i := strings.IndexAny(rest, ":/?#")
	switch {
	case i >= 0:
		return loopbackHost(rest[:i])
	case complete:
		return loopbackHost(rest)
	}
	return false // the host goes on
}

func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// notTestWords are package names that end in "test" and are not test
// support: superlatives and a few words.
var notTestWords = map[string]bool{
	"latest": true, "contest": true, "attest": true, "protest": true, "detest": true,
	"greatest": true, "fastest": true, "shortest": true, "smartest": true, "hottest": true,
	"softest": true, "strictest": true,
	"contests": true, "protests": true, "attests": true, "detests": true,
}

// IsTestDouble reports whether a package, by the last element of its
// import path or its name, is test support that only tests import: a
// name ending in test (httptest, caddytest, pgtest; not latest or
// contest), testutil(s), testing (storagetesting), testhelper(s),
// testenv, testserver or fixtures (a fixture package), tests (pocketbase's
// tests, e2etests) or e2e, or starting with fake or mock (fakes, mockdb).
func IsTestDouble(path, name string) bool {
	last := path
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		last = path[i+1:]
	}
	for _, s := range []string{strings.ToLower(last), strings.ToLower(name)} {
		s = strings.NewReplacer("-", "", "_", "", ".", "").Replace(s)
		switch {
		case notTestWords[s]:
		case strings.HasSuffix(s, "test"), strings.HasSuffix(s, "tests"), s == "e2e", strings.HasSuffix(s, "testutil"), strings.HasSuffix(s, "testutils"),
			strings.HasSuffix(s, "testing"), strings.HasSuffix(s, "testhelper"), strings.HasSuffix(s, "testhelpers"),
			strings.HasSuffix(s, "testenv"), strings.HasSuffix(s, "testserver"),
			strings.HasSuffix(s, "fixtures"), s == "fixture",
			strings.HasPrefix(s, "fake"), strings.HasPrefix(s, "mock"):
			return true
		}
	}
	return false
}

// testFrameworks are the module paths of packages only test code imports.
var testFrameworks = []string{"github.com/onsi/ginkgo", "github.com/onsi/gomega", "github.com/stretchr/testify",
	"github.com/testcontainers/testcontainers-go"}

func isTestFramework(path string) bool {
	for _, f := range testFrameworks {
		if path == f || strings.HasPrefix(path, f+"/") {
			return true
		}
	}
	return false
}

// IsTestSupport reports whether a package is test support by what its
// non-test files import: a test framework (ginkgo, gomega, testify) that
// production code does not import (navidrome's tests, lakeFS's esti, a
// harness; blocky's e2e, on testcontainers). Package testing alone does not count: a production package
// may keep a helper for its tests in a file of its own (commento's
// testing.go). A main package is a program, never test support. files are
// the package's syntax (a test variant's _test.go files are not looked
// at).
func IsTestSupport(fset *token.FileSet, pkg *types.Package, files []*ast.File) bool {
	if pkg == nil || pkg.Name() == "main" {
		return false
	}
	for _, f := range files {
		if tf := fset.File(f.Pos()); tf == nil || strings.HasSuffix(tf.Name(), "_test.go") {
			continue
		}
		for _, imp := range f.Imports {
			if isTestFramework(strings.Trim(imp.Path.Value, "`\"")) {
				return true
			}
		}
	}
	return false
}

// TestPackage reports whether the package being analysed is test support,
// by its name (IsTestDouble) or by its imports (IsTestSupport): the checks
// that judge production behaviour (a dropped Close error, a retry storm, a
// server's timeouts) stay quiet in it.
func TestPackage(fset *token.FileSet, pkg *types.Package, files []*ast.File) bool {
	return pkg != nil && (IsTestDouble(pkg.Path(), pkg.Name()) || IsTestSupport(fset, pkg, files))
}
