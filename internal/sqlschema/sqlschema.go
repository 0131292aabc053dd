// Package sqlschema reads what SQL text says about a database's schema:
// the tables it declares (CREATE TABLE), their unique keys (PRIMARY KEY,
// UNIQUE, CREATE UNIQUE INDEX - partial ones included -, ALTER TABLE ...
// ADD UNIQUE or ADD COLUMN c ... UNIQUE, and the targets of INSERT ... ON
// CONFLICT (cols), which need one) and their plain indexes. The text comes
// from a package's string constants and its module's .sql files
// (migrations). Checks that ask whether a key is unique share it:
// selectinsert (is a duplicate row possible?) and onconflict (does a plain
// INSERT fail for a duplicate?).
package sqlschema

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/sqlparse"
)

// Table is what the SQL text says about one table.
type Table struct {
	Declared bool            // a CREATE TABLE of it
	Unique   [][]string      // its unique column sets
	Indexed  map[string]bool // columns with a non-unique index
}

// Schema is the tables of the text scanned, by normalised name.
type Schema struct {
	tables map[string]*Table
	seen   map[string]bool
}

// New returns an empty schema.
func New() *Schema { return &Schema{tables: map[string]*Table{}, seen: map[string]bool{}} }

// Table returns what the text says about the table name, nil if nothing.
func (s *Schema) Table(name string) *Table {
	if s == nil {
		return nil
	}
	return s.tables[NormTable(name)]
}

// UniqueOn reports whether a unique key of table name lies within cols (a
// duplicate of cols' values then violates it).
func (s *Schema) UniqueOn(name string, cols []string) bool {
	t := s.Table(name)
	if t == nil {
		return false
	}
	have := map[string]bool{}
	for _, c := range cols {
		have[NormTable(c)] = true
	}
	for _, u := range t.Unique {
		all := len(u) > 0
		for _, c := range u {
			if !have[c] {
				all = false
			}
		}
		if all {
			return true
		}
	}
	return false
}

func (s *Schema) tableOf(name string) *Table {
	name = NormTable(name)
	t := s.tables[name]
	if t == nil {
		t = &Table{Indexed: map[string]bool{}}
		s.tables[name] = t
	}
	return t
}

// Scan records what text declares.
func (s *Schema) Scan(text string) {
	if s.seen[text] {
		return
	}
	s.seen[text] = true
	low := strings.ToLower(text)
	if strings.Contains(low, "create") || strings.Contains(low, "alter") {
		s.scanDDL(text)
	}
	if strings.Contains(low, "on conflict") {
		// ON CONFLICT (cols) needs a unique index on cols (Postgres).
		for _, st := range sqlparse.ParseAll(text) {
			if st.Kind == sqlparse.KindInsert && st.Table != "" && len(st.ConflictTarget) > 0 {
				t := s.tableOf(st.Table)
				t.Unique = append(t.Unique, columnList(strings.Join(st.ConflictTarget, ",")))
			}
		}
	}
}

// OfPackage scans the module's .sql files and the string constants of a
// package's files (info: their type information).
func OfPackage(fset *token.FileSet, files []*ast.File, info *types.Info) *Schema {
	s := New()
	if len(files) > 0 {
		if tf := fset.File(files[0].Pos()); tf != nil {
			for _, text := range ModuleSQL(filepath.Dir(tf.Name())) {
				s.Scan(text)
			}
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if tv, ok := info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
						s.Scan(constant.StringVal(tv.Value))
					}
				}
			case *ast.BinaryExpr:
				// a constant concatenation: its whole text
				if tv, ok := info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					s.Scan(constant.StringVal(tv.Value))
					return false
				}
			}
			return true
		})
	}
	return s
}

