package all_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/config"
)

// Every check and every option of the registry can be set in
// .faultline.yaml, by the names the golangci-lint plugin uses, and the
// file stands for flags the checks accept.
func TestConfigTakesEveryOption(t *testing.T) {
	var b strings.Builder
	b.WriteString("checks:\n")
	n := 0
	for _, a := range all.Analyzers() {
		fmt.Fprintf(&b, "  %s:\n    enabled: true\n", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			v := strconv.Quote(f.DefValue)
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				v = f.DefValue
			}
			fmt.Fprintf(&b, "    %s: %s\n", config.Kebab(f.Name), v)
			n++
		})
	}
	path := filepath.Join(t.TempDir(), config.Name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(path, all.Analyzers())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	args := c.Args()
	if len(args) != n {
		t.Errorf("Args() = %q, want one flag per option (%d)", args, n)
	}
	fs := flag.NewFlagSet("faultline", flag.ContinueOnError)
	for _, a := range all.Analyzers() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.String(a.Name+"."+f.Name, "", f.Usage) // names only: the real values stay untouched
		})
	}
	if err := fs.Parse(args); err != nil {
		t.Errorf("Args() %q are not the checks' flags: %v", args, err)
	}
}
