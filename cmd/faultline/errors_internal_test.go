package main

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// A package one of whose imports did not build lists its own list errors,
// its first two type errors, and a count of the rest (one per use of the
// missing package: thousands on a real service), not each of them.
func TestPackageErrorsAfterFailedImport(t *testing.T) {
	dep := &packages.Package{PkgPath: "example.com/gone", Errors: []packages.Error{{Msg: "module example.com/gone: 403 Forbidden", Kind: packages.ListError}}}
	p := &packages.Package{PkgPath: "example.com/app", Imports: map[string]*packages.Package{"example.com/gone": dep}}
	p.Errors = append(p.Errors, packages.Error{Pos: "/m/app/a.go:3:8", Msg: `"example.com/gone" imported as gone and not used`, Kind: packages.TypeError})
	for i := range 40 {
		p.Errors = append(p.Errors, packages.Error{Pos: fmt.Sprintf("/m/app/a.go:%d:9", 10+i), Msg: "undefined: gone", Kind: packages.TypeError})
	}
	p.Errors = append(p.Errors,
		packages.Error{Pos: "/m/app/b.go:5:2", Msg: "x redeclared in this block", Kind: packages.TypeError},
		packages.Error{Pos: "/m/app/b.go:6:2", Msg: "other declaration of x", Kind: packages.TypeError},
		packages.Error{Pos: "/m/app/b.go:9:2", Msg: "cannot use y (variable of type int) as string value", Kind: packages.TypeError})
	got := packageErrors(p, "/m")
	want := []string{
		"app/b.go:5:2: x redeclared in this block",
		"app/b.go:6:2: other declaration of x",
		"example.com/app: 42 more type errors, which follow from its failed imports",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("packageErrors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// With every import fine, every error is listed.
	dep.Errors = nil
	if got := packageErrors(p, "/m"); len(got) != len(p.Errors) {
		t.Errorf("packageErrors with no failed import: %d lines, want %d", len(got), len(p.Errors))
	}
}

// The imports that fail because their packages did not build (one error
// per importing file) are counted in one line; a few are kept as they are.
func TestCollapseImportErrors(t *testing.T) {
	var errs []string
	errs = append(errs, "a.go:7:2: example.com/gone@v1: reading https://proxy.golang.org/...: 403 Forbidden")
	for i := range 10 {
		errs = append(errs, fmt.Sprintf("f%d.go:4:2: could not import encoding/json (no metadata for encoding/json)", i))
		errs = append(errs, fmt.Sprintf("f%d.go:5:2: could not import example.com/gone (invalid package name: \"\")", i))
	}
	got := collapseImportErrors(errs)
	want := []string{
		errs[0],
		"20 imports could not be type-checked because their packages did not build (see the errors above): encoding/json, example.com/gone",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("collapseImportErrors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	few := errs[:3]
	if got := collapseImportErrors(few); strings.Join(got, "\n") != strings.Join(few, "\n") {
		t.Errorf("collapseImportErrors of two import errors changed them: %q", got)
	}
}
