// Package keyset reports cursor (keyset) pagination on a column that is not
// unique: WHERE created_at < $1 ORDER BY created_at DESC LIMIT n skips the
// rows that share created_at with the last row of a page. See Doc.
package keyset

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports cursor pagination on a column that is not unique.
var Analyzer = &analysis.Analyzer{
	Name:     "keyset",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{report.Analyzer, dbcall.Analyzer},
	Run:      run,
}

// uniqueFlag holds -keyset.unique: table.column or column entries.
var uniqueFlag string

func init() {
	Analyzer.Flags.StringVar(&uniqueFlag, "unique", "", "comma-separated table.column (or column) names that are unique, besides id")
}

// parseUnique reads -keyset.unique into a set of "table.column" and
// "column" keys, lower-cased.
func parseUnique(s string) map[string]bool {
	set := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f != "" {
			set[strings.Trim(f, "\"`")] = true
		}
	}
	return set
}

type checker struct {
	pass   *analysis.Pass
	ix     *dbcall.Index
	unique map[string]bool
}

func run(pass *analysis.Pass) (any, error) {
	if pass.TypesInfo == nil {
		return nil, nil
	}
	ix := pass.ResultOf[dbcall.Analyzer].(*dbcall.Index)
	calls := ix.Calls()
	c := &checker{pass: pass, ix: ix, unique: parseUnique(uniqueFlag)}
	if len(calls) == 0 {
		// Calls through another package's wrappers only: such a wrapper
		// lives in a module, so a package that imports none (std) has none.
		if importsModule(pass.Pkg) {
			c.checkShrinkingOffset()
		}
		return nil, nil
	}
	for _, call := range calls {
		if f := pass.Fset.File(call.Expr.Pos()); f == nil || strings.HasSuffix(f.Name(), "_test.go") {
			continue
		}
		c.check(call)
	}
	c.checkShrinkingOffset()
	return nil, nil
}

// importsModule reports an import outside the standard library.
func importsModule(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if !sideeffect.IsStdlib(imp.Path()) {
			return true
		}
	}
	return false
}

// finding is one cursor on a column that is not unique.
type finding struct {
	call *dbcall.Call
	st   *sqlparse.Stmt
	ks   sqlparse.Keyset
	col  string // the cursor column as written in the message (qualified)
	// tiebreak is the unique ORDER BY column after the cursor column, ""
	// if the ORDER BY has none.
	tiebreak string
	tbQual   string
}

// check checks the SELECT a read runs and, for a query parsed from text,
// the SELECTs nested in it (a page in a CTE or a derived table).
func (c *checker) check(call *dbcall.Call) {
	if call.Stmt.Kind != sqlparse.KindSelect || !call.Op.IsRead() {
		return
	}
	if synthesised(call) {
		c.checkStmt(call, &call.Stmt) // nothing nested
		return
	}
	call.Stmt.Walk(func(st *sqlparse.Stmt) bool {
		if st.Kind != sqlparse.KindSelect {
			return false // a batch a DELETE or UPDATE picks is not a page
		}
		c.checkStmt(call, st)
		return true
	})
}

