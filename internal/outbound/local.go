package outbound

import (
	"net"
	"net/url"
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
