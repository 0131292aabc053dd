// Command faultline runs faultline's checks.
//
//	faultline ./...                     report findings (exit 3 if any)
//	faultline -fix ./...                apply suggested fixes
//	faultline -selectinsert=false ./... turn a check off
//	faultline -C dir ./...              run in another directory (e.g. another module)
//	faultline help closeerr             a check's documentation
//	go vet -vettool=$(command -v faultline) ./...
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/faultline-dev/faultline/analyzers/all"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() {
	if err := chdir(); err != nil {
		fmt.Fprintf(os.Stderr, "faultline: %v\n", err)
		os.Exit(1)
	}
	multichecker.Main(all.Analyzers()...)
}

// chdir honours a leading "-C dir" (or "-C=dir"), as the go command does,
// and removes it from os.Args.
func chdir() error {
	if len(os.Args) < 2 {
		return nil
	}
	var dir string
	switch a := os.Args[1]; {
	case a == "-C" || a == "--C":
		if len(os.Args) < 3 {
			return fmt.Errorf("-C needs a directory")
		}
		dir = os.Args[2]
		os.Args = append(os.Args[:1], os.Args[3:]...)
	case strings.HasPrefix(a, "-C=") || strings.HasPrefix(a, "--C="):
		_, dir, _ = strings.Cut(a, "=")
		os.Args = append(os.Args[:1], os.Args[2:]...)
	default:
		return nil
	}
	if err := os.Chdir(dir); err != nil {
		return fmt.Errorf("-C: %v", err)
	}
	return nil
}
