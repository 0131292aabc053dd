// Package config reads faultline's configuration file, .faultline.yaml,
// which every front end that takes faultline's flags (the faultline
// command, go vet -vettool, the pre-commit hooks, SARIF runs) reads the
// same way:
//
//	# .faultline.yaml
//	checks:
//	  closeerr: false          # turn a check off (= -closeerr=false)
//	  ctxtimeout:              # or keep it and set its options
//	    enabled: true
//	    all-sql: true          # = -ctxtimeout.all-sql=true
//	exclude:                   # findings in these files are not reported
//	  - internal/gen/**
//	  - "**/*_mock.go"
//
// The names are those of the flags and of the golangci-lint plugin's
// settings: a check's name, and its options by flag name or in kebab-case
// (golangci-lint's spelling). A check left out keeps its default. Flags
// override the file: a front end places Args before the user's flags.
// Anything the file says that faultline does not know (a key, a check, an
// option, a value of the wrong type, a bad pattern) is an error that names
// it, with its line.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"
)

// Name is the configuration file's name.
const Name = ".faultline.yaml"

// Config is a loaded configuration file.
type Config struct {
	Path    string   // the file, as given to Load
	Dir     string   // its directory, absolute: exclude patterns are relative to it
	Exclude []string // the exclude patterns, as written
	checks  []checkConfig
}

type checkConfig struct {
	name    string
	enabled *bool
	options []option
}

type option struct {
	flag  string // the analyzer flag's name
	value string // its command-line text
}

// Find returns the configuration file that applies in dir: .faultline.yaml
// in dir or the nearest directory above it, looking no further up than the
// module root (the first directory holding go.mod) or the file system's
// root. It returns "" and no error when there is none. A .faultline.yml
// where faultline would look is an error, so that it is not silently
// ignored.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, Name)
		switch fi, err := os.Stat(p); {
		case err == nil && fi.Mode().IsRegular():
			return p, nil
		case err == nil:
			return "", fmt.Errorf("%s is not a regular file", p)
		case !errors.Is(err, fs.ErrNotExist):
			return "", err
		}
		yml := filepath.Join(dir, ".faultline.yml")
		if _, err := os.Stat(yml); err == nil {
			return "", fmt.Errorf("%s: faultline reads %s: rename it", yml, Name)
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and validates the configuration file at path against the
// checks, the analyzers a front end runs (whose Flags are the checks'
// options). It sets no flag: Args says what the file asks for.
func Load(path string, checks []*analysis.Analyzer) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c, err := parse(data, checks)
	if err != nil {
		return nil, fmt.Errorf("%s:%v", path, err)
	}
	c.Path = path
	c.Dir = filepath.Dir(abs)
	return c, nil
}

// posError is an error at a line and column of the file.
type posError struct {
	line, col int
	msg       string
}

func (e *posError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

func errorf(n *yaml.Node, format string, args ...any) error {
	return &posError{n.Line, n.Column, fmt.Sprintf(format, args...)}
}

func parse(data []byte, checks []*analysis.Analyzer) (*Config, error) {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	c := &Config{}
	if err := dec.Decode(&doc); err == io.EOF {
		return c, nil
	} else if err != nil {
		return nil, yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		if err != nil {
			return nil, yamlError(err)
		}
		return nil, errorf(&extra, "a second YAML document: the file holds one")
	}
	root := resolve(&doc)
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return c, nil
		}
		root = resolve(root.Content[0])
	}
	if isNull(root) {
		return c, nil
	}
	err := eachKey(root, "the file", func(key string, k, v *yaml.Node) error {
		switch key {
		case "checks":
			return c.parseChecks(v, checks)
		case "exclude":
			return c.parseExclude(v)
		}
		return errorf(k, "unknown key %q: the keys are checks and exclude", key)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// yamlError rewrites the YAML parser's "yaml: line N: msg" as "N: msg".
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if _, err := strconv.Atoi(n); err == nil {
				return fmt.Errorf("%s: %s", n, after)
			}
		}
	}
	return fmt.Errorf(" %s", msg)
}

// resolve follows YAML aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// eachKey calls f for each key of the mapping n, in order, and rejects
// anything else, and repeated keys.
func eachKey(n *yaml.Node, what string, f func(key string, k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return errorf(n, "%s: want a map, not %s", what, describe(n))
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			return errorf(k, "%s: unsupported key %s", what, describe(k))
		}
		if prev, ok := seen[k.Value]; ok {
			return errorf(k, "%q is repeated (first at line %d)", k.Value, prev.Line)
		}
		seen[k.Value] = k
		if err := f(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

// describe names a YAML value for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "no value"
		case "!!str":
			return strconv.Quote(n.Value)
		}
		return n.Value
	}
	return "that"
}

