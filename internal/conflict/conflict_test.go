package conflict_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/faultline-dev/faultline/internal/conflict"
)

const prelude = `package p

import (
	"errors"
	"strings"
)

type PgError struct{ Code string }

func (e *PgError) Error() string { return e.Code }

type MySQLError struct{ Number uint16 }

func (e *MySQLError) Error() string { return "" }

const UniqueViolation = "23505"

var (
	ErrDuplicatedKey = errors.New("duplicated key")
	ErrConflict      = errors.New("conflict")
	ErrEmailTaken    = errors.New("taken")
	ErrNotFound      = errors.New("not found")
)

func isUniqueViolation(err error) bool { return err != nil }
func isTemporary(err error) bool       { return err != nil }
func uniqueName(s string) bool         { return s != "" }

var _ = strings.Contains
`

func TestHandles(t *testing.T) {
	cases := []struct {
		name string
		body string
		want bool
	}{
		{"sqlstate literal", `var pe *PgError; if errors.As(err, &pe) && pe.Code == "23505" { return nil }`, true},
		{"sqlstate constant", `var pe *PgError; if errors.As(err, &pe) && pe.Code == UniqueViolation { return nil }`, true},
		{"switch on code", `var pe *PgError; if errors.As(err, &pe) { switch pe.Code { case UniqueViolation: return nil } }`, true},
		{"gorm sentinel", `if errors.Is(err, ErrDuplicatedKey) { return nil }`, true},
		{"conflict sentinel compared", `if err == ErrConflict { return nil }`, true},
		{"switch case sentinel", `switch { case errors.Is(err, ErrEmailTaken): return nil }`, true},
		{"mysql number", `var me *MySQLError; if errors.As(err, &me) && me.Number == 1062 { return nil }`, true},
		{"predicate", `if isUniqueViolation(err) { return ErrConflict }`, true},
		{"text search", `if err != nil && strings.Contains(err.Error(), "duplicate key value") { return nil }`, true},
		{"sqlite text", `if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") { return nil }`, true},

		{"sentinel returned, not compared", `if err == nil { return ErrEmailTaken }`, false},
		{"not-found only", `if errors.Is(err, ErrNotFound) { return nil }`, false},
		{"other predicate", `if isTemporary(err) { return nil }`, false},
		{"predicate not on an error", `if uniqueName("x") { return nil }`, false},
		{"other number", `var me *MySQLError; if errors.As(err, &me) && me.Number == 1213 { return nil }`, false},
		{"other text", `if err != nil && strings.Contains(err.Error(), "timeout") { return nil }`, false},
		{"plain return", `return err`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := prelude + "\nfunc f(err error) error {\n" + c.body + "\nreturn err\n}\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
			conf := types.Config{Importer: importer.Default()}
			if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
				t.Fatal(err)
			}
			var body *ast.BlockStmt
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "f" {
					body = fd.Body
				}
			}
			if got := conflict.Handles(info, body); got != c.want {
				t.Errorf("Handles(%s) = %v, want %v", c.body, got, c.want)
			}
		})
	}
}