func (c *checker) checkStmt(call *dbcall.Call, st *sqlparse.Stmt) {
	if st.Compound {
		return
	}
	// A cursor page has a LIMIT; LIMIT 1 is a lookup ("the first event
	// after t"), OFFSET is the other kind of paging.
	if st.Limit == "" || st.Limit == "1" || st.Offset != "" || len(st.OrderBy) == 0 || len(st.Keysets) == 0 {
		return
	}
	if call.Lib == dbcall.LibGORM && !c.gormChainReadable(call) {
		return
	}
	col, qual, desc := st.OrderBy[0], st.OrderQualifier[0], st.OrderDesc[0]
	var ks *sqlparse.Keyset
	for i := range st.Keysets {
		k := &st.Keysets[i]
		if k.Form != sqlparse.KeysetColumn {
			for j := range k.Columns {
				if sameColumn(k.Columns[j], k.Qualifiers[j], col, qual) {
					return // a row comparison holds the column: (user_id, created_at, id) < (...)
				}
			}
			continue
		}
		if !sameColumn(k.Columns[0], k.Qualifiers[0], col, qual) {
			continue
		}
		if ks != nil {
			return // two bounds: a range
		}
		ks = k
	}
	if ks == nil || c.holeInWhere(call, ks) {
		return
	}
	for _, w := range st.Where {
		if w.Column == col && (w.Op == "BETWEEN" || w.Op == "=" || w.Op == "IN") {
			return
		}
	}
	for _, o := range st.OrColumns {
		if o == col {
			return // an OR-ed comparison on the column: a tiebreak in a form we do not read
		}
	}
	// The comparison must run the way the ORDER BY does: DESC pages go
	// down (<, <=), ASC pages go up. WHERE created_at > $1 ORDER BY
	// created_at DESC LIMIT n is "the newest n since t", not a page.
	down := ks.Op == "<" || ks.Op == "<="
	if down != desc {
		return
	}
	if c.isUnique(call, qual, col) {
		return
	}
	arg := c.argOf(call, ks)
	if arg != nil && callsTimeNow(c.pass.TypesInfo, arg) {
		return // time.Now(): the first page, no boundary row
	}
	// The column has ties: an ORDER BY with more columns says so, and so
	// does a timestamp.
	if len(st.OrderBy) == 1 && !timeLike(col) && !(arg != nil && isTimeType(c.pass.TypesInfo.TypeOf(arg))) {
		return
	}
	if c.comparesTies(call.Enclosing, col) {
		return // the function trims or refetches the rows tied with the last one
	}
	if (ks.Op == "<=" || ks.Op == ">=") && c.excludesSeen(call) {
		return // the tie's rows already returned are excluded by a unique column
	}
	f := &finding{call: call, st: st, ks: *ks, col: qualified(qual, col)}
	if len(st.OrderBy) > 1 && st.OrderDesc[1] == desc && c.isUnique(call, st.OrderQualifier[1], st.OrderBy[1]) {
		f.tiebreak, f.tbQual = st.OrderBy[1], st.OrderQualifier[1]
	}
	c.report(f, arg)
}

// holeInWhere reports an unknown piece of SQL text in the WHERE clause
// that holds ks (it may be an OR-ed tiebreak), or in any string Where of a
// GORM chain.
func (c *checker) holeInWhere(call *dbcall.Call, ks *sqlparse.Keyset) bool {
	if synthesised(call) {
		for _, cc := range call.Chain {
			sel, ok := ast.Unparen(cc.Fun).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Where" || len(cc.Args) == 0 {
				continue
			}
			if t := c.pass.TypesInfo.TypeOf(cc.Args[0]); t == nil || !isString(t) {
				continue
			}
			if text := c.ix.Resolver().Of(cc.Args[0]); !text.Found || text.Partial {
				return true
			}
		}
		return false
	}
	sql := call.SQL.SQL
	if !call.SQL.Partial {
		return false
	}
	where := strings.LastIndex(strings.ToUpper(sql[:ks.Start]), "WHERE")
	return where < 0 || strings.Contains(sql[where:], sqlparse.Hole)
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// synthesised reports a GORM chain whose Stmt dbcall built from the chain
// (no Raw SQL): its keysets have no offsets and its ORDER BY no ends.
func synthesised(call *dbcall.Call) bool {
	if call.Lib != dbcall.LibGORM {
		return false
	}
	for _, cc := range call.Chain {
		if sel, ok := ast.Unparen(cc.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Raw" {
			return false
		}
	}
	return true
}

