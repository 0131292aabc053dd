package ctxtimeout

import (
	"go/ast"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
)

// Deliberate detachment. A context with no deadline that the code
// documents - a comment on the line that makes it, or ending on the line
// just above the statement that holds it - is taken as deliberate: a
// long-running job, work that must outlive the request. The check does
// not read the comment's words (a reviewer does); it asks only that one
// be there. Directives (//go:..., //nolint:..., //lint:...) document
// nothing, and neither do analysistest's // want expectations.
//
// The rule then depends on how the context is made:
//   - context.WithoutCancel(parent), or a root assigned to a variable in a
//     statement of its own (ctx := context.Background()): not reported.
//   - a root written inline as a call's argument: reported (the comment
//     may be about the call), but with no fix: a timeout on an operation
//     documented as detached is a decision for its author.

// documented reports whether the context expression r has a documenting
// comment on its line or ending on the line just above the statement
// that holds it.
func (c *checker) documented(fi *funcInfo, r ast.Node) bool {
	file := fixes.FileOf(c.pass, r.Pos())
	if file == nil {
		return false
	}
	fset := c.pass.Fset
	line := fset.Position(r.Pos()).Line
	first := line
	if st, _, _ := c.stmtOf(fi, r); st != nil {
		first = fset.Position(st.Pos()).Line
	}
	for _, cg := range file.Comments {
		end := fset.Position(cg.End()).Line
		if end < first-1 {
			continue
		}
		if fset.Position(cg.Pos()).Line > line {
			break
		}
		// A group just above the statement counts when it stands on its
		// own lines (not the trailing comment of the statement before).
		_, above := c.indentOf(cg)
		above = above && end == first-1
		for _, cm := range cg.List {
			if (above || fset.Position(cm.Pos()).Line == line) && documents(cm.Text) {
				return true
			}
		}
	}
	return false
}

// documents reports whether a comment's text is prose: not a directive,
// not an analysistest expectation, not empty.
func documents(text string) bool {
	var body string
	switch {
	case strings.HasPrefix(text, "//"):
		body = text[2:]
		// //go:build, //nolint:errcheck, //lint:ignore: a directive.
		if i := strings.IndexByte(body, ':'); i > 0 && !strings.ContainsAny(body[:i], " \t") {
			return false
		}
	case strings.HasPrefix(text, "/*"):
		body = strings.TrimSuffix(text[2:], "*/")
	}
	body = strings.TrimSpace(body)
	return body != "" && !strings.HasPrefix(body, "want ")
}

// ownStatement reports whether the context expression r is the value of
// an assignment or declaration of its own (ctx := context.Background()).
func (c *checker) ownStatement(r ast.Node) bool {
	switch p := c.ix.Parent(r).(type) {
	case *ast.AssignStmt:
		return len(p.Rhs) == 1 && p.Rhs[0] == r
	case *ast.ValueSpec:
		return len(p.Values) == 1 && p.Values[0] == r
	}
	return false
}
