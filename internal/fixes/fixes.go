// Package fixes holds the builders faultline's suggested fixes share:
// adding an import, choosing a name that collides with nothing, writing the
// zero value of a type as source, and asking which Go version a file is
// compiled for.
package fixes

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"go/version"
	"os"
	"path"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Source returns the source text of n as gofmt would print it.
func Source(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	if err := format.Node(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}

// Text returns the source text of n exactly as written (spacing and
// comments kept), so that a fix that moves or wraps an expression changes
// nothing else about it; Source when the file cannot be read.
func Text(pass *analysis.Pass, n ast.Node) string {
	tf := pass.Fset.File(n.Pos())
	if tf == nil || pass.ReadFile == nil {
		return Source(pass.Fset, n)
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() || !n.End().IsValid() || tf.Offset(n.End()) > len(src) {
		return Source(pass.Fset, n)
	}
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// FileOf returns the file of pass that contains pos, or nil.
func FileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// GoVersionAtLeast reports whether file is compiled for Go version v (such
// as "go1.22") or later, from its //go:build constraint or the module's go
// directive. An unknown version counts as too old.
func GoVersionAtLeast(pass *analysis.Pass, file *ast.File, v string) bool {
	fv := ""
	if pass.TypesInfo != nil && pass.TypesInfo.FileVersions != nil {
		fv = pass.TypesInfo.FileVersions[file]
	}
	if fv == "" && pass.Pkg != nil {
		fv = pass.Pkg.GoVersion()
	}
	if fv == "" {
		return false
	}
	return version.Compare(fv, v) >= 0
}

// ImportName returns the name under which file imports the package with the
// given path, or "" if it does not. A blank or dot import does not count.
func ImportName(file *ast.File, pkgPath string) string {
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != pkgPath {
			continue
		}
		if imp.Name != nil {
			if imp.Name.Name == "_" || imp.Name.Name == "." {
				continue
			}
			return imp.Name.Name
		}
		return defaultName(p)
	}
	return ""
}

// defaultName is the package name an import path conventionally declares:
// its last element, skipping a major-version suffix (math/rand/v2 -> rand).
func defaultName(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		if dir := path.Dir(p); dir != "." {
			base = path.Base(dir)
		}
	}
	base = strings.TrimPrefix(base, "go-")
	return strings.NewReplacer("-", "_", ".", "_").Replace(base)
}

// conventionalName is the name the go tool would give the package when it
// is certain of it: the last path element, or the one before a major-version
// suffix, when that element is a plain identifier.
func conventionalName(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	if strings.ContainsAny(base, "-.") {
		return ""
	}
	return base
}

// taken reports whether name is already an import name in file or resolves
// to something at pos.
func taken(info *types.Info, file *ast.File, pos token.Pos, name string) bool {
	for _, imp := range file.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		n := defaultName(p)
		if imp.Name != nil {
			n = imp.Name.Name
		}
		if n == name {
			return true
		}
	}
	if info == nil {
		return false
	}
	if scope := info.Scopes[file]; scope != nil {
		if inner := scope.Innermost(pos); inner != nil {
			if _, obj := inner.LookupParent(name, pos); obj != nil {
				return true
			}
		}
	}
	return false
}

// FreshName returns base, or base2, base3..., the first that resolves to
// nothing at pos in file and is declared nowhere inside the innermost
// function around pos (so the new name neither shadows nor is shadowed).
func FreshName(info *types.Info, file *ast.File, pos token.Pos, base string) string {
	used := map[string]bool{}
	if fn := enclosingFunc(file, pos); fn != nil {
		ast.Inspect(fn, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				used[id.Name] = true
			}
			return true
		})
	}
	name := base
	for i := 2; used[name] || taken(info, file, pos, name); i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

func enclosingFunc(file *ast.File, pos token.Pos) ast.Node {
	var fn ast.Node
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos > n.End() {
			return false
		}
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = n
		}
		return true
	})
	return fn
}

// ZeroValue returns Go source for the zero value of t as written in file
// of package pkg, and false if it cannot be written there (a type from a
// package the file does not import).
func ZeroValue(file *ast.File, pkg *types.Package, t types.Type) (string, bool) {
	ok := true
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		name := ImportName(file, p.Path())
		if name == "" {
			ok = false
		}
		return name
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsString != 0:
			if _, named := t.(*types.Named); named || isAlias(t) {
				return types.TypeString(t, qual) + `("")`, ok
			}
			return `""`, true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Kind() == types.UnsafePointer, u.Kind() == types.UntypedNil:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature:
		return "nil", true
	case *types.Interface:
		if _, isParam := t.(*types.TypeParam); isParam {
			return "*new(" + types.TypeString(t, qual) + ")", ok
		}
		return "nil", true
	case *types.Struct, *types.Array:
		return types.TypeString(t, qual) + "{}", ok
	}
	return "", false
}

func isAlias(t types.Type) bool { _, ok := t.(*types.Alias); return ok }

// ZeroResults returns the zero values of sig's results, in order, with the
// last one (conventionally the error) replaced by errExpr. It returns false
// if some zero value cannot be written in file.
func ZeroResults(file *ast.File, pkg *types.Package, sig *types.Signature, errExpr string) ([]string, bool) {
	res := sig.Results()
	out := make([]string, res.Len())
	for i := range res.Len() {
		if i == res.Len()-1 && errExpr != "" {
			out[i] = errExpr
			continue
		}
		z, ok := ZeroValue(file, pkg, res.At(i).Type())
		if !ok {
			return nil, false
		}
		out[i] = z
	}
	return out, true
}

// Sources reads a pass's files for the fixes of one check, each once: a
// check that builds a fix per finding in a long file would otherwise read
// the whole file per fix. It lives as long as the check's pass.
type Sources struct {
	pass  *analysis.Pass
	files map[string][]byte
}

// NewSources returns an empty cache of pass's files.
func NewSources(pass *analysis.Pass) *Sources {
	return &Sources{pass: pass, files: map[string][]byte{}}
}

// Read returns the contents of the named file, as pass.ReadFile does.
func (s *Sources) Read(name string) ([]byte, error) {
	if src, ok := s.files[name]; ok {
		return src, nil
	}
	if s.pass.ReadFile == nil {
		return nil, os.ErrNotExist
	}
	src, err := s.pass.ReadFile(name)
	if err != nil {
		return nil, err
	}
	s.files[name] = src
	return src, nil
}

// Of returns the contents of the file that holds n and its token.File, or
// nil when it cannot be read or has changed since it was parsed.
func (s *Sources) Of(n ast.Node) ([]byte, *token.File) {
	tf := s.pass.Fset.File(n.Pos())
	if tf == nil {
		return nil, nil
	}
	src, err := s.Read(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil, nil
	}
	return src, tf
}
