package headerorder

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// effect is what a call does to the state of a response.
type effect uint8

const (
	effNone     effect = iota
	effStatus          // sends the status line and the header (WriteHeader)
	effBody            // starts or continues the body (Write, fmt.Fprint, io.Copy)
	effFinal           // sends a whole response (http.Error, http.Redirect, c.JSON)
	effTemplate        // a template execution: a body, or part of one when it fails
	effEncode          // an encoder: a body, or nothing when it fails to marshal
	effSummary         // a package helper: its summary says
)

// op is what a call asks of a response that must still be open.
type op uint8

const (
	opNone   op = iota
	opHeader    // changes the header map
	opStatus    // sends a status
	opBody      // writes to the body: wrong only once a response is complete
)

// event is one call that reads or changes the state of a tracked writer.
type event struct {
	node ast.Node // the call, or the assignment to w.Header()[k]
	w    int      // the writer's index in fnInfo.writers
	eff  effect
	op   op
	name string   // how messages name the call
	key  ast.Expr // a header op's key, nil when unknown
	sum  *summary // the helper's summary, for effSummary
	// errVar is the variable the call's error is assigned to, for
	// template executions and encodes.
	errVar types.Object
	// countVar is the variable a copy's byte count is assigned to
	// (written, err := io.CopyN(w, r, n)): where it is 0, nothing was
	// written.
	countVar types.Object
}

// writerKind tells net/http's ResponseWriter from gin's Context.
type writerKind uint8

const (
	kindHTTP writerKind = iota
	kindGin
	kindEcho
)

const (
	httpPkg = "net/http"
	ginPkg  = "github.com/gin-gonic/gin"
	echoPkg = "github.com/labstack/echo/v4"
)

// alias is a local variable bound once to something derived from a writer:
// h := w.Header() or enc := json.NewEncoder(w).
type alias struct {
	w      int
	header bool // a header map; otherwise an encoder
}

// writerOf returns the index of the tracked writer e denotes: a writer
// parameter itself, or gin's c.Writer.
func (fi *fnInfo) writerOf(info *types.Info, e ast.Expr) (int, bool) {
	e = ast.Unparen(e)
	if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "Writer" {
		// gin's c.Writer, echo's c.Response().Writer
		if i, ok := fi.writerOf(info, sel.X); ok && (fi.kinds[i] == kindGin || fi.kinds[i] == kindEcho && isCall(sel.X)) {
			return i, true
		}
		return 0, false
	}
	if call, ok := e.(*ast.CallExpr); ok {
		// echo's c.Response()
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Response" || len(call.Args) != 0 {
			return 0, false
		}
		if i, ok := fi.writerOf(info, sel.X); ok && fi.kinds[i] == kindEcho && !isCall(sel.X) {
			return i, true
		}
		return 0, false
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return 0, false
	}
	obj := info.Uses[id]
	for i, w := range fi.writers {
		if obj == w {
			return i, true
		}
	}
	return 0, false
}

// httpWriterOf is writerOf for expressions that are http.ResponseWriters:
// a net/http writer, or c.Writer of a gin one.
func (fi *fnInfo) httpWriterOf(info *types.Info, e ast.Expr) (int, bool) {
	i, ok := fi.writerOf(info, e)
	if !ok {
		return 0, false
	}
	if fi.kinds[i] != kindHTTP {
		// Only c.Writer (gin), c.Response() and c.Response().Writer (echo)
		// are writers; c itself is not.
		if id, isID := ast.Unparen(e).(*ast.Ident); isID && info.Uses[id] == fi.writers[i] {
			return 0, false
		}
	}
	return i, true
}

func isCall(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok
}

// headerOf returns the writer whose header map e is: w.Header(),
// c.Writer.Header(), or a variable bound to one.
func (fi *fnInfo) headerOf(info *types.Info, e ast.Expr) (int, bool) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		if a, ok := fi.aliases[info.Uses[id]]; ok && a.header {
			return a.w, true
		}
		return 0, false
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return 0, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Header" {
		return 0, false
	}
	return fi.httpWriterOf(info, sel.X)
}

