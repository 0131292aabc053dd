package fixes

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// AddImport returns the name under which file can refer to pkgPath at pos,
// and the edits (none if already imported) that import it. When the default
// name is taken at pos, or by another import, it imports under an alias.
// The import goes where goimports would put it (see AddImports).
func AddImport(info *types.Info, file *ast.File, pos token.Pos, pkgPath string) (string, []analysis.TextEdit) {
	names, edits := AddImports(info, file, pos, pkgPath)
	return names[0], edits
}

// AddImports is AddImport for several packages at once: the names, in the
// order of paths, and one set of edits that imports all of them. (Separate
// AddImport calls for one fix may each rewrite the same declaration.)
//
// The imports go where goimports puts them, as x/tools' astutil.AddNamedImport
// does: a standard-library path into the run of standard-library imports,
// any other into the run of third-party imports, sorted within the run; a
// new run, a blank line apart, when the file has none of that kind. A single
// unparenthesized import declaration becomes a parenthesized one (goimports
// merges declarations); an import "C" declaration is never touched.
func AddImports(info *types.Info, file *ast.File, pos token.Pos, paths ...string) ([]string, []analysis.TextEdit) {
	names := make([]string, len(paths))
	var add []newImport
	for i, p := range paths {
		if name := ImportName(file, p); name != "" {
			names[i] = name
			continue
		}
		if j := slices.IndexFunc(add, func(n newImport) bool { return n.path == p }); j >= 0 {
			names[i] = add[j].name
			continue
		}
		want := defaultName(p)
		name := want
		for k := 2; taken(info, file, pos, name) || slices.ContainsFunc(add, func(n newImport) bool { return n.name == name }); k++ {
			name = fmt.Sprintf("%s%d", want, k)
			if want == "rand" && k == 2 && strings.HasSuffix(p, "/v2") {
				name = "randv2"
			}
		}
		spec := strconv.Quote(p)
		if name != want || want != conventionalName(p) {
			spec = name + " " + spec
		}
		names[i] = name
		add = append(add, newImport{path: p, name: name, spec: spec, std: isStd(p)})
	}
	if len(add) == 0 {
		return names, nil
	}
	slices.SortFunc(add, func(a, b newImport) int { return strings.Compare(a.path, b.path) })
	return names, importEdits(file, add)
}

type newImport struct {
	path, name, spec string
	std              bool
}

