package selectinsert

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Whether a check-then-insert can leave two rows depends on whether the
// columns the check compares are a unique key: a unique key makes the
// second INSERT fail, so only what ran before it (an effect) is done twice;
// without one both INSERTs succeed and the duplicate row is itself the harm.
//
// The evidence the check can see, in this order:
//
//   - unique: the key columns include id, or hold a unique key declared in
//     the package's SQL text or the module's .sql files (CREATE TABLE ...
//     PRIMARY KEY / UNIQUE, ALTER TABLE ... ADD COLUMN c ... UNIQUE, CREATE
//     UNIQUE INDEX, ALTER TABLE ... ADD UNIQUE, partial indexes included, or
//     an INSERT ... ON CONFLICT (cols) on the table, which needs one) or
//     by the GORM model's tags (primaryKey, unique, uniqueIndex: an index of
//     those columns, or of some of them);
//   - not unique: the package's SQL declares the table (CREATE TABLE) with no
//     unique key among the columns, or a key column carries a non-unique
//     index (CREATE INDEX, gorm:"index") and nothing unique covers them;
//   - with no schema in sight, a check whose WHERE also filters on a state
//     (status IN (...), sent_at IS NULL, deleted_at IS NULL, status = 'x' or
//     a constant argument) looks for "a row with this key in that state": a
//     unique key on the key columns cannot hold (other rows share the key),
//     so duplicates are possible -- unless a key column is plausibly a
//     natural key (naturalKey: email, username, slug, an external id, an
//     idempotency key), which a unique index (perhaps partial) usually backs.
//
// Anything else keeps the unique-key assumption.

// tableSchema is what the package's SQL text says about one table.
type tableSchema struct {
	declared bool            // a CREATE TABLE of it
	unique   [][]string      // its unique column sets
	indexed  map[string]bool // columns with a non-unique index
}

var (
	reCreateIndex = regexp.MustCompile(`(?is)\bcreate\s+(unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?(?:[\w."]+\s+)??on\s+(?:only\s+)?([\w."]+)\s*(?:using\s+\w+\s*)?\(([^)]*)\)`)
	reCreateTable = regexp.MustCompile(`(?is)\bcreate\s+(?:(?:temp|temporary|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?([\w."]+)\s*\(`)
	reAlterUnique = regexp.MustCompile(`(?is)\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?([\w."]+)\s+add\s+(?:constraint\s+[\w"]+\s+)?(unique|primary\s+key)\s*\(([^)]*)\)`)
	reWord        = regexp.MustCompile(`\b(unique|primary\s+key)\b`)
	reAlterTable  = regexp.MustCompile(`(?is)\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?([\w."]+)\s+((?:add|drop|alter|rename)\b[^;]*)`)
)

// schema returns what the package's SQL text (string constants and
// literals) declares, by table.
func (a *checker) schema() map[string]*tableSchema {
	if a.tables != nil {
		return a.tables
	}
	a.tables = map[string]*tableSchema{}
	seen := map[string]bool{}
	scan := func(s string) {
		low := strings.ToLower(s)
		if seen[s] {
			return
		}
		seen[s] = true
		if strings.Contains(low, "create") || strings.Contains(low, "alter") {
			a.scanDDL(s)
		}
		if strings.Contains(low, "on conflict") {
			// ON CONFLICT (cols) needs a unique index on cols (Postgres).
			for _, st := range sqlparse.ParseAll(s) {
				if st.Kind == sqlparse.KindInsert && st.Table != "" && len(st.ConflictTarget) > 0 {
					t := a.tableOf(st.Table)
					t.unique = append(t.unique, columnList(strings.Join(st.ConflictTarget, ",")))
				}
			}
		}
	}
	// The module's .sql files: migrations declare the schema most services
	// query (ente's migrations/61_storage_bonus.up.sql).
	if len(a.pass.Files) > 0 {
		if tf := a.pass.Fset.File(a.pass.Files[0].Pos()); tf != nil {
			for _, text := range moduleSQL(filepath.Dir(tf.Name())) {
				scan(text)
			}
		}
	}
	for _, f := range a.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if tv, ok := a.info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
						scan(constant.StringVal(tv.Value))
					}
				}
			case *ast.BinaryExpr:
				// a constant concatenation: its whole text
				if tv, ok := a.info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					scan(constant.StringVal(tv.Value))
					return false
				}
			}
			return true
		})
	}
	return a.tables
}