// encoderOf returns the writer an encoder expression writes to:
// json.NewEncoder(w), xml.NewEncoder(w), or a variable bound to one.
func (fi *fnInfo) encoderOf(info *types.Info, e ast.Expr) (int, bool) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		if a, ok := fi.aliases[info.Uses[id]]; ok && !a.header {
			return a.w, true
		}
		return 0, false
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !typesx.IsCallTo(info, call, "encoding/json.NewEncoder", "encoding/xml.NewEncoder") {
		return 0, false
	}
	return fi.httpWriterOf(info, call.Args[0])
}

var ginFinal = map[string]bool{
	"JSON": true, "IndentedJSON": true, "SecureJSON": true, "JSONP": true, "AsciiJSON": true,
	"PureJSON": true, "XML": true, "YAML": true, "TOML": true, "ProtoBuf": true, "String": true,
	"Data": true, "DataFromReader": true, "HTML": true, "Redirect": true, "File": true,
	"FileAttachment": true, "AbortWithStatus": true, "AbortWithStatusJSON": true,
	"AbortWithError": true,
}

var echoFinal = map[string]bool{
	"Render": true, "HTML": true, "HTMLBlob": true, "String": true, "JSON": true, "JSONPretty": true,
	"JSONBlob": true, "JSONP": true, "JSONPBlob": true, "XML": true, "XMLPretty": true, "XMLBlob": true,
	"Blob": true, "Stream": true, "File": true, "Attachment": true, "Inline": true, "NoContent": true,
	"Redirect": true,
}

