package notfound_test

import (
	"go/ast"
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/faultline-dev/faultline/internal/notfound"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// describe reports the not-found check of every if condition and switch case.
var describe = &analysis.Analyzer{
	Name: "describe",
	Doc:  "test: describe not-found checks",
	Run: func(pass *analysis.Pass) (any, error) {
		nodes := make([]ast.Node, len(pass.Files))
		for i, f := range pass.Files {
			nodes[i] = f
		}
		finder := notfound.NewFinder(pass.TypesInfo, nodes...)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.IfStmt:
					if c, ok := finder.Cond(n.Cond); ok {
						pass.Reportf(n.Cond.Pos(), "%s", describeCheck(c))
					}
					// The type-only Cond must never see more than the Finder.
					if c, ok := notfound.Cond(pass.TypesInfo, n.Cond); ok {
						if fc, fok := finder.Cond(n.Cond); !fok || fc.Kind != c.Kind {
							pass.Reportf(n.Cond.Pos(), "Cond found %s, Finder did not", c.Kind)
						}
					}
				case *ast.SwitchStmt:
					for _, s := range n.Body.List {
						cc := s.(*ast.CaseClause)
						if c, ok := finder.Case(n, cc); ok {
							pass.Reportf(cc.Pos(), "case %s", describeCheck(c))
						}
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func describeCheck(c notfound.Check) string {
	s := c.Kind.String()
	if c.Negated {
		s += " negated"
	}
	if c.Subject != nil {
		s += " subject=" + c.Subject.Name()
	} else {
		s += " subject=-"
	}
	switch c.Joined {
	case token.LAND:
		s += " and"
	case token.LOR:
		s += " or"
	}
	return s
}

func TestChecks(t *testing.T) {
	testutil.Run(t, describe, "checks")
}