func (a *checker) tableOf(name string) *tableSchema {
	name = normTable(name)
	t := a.tables[name]
	if t == nil {
		t = &tableSchema{indexed: map[string]bool{}}
		a.tables[name] = t
	}
	return t
}

// scanDDL records the tables, unique keys and indexes a text declares.
func (a *checker) scanDDL(s string) {
	s = stripComments(s)
	for _, m := range reCreateIndex.FindAllStringSubmatch(s, -1) {
		t := a.tableOf(m[2])
		cols := columnList(m[3])
		if strings.TrimSpace(m[1]) != "" {
			t.unique = append(t.unique, cols)
		} else {
			for _, c := range cols {
				t.indexed[c] = true
			}
		}
	}
	for _, m := range reAlterUnique.FindAllStringSubmatch(s, -1) {
		t := a.tableOf(m[1])
		t.unique = append(t.unique, columnList(m[3]))
	}
	// ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] c type UNIQUE, ADD ...: a
	// column added with its constraint (ente's 19_add_encrypted_email_columns).
	for _, m := range reAlterTable.FindAllStringSubmatch(s, -1) {
		t := a.tableOf(m[1])
		for _, item := range splitTop(m[2]) {
			low := strings.ToLower(strings.Join(strings.Fields(item), " "))
			rest, ok := strings.CutPrefix(low, "add ")
			if !ok {
				continue
			}
			rest = strings.TrimPrefix(rest, "column ")
			rest = strings.TrimPrefix(rest, "if not exists ")
			if strings.HasPrefix(rest, "constraint ") || strings.HasPrefix(rest, "unique") || strings.HasPrefix(rest, "primary key") {
				continue // reAlterUnique's
			}
			a.tableItem(t, rest)
		}
	}
	for _, loc := range reCreateTable.FindAllStringSubmatchIndex(s, -1) {
		t := a.tableOf(s[loc[2]:loc[3]])
		t.declared = true
		body, ok := parenBody(s, loc[1]-1)
		if !ok {
			continue
		}
		for _, item := range splitTop(body) {
			a.tableItem(t, item)
		}
	}
}

// tableItem records one item of a CREATE TABLE's body: a column or a
// table constraint.
func (a *checker) tableItem(t *tableSchema, item string) {
	low := strings.ToLower(strings.Join(strings.Fields(item), " "))
	if rest, ok := strings.CutPrefix(low, "constraint "); ok {
		_, low, _ = strings.Cut(rest, " ")
	}
	colsOf := func(s string) []string {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			return nil
		}
		body, ok := parenBody(s, i)
		if !ok {
			return nil
		}
		return columnList(body)
	}
	switch {
	case strings.HasPrefix(low, "primary key"), strings.HasPrefix(low, "unique"):
		if cols := colsOf(low); len(cols) > 0 {
			t.unique = append(t.unique, cols)
		}
	case strings.HasPrefix(low, "key "), strings.HasPrefix(low, "index "):
		for _, c := range colsOf(low) {
			t.indexed[c] = true
		}
	case strings.HasPrefix(low, "foreign key"), strings.HasPrefix(low, "check"), strings.HasPrefix(low, "exclude"):
	default:
		name, rest, _ := strings.Cut(low, " ")
		name = strings.Trim(name, "\"`[]")
		// a column: PRIMARY KEY or UNIQUE among its constraints (not in a
		// REFERENCES or CHECK clause's parentheses)
		if i := strings.IndexByte(rest, '('); i >= 0 {
			if j := strings.Index(rest, "primary key"); j < 0 || j > i {
				if j := strings.Index(rest, "unique"); j < 0 || j > i {
					rest = rest[:i]
				}
			}
		}
		if name != "" && reWord.MatchString(rest) {
			t.unique = append(t.unique, []string{name})
		}
	}
}

// parenBody returns the text between the parenthesis at s[open] and its
// match.
func parenBody(s string, open int) (string, bool) {
	if open < 0 || open >= len(s) || s[open] != '(' {
		return "", false
	}
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return s[open+1 : i], true
			}
		case '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return "", false
			}
			i += j + 1
		}
	}
	return "", false
}