var (
	reCreateIndex = regexp.MustCompile(`(?is)\bcreate\s+(unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?(?:[\w."]+\s+)??on\s+(?:only\s+)?([\w."]+)\s*(?:using\s+\w+\s*)?\(([^)]*)\)`)
	reCreateTable = regexp.MustCompile(`(?is)\bcreate\s+(?:(?:temp|temporary|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?([\w."]+)\s*\(`)
	reAlterUnique = regexp.MustCompile(`(?is)\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?([\w."]+)\s+add\s+(?:constraint\s+[\w"]+\s+)?(unique|primary\s+key)\s*\(([^)]*)\)`)
	reWord        = regexp.MustCompile(`\b(unique|primary\s+key)\b`)
	reAlterTable  = regexp.MustCompile(`(?is)\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?([\w."]+)\s+((?:add|drop|alter|rename)\b[^;]*)`)
)

// scanDDL records the tables, unique keys and indexes a text declares.
func (sc *Schema) scanDDL(s string) {
	s = stripComments(s)
	for _, m := range reCreateIndex.FindAllStringSubmatch(s, -1) {
		t := sc.tableOf(m[2])
		cols := columnList(m[3])
		if strings.TrimSpace(m[1]) != "" {
			t.Unique = append(t.Unique, cols)
		} else {
			for _, c := range cols {
				t.Indexed[c] = true
			}
		}
	}
	for _, m := range reAlterUnique.FindAllStringSubmatch(s, -1) {
		t := sc.tableOf(m[1])
		t.Unique = append(t.Unique, columnList(m[3]))
	}
	// ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] c type UNIQUE, ADD ...: a
	// column added with its constraint (ente's 19_add_encrypted_email_columns).
	for _, m := range reAlterTable.FindAllStringSubmatch(s, -1) {
		t := sc.tableOf(m[1])
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
			sc.tableItem(t, rest)
		}
	}
	for _, loc := range reCreateTable.FindAllStringSubmatchIndex(s, -1) {
		t := sc.tableOf(s[loc[2]:loc[3]])
		t.Declared = true
		body, ok := parenBody(s, loc[1]-1)
		if !ok {
			continue
		}
		for _, item := range splitTop(body) {
			sc.tableItem(t, item)
		}
	}
}

// tableItem records one item of a CREATE TABLE's body: a column or a
// table constraint.
func (sc *Schema) tableItem(t *Table, item string) {
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
			t.Unique = append(t.Unique, cols)
		}
	case strings.HasPrefix(low, "key "), strings.HasPrefix(low, "index "):
		for _, c := range colsOf(low) {
			t.Indexed[c] = true
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
			t.Unique = append(t.Unique, []string{name})
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
		out = append(out, NormTable(f[0]))
	}
	return out
}

