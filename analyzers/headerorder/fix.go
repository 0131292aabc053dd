package headerorder

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// source returns the text of the file that holds n, and its token.File.
func (c *checker) source(n ast.Node) ([]byte, *token.File) { return c.srcs.Of(n) }

// lineOf returns the offsets of the start of n's line and of the end of n's
// line (after its newline), when n is alone on its lines.
func lineOf(src []byte, tf *token.File, n ast.Node) (start, end int, ok bool) {
	s, e := tf.Offset(n.Pos()), tf.Offset(n.End())
	start = s
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	if start > 0 && src[start-1] != '\n' {
		return 0, 0, false
	}
	end = e
	for end < len(src) && (src[end] == ' ' || src[end] == '\t' || src[end] == '\r') {
		end++
	}
	if end+1 < len(src) && src[end] == '/' && src[end+1] == '/' {
		// A line comment goes with the statement.
		for end < len(src) && src[end] != '\n' {
			end++
		}
	}
	if end < len(src) && src[end] != '\n' {
		return 0, 0, false
	}
	if end < len(src) {
		end++
	}
	return start, end, true
}

// stmtList returns the statement list that holds stmt.
func (c *checker) stmtList(stmt ast.Stmt) []ast.Stmt {
	switch p := c.ix.Parent(stmt).(type) {
	case *ast.BlockStmt:
		return p.List
	case *ast.CaseClause:
		return p.Body
	case *ast.CommClause:
		return p.Body
	}
	return nil
}

// moveFix moves a header set that comes too late to just before the first
// statement of its block that writes the response, when that is the first
// write on every path and the header's operands already have their values
// there.
func (c *checker) moveFix(fi *fnInfo, fd finding) (analysis.SuggestedFix, bool) {
	o := fd.p
	stmt, ok := o.top.(ast.Stmt)
	if !ok || len(fi.events[o.top]) != 1 {
		return analysis.SuggestedFix{}, false
	}
	switch s := stmt.(type) {
	case *ast.ExprStmt:
		if s.X != o.ev.node {
			return analysis.SuggestedFix{}, false
		}
	case *ast.AssignStmt:
		if ast.Node(s) != o.ev.node || len(s.Lhs) != 1 {
			return analysis.SuggestedFix{}, false
		}
	default:
		return analysis.SuggestedFix{}, false
	}
	list := c.stmtList(stmt)
	idx := slices.Index(list, stmt)
	if idx < 0 {
		return analysis.SuggestedFix{}, false
	}
	// The statement of the block after which the response has been sent on
	// every path.
	var target ast.Stmt
	for j, s := range list[:idx] {
		f, ok := fi.result.Before(list[j+1])
		if ok && !f.m[o.ev.w].open() {
			target = s
			break
		}
	}
	if target == nil {
		return analysis.SuggestedFix{}, false
	}
	loc, ok := fi.g.Loc(target)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	top := loc.Block.Nodes[loc.Index]
	// No write may reach the new place: the header must take effect there.
	reaches := fi.reachesFunc(top)
	for _, p := range fi.order {
		if p.ev.w == o.ev.w && p.ev.eff != effNone && reaches(p.top) {
			return analysis.SuggestedFix{}, false
		}
	}
	if !c.movable(fi, stmt, target) {
		return analysis.SuggestedFix{}, false
	}
	src, tf := c.source(stmt)
	if src == nil {
		return analysis.SuggestedFix{}, false
	}
	ostart, oend, ok := lineOf(src, tf, stmt)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	tstart, _, ok := lineOf(src, tf, target)
	if !ok && tf.Offset(target.Pos()) > 0 {
		// The target may end its line with a comment or span lines: only
		// its start has to begin a line.
		tstart = tf.Offset(target.Pos())
		for tstart > 0 && (src[tstart-1] == ' ' || src[tstart-1] == '\t') {
			tstart--
		}
		if tstart > 0 && src[tstart-1] != '\n' {
			return analysis.SuggestedFix{}, false
		}
	}
	indent := typesx.IndentOf(src, tf.Offset(target.Pos()))
	text := strings.TrimRight(string(src[tf.Offset(stmt.Pos()):oend]), "\r\n")
	return analysis.SuggestedFix{
		Message: "Move the header above the first write",
		TextEdits: []analysis.TextEdit{
			{Pos: tf.Pos(tstart), End: tf.Pos(tstart), NewText: []byte(indent + text + "\n")},
			{Pos: tf.Pos(ostart), End: tf.Pos(oend)},
		},
	}, true
}

