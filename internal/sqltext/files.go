package sqltext

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/sqlparse"
)

// SQL kept in files: //go:embed targets (a string or []byte var, or an
// embed.FS read with ReadFile and a constant name) and the named-query
// files of nleof/goyesql and qustavo/dotsql (gchaincl/dotsql), looked up by
// a constant name. Files are read only when the Resolver has them
// (SetFiles); a file that is missing, too large, outside the module or not
// matched by the embed patterns gives a hole.

// Import paths of the named-query loaders.
const (
	pathGoyesql = "github.com/nleof/goyesql"
	pathDotsql  = "github.com/qustavo/dotsql"
	pathDotsql0 = "github.com/gchaincl/dotsql" // the module's former path
)

// fileText is a file read once: its text, or ok false when it cannot be read.
type fileText struct {
	text string
	ok   bool
}

// SetFiles lets r read the files next to the package's sources: fset
// locates each Go file's directory, read reads a file by its path (nil:
// os.ReadFile). Without it, SQL kept in files is a hole. It returns r.
func (r *Resolver) SetFiles(fset *token.FileSet, read func(name string) ([]byte, error)) *Resolver {
	if r == nil {
		return r
	}
	if read == nil {
		read = os.ReadFile
	}
	r.fset, r.read = fset, read
	return r
}

// indexEmbed records the //go:embed patterns of the vars of vs.
func (r *Resolver) indexEmbed(gd *ast.GenDecl, vs *ast.ValueSpec) {
	doc := vs.Doc
	if doc == nil && !gd.Lparen.IsValid() {
		doc = gd.Doc
	}
	if doc == nil || len(vs.Names) != 1 || len(vs.Values) != 0 {
		return
	}
	var pats []string
	for _, c := range doc.List {
		rest, ok := strings.CutPrefix(c.Text, "//go:embed")
		if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		ps, ok := embedPatterns(rest)
		if !ok {
			return // a malformed directive: the build fails anyway
		}
		pats = append(pats, ps...)
	}
	if len(pats) == 0 {
		return
	}
	if v, ok := r.info.Defs[vs.Names[0]].(*types.Var); ok {
		r.embeds[v] = pats
	}
}

// embedPatterns splits the arguments of a //go:embed line: space-separated
// patterns, each possibly a Go string literal.
func embedPatterns(s string) ([]string, bool) {
	var out []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return out, true
		}
		var p string
		switch s[0] {
		case '`':
			end := strings.IndexByte(s[1:], '`')
			if end < 0 {
				return nil, false
			}
			p, s = s[1:end+1], s[end+2:]
		case '"':
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, false
			}
			q, err := strconv.Unquote(s[:end+1])
			if err != nil {
				return nil, false
			}
			p, s = q, s[end+1:]
		default:
			i := strings.IndexAny(s, " \t")
			if i < 0 {
				i = len(s)
			}
			p, s = s[:i], s[i:]
		}
		out = append(out, p)
	}
}

// indexUse marks a map variable used otherwise than read by index, ranged
// over or measured: it may be written through another name.
func (r *Resolver) indexUse(id *ast.Ident, stack []ast.Node) {
	v, ok := r.info.Uses[id].(*types.Var)
	if !ok || v.Type() == nil {
		return
	}
	if _, isMap := v.Type().Underlying().(*types.Map); !isMap {
		return
	}
	if len(stack) >= 2 {
		switch p := stack[len(stack)-2].(type) {
		case *ast.IndexExpr:
			if p.X == id {
				return
			}
		case *ast.RangeStmt:
			if p.X == id {
				return
			}
		case *ast.CallExpr:
			if fid, ok := ast.Unparen(p.Fun).(*ast.Ident); ok && fid.Name == "len" && len(p.Args) == 1 && p.Args[0] == id {
				if _, builtin := r.info.Uses[fid].(*types.Builtin); builtin {
					return
				}
			}
		}
	}
	r.escapes[v] = true
}