// NormTable unquotes and lower-cases a name and drops a schema qualifier.
func NormTable(s string) string {
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

// Limits on the .sql files read for a module's schema.
const (
	maxSQLFiles = 2000
	maxSQLBytes = 1 << 20  // per file
	maxSQLTotal = 32 << 20 // per module
)

// sqlByModule caches ModuleSQL by module root: every package of a run
// shares its module's files.
var sqlByModule sync.Map // string -> []string

// ModuleSQL returns the text of the .sql files of the module that holds
// dir (found by its go.mod, at most ten levels up) - and of its parent
// directory's tree when that is a repository root (.git) and not a module
// itself -, outside vendor,
// node_modules, testdata, hidden directories and other modules; nil when
// there is no module.
func ModuleSQL(dir string) []string {
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
	// A module in a subdirectory of a repository that is not itself a Go
	// module (commento's api/ beside db/): the repository's SQL too, one
	// level up.
	// Only a repository root (it has .git): a parent that is a directory of
	// many projects must not be walked.
	top := root
	if parent := filepath.Dir(root); parent != root {
		_, gomod := os.Stat(filepath.Join(parent, "go.mod"))
		_, git := os.Stat(filepath.Join(parent, ".git"))
		if gomod != nil && git == nil {
			top = parent
		}
	}
	var texts []string
	files, total := 0, 0
	walkModule(top, root, func(p string, d fs.DirEntry) error {
		if !strings.HasSuffix(d.Name(), ".sql") || files >= maxSQLFiles || total >= maxSQLTotal {
			return nil
		}
		b, ok := readSmall(p, d)
		if !ok {
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

var schemaByModule sync.Map // string -> bool

// ModuleDeclaresSchema reports whether the module that holds dir keeps a
// schema anywhere: a CREATE TABLE in one of its .sql files or in the text
// of one of its Go files (a migration in a Go string), or an ORM schema
// (ent's schema package, bun or xorm struct tags). A table none of it
// declares is then declared somewhere the analysis cannot read, and its
// keys may be unique. It reads the module's Go files, once per module and
// only when asked.
func ModuleDeclaresSchema(dir string) bool {
	root := moduleRoot(dir)
	if root == "" {
		return true // nothing to prove the contrary
	}
	if v, ok := schemaByModule.Load(root); ok {
		return v.(bool)
	}
	found := false
	for _, text := range ModuleSQL(dir) {
		if reCreateTable.MatchString(text) {
			found = true
			break
		}
	}
	if !found {
		files := 0
		walkModule(root, root, func(p string, d fs.DirEntry) error {
			if found {
				return filepath.SkipAll
			}
			if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			if files >= maxGoFiles {
				found = true
				return filepath.SkipAll
			}
			b, ok := readSmall(p, d)
			if !ok {
				return nil
			}
			files++
			if declaresSchema(b) {
				found = true
				return filepath.SkipAll
			}
			return nil
		})
	}
	v, _ := schemaByModule.LoadOrStore(root, found)
	return v.(bool)
}

// maxGoFiles bounds the Go files ModuleDeclaresSchema reads; past it, the
// module is taken to keep a schema somewhere.
const maxGoFiles = 20000

var reORMSchema = regexp.MustCompile("entgo\\.io/ent/schema|\\b(?:bun|xorm):\"")

// declaresSchema reports a Go file holding a CREATE TABLE statement (a
// table name and its column list, not the words in a comment) or an ORM
// schema.
func declaresSchema(b []byte) bool { return reCreateTable.Match(b) || reORMSchema.Match(b) }

// moduleRoot returns the directory of the go.mod that holds dir (at most
// ten levels up), "" if none.
//
// A package under a testdata/src directory (an analysistest fixture, in
// GOPATH layout) is its own world: its root is the top directory under src;
// so is a package in GOPATH layout with no go.mod.
func moduleRoot(dir string) string {
	if i := strings.LastIndex(dir, string(filepath.Separator)+"testdata"+string(filepath.Separator)+"src"+string(filepath.Separator)); i >= 0 {
		rest := dir[i+len("/testdata/src/"):]
		if j := strings.IndexByte(rest, filepath.Separator); j >= 0 {
			rest = rest[:j]
		}
		return dir[:i+len("/testdata/src/")] + rest
	}
	for d, i := dir, 0; i < 10; d, i = filepath.Dir(d), i+1 {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	// GOPATH layout, no go.mod: the top directory under src.
	for d := dir; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if filepath.Base(filepath.Dir(d)) == "src" {
			return d
		}
	}
	return ""
}

// walkModule calls visit for each file of the module at root (and, when top
// is root's parent repository, of that repository's tree), outside vendor,
// node_modules, testdata, hidden directories and other modules.
func walkModule(top, root string, visit func(p string, d fs.DirEntry) error) {
	_ = filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if p != top && (name == "vendor" || name == "node_modules" || name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			if p != top && p != root {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		return visit(p, d)
	})
}

// readSmall reads a file of at most maxSQLBytes.
func readSmall(p string, d fs.DirEntry) ([]byte, bool) {
	if info, err := d.Info(); err != nil || info.Size() > maxSQLBytes {
		return nil, false
	}
	b, err := os.ReadFile(p)
	return b, err == nil
}
