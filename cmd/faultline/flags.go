package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// takeFormat finds -format (or --format) among the leading flags of args,
// as the flag package would parse them, and returns its value and args
// without it. It stops at the first argument that is not a flag or a flag's
// value, and at "--".
func takeFormat(args []string, analyzers []*analysis.Analyzer) (format string, rest []string, err error) {
	valued := valueFlags(analyzers)
	rest = make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			rest = append(rest, args[i:]...)
			break
		}
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		name, value, hasValue := strings.Cut(name, "=")
		if name == "format" {
			if !hasValue {
				if i+1 == len(args) {
					return "", nil, fmt.Errorf("-format needs a value: text, json or sarif")
				}
				i++
				value = args[i]
			}
			format = value
			continue
		}
		rest = append(rest, a)
		if !hasValue && valued[name] && i+1 < len(args) {
			i++
			rest = append(rest, args[i])
		}
	}
	return format, rest, nil
}

// valueFlags returns the names of the flags, among multichecker's and the
// analyzers', that take a value as the next argument.
func valueFlags(analyzers []*analysis.Analyzer) map[string]bool {
	m := map[string]bool{
		"c": true, "debug": true, "cpuprofile": true, "memprofile": true, "trace": true, "tags": true,
		"output": true, "srcroot": true,
	}
	for _, a := range analyzers {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				m[a.Name+"."+f.Name] = true
			}
		})
	}
	return m
}

// triState is the value of a -NAME flag: unset, or set true or false, as in
// multichecker.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) IsBoolFlag() bool { return true }

func (ts *triState) Get() any { return *ts == setTrue }

func (ts *triState) String() string {
	switch *ts {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}

func (ts *triState) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	if b {
		*ts = setTrue
	} else {
		*ts = setFalse
	}
	return nil
}

// selectAnalyzers applies multichecker's rule: if any -NAME flag is true,
// run only those analyzers; otherwise, if any is false, run all but those.
func selectAnalyzers(analyzers []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	var hasTrue, hasFalse bool
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == setTrue
		hasFalse = hasFalse || *ts == setFalse
	}
	var keep []*analysis.Analyzer
	for _, a := range analyzers {
		switch {
		case hasTrue && *enabled[a] != setTrue:
		case !hasTrue && hasFalse && *enabled[a] == setFalse:
		default:
			keep = append(keep, a)
		}
	}
	return keep
}