// classify returns the event of one call (or index assignment), if any.
func (c *checker) classify(fi *fnInfo, call *ast.CallExpr) (event, bool) {
	info := c.pass.TypesInfo
	ev := event{node: call}
	fn := typesx.Callee(info, call)
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)

	// delete(w.Header(), k)
	if typesx.IsBuiltin(info, call, "delete") && len(call.Args) == 2 {
		if i, ok := fi.headerOf(info, call.Args[0]); ok {
			ev.w, ev.op, ev.name, ev.key = i, opHeader, "delete(w.Header(), ...)", call.Args[1]
			return ev, true
		}
		return ev, false
	}
	if fn == nil {
		return ev, false
	}
	qn := typesx.QualifiedName(fn)
	if sel != nil {
		recv := sel.X
		// Header map mutations.
		if typesx.IsMethod(fn, httpPkg, "Header", "Set", "Add", "Del") && len(call.Args) >= 1 {
			if i, ok := fi.headerOf(info, recv); ok {
				ev.w, ev.op, ev.name, ev.key = i, opHeader, "Header()."+fn.Name(), call.Args[0]
				return ev, true
			}
			return ev, false
		}
		// Methods of the writer itself.
		if i, ok := fi.httpWriterOf(info, recv); ok {
			gin := fi.kinds[i] == kindGin
			switch fn.Name() {
			case "Write", "WriteString":
				ev.w, ev.eff, ev.op, ev.name = i, effBody, opBody, typesx.ExprName(recv)+"."+fn.Name()
				return ev, true
			case "WriteHeader":
				if gin {
					// gin's writer records the status and sends it with
					// the first write: nothing is committed yet, but
					// after a write it is ignored.
					ev.w, ev.op, ev.name = i, opStatus, "WriteHeader"
					return ev, true
				}
				if len(call.Args) == 1 {
					if v, ok := typesx.IntConst(info, call.Args[0]); ok && v >= 100 && v < 200 {
						// 1xx responses (103 Early Hints) leave the header open.
						return ev, false
					}
				}
				ev.w, ev.eff, ev.op, ev.name = i, effStatus, opStatus, "WriteHeader"
				return ev, true
			case "WriteHeaderNow":
				ev.w, ev.eff, ev.name = i, effStatus, "WriteHeaderNow"
				return ev, true
			}
			return ev, false
		}
		// gin's Context.
		if i, ok := fi.writerOf(info, recv); ok && fi.kinds[i] == kindGin && typesx.IsMethod(fn, ginPkg, "Context", fn.Name()) {
			name := "c." + fn.Name()
			if id, ok := ast.Unparen(recv).(*ast.Ident); ok {
				name = id.Name + "." + fn.Name()
			}
			switch {
			case fn.Name() == "Status":
				// Recorded until the first write, ignored after it.
				ev.w, ev.op, ev.name = i, opStatus, name
				return ev, true
			case ginFinal[fn.Name()]:
				ev.w, ev.eff, ev.op, ev.name = i, effFinal, opStatus, name
				return ev, true
			case fn.Name() == "SSEvent" || fn.Name() == "Stream":
				ev.w, ev.eff, ev.op, ev.name = i, effBody, opBody, name
				return ev, true
			case fn.Name() == "Header" && len(call.Args) == 2:
				ev.w, ev.op, ev.name, ev.key = i, opHeader, name, call.Args[0]
				return ev, true
			case fn.Name() == "SetCookie":
				ev.w, ev.op, ev.name = i, opHeader, name
				ev.key = setCookieKey
				return ev, true
			}
			return ev, false
		}
		// echo's Context.
		if i, ok := fi.writerOf(info, recv); ok && fi.kinds[i] == kindEcho && !isCall(recv) && typesx.IsMethod(fn, echoPkg, "Context", fn.Name()) {
			name := typesx.ExprName(recv) + "." + fn.Name()
			switch {
			case echoFinal[fn.Name()]:
				ev.w, ev.eff, ev.op, ev.name = i, effFinal, opStatus, name
				return ev, true
			case fn.Name() == "SetCookie":
				ev.w, ev.op, ev.name, ev.key = i, opHeader, name, setCookieKey
				return ev, true
			}
			return ev, false
		}
		// Encoders.
		if typesx.IsMethod(fn, "encoding/json", "Encoder", "Encode") || typesx.IsMethod(fn, "encoding/xml", "Encoder", "Encode", "EncodeElement") {
			if i, ok := fi.encoderOf(info, recv); ok {
				ev.w, ev.eff, ev.op, ev.name = i, effEncode, opBody, "Encode"
				return ev, true
			}
			return ev, false
		}
		// Templates.
		if typesx.IsMethod(fn, "html/template", "Template", "Execute", "ExecuteTemplate") ||
			typesx.IsMethod(fn, "text/template", "Template", "Execute", "ExecuteTemplate") {
			if len(call.Args) >= 1 {
				if i, ok := fi.httpWriterOf(info, call.Args[0]); ok {
					ev.w, ev.eff, ev.op, ev.name = i, effTemplate, opBody, fn.Name()
					return ev, true
				}
			}
			return ev, false
		}
		if typesx.IsMethod(fn, "bytes", "Buffer", "WriteTo") && len(call.Args) == 1 {
			if i, ok := fi.httpWriterOf(info, call.Args[0]); ok {
				ev.w, ev.eff, ev.op, ev.name = i, effBody, opBody, "WriteTo"
				return ev, true
			}
			return ev, false
		}
	}
	// Package functions whose first argument is the writer.
	if len(call.Args) >= 1 {
		var eff effect
		var o op
		switch qn {
		case "io.WriteString", "io.Copy", "io.CopyN", "io.CopyBuffer",
			"fmt.Fprint", "fmt.Fprintf", "fmt.Fprintln":
			eff, o = effBody, opBody
		case "net/http.Error", "net/http.Redirect", "net/http.NotFound",
			"net/http.ServeContent", "net/http.ServeFile", "net/http.ServeFileFS":
			eff, o = effFinal, opStatus
		case "net/http.SetCookie":
			if i, ok := fi.httpWriterOf(info, call.Args[0]); ok {
				ev.w, ev.op, ev.name, ev.key = i, opHeader, "http.SetCookie", setCookieKey
				return ev, true
			}
			return ev, false
		}
		if eff != effNone {
			if i, ok := fi.httpWriterOf(info, call.Args[0]); ok {
				ev.w, ev.eff, ev.op = i, eff, o
				ev.name = fn.Pkg().Name() + "." + fn.Name()
				return ev, true
			}
			return ev, false
		}
	}
	// The package's own helpers, through their summaries.
	if fn.Pkg() == c.pass.Pkg {
		for j, arg := range call.Args {
			i, ok := fi.writerOf(info, arg)
			if !ok {
				continue
			}
			s := c.summaryFor(fn.Origin(), j)
			if s == nil || s.empty() {
				continue
			}
			ev.w, ev.eff, ev.sum, ev.name = i, effSummary, s, fn.Name()
			switch {
			case s.setsStatus && s.bodyFirst:
				// It writes a body with no status of its own on some path
				// (renders a page, and sends http.Error only when that
				// fails): a body writer, which may follow the caller's
				// WriteHeader.
				ev.op = opBody
			case s.setsStatus:
				ev.op = opStatus
			case s.setsHeader:
				ev.op = opHeader
			case s.exit&^(bit(stDone)) == 0:
				ev.op = opBody
			}
			return ev, true
		}
	}
	return ev, false
}

