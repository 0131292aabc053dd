package srvtimeout

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// timeoutValue is the header timeout the fixes add.
const timeoutValue = "10 * %s.Second"

// literalFix adds ReadHeaderTimeout: 10 * time.Second to an http.Server
// literal, or replaces a constant zero one.
func (c *checker) literalFix(lit *ast.CompositeLit) (analysis.SuggestedFix, bool) {
	file := fixes.FileOf(c.pass, lit.Pos())
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	timeName, edits := fixes.AddImport(c.info, file, lit.Pos(), "time")
	value := strings.Replace(timeoutValue, "%s", timeName, 1)
	var edit analysis.TextEdit
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "ReadHeaderTimeout" {
			// Present but zero: replace the value; a config value is the
			// program's choice and is not overwritten.
			if v, ok := typesx.IntConst(c.info, kv.Value); !ok || v > 0 {
				return analysis.SuggestedFix{}, false
			}
			edit = analysis.TextEdit{Pos: kv.Value.Pos(), End: kv.Value.End(), NewText: []byte(value)}
		}
	}
	if edit.Pos == token.NoPos {
		field := "ReadHeaderTimeout: " + value
		tf := c.pass.Fset.File(lit.Pos())
		switch {
		case len(lit.Elts) == 0:
			edit = analysis.TextEdit{Pos: lit.Rbrace, End: lit.Rbrace, NewText: []byte(field)}
		case tf.PositionFor(lit.Lbrace, false).Line == tf.PositionFor(lit.Rbrace, false).Line:
			last := lit.Elts[len(lit.Elts)-1]
			edit = analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(", " + field)}
		default:
			src, err := c.srcs.Read(tf.Name())
			if err != nil {
				return analysis.SuggestedFix{}, false
			}
			last := lit.Elts[len(lit.Elts)-1]
			indent := typesx.IndentOf(src, tf.Offset(last.Pos()))
			if tf.PositionFor(last.End(), false).Line == tf.PositionFor(lit.Rbrace, false).Line {
				return analysis.SuggestedFix{}, false
			}
			start := tf.LineStart(tf.PositionFor(lit.Rbrace, false).Line)
			edit = analysis.TextEdit{Pos: start, End: start, NewText: []byte(indent + field + ",\n")}
		}
	}
	return analysis.SuggestedFix{
		Message:   "Add ReadHeaderTimeout: 10 * time.Second",
		TextEdits: append(edits, edit),
	}, true
}

// packageLevelFix rewrites http.ListenAndServe(addr, h) as
// (&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe(),
// and likewise ListenAndServeTLS, Serve and ServeTLS.
func (c *checker) packageLevelFix(call *ast.CallExpr, fn *types.Func) (analysis.SuggestedFix, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return analysis.SuggestedFix{}, false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	file := fixes.FileOf(c.pass, call.Pos())
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	src := func(e ast.Expr) string { return fixes.Source(c.pass.Fset, e) }
	var addr, handler ast.Expr
	var rest []ast.Expr // the method's arguments
	switch fn.Name() {
	case "ListenAndServe":
		if len(call.Args) != 2 {
			return analysis.SuggestedFix{}, false
		}
		addr, handler = call.Args[0], call.Args[1]
	case "ListenAndServeTLS":
		if len(call.Args) != 4 {
			return analysis.SuggestedFix{}, false
		}
		addr, handler, rest = call.Args[0], call.Args[3], call.Args[1:3]
	case "Serve":
		if len(call.Args) != 2 {
			return analysis.SuggestedFix{}, false
		}
		handler, rest = call.Args[1], call.Args[:1]
	case "ServeTLS":
		if len(call.Args) != 4 {
			return analysis.SuggestedFix{}, false
		}
		handler, rest = call.Args[1], []ast.Expr{call.Args[0], call.Args[2], call.Args[3]}
	default:
		return analysis.SuggestedFix{}, false
	}
	// The literal evaluates the handler before the method's arguments:
	// keep the order of evaluation where it could matter.
	if hasCall(handler) {
		for _, r := range rest {
			if hasCall(r) && r.Pos() < handler.Pos() {
				return analysis.SuggestedFix{}, false
			}
		}
	}
	timeName, edits := fixes.AddImport(c.info, file, call.Pos(), "time")
	var fields []string
	if addr != nil {
		fields = append(fields, "Addr: "+src(addr))
	}
	if !typesx.IsNil(c.info, handler) {
		fields = append(fields, "Handler: "+src(handler))
	}
	fields = append(fields, "ReadHeaderTimeout: "+strings.Replace(timeoutValue, "%s", timeName, 1))
	method := fn.Name()
	var args []string
	for _, r := range rest {
		args = append(args, src(r))
	}
	text := "(&" + pkg.Name + ".Server{" + strings.Join(fields, ", ") + "})." + method + "(" + strings.Join(args, ", ") + ")"
	edits = append(edits, analysis.TextEdit{Pos: call.Pos(), End: call.End(), NewText: []byte(text)})
	return analysis.SuggestedFix{
		Message:   "Use an http.Server with ReadHeaderTimeout: 10 * time.Second",
		TextEdits: edits,
	}, true
}

func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CallExpr:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}
