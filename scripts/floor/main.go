// Command floor is the types-only floor of a go/analysis driver: a
// multichecker whose one analyzer requires only inspect and does nothing.
// scripts/bench.sh compares faultline with it: whatever faultline costs
// above the floor is the cost of its checks.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

var floor = &analysis.Analyzer{
	Name:     "floor",
	Doc:      "loads and type-checks packages and reports nothing",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { multichecker.Main(floor) }