// gormChainReadable reports whether dbcall read the whole ORDER BY and
// paging of a GORM chain: every Order has a constant string, no Offset, no
// Or (dbcall drops the keysets an Or disjoins, but says nothing of the
// ones after it), no Scopes.
func (c *checker) gormChainReadable(call *dbcall.Call) bool {
	if !synthesised(call) {
		return true // Raw SQL: the text says it all
	}
	for _, cc := range call.Chain {
		sel, ok := ast.Unparen(cc.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		switch sel.Sel.Name {
		case "Order":
			if len(cc.Args) != 1 {
				return false
			}
			if _, ok := typesx.StringConst(c.pass.TypesInfo, cc.Args[0]); !ok {
				return false
			}
		case "Offset", "Or", "Scopes", "Clauses":
			return false
		}
	}
	return true
}

func sameColumn(col, qual, col2, qual2 string) bool {
	return col == col2 && (qual == "" || qual2 == "" || qual == qual2)
}

func qualified(q, col string) string {
	if q == "" {
		return col
	}
	return q + "." + col
}

// isUnique reports whether col is known to be unique: id, a -keyset.unique
// entry, or a GORM model field tagged primaryKey, unique or uniqueIndex
// (not shared with another field).
// notAny matches NOT (col = ANY(...)), which sqlparse does not split into
// a condition.
var notAny = regexp.MustCompile(`(?i)\bnot\s*\(\s*(?:(\w+)\.)?(\w+)\s*=\s*any\s*\(`)

// excludesSeen reports a WHERE that leaves out a set of rows by a unique
// column, with values the caller passes: id <> ALL($2), id NOT IN ($2, $3),
// NOT (id = ANY($2)). With an inclusive cursor (created_at <= $1)
// that is how the rows of the tie already returned are skipped: no repeat.
func (c *checker) excludesSeen(call *dbcall.Call) bool {
	for _, w := range call.Stmt.Where {
		// A set of values: one id (id <> $2, the last row) leaves the
		// tie's other rows to repeat.
		set := w.Op == "<>" && strings.HasPrefix(w.Value, "all(") || w.Op == "NOT IN"
		if set && strings.ContainsAny(w.Value, "$?:@") && c.isUnique(call, w.Qualifier, w.Column) {
			return true
		}
	}
	for _, m := range notAny.FindAllStringSubmatch(call.SQL.SQL, -1) {
		if c.isUnique(call, strings.ToLower(m[1]), strings.ToLower(m[2])) {
			return true
		}
	}
	return false
}

func (c *checker) isUnique(call *dbcall.Call, qual, col string) bool {
	if col == "id" || c.unique[col] {
		return true
	}
	st := &call.Stmt
	for _, t := range tablesFor(st, qual) {
		if c.unique[t+"."+col] {
			return true
		}
	}
	if call.Lib == dbcall.LibGORM && call.Model != nil {
		if u, ok := gormUnique(call.Model)[col]; ok && u {
			return true
		}
	}
	return false
}

// tablesFor returns the tables a column with qualifier q may belong to.
func tablesFor(st *sqlparse.Stmt, q string) []string {
	for _, t := range st.Tables {
		if q != "" && t == q {
			return []string{t}
		}
	}
	if q == "" || len(st.Tables) == 1 {
		if st.Table != "" {
			return []string{st.Table}
		}
		if len(st.Tables) == 1 {
			return st.Tables
		}
		return st.Tables // unqualified in a join: any of them
	}
	return nil
}

// gormUnique maps the columns of a GORM model to whether they are unique
// by their tags: primaryKey (the only one), unique, uniqueIndex (an index
// no other field shares).
func gormUnique(t types.Type) map[string]bool {
	out := map[string]bool{}
	nt, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return out
	}
	s, ok := nt.Underlying().(*types.Struct)
	if !ok {
		return out
	}
	type info struct {
		col        string
		pk, unique bool
		index      string
	}
	var fields []info
	for i := 0; i < s.NumFields(); i++ {
		f := s.Field(i)
		tag := reflect.StructTag(s.Tag(i)).Get("gorm")
		if tag == "-" {
			continue
		}
		in := info{col: typesx.Snake(f.Name())}
		for _, part := range strings.Split(tag, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), ":")
			switch strings.ToLower(k) {
			case "column":
				in.col = strings.ToLower(v)
			case "primarykey", "primary_key":
				in.pk = true
			case "unique":
				in.unique = true
			case "uniqueindex":
				in.index = "\x00" + f.Name() // unnamed: its own index
				if v != "" {
					in.index = strings.SplitN(v, ",", 2)[0]
				}
			}
		}
		fields = append(fields, in)
	}
	pks, indexUse := 0, map[string]int{}
	for _, f := range fields {
		if f.pk {
			pks++
		}
		if f.index != "" {
			indexUse[f.index]++
		}
	}
	for _, f := range fields {
		out[f.col] = f.unique || (f.pk && pks == 1) || (f.index != "" && indexUse[f.index] == 1)
	}
	return out
}

