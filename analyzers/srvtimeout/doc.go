package srvtimeout

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the srvtimeout check.
var Doc = &checkdoc.Doc{
	Name:  "srvtimeout",
	Title: "HTTP servers started with no header or read timeout",
	Why: `An http.Server whose ReadHeaderTimeout and ReadTimeout are both zero waits forever for a
client to finish sending its request headers. A client that opens connections and sends one
byte a minute (Slowloris) holds a goroutine and a file descriptor per connection until the
process runs out of either, and every honest client is refused. The package-level
http.ListenAndServe, http.ListenAndServeTLS, http.Serve and http.ServeTLS serve with a zero
http.Server, and so do gin's Run, RunTLS and RunListener; echo's Start serves e.Server, a
new(http.Server), unless the program configures it.

srvtimeout reports the start of a server (ListenAndServe, ListenAndServeTLS, Serve, ServeTLS,
echo's StartServer) when, on some path to the start, the server comes from an http.Server
literal, &literal, new(http.Server), a zero variable or a struct field none of whose values
gets a ReadHeaderTimeout or ReadTimeout that can be positive. The server is followed through
local variables (reaching definitions over the control-flow graph, so a literal that is
replaced on every path before the start does not count), package variables, struct fields
(every value the package assigns to the field, in any function) and the package's own
constructors (their return statements). A constant 0 counts as unset. A config value counts
as unset when it is a field or variable of the analysed package that is never given a
positive value: no positive constant assigned or written in a composite literal, no
default:"10s", envDefault or env-default tag, its address never taken (a flag or a decoder
may fill it), so a config struct decoded from a file with no default is reported. Config
types from other packages, parameters and function results count as set.`,
	Bad: `func main() {
	srv := &http.Server{Addr: ":8080", Handler: mux}
	log.Fatal(srv.ListenAndServe())
}`,
	Good: `func main() {
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe())
}`,
	Fix: `ReadHeaderTimeout: 10 * time.Second is added to the http.Server literal (or replaces a
constant zero one), importing time where goimports would; a package-level
http.ListenAndServe(addr, h) becomes (&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout:
10 * time.Second}).ListenAndServe() (a nil handler is left out), and ListenAndServeTLS, Serve
and ServeTLS likewise. No fix is offered when the server comes from new(http.Server), a zero
variable or more than one literal, when its header timeout is a config value (the default
belongs in the config), or for gin and echo.`,
	FixLine: "`ReadHeaderTimeout: 10 * time.Second` in the literal; `http.ListenAndServe` becomes a configured `&http.Server{...}`",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "no-timeout", Title: "an http.Server started with neither ReadHeaderTimeout nor ReadTimeout",
			Why: `A client that sends its headers one byte a minute holds a connection and a goroutine forever
(Slowloris); a few thousand exhaust the server's file descriptors. Set ReadHeaderTimeout.`},
		{Code: "config-timeout", Title: "an http.Server whose header timeout comes from configuration with no positive default",
			Why: `An unset setting leaves the timeout 0, which means none. Give the setting a positive default.`},
		{Code: "package-serve", Title: "http.ListenAndServe, ListenAndServeTLS, Serve or ServeTLS",
			Why: `The package-level functions serve with a zero http.Server: no timeouts at all. Use an http.Server
with ReadHeaderTimeout.`},
		{Code: "framework-start", Title: "gin's Run or echo's Start on a server with no header or read timeout",
			Why: `gin's Run family serves with a zero http.Server, and echo's Start serves e.Server (StartTLS
e.TLSServer), which has no timeouts unless set. Serve the engine from an http.Server with
ReadHeaderTimeout, or set e.Server.ReadHeaderTimeout.`},
	},
	Quiet: `A server overwritten whole by a copy of another (*r.leSrv = *r.srv: it has that server's timeouts, which
the check does not follow); Servers only local processes can reach: an address that is a constant loopback one (localhost:6060,
127.0.0.1:9090, [::1]:8080), an fmt.Sprintf of a constant format that starts so (127.0.0.1:%d) or
net.JoinHostPort of a loopback host, through local variables; a listener from net.Listen on a unix socket or a
loopback address, through local variables and unexported fields (a reverse proxy in front has its own
timeouts). Servers whose ReadHeaderTimeout or ReadTimeout is assigned anywhere in the function or
package, even conditionally or after the literal (x.srv.ReadTimeout = d in another method
counts for the field); ReadTimeout alone (net/http uses it for the headers too); WriteTimeout
and IdleTimeout, never required (streaming and server-sent events need WriteTimeout zero);
servers handed to a package-local helper that sets the timeout on its parameter (summaries
follow helpers of helpers), to a function value (options: func(*http.Server)), to a function
of another package or to a wrapper type of another package (the inner server of an http3 or
similar wrapper is not what is started); servers that are built and returned or stored but not
started in the package (the start site is judged; a server from a function parameter or
another package's constructor is not known); echo instances whose e.Server timeouts are set or
whose e.Server is replaced by a configured server, or that are handed to a function;
httptest servers, which are not http.Server starts; _test.go files and test-support packages (a name ending in test, tests, testutil or fixtures, e2e, fake… or mock…, or non-test files importing testify, ginkgo or testcontainers).`,
	Default: true,
}