// movable reports whether stmt computes the same thing when it runs before
// target: its operands are constants, or variables that already hold their
// values at target, and it calls only pure formatting helpers.
func (c *checker) movable(fi *fnInfo, stmt, target ast.Stmt) bool {
	info := c.pass.TypesInfo
	ok := true
	ast.Inspect(stmt, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false
		case *ast.CallExpr:
			if tv, isT := info.Types[n.Fun]; isT && tv.IsType() {
				return true
			}
			if typesx.IsBuiltin(info, n, "delete") || typesx.IsBuiltin(info, n, "len") || typesx.IsBuiltin(info, n, "cap") {
				return true
			}
			fn := typesx.Callee(info, n)
			if fn == nil {
				ok = false
				return false
			}
			if _, isWriter := fi.headerOf(info, n); isWriter {
				return true
			}
			if fn.Pkg() != nil {
				switch fn.Pkg().Path() {
				case "strconv", "strings", "net/http", "net/textproto", "time":
					return true
				case "fmt":
					if fn.Name() == "Sprint" || fn.Name() == "Sprintf" || fn.Name() == "Sprintln" {
						return true
					}
				}
				if fn.Pkg().Path() == ginPkg && fn.Name() == "Header" {
					return true
				}
			}
			ok = false
		case *ast.Ident:
			v, isVar := info.Uses[n].(*types.Var)
			if !isVar || v.IsField() || v.Parent() == v.Pkg().Scope() {
				return true
			}
			if v.Pos() >= target.Pos() {
				ok = false
				return false
			}
			for _, a := range c.ix.Assigns(v) {
				if a.Node.Pos() >= target.Pos() && a.Node.Pos() < stmt.Pos() {
					ok = false
				}
			}
			if addressTaken(c.ix, info, v) {
				ok = false
			}
		}
		return true
	})
	return ok
}

// bufferFix renders a template into a bytes.Buffer and writes it only after
// Execute succeeded:
//
//	if err := t.Execute(w, data); err != nil { http.Error(w, ...); return }
//
// becomes
//
//	var buf bytes.Buffer
//	if err := t.Execute(&buf, data); err != nil { http.Error(w, ...); return }
//	_, _ = buf.WriteTo(w)
func (c *checker) bufferFix(fi *fnInfo, fd finding) (analysis.SuggestedFix, bool) {
	info := c.pass.TypesInfo
	stmt, ok := fd.p.top.(ast.Stmt)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	body, ok := c.ix.Parent(stmt).(*ast.BlockStmt)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	ifs, ok := c.ix.Parent(body).(*ast.IfStmt)
	if !ok || ifs.Body != body || ifs.Else != nil || len(body.List) == 0 {
		return analysis.SuggestedFix{}, false
	}
	if _, ok := body.List[len(body.List)-1].(*ast.ReturnStmt); !ok {
		return analysis.SuggestedFix{}, false
	}
	// The assignment of Execute's error: the if's init, or the statement
	// right before the if.
	var as *ast.AssignStmt
	first := ast.Stmt(ifs)
	if ifs.Init != nil {
		as, _ = ifs.Init.(*ast.AssignStmt)
	} else {
		list := c.stmtList(ifs)
		if i := slices.Index(list, ast.Stmt(ifs)); i > 0 {
			as, _ = list[i-1].(*ast.AssignStmt)
			first = as
		}
	}
	if as == nil || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return analysis.SuggestedFix{}, false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || len(call.Args) < 1 {
		return analysis.SuggestedFix{}, false
	}
	evs := fi.events[as]
	if len(evs) != 1 || evs[0].node != call || evs[0].eff != effTemplate || evs[0].w != fd.p.ev.w {
		return analysis.SuggestedFix{}, false
	}
	errID, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	if _, isErr := errBranch(info, guardOf(ifs.Cond), typesx.ObjectOf(info, errID)); !isErr {
		return analysis.SuggestedFix{}, false
	}
	src, tf := c.source(ifs)
	if src == nil {
		return analysis.SuggestedFix{}, false
	}
	fstart, _, ok := lineOf(src, tf, first)
	if !ok {
		fstart = tf.Offset(first.Pos())
		for fstart > 0 && (src[fstart-1] == ' ' || src[fstart-1] == '\t') {
			fstart--
		}
		if fstart > 0 && src[fstart-1] != '\n' {
			return analysis.SuggestedFix{}, false
		}
	}
	file := fixes.FileOf(c.pass, ifs.Pos())
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	buf := fixes.FreshName(info, file, first.Pos(), "buf")
	bytesName, imp := fixes.AddImport(info, file, first.Pos(), "bytes")
	indent := typesx.IndentOf(src, tf.Offset(first.Pos()))
	wtext := string(src[tf.Offset(call.Args[0].Pos()):tf.Offset(call.Args[0].End())])
	edits := []analysis.TextEdit{
		{Pos: tf.Pos(fstart), End: tf.Pos(fstart), NewText: []byte(indent + "var " + buf + " " + bytesName + ".Buffer\n")},
		{Pos: call.Args[0].Pos(), End: call.Args[0].End(), NewText: []byte("&" + buf)},
		{Pos: ifs.End(), End: ifs.End(), NewText: []byte("\n" + indent + "_, _ = " + buf + ".WriteTo(" + wtext + ")")},
	}
	edits = append(edits, imp...)
	return analysis.SuggestedFix{Message: "Render the template into a bytes.Buffer before writing it", TextEdits: edits}, true
}

// guardOf is the guard "cond holds".
func guardOf(cond ast.Expr) flow.Guard { return flow.Guard{Cond: cond, Holds: true} }
