package outbound_test

import (
	"go/token"
	"go/types"
	"testing"

	"github.com/faultline-dev/faultline/internal/outbound"
)

// TestKeepsContext checks which constructors keep their context: the
// listed oauth2 and Google auth functions, a Google API's NewService and a
// Cloud client's New...Client; not calls that only use it (a metadata
// query, a Cloud client's method, a NewService outside google.golang.org/api).
func TestKeepsContext(t *testing.T) {
	fn := func(path, name string) *types.Func {
		pkg := types.NewPackage(path, "p")
		return types.NewFunc(token.NoPos, pkg, name, types.NewSignatureType(nil, nil, nil, nil, nil, false))
	}
	method := func(path, recv, name string) *types.Func {
		pkg := types.NewPackage(path, "p")
		tn := types.NewTypeName(token.NoPos, pkg, recv, nil)
		named := types.NewNamed(tn, types.NewStruct(nil, nil), nil)
		r := types.NewVar(token.NoPos, pkg, "c", types.NewPointer(named))
		return types.NewFunc(token.NoPos, pkg, name, types.NewSignatureType(r, nil, nil, nil, nil, false))
	}
	for _, tc := range []struct {
		fn   *types.Func
		want bool
	}{
		{fn("golang.org/x/oauth2", "NewClient"), true},
		{method("golang.org/x/oauth2", "Config", "TokenSource"), true},
		{fn("golang.org/x/oauth2/google", "FindDefaultCredentials"), true},
		{fn("google.golang.org/api/admin/directory/v1", "NewService"), true},
		{fn("cloud.google.com/go/storage", "NewClient"), true},
		{fn("cloud.google.com/go/compute/metadata", "EmailWithContext"), false},
		{method("cloud.google.com/go/storage", "Client", "NewClient"), false},
		{fn("example.com/api", "NewService"), false},
		{method("golang.org/x/oauth2", "Config", "Exchange"), false},
		{nil, false},
	} {
		name := "<nil>"
		if tc.fn != nil {
			name = tc.fn.FullName()
		}
		if got := outbound.KeepsContext(tc.fn); got != tc.want {
			t.Errorf("KeepsContext(%s) = %v, want %v", name, got, tc.want)
		}
	}
}
