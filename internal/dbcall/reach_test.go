package dbcall

import (
	"go/types"
	"testing"
)

// TestReachesDB checks the fast path's test: a package is indexed when a
// database library is among its dependencies at any depth (a repository
// package's API brings *sql.DB into a handler that does not import
// database/sql), and skipped only when none is.
func TestReachesDB(t *testing.T) {
	sql := types.NewPackage("database/sql", "sql")
	pool := types.NewPackage("github.com/jackc/pgx/v5/pgxpool", "pgxpool")
	vendored := types.NewPackage("example.com/app/vendor/gorm.io/gorm", "gorm")
	store := types.NewPackage("example.com/app/store", "store")
	store.SetImports([]*types.Package{sql})
	handler := types.NewPackage("example.com/app/handler", "handler")
	handler.SetImports([]*types.Package{store})
	strs := types.NewPackage("strings", "strings")
	util := types.NewPackage("example.com/app/util", "util")
	util.SetImports([]*types.Package{strs})
	cyclic := types.NewPackage("example.com/app/a", "a")
	other := types.NewPackage("example.com/app/b", "b")
	cyclic.SetImports([]*types.Package{other})
	other.SetImports([]*types.Package{cyclic, strs})
	usesPool := types.NewPackage("example.com/app/q", "q")
	usesPool.SetImports([]*types.Package{pool})
	usesGorm := types.NewPackage("example.com/app/g", "g")
	usesGorm.SetImports([]*types.Package{vendored})
	for _, tc := range []struct {
		pkg  *types.Package
		want bool
	}{
		{handler, true}, {store, true}, {sql, true}, {usesPool, true}, {usesGorm, true},
		{util, false}, {cyclic, false}, {nil, true},
	} {
		name := "<nil>"
		if tc.pkg != nil {
			name = tc.pkg.Path()
		}
		if got := reachesDB(tc.pkg); got != tc.want {
			t.Errorf("reachesDB(%s) = %v, want %v", name, got, tc.want)
		}
	}
}
