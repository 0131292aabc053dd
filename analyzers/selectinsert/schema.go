package selectinsert

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/sqlschema"
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

// schema returns what the package's SQL text (string constants and
// literals, and the module's .sql files) declares.
func (a *checker) schema() *sqlschema.Schema {
	return a.idx.Schema()
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

// keyEvidence says why a read by key of the table may find no row while
// another request inserts one that a second insert then duplicates: the
// evidence that its key columns are not a unique key ("" when they may be;
// see the comment at the top of this file). unproven is whether nothing at
// all shows them to be one: no unique key or id among them, no CREATE
// TABLE of the table, no index on them (the module's other SQL is judged at
// the report: sqlschema.ModuleDeclaresSchema).
func (a *checker) keyEvidence(o *op, model types.Type) (dup string, unproven bool) {
	if o.kind != opRead || !o.byKey() || o.table == "" || o.lock {
		return "", false
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
		return "", false
	}
	ts := a.schema().Table(o.table)
	gs := gormSchemaOf(model)
	var uniq [][]string
	if ts != nil {
		uniq = append(uniq, ts.Unique...)
	}
	if gs != nil {
		uniq = append(uniq, gs.unique...)
	}
	for _, u := range uniq {
		if subset(u, fixed) {
			return "", false
		}
	}
	cols := strings.Join(list, ", ")
	if ts != nil && ts.Declared {
		return fmt.Sprintf("its CREATE TABLE has no unique key on (%s)", cols), false
	}
	for _, k := range list {
		if ts != nil && ts.Indexed[k] {
			return fmt.Sprintf("%s has only a non-unique index", k), false
		}
		if gs != nil && gs.indexed[k] {
			return fmt.Sprintf("%s has gorm:\"index\", not uniqueIndex", k), false
		}
	}
	for _, k := range list {
		if naturalKey(k) {
			return "", true
		}
	}
	if filter != "" {
		return fmt.Sprintf("(%s) with %s is no unique key", cols, filter), false
	}
	return "", true
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
