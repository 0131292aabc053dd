package ctxtimeout

import (
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// exportFacts says whether the check carries reach summaries across
// packages as facts (-ctxtimeout.facts, on by default). Any analyzer with
// facts makes the standalone driver load every dependency from source;
// with -ctxtimeout.facts=false it loads them from export data and the check
// sees only the functions of the package at hand (its findings within a
// package are the same).
var exportFacts = true

func factTypes() []analysis.Fact {
	if exportFacts {
		return []analysis.Fact{new(reachFact)}
	}
	return nil
}

// factsFlag sets exportFacts and the Analyzer's FactTypes with it. The
// drivers parse flags before they decide how to load packages, so turning
// facts off here is seen in time.
type factsFlag struct{}

func (factsFlag) String() string   { return strconv.FormatBool(exportFacts) }
func (factsFlag) IsBoolFlag() bool { return true }

func (factsFlag) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	exportFacts = b
	Analyzer.FactTypes = factTypes()
	return nil
}