// firstResultSource reports a call of several results whose first is text
// sqltext knows how to evaluate: embed.FS.ReadFile, fs.ReadFile of an
// embed.FS, goyesql.ParseFile, dotsql.LoadFromFile/LoadFromString,
// (dotsql.DotSql).Raw, and the ToSql of a query builder.
func (r *Resolver) firstResultSource(call *ast.CallExpr) bool {
	if call == nil {
		return false
	}
	fn := calleeOf(r.info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch p, name := fn.Pkg().Path(), fn.Name(); {
	case p == "embed" && name == "ReadFile", p == "io/fs" && name == "ReadFile":
		return true
	case p == pathGoyesql && name == "ParseFile":
		return true
	case isDotsql(p) && (name == "LoadFromFile" || name == "LoadFromString" || name == "Raw"):
		return true
	case isSquirrel(p) && (name == "ToSql" || name == "MustSql"):
		return true
	}
	return false
}

// firstResultCall returns e as a call if firstResultSource reports it.
func (r *Resolver) firstResultCall(e ast.Expr) *ast.CallExpr {
	call, _ := ast.Unparen(e).(*ast.CallExpr)
	if !r.firstResultSource(call) {
		return nil
	}
	return call
}

func isDotsql(p string) bool { return p == pathDotsql || p == pathDotsql0 }

// calleeOf returns the function or method a call statically names.
func calleeOf(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr: // an instantiation: f[T](...)
		switch g := ast.Unparen(f.X).(type) {
		case *ast.Ident:
			id = g
		case *ast.SelectorExpr:
			id = g.Sel
		}
	}
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// fileCall evaluates the calls that read SQL kept in files: fs.ReadFile /
// embed.FS.ReadFile with a constant name, and dotsql's Raw. ok is false
// when call is none of them.
func (ev *evaluator) fileCall(call *ast.CallExpr, fn *types.Func, depth int, en env) (frag, bool) {
	p, name := fn.Pkg().Path(), fn.Name()
	switch {
	case p == "embed" && name == "ReadFile" && len(call.Args) == 1:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return holeFrag, true
		}
		return ev.embedFSFile(sel.X, call.Args[0], depth, en), true
	case p == "io/fs" && name == "ReadFile" && len(call.Args) == 2:
		return ev.embedFSFile(call.Args[0], call.Args[1], depth, en), true
	case isSquirrel(p) && (name == "ToSql" || name == "MustSql") && len(call.Args) == 0:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return holeFrag, true
		}
		return ev.squirrelSQL(sel.X, depth), true
	case isDotsql(p) && name == "Raw" && len(call.Args) == 1:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return holeFrag, true
		}
		return ev.lookup(sel.X, call.Args[0], depth, en), true
	}
	return frag{}, false
}

// embedded returns the text of a string or []byte var with a //go:embed
// directive; ok is false for a var without one.
func (ev *evaluator) embedded(v *types.Var) (frag, bool) {
	pats, ok := ev.r.embeds[v]
	if !ok {
		return frag{}, false
	}
	if len(pats) != 1 || !(isString(v.Type()) || isByteSlice(v.Type())) {
		return holeFrag, true
	}
	dir := ev.r.dirOf(v.Pos())
	pat := strings.TrimPrefix(pats[0], "all:")
	if dir == "" || !validEmbedPattern(pat) {
		return holeFrag, true
	}
	name := pat
	if strings.ContainsAny(pat, "*?[\\") {
		ms, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pat)))
		if err != nil || len(ms) != 1 {
			return holeFrag, true
		}
		rel, err := filepath.Rel(dir, ms[0])
		if err != nil {
			return holeFrag, true
		}
		name = filepath.ToSlash(rel)
	}
	return ev.r.fileFrag(filepath.Join(dir, filepath.FromSlash(name))), true
}