// argOf returns the bind argument of the cursor placeholder of ks ($n, or
// the k-th ? when every placeholder is a ?), nil when it cannot be told.
func (c *checker) argOf(call *dbcall.Call, ks *sqlparse.Keyset) ast.Expr {
	if call.Via != nil || call.Spread || synthesised(call) || !call.SQL.Known {
		return nil
	}
	v := ks.Values[0]
	if v == "?" {
		params := sqlparse.Params(call.SQL.SQL)
		if len(params) != len(call.Args) {
			return nil
		}
		for i, p := range params {
			if p.Text != "?" {
				return nil
			}
			if p.Off > ks.OpAt && p.Off < ks.End {
				return call.Args[i]
			}
		}
		return nil
	}
	if len(v) < 2 || v[0] != '$' {
		return nil
	}
	n := 0
	for _, r := range v[1:] {
		if r < '0' || r > '9' || n > 1000 {
			return nil
		}
		n = n*10 + int(r-'0')
	}
	if n < 1 || n > len(call.Args) {
		return nil
	}
	return call.Args[n-1]
}

// callsTimeNow reports whether e calls time.Now.
func callsTimeNow(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && typesx.IsCallTo(info, call, "time.Now") {
			found = true
		}
		return !found
	})
	return found
}

// isTimeType reports time.Time, *time.Time, sql.NullTime and pgtype
// timestamps.
func isTimeType(t types.Type) bool {
	return t != nil && (typesx.IsNamedOrPointer(t, "time", "Time") || typesx.IsNamedOrPointer(t, "database/sql", "NullTime") ||
		typesx.IsNamedOrPointer(t, "github.com/jackc/pgx/v5/pgtype", "Timestamptz") ||
		typesx.IsNamedOrPointer(t, "github.com/jackc/pgx/v5/pgtype", "Timestamp"))
}

// timeLike reports a column name that holds a timestamp: created_at,
// updated_on, publish_time, event_date, ts, ...
func timeLike(col string) bool {
	switch col {
	case "created", "updated", "modified", "published", "ts", "timestamp", "time", "date":
		return true
	}
	for _, suf := range []string{"_at", "_on", "_time", "_date", "_ts", "timestamp", "time", "date"} {
		if strings.HasSuffix(col, suf) && len(col) > len(suf) {
			return true
		}
	}
	return false
}

// reportPos is where a finding is reported: the SQL argument, or for a
// GORM chain the Where that holds the cursor.
func (c *checker) reportPos(f *finding) (token.Pos, token.Pos) {
	call := f.call
	if call.Lib == dbcall.LibGORM {
		for _, cc := range call.Chain {
			sel, ok := ast.Unparen(cc.Fun).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Where" || len(cc.Args) == 0 {
				continue
			}
			text := c.ix.Resolver().Of(cc.Args[0])
			if !text.Found {
				continue
			}
			for _, k := range sqlparse.ParseWhereStmt(text.SQL).Keysets {
				if k.Columns[0] == f.ks.Columns[0] {
					return cc.Args[0].Pos(), cc.Args[0].End()
				}
			}
		}
	}
	if call.Query != nil {
		return call.Query.Pos(), call.Query.End()
	}
	return call.Expr.Pos(), call.Expr.End()
}

// comparesTies reports whether fn compares, with ==, != or Equal, the
// cursor column's field of an element of a slice (rows[i].UpdatedAt !=
// last, rows[i].CreatedAt.Equal(t)): the idiom that drops the rows tied with
// the page's last row, or fetches the whole tie, so that the next page
// starts after it.
func (c *checker) comparesTies(fn ast.Node, col string) bool {
	if fn == nil {
		return false
	}
	info := c.pass.TypesInfo
	tieField := func(e ast.Expr) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if _, ok := ast.Unparen(sel.X).(*ast.IndexExpr); !ok {
			return false
		}
		st := structOf(info.TypeOf(sel.X))
		if st == nil {
			return false
		}
		f, ok := fieldByColumn(st, col, 0)
		return ok && f.Name() == sel.Sel.Name
	}
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) && (tieField(n.X) || tieField(n.Y)) {
				found = true
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Equal" && len(n.Args) == 1 &&
				(tieField(sel.X) || tieField(n.Args[0])) {
				found = true
			}
		}
		return !found
	})
	return found
}
