package ctxtimeout

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the ctxtimeout check.
var Doc = &checkdoc.Doc{
	Name:  "ctxtimeout",
	Title: "outbound calls with no deadline: HTTP, dials, database/sql, and context.Background() reaching a call",
	Why: `An outbound call that can wait forever holds a goroutine, a connection and often a lock; enough of them
exhaust the pool, and one slow dependency becomes a full outage. http.Get and http.DefaultClient have no
timeout, an http.Client built without Timeout has none, net.Dial (and net/smtp's SendMail, which uses it to
reach the relay, unless it is a constant loopback address) waits for the operating system, db.Query
cannot be cancelled, and context.Background() passed to a call carries no deadline. Checks that only ask
for a context (noctx) are satisfied by context.Background(); this one asks for a deadline.

It follows an http.Client or net.Dialer from where it is made (a literal, new, a zero value,
http.DefaultClient) to where it sends - through local variables, struct fields set in constructors,
package-level variables, the package's own constructor functions and, through facts, the exported constructors
of the module's other packages (func NewClient() *http.Client with no Timeout) - and reports it where it is made
when a request it sends carries no deadline. A client kept behind an interface field (any interface with
http.Client's Do(*http.Request) (*http.Response, error)) is followed to the client stored in it; an embedded
*http.Client is followed to what the type's constructors store (the type sends through it as its own, so
that is its default, even though the field is exported); and the default put in place by a nil check
(if c == nil { c = &http.Client{} }) is reported whatever else the variable may hold, since every caller
that passes nil gets it. A context.Background() or TODO() kept in an unexported struct field (stored by a
constructor, directly or through a local variable) is followed to the calls the type's methods make with
it; a context derived from one (WithCancel: a lifetime context cancelled on Close) or a caller's context
stored there is not. It follows a context from context.Background(), TODO() or
WithoutCancel through local variables (and WithCancel, WithValue, signal.NotifyContext, which keep the
parent's deadline) to the outbound calls it reaches: HTTP, database/sql and sqlx, pgx, GORM statements
whose chain carries it (db.WithContext(ctx).First(...), or a handle derived with it in the function), database handles
behind the module's own interfaces (sqlc's DBTX, passed as a field or an argument: an interface whose Exec and
Query methods return pgx's or database/sql's results), gRPC (Invoke and generated client methods) and cloud
SDK calls. It follows local variables along the function's
control-flow paths: an assignment counts where it can reach the call (not past a return or a call that never
returns), and a context is reported only when every assignment that reaches the call carries no deadline. A
function whose context parameter reaches such a call is itself one for its callers, within the package and,
through facts, across packages. A call through a function value (j.fn(ctx, now), a scheduler's
job) reaches what the package's functions of its type that escape as values reach (start(ctx, "nightly",
n.Run)), as a CHA call graph resolves it. An *http.Request handed to a function of the package that sends it
(func (c *Client) send(req *http.Request)) is followed to the callers that build it. A context.Background()
or TODO() given to a method of one of the module's own interfaces that takes a context - a port held in a
receiver field or passed as a parameter (s.store.ListUnassigned, s.push.Send), implemented by a repository
or a client, often in a package this one does not import and whose facts it cannot see - is reported too:
a method that takes a context waits on something. (A method of the package's own interface whose one
implementation is in the package - asserted, or handed out by a constructor returning it as the interface - is
judged by that implementation instead: an in-memory registry's Disconnect(ctx, id) waits on nothing.) Not caches, loggers, metrics, tracers, error alerters
(Sentry queues) or database handles, nor cleanup methods (Close, Release, Rollback, Unlock, Stop, Shutdown,
Ack, Nack: given a fresh context on purpose), nor methods whose context is the lifetime of what they start
(Subscribe, Listen, Watch, Stream, Consume, Run, Start, Serve: a timeout would end it).

A database/sql or sqlx call without a context is reported in code that serves requests, which the
check recognises by the request's context at hand: a context.Context parameter, an *http.Request, an
echo.Context or *gin.Context parameter (c.Request().Context(), c.Request.Context()), or a context with a
deadline in scope. There the call drops a deadline it could pass, and the fix is
mechanical. A storage layer that takes no contexts at all is reported only with -ctxtimeout.all-sql
(the fix there is an API change). So is a GORM statement (First, Find, Create, Save, Update(s), Delete,
Count, Scan, Exec, ...) whose chain has no WithContext, run on a handle the function was given (a field,
a parameter, a package variable: gorm.Open's handle holds context.Background()) where a context is at
hand; the fix chains WithContext(ctx) onto the handle. A handle made in the function (db :=
s.db.WithContext(ctx)) or a transaction callback's tx carries what its maker gave it, and is left alone.

Schema and data migrations (a function, file or package whose name contains "migrat": Migrate,
runMigrations, data_migrations.go, package migrations) are not reported unless -ctxtimeout.all-sql is set:
they run once, at startup or by an operator, with context.Background() on purpose (a deadline that aborts DDL
halfway is worse than waiting, and a hang shows at deploy time). In main packages and tests it reports only what
would hang a long-running process. Nothing in a
_test.go file, or in a file that imports "testing" (test helpers), is reported, nor in a package
that is test support by its name (the last element of its path or its name ends in test - httptest,
caddytest, not latest or contest -, testutil(s), testing, testhelper(s), testenv, testserver or fixtures, or
starts with fake or mock) or by its imports (a package other than main a non-test file of which imports
ginkgo, gomega or testify: a harness, navidrome's tests; package testing alone makes only its file test
support, since production packages keep test helpers in files of their own). A main package counts
as long-running if it serves (http.ListenAndServe, (*http.Server).Serve, (*grpc.Server).Serve, a
listener's Accept) or waits for signals (signal.Notify, signal.NotifyContext); then everything is
reported except the straight-line startup code of main and init (function literals there - handlers,
goroutines - are reported, and so are calls of the package's functions that run their calls in a loop as
long as the context lives: a scheduler started from main). In any main package, calls in a loop that lives as long as the process
(for {} or a range over a channel, e.g. a ticker) are reported.`,
	Bad: `func (c *Client) Charge(id string) error {
	resp, err := http.Post(c.url+"/charges", "application/json", body(id)) // http.DefaultClient: no timeout
	...
}

var provider = &http.Client{} // no Timeout, and the requests below carry none

func refund(id string) error {
	req, _ := http.NewRequest("POST", refundURL+id, nil)
	resp, err := provider.Do(req)
	...
}

func nightly(db *sql.DB) {
	rows, err := db.QueryContext(context.Background(), "SELECT ...") // no deadline
	...
}`,
	Good: `var provider = &http.Client{Timeout: 30 * time.Second}

func (c *Client) Charge(ctx context.Context, id string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/charges", body(id))
	...
	resp, err := provider.Do(req)
	...
}

func nightly(db *sql.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rows, err := db.QueryContext(ctx, "SELECT ...")
	...
}`,
	Fix: `An http.Client or net.Dialer literal (or new(http.Client)) gets Timeout: 30 * time.Second (10 s for a
dialer); net.Dial becomes net.DialTimeout(..., 10*time.Second) and tls.Dial tls.DialWithDialer with a
net.Dialer that has a Timeout; db.Query(q, ...) becomes db.QueryContext(ctx, q, ...) (and Begin BeginTx(ctx,
nil)) when a context is in scope (a parameter, a context with a deadline, or r.Context() of the handler's
request); a context.Background() argument becomes a context.WithTimeout(context.Background(),
30*time.Second) declared just before the statement, with defer cancel() - not in a loop, a go or defer
statement, where the call's result (rows, a transaction, a stream) outlives the function, or where the
callee runs its calls in a loop for the life of the context (a worker: the deadline belongs on each call). The
new context also goes to the calls after it in its block that take none (tx.Exec on a
transaction begun with it), which would otherwise be reported next. A context parameter is
passed on only when no caller in the package passes one with no deadline (context.Background()):
threading it would remove this finding and leave that caller with none.
In a goroutine (go func() { ... }(), go f(...)) the request's context, and any context of the function
that starts it, ends before the goroutine does: there the message names
context.WithTimeout(context.WithoutCancel(r.Context()), d), and in a Go 1.21 file the fix declares that
context (30 s) in the goroutine's literal, with defer cancel(); no fix passes such a context on.
A request built with http.NewRequest and sent through http.DefaultClient is built with
http.NewRequestWithContext on the context in scope. http.Get(u) followed by "if err != nil { ... return }" becomes a request built with
http.NewRequestWithContext on the context in scope (the error branch is copied for it) sent with
http.DefaultClient.Do; with no context in scope no fix is offered (the right timeout is a decision).
The timeouts are a starting point: pick the one the call deserves.`,
	Quiet: `A dial of the address the process listens on itself (the same variable, or the same config field, as an
http.Server's Addr or a net.Listen address in the package): its own listener answers or refuses at once; a context
that arrives as a parameter (the caller owns the deadline; its callers are checked);
r.Context() in a handler (the http.Server's timeouts bound it); a context derived with WithTimeout or
WithDeadline, and calls after such a derivation in the same function; a WithCancel context whose cancel
leaves the function (returned, stored in a field or a struct, passed on: the lifetime of a stream that
whoever holds it ends, as in a filesystem's Open that returns it); a statement prepared without a context on a
transaction (tx.Prepare, sqlx's Preparex: one round trip on the transaction's connection, ended with the
transaction, whose statements run with their own contexts); calls on an embedded database (a
handle opened with a constant SQLite or DuckDB driver name, through sql.Open, sqlx or otelsql: no server
to wait on, its busy timeout bounds lock waits); an http.Client with Timeout set, or
with a Transport that sets ResponseHeaderTimeout or that the check cannot see (a wrapper, a transport from
elsewhere, an exported package variable; an unexported one is followed to its value); a net.Dialer with Timeout or Deadline; clients and dialers whose origin it cannot see (a
parameter, a constructor in another module, or in another package of the module that does not return one with no
timeout on every path, an exported field or variable other packages may set);
a gRPC dial that does not block (grpc.NewClient, Dial without grpc.WithBlock, options it cannot see:
opts...) or blocks with grpc.WithTimeout; net.Dial on unix, udp or ip networks, or to a constant loopback address (127.0.0.1:port,
localhost:port, [::1]:port), and requests (http.Get, a client's Get, Do of an http.NewRequest) to a URL whose
host is loopback on every path that builds it, from constants, + concatenations, fmt.Sprintf formats and local
variables ("http://localhost:" + port + "/_health": a health check of the process's own server); gRPC streams and Redis subscriptions (a deadline would end them);
go-redis calls (the client has 3-second read and write timeouts by default); the GCE metadata
package's own functions (metadata.ProjectIDWithContext: its default client has a 5-second Timeout;
not a metadata.Client made with a client of one's own); AWS SDK calls that send
nothing (config.LoadDefaultConfig, a PresignClient's Presign...) or carry their own bound (a waiter's
Wait(ctx, in, maxWaitDur)), and AWS SDK calls in a package that builds its AWS clients on an http.Client with
a Timeout (config.WithHTTPClient(&http.Client{Timeout: d}), a service's Options{HTTPClient: ...}, or awshttp's
WithTimeout: every request is bounded; the check does not follow which client a call uses); Rollback, Close and Release
(given a fresh context on purpose); a legacy form without a context (an exported function or method
with no context parameter whose body only calls the package's same-named Context, WithContext or Ctx form
with context.Background() or TODO(): Up calling UpContext); a call on a transaction or connection after (on every path, on the
same variable) a SET [LOCAL] statement_timeout, lock_timeout or MySQL max_execution_time to a non-zero
constant (or SELECT set_config('statement_timeout', value, is_local), whose value may be a bind
parameter), and the begin of a session whose first statement is such a SET, other SETs (search_path,
the isolation level) before it aside (the server ends those statements; a SET returns at once); a call on a pool (or a session begun on it) opened only in this package with a connection
string that sets statement_timeout (a constant, or appended last) or a pgx config whose
RuntimeParams["statement_timeout"] is set, or whose AfterConnect hook runs SET statement_timeout on every connection
(at the top level of its body); a detachment the code documents - context.WithoutCancel, or
context.Background() or TODO() assigned in a statement of its own, with a comment (prose, not a directive)
on its line or ending on the line just above its statement, or in a function whose doc comment says the work is
detached or bounded elsewhere (not tied to a request, its own context, must not be cancelled, statement_timeout,
lock_timeout) (a root inline in a call with such a comment
is reported, with no fix: a timeout on a documented detachment is its author's decision); the API's own plumbing (net/http's http.Get, database/sql's Query
calling QueryContext(context.Background())); a context.Background() that is also handed to a constructor
that keeps it, directly or through the package's functions (oauth2.NewClient and Config.Client or
TokenSource, Google credentials and token sources, a Google API's NewService, a Cloud client's
New...Client): it is that client's lifetime, and a deadline on it would break every later token
refresh.`,
	FixLine: "`Timeout: 30 * time.Second`, `net.DialTimeout`, `QueryContext(ctx, ...)`, `http.NewRequestWithContext(ctx, ...)`, a `context.WithTimeout` before the call",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "no-deadline", Title: "context.Background() or TODO() (or a context that never ends) reaching an outbound call",
			Why: `Nothing can ever cancel the call: a dependency that accepts the connection and never answers
holds the goroutine, the connection and whatever the caller holds. Derive a context with
context.WithTimeout for the call (in a loop, one per call). The suggested fix bounds a library call
(HTTP, SQL, gRPC, a cloud SDK) by 30 seconds; a method of the module's own interfaces (a port) that can fail
(it returns an error: a getter such as a container's EmailClient(ctx) is none) gets no fix, since how long its
work takes (a payout, a backup) is not known where it is called. A function that only hands its context to
ports (a service's Profile(ctx, id) calling s.hosts.Get(ctx, id)), in this package or another, is reported
at a caller that passes context.Background() only where that caller was given a context of its own (a
handler's request, gin's or echo's context, a ctx parameter) and dropped it.`},
		{Code: "default-client", Title: "http.Get, Post, Head or PostForm (the package functions on http.DefaultClient)",
			Why: `http.DefaultClient has no Timeout and these functions take no context, so a slow server holds the
call forever. Use a client with a Timeout, or build the request with http.NewRequestWithContext and a
deadline.`},
		{Code: "client-no-timeout", Title: "an http.Client, net.Dialer or similar made with no Timeout whose calls carry no deadline",
			Why: `Every request it sends without a deadline context can wait forever. Set Timeout on the client
(or dialer), or give each request a deadline.`},
		{Code: "dial-no-timeout", Title: "net.Dial (or a dial of the same kind, net/smtp's SendMail and Dial, or grpc.Dial with grpc.WithBlock) with no timeout",
			Why: `The operating system's connect timeout is minutes: a host that does not answer holds the caller that
long. Use net.DialTimeout, or a Dialer's DialContext with a deadline.`},
		{Code: "no-context", Title: "a database call that takes no context (Exec, Query, Begin; a GORM chain with no WithContext) where one is at hand",
			Why: `It has no deadline and cannot be cancelled, so a stuck database (a lock wait, a lost connection)
holds it forever. Use the Context form and pass the context. "At hand" includes an unexported helper
with no context of its own every call of which (all in the package, none as a value) has one: a
handler calling revenueSince(since) that runs db.Query. There the helper needs a ctx parameter; no fix
is offered. So is an exported function of another package that takes no context and runs such a call, when
its package's other exported functions take contexts (a store's legacy IncrementViews(id) beside Get(ctx,
id)): it is reported at each call from a function given a context (a handler, a ctx parameter), by a fact
that also marks such a legacy function of the next package that passes the call on (CountActive(depot)
calling a db wrapper's Count(q, args...)) and the method of a repository interface whose implementation it
is (var _ DriverRepository = (*DriverStore)(nil)); a GORM statement without WithContext in such a legacy
method is one too. So is a call in a function that is given a context and drops it (func
exportDrivers(_ context.Context, ...), one of a table of functions that all take one): the parameter needs
a name, so no fix is offered. A storage layer with no contexts at all is reported only with -all-sql.`},
	},
	Options: `-ctxtimeout.all-sql: also report database/sql and sqlx calls without a context where no context is at hand`,
	Default: true,
}