// embedFSFile returns the text of fsys.ReadFile(name) for an embed.FS
// variable fsys and a constant name its patterns embed.
func (ev *evaluator) embedFSFile(fsys, nameExpr ast.Expr, depth int, en env) frag {
	v := ev.r.varOf(fsys)
	if v == nil || ev.r.addr[v] || len(ev.r.writes[v]) != 1 {
		return holeFrag
	}
	if n, ok := types.Unalias(v.Type()).(*types.Named); !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "embed" || n.Obj().Name() != "FS" {
		return holeFrag
	}
	pats, ok := ev.r.embeds[v]
	if !ok {
		return holeFrag
	}
	nf := ev.eval(nameExpr, depth+1, en) // a constant, or built from constants
	if nf.holes || !nf.found {
		return holeFrag
	}
	name := nf.s
	if !embeds(pats, name) {
		return holeFrag
	}
	dir := ev.r.dirOf(v.Pos())
	if dir == "" {
		return holeFrag
	}
	return ev.r.fileFrag(filepath.Join(dir, filepath.FromSlash(name)))
}

// validEmbedPattern rejects what go:embed rejects: empty, absolute,
// dot-dot and backslash paths.
func validEmbedPattern(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.Contains(p, ":") {
		return false
	}
	for _, el := range strings.Split(p, "/") {
		if el == "" || el == "." || el == ".." {
			return false
		}
	}
	return true
}

// embeds reports whether the patterns of an embed.FS embed the file name:
// a pattern matches it, or matches a directory above it (whose files
// starting with '.' or '_' are left out unless the pattern is "all:").
func embeds(pats []string, name string) bool {
	if !validEmbedPattern(name) {
		return false
	}
	parts := strings.Split(name, "/")
	for _, raw := range pats {
		pat, all := strings.CutPrefix(raw, "all:")
		if !validEmbedPattern(pat) {
			continue
		}
		for i := len(parts); i >= 1; i-- {
			prefix := strings.Join(parts[:i], "/")
			if m, err := path.Match(pat, prefix); err != nil || !m {
				continue
			}
			hidden := false
			for _, el := range parts[i:] {
				if !all && (el[0] == '.' || el[0] == '_') {
					hidden = true
				}
			}
			if !hidden {
				return true
			}
		}
	}
	return false
}

// dirOf returns the directory of the Go file holding pos, "" if unknown.
func (r *Resolver) dirOf(pos token.Pos) string {
	if r.fset == nil || r.read == nil || !pos.IsValid() {
		return ""
	}
	f := r.fset.File(pos)
	if f == nil || f.Name() == "" {
		return ""
	}
	return filepath.Dir(f.Name())
}

// fileFrag is the text of the file at p, a hole if it cannot be read.
func (r *Resolver) fileFrag(p string) frag {
	ft := r.readFile(p)
	if !ft.ok {
		return holeFrag
	}
	return constFrag(ft.text)
}

// readFile reads p once.
func (r *Resolver) readFile(p string) fileText {
	if ft, ok := r.cache[p]; ok {
		return ft
	}
	ft := fileText{}
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Size() <= maxLen {
		if b, err := r.read(p); err == nil && len(b) <= maxLen {
			ft = fileText{text: string(b), ok: true}
		}
	}
	if r.cache != nil {
		r.cache[p] = ft
	}
	return ft
}

// loaderFile finds the file a loader opens by a relative path, which the
// program resolves against its working directory: the package directory or
// one of its parents up to the module root (the nearest go.mod), the first
// that has the file. Absolute paths and paths leaving the module are not
// followed.
func (r *Resolver) loaderFile(pos token.Pos, name string) fileText {
	dir := r.dirOf(pos)
	if dir == "" || name == "" || filepath.IsAbs(name) || strings.ContainsRune(name, 0) {
		return fileText{}
	}
	root := ""
	for d := dir; ; {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && fi.Mode().IsRegular() {
			root = d
			break
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	if root == "" {
		root = dir
	}
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, filepath.FromSlash(name))
		if rel, err := filepath.Rel(root, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			if ft := r.readFile(p); ft.ok {
				return ft
			}
		}
		if d == root || filepath.Dir(d) == d {
			return fileText{}
		}
	}
}