func (c *Config) parseChecks(n *yaml.Node, checks []*analysis.Analyzer) error {
	if isNull(n) {
		return nil
	}
	byName := map[string]*analysis.Analyzer{}
	var names []string
	for _, a := range checks {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	return eachKey(n, "checks", func(key string, k, v *yaml.Node) error {
		a := byName[key]
		if a == nil {
			return errorf(k, "unknown check %q: the checks are %s", key, strings.Join(names, ", "))
		}
		cc := checkConfig{name: a.Name}
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag == "!!bool":
			b, _ := strconv.ParseBool(v.Value)
			cc.enabled = &b
		case v.Kind == yaml.MappingNode:
			if err := eachKey(v, "check "+key, func(opt string, k, v *yaml.Node) error {
				return cc.parseOption(a, opt, k, v)
			}); err != nil {
				return err
			}
		default:
			return errorf(v, "check %s: want true, false or a map of options, not %s", key, describe(v))
		}
		c.checks = append(c.checks, cc)
		return nil
	})
}

func (cc *checkConfig) parseOption(a *analysis.Analyzer, key string, k, v *yaml.Node) error {
	if key == "enabled" {
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			return errorf(v, "%s.enabled: want true or false, not %s", a.Name, describe(v))
		}
		b, _ := strconv.ParseBool(v.Value)
		cc.enabled = &b
		return nil
	}
	var f *flag.Flag
	var known []string
	a.Flags.VisitAll(func(g *flag.Flag) {
		known = append(known, Kebab(g.Name))
		if key == g.Name || key == Kebab(g.Name) {
			f = g
		}
	})
	if f == nil {
		if len(known) == 0 {
			return errorf(k, "unknown option %q for check %s: it has no options, only enabled", key, a.Name)
		}
		return errorf(k, "unknown option %q for check %s: its options are enabled, %s", key, a.Name, strings.Join(known, ", "))
	}
	text, err := flagText(f, v)
	if err != nil {
		return errorf(v, "%s.%s: %v", a.Name, key, err)
	}
	if err := validate(f, text); err != nil {
		return errorf(v, "%s.%s: invalid value %q: %v", a.Name, key, text, err)
	}
	cc.options = append(cc.options, option{f.Name, text})
	return nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// flagText renders a YAML value as the flag's command-line text: a bool
// flag takes true or false, other flags a scalar or a list of scalars,
// which becomes a comma-separated one.
func flagText(f *flag.Flag, v *yaml.Node) (string, error) {
	if isBoolFlag(f) {
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			return "", fmt.Errorf("want true or false, not %s", describe(v))
		}
		b, _ := strconv.ParseBool(v.Value)
		return strconv.FormatBool(b), nil
	}
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return "", fmt.Errorf("no value")
		}
		return v.Value, nil
	case yaml.SequenceNode:
		parts := make([]string, len(v.Content))
		for i, e := range v.Content {
			e = resolve(e)
			if e.Kind != yaml.ScalarNode || e.Tag == "!!null" {
				return "", fmt.Errorf("want a list of values, not a list holding %s", describe(e))
			}
			parts[i] = e.Value
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a value or a list of values, not %s", describe(v))
}

// validate reports whether the flag would accept text, without setting
// it where its type is known; another flag.Value is set and restored.
func validate(f *flag.Flag, text string) error {
	if g, ok := f.Value.(flag.Getter); ok {
		var err error
		switch g.Get().(type) {
		case bool:
			_, err = strconv.ParseBool(text)
		case int:
			_, err = strconv.ParseInt(text, 0, strconv.IntSize)
		case int64:
			_, err = strconv.ParseInt(text, 0, 64)
		case uint:
			_, err = strconv.ParseUint(text, 0, strconv.IntSize)
		case uint64:
			_, err = strconv.ParseUint(text, 0, 64)
		case float64:
			_, err = strconv.ParseFloat(text, 64)
		case time.Duration:
			_, err = time.ParseDuration(text)
		case string:
		default:
			return setAndRestore(f, text)
		}
		if err != nil {
			var ne *strconv.NumError
			if errors.As(err, &ne) {
				err = ne.Err
			}
		}
		return err
	}
	return setAndRestore(f, text)
}

func setAndRestore(f *flag.Flag, text string) error {
	old := f.Value.String()
	err := f.Value.Set(text)
	if rerr := f.Value.Set(old); rerr != nil && err == nil {
		return fmt.Errorf("cannot restore %q: %v", old, rerr)
	}
	return err
}