// splitTop splits a list at the commas outside parentheses.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// columnList normalises an index's column list: (lower(email)) stays an
// expression, (user_id DESC, "Kind") becomes [user_id kind].
func columnList(s string) []string {
	var out []string
	for _, p := range splitTop(s) {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		out = append(out, normTable(f[0]))
	}
	return out
}

// normTable unquotes and lower-cases a name and drops a schema qualifier.
func normTable(s string) string {
	s = strings.ToLower(strings.Trim(s, "\"`[]"))
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	return strings.Trim(s, "\"`[]")
}

func stripComments(s string) string {
	if !strings.Contains(s, "--") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if j := strings.Index(l, "--"); j >= 0 {
			lines[i] = l[:j]
		}
	}
	return strings.Join(lines, "\n")
}

// gormSchema is what a GORM model's tags say: its unique column sets and
// the columns with a non-unique index.
type gormSchema struct {
	unique  [][]string
	indexed map[string]bool
}

// gormSchemaOf reads the tags of a GORM model (embedded structs such as
// gorm.Model included).
func gormSchemaOf(t types.Type) *gormSchema {
	if t == nil {
		return nil
	}
	st, ok := derefType(t).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	gs := &gormSchema{indexed: map[string]bool{}}
	uniqueIdx := map[string][]string{}
	var pks []string
	idField := ""
	var walk func(st *types.Struct, depth int)
	walk = func(st *types.Struct, depth int) {
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			tag := reflect.StructTag(st.Tag(i)).Get("gorm")
			if tag == "-" {
				continue
			}
			if f.Embedded() && depth < 3 {
				if inner, ok := derefType(f.Type()).Underlying().(*types.Struct); ok {
					walk(inner, depth+1)
				}
				continue
			}
			col := typesx.Snake(f.Name())
			if f.Name() == "ID" {
				idField = "id"
			}
			for _, part := range strings.Split(tag, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(part), ":")
				switch strings.ToLower(strings.TrimSpace(k)) {
				case "column":
					col = strings.ToLower(v)
				}
			}
			for _, part := range strings.Split(tag, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(part), ":")
				switch strings.ToLower(strings.TrimSpace(k)) {
				case "primarykey", "primary_key":
					pks = append(pks, col)
				case "unique":
					gs.unique = append(gs.unique, []string{col})
				case "uniqueindex":
					name := "\x00" + col
					if v != "" {
						name, _, _ = strings.Cut(v, ",")
					}
					uniqueIdx[name] = append(uniqueIdx[name], col)
				case "index":
					if strings.Contains(strings.ToLower(v), "unique") {
						// index:,unique / index:name,unique
						name, _, _ := strings.Cut(v, ",")
						if name == "" {
							name = "\x00" + col
						}
						uniqueIdx[name] = append(uniqueIdx[name], col)
					} else {
						gs.indexed[col] = true
					}
				}
			}
		}
	}
	walk(st, 0)
	if len(pks) == 0 && idField != "" {
		pks = []string{idField}
	}
	if len(pks) > 0 {
		gs.unique = append(gs.unique, pks)
	}
	names := make([]string, 0, len(uniqueIdx))
	for n := range uniqueIdx {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		gs.unique = append(gs.unique, uniqueIdx[n])
	}
	return gs
}

// subset reports every column of u among keys.
func subset(u []string, keys map[string]bool) bool {
	if len(u) == 0 {
		return false
	}
	for _, c := range u {
		if !keys[c] {
			return false
		}
	}
	return true
}