// Named returns the text of the query a table of named queries holds
// under name: tbl is a DotSql loaded from a file or a string, a goyesql
// Queries, or a map literal (see Of for the rules); name must be constant.
func (r *Resolver) Named(tbl, name ast.Expr) (t Text) {
	if r != nil {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.pending != nil {
			r.ensure()
		}
	}
	failed := false
	defer func() {
		if failed {
			t = holeFrag.text()
		}
	}()
	defer bug.Catch(&failed, "sqltext.Named")
	if r == nil || r.info == nil || tbl == nil || name == nil {
		return holeFrag.text()
	}
	ev := &evaluator{r: r}
	return ev.lookup(tbl, name, 0, nil).text()
}

// table is a set of named queries: a map literal, or a parsed query file.
type table struct {
	lit   *ast.CompositeLit
	named map[string]string
}

// lookup evaluates tbl[key] (a map index or a dotsql name) for a constant
// key; an unknown table, a non-constant key or a missing name is a hole.
func (ev *evaluator) lookup(tblExpr, keyExpr ast.Expr, depth int, en env) frag {
	var key string
	if tv := ev.r.info.Types[keyExpr]; tv.Value != nil && tv.Value.Kind() == constant.String {
		key = constant.StringVal(tv.Value)
	} else if id, ok := ast.Unparen(keyExpr).(*ast.Ident); ok && en != nil {
		// queries[name] in a helper, name bound to its caller's constant
		v, _ := ev.r.info.Uses[id].(*types.Var)
		f, bound := en[v]
		if !bound || f.holes {
			return holeFrag
		}
		key = f.s
	} else {
		return holeFrag
	}
	t, ok := ev.table(tblExpr, depth+1)
	if !ok {
		return holeFrag
	}
	if t.named != nil {
		s, ok := t.named[key]
		if !ok {
			return holeFrag
		}
		f := constFrag(s)
		f.holes = strings.Contains(s, sqlparse.Hole) // dotsql template actions
		return f
	}
	for _, el := range t.lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return holeFrag
		}
		ktv := ev.r.info.Types[kv.Key]
		if ktv.Value == nil || ktv.Value.Kind() != constant.String {
			return holeFrag // a computed key might be this one
		}
		if constant.StringVal(ktv.Value) == key {
			return ev.eval(kv.Value, depth+1, nil)
		}
	}
	return holeFrag
}

// table resolves e to a table of named queries: a var (package-level or
// local) assigned once and only ever read by index, whose value is a map
// literal with string keys, goyesql.ParseFile/MustParseFile of a file, or
// dotsql.LoadFromFile/LoadFromString.
func (ev *evaluator) table(e ast.Expr, depth int) (table, bool) {
	ev.steps++
	if depth > maxDepth || ev.steps > maxSteps {
		return table{}, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v := ev.r.varOf(e)
		if v == nil || ev.r.broken || ev.r.addr[v] || ev.r.escapes[v] {
			return table{}, false
		}
		ws := ev.r.writes[v]
		if len(ws) != 1 || ws[0].kind != wPlain || ws[0].rhs == nil {
			return table{}, false
		}
		return ev.table(ws[0].rhs, depth+1)
	case *ast.CompositeLit:
		var m *types.Map
		if t := ev.r.info.TypeOf(e); t != nil {
			m, _ = t.Underlying().(*types.Map)
		}
		if m == nil || !isString(m.Key()) || !isString(m.Elem()) {
			return table{}, false
		}
		return table{lit: e}, true
	case *ast.CallExpr:
		fn := calleeOf(ev.r.info, e)
		if fn == nil || fn.Pkg() == nil || len(e.Args) != 1 {
			return table{}, false
		}
		p, name := fn.Pkg().Path(), fn.Name()
		switch {
		case p == pathGoyesql && (name == "ParseFile" || name == "MustParseFile"),
			isDotsql(p) && name == "LoadFromFile":
			tv := ev.r.info.Types[e.Args[0]]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return table{}, false
			}
			return ev.r.loadTable(p == pathGoyesql, e.Pos(), constant.StringVal(tv.Value))
		case isDotsql(p) && name == "LoadFromString":
			f := ev.eval(e.Args[0], depth+1, nil)
			if f.holes {
				return table{}, false
			}
			return parseDotsql(f.s), true
		case isStringMap(ev.r.info.TypeOf(e)):
			// var queries = parseQueries(queriesSQL): the module's own
			// parser of an embedded file of "-- name: x" blocks (goyesql's
			// and dotsql's convention). The parser is not run: a file with
			// no such tag is not taken for one.
			f := ev.eval(e.Args[0], depth+1, nil)
			if f.holes || !hasNameTag(f.s) {
				return table{}, false
			}
			return parseDotsql(f.s), true
		}
	}
	return table{}, false
}