func (c *Config) parseExclude(n *yaml.Node) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return errorf(n, "exclude: want a list of path patterns, not %s", describe(n))
	}
	for _, e := range n.Content {
		e = resolve(e)
		if e.Kind != yaml.ScalarNode || e.Tag != "!!str" {
			return errorf(e, "exclude: want a path pattern, not %s", describe(e))
		}
		if err := checkPattern(e.Value); err != nil {
			return errorf(e, "exclude: pattern %q: %v", e.Value, err)
		}
		c.Exclude = append(c.Exclude, e.Value)
	}
	return nil
}

// checkPattern rejects a pattern Excluded could never match as meant.
func checkPattern(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("empty")
	case strings.HasPrefix(p, "/"):
		return fmt.Errorf("absolute: patterns are relative to the directory of %s", Name)
	case strings.Contains(p, `\`):
		return fmt.Errorf(`a backslash: patterns use "/" between directories`)
	}
	for _, seg := range strings.Split(p, "/") {
		switch {
		case seg == "" || seg == ".":
			return fmt.Errorf("an empty or %q path element", ".")
		case seg == "..":
			return fmt.Errorf("%q: patterns cannot leave the directory of %s", "..", Name)
		case seg == "**":
		case strings.Contains(seg, "**"):
			return fmt.Errorf("** must be a whole path element, as in a/**/b")
		default:
			if _, err := path.Match(seg, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// Args returns the flags that say what the file says, to place before the
// user's flags so that the user's win: -NAME=false for each check it turns
// off, then -NAME.OPTION=VALUE for each option, in the file's order. A
// check the file turns on gets no flag (-NAME=true would select only the
// named checks): it runs unless a flag turns it off; see Enabled.
func (c *Config) Args() []string {
	var out []string
	for _, cc := range c.checks {
		if cc.enabled != nil && !*cc.enabled {
			out = append(out, "-"+cc.name+"=false")
		}
	}
	for _, cc := range c.checks {
		for _, o := range cc.options {
			out = append(out, "-"+cc.name+"."+o.flag+"="+o.value)
		}
	}
	return out
}

// Enabled reports whether the file turns the check on or off, and whether
// it says so at all.
func (c *Config) Enabled(check string) (on, set bool) {
	for _, cc := range c.checks {
		if cc.name == check && cc.enabled != nil {
			return *cc.enabled, true
		}
	}
	return false, false
}

// Excluded reports whether the file at relpath, relative to the
// configuration's directory (slash- or OS-separated), matches an exclude
// pattern. A pattern is matched against the whole path, element by
// element: * and ? and [...] match within an element (as path.Match), **
// matches any number of elements, and a pattern that matches a directory
// excludes everything below it (internal/gen excludes internal/gen/x.go).
// Patterns are anchored at the configuration's directory: write
// **/x_mock.go for such a file at any depth. A path that leaves the
// directory (..) is never excluded.
func (c *Config) Excluded(relpath string) bool {
	p := path.Clean(filepath.ToSlash(relpath))
	if p == "." || p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return false
	}
	elems := strings.Split(p, "/")
	for _, pat := range c.Exclude {
		if matchPrefix(strings.Split(pat, "/"), elems) {
			return true
		}
	}
	return false
}

// ExcludedFile is Excluded for a file name, absolute or relative to the
// current directory; a file outside the configuration's directory is
// never excluded.
func (c *Config) ExcludedFile(filename string) bool {
	abs, err := filepath.Abs(filename)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil {
		return false
	}
	return c.Excluded(rel)
}

// matchPrefix reports whether pat matches elems or a leading part of it
// (a directory holding the file).
func matchPrefix(pat, elems []string) bool {
	if len(pat) == 0 {
		return true // the pattern matched a directory above the file
	}
	if pat[0] == "**" {
		// ** matches zero or more elements; a trailing ** the rest.
		for i := 0; i <= len(elems); i++ {
			if matchPrefix(pat[1:], elems[i:]) {
				return true
			}
		}
		return false
	}
	if len(elems) == 0 {
		return false
	}
	if ok, _ := path.Match(pat[0], elems[0]); !ok {
		return false
	}
	return matchPrefix(pat[1:], elems[1:])
}

// Kebab returns the kebab-case spelling of an analyzer flag's name, as the
// golangci-lint plugin's settings and this file spell options: lower-case
// words joined by hyphens ("maxAttempts", "max_attempts" -> "max-attempts").
func Kebab(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ':
			r = '-'
		case unicode.IsUpper(r):
			// A word starts at an upper-case letter after a lower-case one
			// or a digit, and at the last capital of an acronym before a
			// lower-case letter: "HTTPClient" -> "http-client".
			if i > 0 && rs[i-1] != '_' && rs[i-1] != '-' && rs[i-1] != '.' && rs[i-1] != ' ' &&
				(!unicode.IsUpper(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