// isStd reports whether an import path is in goimports' standard-library
// group: its first element has no dot.
func isStd(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

func specStd(is *ast.ImportSpec) bool {
	p, _ := strconv.Unquote(is.Path.Value)
	return isStd(p)
}

func importEdits(file *ast.File, add []newImport) []analysis.TextEdit {
	var target, last *ast.GenDecl
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		last = gd
		if target == nil && !importsC(gd) {
			target = gd
		}
	}
	switch {
	case target == nil:
		// A new declaration after the last import "C" one, or after the
		// package clause.
		at := file.Name.End()
		if last != nil {
			at = last.End()
		}
		return []analysis.TextEdit{{Pos: at, End: at, NewText: []byte("\n\n" + newDecl(add))}}
	case !target.Lparen.IsValid():
		// import "fmt" becomes import ( ... ), the spec kept as written.
		old := target.Specs[0].(*ast.ImportSpec)
		p, _ := strconv.Unquote(old.Path.Value)
		all := append([]newImport{{path: p, spec: specText(old), std: isStd(p)}}, add...)
		slices.SortFunc(all, func(a, b newImport) int { return strings.Compare(a.path, b.path) })
		return []analysis.TextEdit{{Pos: target.Pos(), End: old.End(), NewText: []byte(newDecl(all))}}
	case len(target.Specs) == 0:
		body := strings.TrimPrefix(newDecl(append(add, newImport{})), "import (")
		body = strings.TrimSuffix(body, "\n\t\n)") // the empty sentinel sorts last
		if len(add) == 1 {
			body = "\n\t" + add[0].spec
		}
		return []analysis.TextEdit{{Pos: target.Lparen + 1, End: target.Lparen + 1, NewText: []byte(body + "\n")}}
	}
	// Runs of specs of one group (standard library or not). In a file that
	// goimports printed, each is one or more runs of successive lines, each
	// sorted: inserting before the first spec that sorts after the new one
	// (or after the last) keeps every run sorted.
	var runs [][]*ast.ImportSpec
	for i, s := range target.Specs {
		is := s.(*ast.ImportSpec)
		if i == 0 || specStd(is) != specStd(target.Specs[i-1].(*ast.ImportSpec)) {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], is)
	}
	type insert struct {
		lead  []string // a new run before the first spec
		specs []string // into an existing run
		tail  []string // a new run after the last spec
	}
	at := map[token.Pos]*insert{}
	var order []token.Pos
	get := func(p token.Pos) *insert {
		if at[p] == nil {
			at[p] = &insert{}
			order = append(order, p)
		}
		return at[p]
	}
	first := target.Specs[0].(*ast.ImportSpec)
	lastSpec := target.Specs[len(target.Specs)-1].(*ast.ImportSpec)
	for _, n := range add {
		var run []*ast.ImportSpec
		for _, r := range runs {
			if specStd(r[0]) == n.std {
				run = r
				break
			}
		}
		switch {
		case run == nil && n.std:
			ins := get(specStart(first))
			ins.lead = append(ins.lead, n.spec)
		case run == nil:
			ins := get(specEnd(lastSpec))
			ins.tail = append(ins.tail, n.spec)
		default:
			i := slices.IndexFunc(run, func(is *ast.ImportSpec) bool {
				p, _ := strconv.Unquote(is.Path.Value)
				return p > n.path
			})
			if i >= 0 {
				ins := get(specStart(run[i]))
				ins.specs = append(ins.specs, n.spec+"\n\t")
			} else {
				ins := get(specEnd(run[len(run)-1]))
				ins.specs = append(ins.specs, "\n\t"+n.spec)
			}
		}
	}
	var edits []analysis.TextEdit
	for _, p := range order {
		ins := at[p]
		var b strings.Builder
		if len(ins.lead) > 0 {
			b.WriteString(strings.Join(ins.lead, "\n\t") + "\n\n\t")
		}
		b.WriteString(strings.Join(ins.specs, ""))
		if len(ins.tail) > 0 {
			b.WriteString("\n\n\t" + strings.Join(ins.tail, "\n\t"))
		}
		edits = append(edits, analysis.TextEdit{Pos: p, End: p, NewText: []byte(b.String())})
	}
	return edits
}

// newDecl is an import declaration of specs (sorted by path), grouped as
// goimports groups them.
func newDecl(specs []newImport) string {
	if len(specs) == 1 {
		return "import " + specs[0].spec
	}
	var b strings.Builder
	b.WriteString("import (")
	for _, std := range []bool{true, false} {
		wrote := false
		for _, s := range specs {
			if s.std != std {
				continue
			}
			if !wrote && b.Len() > len("import (") {
				b.WriteString("\n")
			}
			wrote = true
			b.WriteString("\n\t" + s.spec)
		}
	}
	b.WriteString("\n)")
	return b.String()
}

func specText(is *ast.ImportSpec) string {
	if is.Name != nil {
		return is.Name.Name + " " + is.Path.Value
	}
	return is.Path.Value
}

// specStart is where text before is goes: before its doc comment.
func specStart(is *ast.ImportSpec) token.Pos {
	if is.Doc != nil {
		return is.Doc.Pos()
	}
	return is.Pos()
}

// specEnd is where text after is goes: after its line comment.
func specEnd(is *ast.ImportSpec) token.Pos {
	if is.Comment != nil {
		return is.Comment.End()
	}
	return is.End()
}

func importsC(gd *ast.GenDecl) bool {
	return slices.ContainsFunc(gd.Specs, func(s ast.Spec) bool { return s.(*ast.ImportSpec).Path.Value == `"C"` })
}