// dupReason says why a read by key of the table may find no row while
// another request inserts one that a second insert then duplicates:
// the evidence that its key columns are not a unique key. "" when they may
// be (see the comment at the top of this file).
func (a *checker) dupReason(o *op, model types.Type) string {
	if o.kind != opRead || !o.byKey() || o.table == "" || o.lock {
		return ""
	}
	keys := map[string]bool{}
	fixed := map[string]bool{} // the keys and the columns held to a constant: what a unique key may span
	var list []string
	filter := o.filter
	for _, c := range o.eqConsts {
		fixed[c] = true
	}
	for i, k := range o.keys {
		k = strings.ToLower(k)
		if arg := argAtIdx(o.keyArgs, i); a.constArg(arg) {
			// status = $2 with "active": a filter, not a key
			fixed[k] = true
			if filter == "" {
				filter = k + " = " + types.ExprString(arg)
				if len(filter) > 40 {
					filter = k + " = ..."
				}
			}
			continue
		}
		if !keys[k] {
			keys[k] = true
			fixed[k] = true
			list = append(list, k)
		}
	}
	if len(keys) == 0 || keys["id"] {
		return ""
	}
	ts := a.schema()[o.table]
	gs := gormSchemaOf(model)
	var uniq [][]string
	if ts != nil {
		uniq = append(uniq, ts.unique...)
	}
	if gs != nil {
		uniq = append(uniq, gs.unique...)
	}
	for _, u := range uniq {
		if subset(u, fixed) {
			return ""
		}
	}
	cols := strings.Join(list, ", ")
	if ts != nil && ts.declared {
		return fmt.Sprintf("its CREATE TABLE has no unique key on (%s)", cols)
	}
	for _, k := range list {
		if ts != nil && ts.indexed[k] {
			return fmt.Sprintf("%s has only a non-unique index", k)
		}
		if gs != nil && gs.indexed[k] {
			return fmt.Sprintf("%s has gorm:\"index\", not uniqueIndex", k)
		}
	}
	for _, k := range list {
		if naturalKey(k) {
			return ""
		}
	}
	if filter != "" {
		return fmt.Sprintf("(%s) with %s is no unique key", cols, filter)
	}
	return ""
}

// constArg reports a bind argument that is a constant: the column it is
// compared with is a filter, not a key.
func (a *checker) constArg(e ast.Expr) bool {
	if e == nil {
		return false
	}
	tv, ok := a.info.Types[e]
	return ok && tv.Value != nil
}

// naturalKey reports a column that is plausibly unique on its own: an
// identifier of the row or of something outside (an e-mail, a user name,
// a slug, a token, an external or event id, an idempotency key).
func naturalKey(c string) bool {
	switch c {
	case "id", "uuid", "guid", "email", "email_address", "username", "user_name", "login", "slug", "handle",
		"name", "code", "token", "key", "sku", "phone", "phone_number", "domain", "hostname", "fingerprint",
		"hash", "reference", "ref", "url", "nonce", "jti", "subject", "sub":
		return true
	}
	for _, suf := range []string{"_key", "_uuid", "_guid", "_token", "_hash", "_code", "_email", "_slug", "_ref",
		"_reference", "_fingerprint", "_number", "_no", "_nonce", "_username", "_login"} {
		if strings.HasSuffix(c, suf) {
			return true
		}
	}
	for _, w := range []string{"idempot", "dedup", "external", "remote", "provider", "stripe", "github", "google",
		"oauth", "openid", "event_id", "message_id", "delivery_id", "request_id", "transaction_id", "txn_id",
		"charge_id", "intent_id", "session_id", "object_id", "source_id"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// Limits on the .sql files read for a module's schema.
const (
	maxSQLFiles = 2000
	maxSQLBytes = 1 << 20  // per file
	maxSQLTotal = 32 << 20 // per module
)

// sqlByModule caches moduleSQL by module root: every package of a run
// shares its module's files.
var sqlByModule sync.Map // string -> []string

// moduleSQL returns the text of the .sql files of the module that holds
// dir (found by its go.mod, at most ten levels up), outside vendor,
// node_modules and hidden directories; nil when there is no module.
func moduleSQL(dir string) []string {
	root := ""
	for d, i := dir, 0; i < 10; d, i = filepath.Dir(d), i+1 {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			root = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if root == "" {
		return nil
	}
	if v, ok := sqlByModule.Load(root); ok {
		return v.([]string)
	}
	var texts []string
	files, total := 0, 0
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (name == "vendor" || name == "node_modules" || name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			if p != root {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".sql") || files >= maxSQLFiles || total >= maxSQLTotal {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > maxSQLBytes {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		files++
		total += len(b)
		texts = append(texts, string(b))
		return nil
	})
	v, _ := sqlByModule.LoadOrStore(root, texts)
	return v.([]string)
}
