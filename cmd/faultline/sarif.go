package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/faultline-dev/faultline/internal/checkdoc"
	"github.com/faultline-dev/faultline/internal/sarif"
)

// runSARIF is -format=sarif: it analyses the packages as a text run does
// and writes one SARIF log. It exits 0 when the log is written, whether or
// not it holds findings (they are the log's business), and 1 on errors:
// packages that do not load or type-check (recorded in the log as well,
// one notification each), a log that cannot be written.
func runSARIF(opts *options, docs []*checkdoc.Doc, stdout, stderr io.Writer) int {
	root := opts.srcroot
	if root == "" {
		root = repoRoot()
	}
	log, err := sarif.New(sarif.Tool{Name: "faultline", Version: version(), InformationURI: checkdoc.Home}, root, opts.analyzers, docs)
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	exit := 0
	fail := func(msg string) {
		fmt.Fprintf(stderr, "faultline: %s\n", msg)
		log.Notify(msg)
		exit = 1
	}
	res, err := analyze(opts.loadConfig(), opts.analyzers, opts.parallel)
	if err != nil {
		fail(err.Error())
	} else {
		for _, e := range res.errors {
			fail(e)
		}
		sortFindings(res.findings)
		for _, f := range res.findings {
			if err := log.Add(f.fset, f.check, f.diag); err != nil {
				fail(err.Error())
			}
		}
	}
	var buf bytes.Buffer
	if err := log.Write(&buf); err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	if opts.output == "" {
		_, err = stdout.Write(buf.Bytes())
	} else {
		err = os.WriteFile(opts.output, buf.Bytes(), 0o666)
	}
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	return exit
}

// repoRoot returns the root of the git repository holding the current
// directory (GitHub resolves SARIF URIs against it), or the current
// directory when there is none.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}

// version returns faultline's version: the module version it was built
// at (go install ...@v1.2.3), or, for a build from a checkout, "devel"
// and the VCS revision it was built from ("+dirty" with uncommitted
// changes).
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "+dirty"
	}
	return "devel " + rev
}