// tableResult is a query file parsed once.
type tableResult struct {
	t  table
	ok bool
}

// loadTable reads and parses the query file a loader at pos opens.
func (r *Resolver) loadTable(goyesql bool, pos token.Pos, name string) (table, bool) {
	key := "dotsql:" + r.dirOf(pos) + "\x00" + name
	if goyesql {
		key = "goyesql:" + r.dirOf(pos) + "\x00" + name
	}
	if tr, ok := r.tables[key]; ok {
		return tr.t, tr.ok
	}
	var tr tableResult
	if ft := r.loaderFile(pos, name); ft.ok {
		if goyesql {
			tr.t, tr.ok = parseGoyesql(ft.text)
		} else {
			tr.t, tr.ok = parseDotsql(ft.text), true
		}
	}
	if r.tables != nil {
		r.tables[key] = tr
	}
	return tr.t, tr.ok
}

var (
	goyesqlTag     = regexp.MustCompile(`^\s*--\s*name\s*:\s*(.+)`)
	goyesqlComment = regexp.MustCompile(`^\s*--\s*(.+)`)
	dotsqlTag      = regexp.MustCompile(`^\s*--\s*name:\s*(\S+)`)
	templateAction = regexp.MustCompile(`\{\{.*?\}\}`)
)

// hasNameTag reports a "-- name: x" line in src.
func hasNameTag(src string) bool {
	for _, line := range splitLines(src) {
		if dotsqlTag.MatchString(line) {
			return true
		}
	}
	return false
}

// parseGoyesql reads a file as nleof/goyesql does: "-- name: tag" lines
// start a query, other "--" lines and blank lines are skipped, the lines of
// a query are joined with spaces. A query line before any tag, or a tag
// right after a tag, fails the parse (ok false), as goyesql does.
func parseGoyesql(src string) (table, bool) {
	named := map[string]string{}
	lastTag, lastWasTag := "", false
	for _, line := range splitLines(src) {
		line = strings.Trim(line, " ")
		switch {
		case line == "":
			continue
		case goyesqlTag.MatchString(line):
			if lastWasTag {
				return table{}, false
			}
			lastTag, lastWasTag = goyesqlTag.FindStringSubmatch(line)[1], true
			continue
		case goyesqlComment.MatchString(line):
			continue
		}
		if lastTag == "" {
			return table{}, false
		}
		if named[lastTag] != "" {
			line = " " + line
		}
		named[lastTag] += line
		lastWasTag = false
	}
	return table{named: named}, true
}

// parseDotsql reads a file as dotsql does: "-- name: tag" starts a query,
// its lines (trimmed, blank ones dropped) are joined with newlines; lines
// before the first tag are ignored. dotsql runs each query through
// text/template: every {{ action }} becomes a hole.
func parseDotsql(src string) table {
	named := map[string]string{}
	cur := ""
	for _, line := range splitLines(src) {
		if m := dotsqlTag.FindStringSubmatch(line); m != nil {
			cur = m[1]
			continue
		}
		if cur == "" {
			continue
		}
		line = strings.Trim(line, " \t")
		if line == "" {
			continue
		}
		if named[cur] != "" {
			named[cur] += "\n"
		}
		named[cur] += line
	}
	for k, q := range named {
		if strings.Contains(q, "{{") {
			named[k] = templateAction.ReplaceAllLiteralString(q, " "+sqlparse.Hole+" ")
		}
	}
	return table{named: named}
}

// splitLines splits as bufio.ScanLines does: on "\n", dropping a final
// "\r" of each line and the empty text after a final newline.
func splitLines(s string) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
