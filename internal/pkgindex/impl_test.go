package pkgindex_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/faultline-dev/faultline/internal/pkgindex"
)

func TestSoleImpl(t *testing.T) {
	const src = `package p
type Repo interface { Get(id int) error; Base }
type Base interface { Close() error }
type repo struct{}
func (*repo) Get(int) error { return nil }
func (*repo) Close() error { return nil }
type other struct{}
func (other) Close() error { return nil }
type Two interface { Run() }
type a struct{}
func (a) Run() {}
type b struct{}
func (*b) Run() {}
type None interface { Missing() }
type G[T any] struct{}
func (G[T]) Only() {}
type Only interface { Only() }
type Port interface { Send() }
type Svc struct{}
func (Svc) Send() {}
type Notif interface { Notify() }
type wrap struct{ n Notif }
func (wrap) Notify() {}
type Events interface { Append(id string) error }
type EventStore struct{}
func (*EventStore) Append(string) error { return nil }
var _ Events = (*EventStore)(nil)
type Registry interface { Disconnect(id string) error }
type LocalRegistry struct{ n int }
func (*LocalRegistry) Disconnect(string) error { return nil }
func NewLocalRegistry() Registry { return &LocalRegistry{n: 1} }
type Index interface { CreateIndex(name string) error }
type LocalIndex struct{ name string }
func (*LocalIndex) CreateIndex(string) error { return nil }
func NewLocalIndex(ok bool) (Index, error) {
	if !ok {
		return nil, nil
	}
	si := &LocalIndex{name: "x"}
	return si, nil
}
type Store interface { Get(k string) error }
type MetricsStore struct{ Store }
func (*MetricsStore) Get(string) error { return nil }
func Wrap(s Store) Store { return &MetricsStore{Store: s} }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	ix := pkgindex.NewFrom(fset, info, pkg, []*ast.File{f}, nil)
	method := func(iface, name string) *types.Func {
		it := pkg.Scope().Lookup(iface).Type().Underlying().(*types.Interface)
		for i := 0; i < it.NumMethods(); i++ {
			if it.Method(i).Name() == name {
				return it.Method(i)
			}
		}
		t.Fatalf("%s has no method %s", iface, name)
		return nil
	}
	for _, tc := range []struct{ iface, method, want string }{
		{"Repo", "Get", "(*p.repo).Get"},
		{"Repo", "Close", ""}, // Base's method: Base has two implementations (repo, other)
		{"Base", "Close", ""},
		{"Two", "Run", ""}, // two implementations
		{"None", "Missing", ""},
		{"Only", "Only", ""},                                        // a generic type is left out
		{"Port", "Send", ""},                                        // an exported type with the port's methods
		{"Notif", "Notify", ""},                                     // a decorator holding the interface
		{"Events", "Append", "(*p.EventStore).Append"},              // exported, but asserted: var _ Events = (*EventStore)(nil)
		{"Registry", "Disconnect", "(*p.LocalRegistry).Disconnect"}, // handed out by NewLocalRegistry() Registry
		{"Index", "CreateIndex", "(*p.LocalIndex).CreateIndex"},     // returned through a variable
		{"Store", "Get", ""},                                        // a decorator handed out by Wrap: it runs another Store
	} {
		got := ""
		if fn := ix.SoleImpl(method(tc.iface, tc.method)); fn != nil {
			got = fn.FullName()
		}
		if got != tc.want {
			t.Errorf("SoleImpl(%s.%s) = %q, want %q", tc.iface, tc.method, got, tc.want)
		}
	}
	if got := ix.Interfaces(); len(got) != 4 || got[0].Name() != "Get" || got[1].Name() != "Append" || got[2].Name() != "Disconnect" || got[3].Name() != "CreateIndex" {
		t.Errorf("Interfaces() = %v, want [Get Append Disconnect CreateIndex]", got)
	}
}