// setCookieKey stands for the Set-Cookie header http.SetCookie adds.
var setCookieKey = &ast.BasicLit{Kind: token.STRING, Value: `"Set-Cookie"`}

// headerKey returns a header op's key when it is a constant string.
func headerKey(info *types.Info, e ast.Expr) (string, bool) {
	if e == setCookieKey {
		return "Set-Cookie", true
	}
	if e == nil {
		return "", false
	}
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	return "", false
}

// nodeEvents returns the events of one top-level node, in the order they
// happen (arguments before the call that takes them).
func (c *checker) nodeEvents(fi *fnInfo, n ast.Node) []event {
	switch n.(type) {
	case *ast.DeferStmt, *ast.GoStmt:
		// They run later, or elsewhere.
		return nil
	}
	info := c.pass.TypesInfo
	var evs []event
	var stack []ast.Node
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch top := top.(type) {
			case *ast.CallExpr:
				if ev, ok := c.classify(fi, top); ok {
					evs = append(evs, ev)
				}
			case *ast.AssignStmt:
				// w.Header()[k] = v
				for _, lhs := range top.Lhs {
					if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
						if i, ok := fi.headerOf(info, ix.X); ok {
							evs = append(evs, event{node: top, w: i, op: opHeader, name: "Header()[...]", key: ix.Index})
						}
					}
				}
				// n, err := io.CopyN(w, r, size): remember n for a branch on
				// n == 0, where the copy wrote nothing.
				if len(top.Lhs) == 2 && len(top.Rhs) == 1 && len(evs) > 0 {
					last := &evs[len(evs)-1]
					if call, ok := ast.Unparen(top.Rhs[0]).(*ast.CallExpr); ok && last.node == ast.Node(call) && typesx.IsCallTo(info, call, "io.Copy", "io.CopyN", "io.CopyBuffer") {
						if id, ok := top.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
							last.countVar = typesx.ObjectOf(info, id)
						}
					}
				}
				// err := tmpl.Execute(w, ...): remember err for the branch on it.
				if len(top.Lhs) == 1 && len(top.Rhs) == 1 && len(evs) > 0 {
					last := &evs[len(evs)-1]
					if (last.eff == effTemplate || last.eff == effEncode) && last.node == ast.Unparen(top.Rhs[0]) {
						if id, ok := top.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
							last.errVar = typesx.ObjectOf(info, id)
						}
					}
				}
			}
			return true
		}
		if _, ok := m.(*ast.FuncLit); ok {
			return false
		}
		stack = append(stack, m)
		return true
	})
	return evs
}
