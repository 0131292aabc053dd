package outbound

import (
	"go/ast"
	"go/token"
	"go/types"
	"net"
	"net/url"
	"slices"
	"strings"
)

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
}

// IsTestDouble reports whether a package, by the last element of its
// import path or its name, is test support that only tests import: a
// name ending in test (httptest, caddytest, pgtest; not latest or
// contest), testutil(s), testing (storagetesting), testhelper(s),
// testenv or testserver, or starting with fake or mock (fakes, mockdb).
func IsTestDouble(path, name string) bool {
	last := path
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		last = path[i+1:]
	}
	for _, s := range []string{strings.ToLower(last), strings.ToLower(name)} {
		s = strings.NewReplacer("-", "", "_", "", ".", "").Replace(s)
		switch {
		case notTestWords[s]:
		case strings.HasSuffix(s, "test"), strings.HasSuffix(s, "testutil"), strings.HasSuffix(s, "testutils"),
			strings.HasSuffix(s, "testing"), strings.HasSuffix(s, "testhelper"), strings.HasSuffix(s, "testhelpers"),
			strings.HasSuffix(s, "testenv"), strings.HasSuffix(s, "testserver"),
			strings.HasPrefix(s, "fake"), strings.HasPrefix(s, "mock"):
			return true
		}
	}
	return false
}

// testFrameworks are packages only test code imports.
var testFrameworks = []string{
	"github.com/onsi/ginkgo", "github.com/onsi/ginkgo/v2", "github.com/onsi/gomega",
	"github.com/stretchr/testify/assert", "github.com/stretchr/testify/require",
	"github.com/stretchr/testify/suite", "github.com/stretchr/testify/mock",
}

// IsTestSupport reports whether a package is test support by what its
// non-test files import: a test framework (ginkgo, gomega, testify), or
// package testing used for more than testing.Testing() (a *testing.T,
// testing.TB, testing.M ...). Such a package (navidrome's tests, lakeFS's
// esti, a harness) runs only under go test. files are the package's
// syntax (its test variant's _test.go files are not looked at), info its
// type information.
func IsTestSupport(fset *token.FileSet, files []*ast.File, info *types.Info) bool {
	var own []*ast.File
	for _, f := range files {
		if tf := fset.File(f.Pos()); tf != nil && !strings.HasSuffix(tf.Name(), "_test.go") {
			own = append(own, f)
		}
	}
	usesTesting := false
	for _, f := range own {
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, "`\"")
			if slices.Contains(testFrameworks, path) {
				return true
			}
			if path == "testing" {
				usesTesting = true
			}
		}
	}
	if !usesTesting || info == nil {
		return false
	}
	for _, f := range own {
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && !found {
				if obj := info.Uses[sel.Sel]; obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "testing" && obj.Name() != "Testing" {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}
