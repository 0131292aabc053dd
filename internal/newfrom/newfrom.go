// Package newfrom keeps only new findings: those on lines a change added
// or changed, as golangci-lint's --new-from-rev and --new-from-patch do.
//
// FromRev takes the change from a git revision to the working tree: what
// `git diff REV` shows (commits since REV, staged and unstaged edits, with
// renames followed, so a moved file's old lines stay old), plus every
// untracked file that is not ignored, all of whose lines are new. In a
// pre-commit hook, where unstaged edits are stashed, REV = HEAD is exactly
// the staged change. FromPatch takes the change from a unified diff.
//
// A line counts as new if the change added it: a modified line is removed
// and added in a diff, so it counts; a deletion marks nothing (the lines
// around it are unchanged). A file the change does not touch, a deleted
// file and a file outside the repository have no new lines.
package newfrom

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Set is the lines a change added, by file.
type Set struct {
	root  string                  // the directory the change's paths are relative to
	files map[string]map[int]bool // absolute path -> added lines; nil map: every line

	mu       sync.Mutex
	resolved map[string]string // file name as asked -> its key in files, or ""
}

func newSet(root string) *Set {
	return &Set{root: root, files: map[string]map[int]bool{}, resolved: map[string]string{}}
}

// Keep reports whether line (1-based) of filename was added by the change.
// filename is absolute, or relative to the current directory; a name that
// reaches the repository through a symbolic link is resolved.
func (s *Set) Keep(filename string, line int) bool {
	key := s.key(filename)
	if key == "" {
		return false
	}
	lines := s.files[key]
	return lines == nil || lines[line]
}

// key returns the files key of filename, or "" if the change has none.
func (s *Set) key(filename string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.resolved[filename]; ok {
		return k
	}
	k := ""
	if abs, err := filepath.Abs(filename); err == nil {
		if _, ok := s.files[abs]; ok {
			k = abs
		} else if real, err := evalDir(abs); err == nil {
			if _, ok := s.files[real]; ok {
				k = real
			}
		}
	}
	s.resolved[filename] = k
	return k
}

// evalDir resolves symbolic links in the directory of a file name, and in
// the file itself if it exists.
func evalDir(abs string) (string, error) {
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// Files returns how many files the change touches with added lines.
func (s *Set) Files() int { return len(s.files) }

func (s *Set) addLine(rel string, line int) {
	p := s.path(rel)
	lines, ok := s.files[p]
	if ok && lines == nil {
		return // a whole file
	}
	if !ok {
		lines = map[int]bool{}
		s.files[p] = lines
	}
	lines[line] = true
}

func (s *Set) addFile(rel string) { s.files[s.path(rel)] = nil }

func (s *Set) path(rel string) string {
	return filepath.Join(s.root, filepath.FromSlash(rel))
}

// FromRev returns the lines added since rev in the git repository holding
// dir: by the commits since rev, by edits staged or not, and in untracked
// files that are not ignored. HEAD in a repository with no commits yet is
// the empty tree: every file is new.
func FromRev(dir, rev string) (*Set, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("new-from-rev: %q is not a revision", rev)
	}
	top, err := toplevel(dir)
	if err != nil {
		return nil, fmt.Errorf("new-from-rev: %v", err)
	}
	base, err := commit(top, rev)
	if err != nil {
		return nil, fmt.Errorf("new-from-rev: %v", err)
	}
	diff, err := git(top, "-c", "core.quotePath=true", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "-M", "-U0", "--ignore-submodules", base, "--")
	if err != nil {
		return nil, fmt.Errorf("new-from-rev: %v", err)
	}
	s := newSet(top)
	if err := parse(bytes.NewReader(diff), s, true); err != nil {
		return nil, fmt.Errorf("new-from-rev: git diff %s: %v", rev, err)
	}
	untracked, err := git(top, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, fmt.Errorf("new-from-rev: %v", err)
	}
	for _, name := range strings.Split(string(untracked), "\x00") {
		if name != "" {
			s.addFile(name)
		}
	}
	return s, nil
}

// FromPatch returns the lines a unified diff (git diff's, or diff -u's)
// adds. Its file names are relative to the top level of the git repository
// holding dir, as git writes them, or to dir outside a repository; git's
// destination prefix "b/" is removed.
func FromPatch(patch, dir string) (*Set, error) {
	data, err := os.ReadFile(patch)
	if err != nil {
		return nil, fmt.Errorf("new-from-patch: %v", err)
	}
	root, err := toplevel(dir)
	if err != nil {
		if root, err = filepath.Abs(dir); err != nil {
			return nil, fmt.Errorf("new-from-patch: %v", err)
		}
		if real, err := filepath.EvalSymlinks(root); err == nil {
			root = real
		}
	}
	s := newSet(root)
	if err := parse(bytes.NewReader(data), s, false); err != nil {
		return nil, fmt.Errorf("new-from-patch: %s: %v", patch, err)
	}
	return s, nil
}

// Parse returns the lines a unified diff adds, its file names relative to
// root.
func Parse(r io.Reader, root string) (*Set, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	s := newSet(abs)
	return s, parse(r, s, false)
}

func toplevel(dir string) (string, error) {
	out, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	top := strings.TrimSpace(string(out))
	if top == "" {
		return "", fmt.Errorf("%s is not in a git work tree", dir)
	}
	return filepath.FromSlash(top), nil
}

// commit resolves rev to a commit, or an unborn HEAD (a repository, or a
// branch, without commits yet) to the empty tree.
func commit(top, rev string) (string, error) {
	out, err := git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err == nil {
		return strings.TrimSpace(string(out)), nil
	}
	if rev == "HEAD" {
		// An unborn HEAD (no commit yet on the current branch): HEAD is a
		// symbolic reference to a branch that does not exist.
		if _, err := git(top, "symbolic-ref", "-q", "HEAD"); err == nil {
			out, err := git(top, "hash-object", "-t", "tree", os.DevNull)
			if err != nil {
				return "", err
			}
			return strings.TrimSpace(string(out)), nil
		}
	}
	return "", fmt.Errorf("%q is not a commit in %s", rev, top)
}

// git runs git in dir and returns its standard output; an error carries
// the first line of its standard error.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
			if msg == "" {
				msg = err.Error()
			}
			return nil, fmt.Errorf("git %s: %s", args[0], msg)
		}
		return nil, fmt.Errorf("git: %v", err)
	}
	return out, nil
}

// parse reads a unified diff into s. It follows each hunk by its line
// counts, so a removed line that starts with "--" or an added one that
// starts with "++" is not mistaken for a header.
func parse(r io.Reader, s *Set, gitPrefix bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	var (
		file             string // the new file's name, "" for none (deleted)
		haveFile         bool   // a +++ header was seen for the current file
		oldLeft, newLeft int    // lines left in the current hunk
		next             int    // the new file's line number of the next line
		n                int    // the diff's line number
	)
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if oldLeft > 0 || newLeft > 0 {
			c := byte(' ') // git drops the space of an empty context line (diff.suppressBlankEmpty)
			if line != "" {
				c = line[0]
			}
			switch c {
			case ' ':
				if oldLeft == 0 || newLeft == 0 {
					return fmt.Errorf("line %d: a context line beyond the hunk's counts", n)
				}
				oldLeft--
				newLeft--
				next++
			case '+':
				if newLeft == 0 {
					return fmt.Errorf("line %d: an added line beyond the hunk's counts", n)
				}
				if file != "" {
					s.addLine(file, next)
				}
				newLeft--
				next++
			case '-':
				if oldLeft == 0 {
					return fmt.Errorf("line %d: a removed line beyond the hunk's counts", n)
				}
				oldLeft--
			case '\\': // \ No newline at end of file
			default:
				return fmt.Errorf("line %d: the hunk ends early (%d removed and %d added lines missing)", n, oldLeft, newLeft)
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, "diff --git "):
			file, haveFile = "", false
		case strings.HasPrefix(line, "+++ "):
			name, err := headerName(line[len("+++ "):])
			if err != nil {
				return fmt.Errorf("line %d: %v", n, err)
			}
			file, haveFile = "", true
			if name != "/dev/null" {
				if gitPrefix {
					rest, ok := strings.CutPrefix(name, "b/")
					if !ok {
						return fmt.Errorf("line %d: %q lacks the b/ prefix", n, name)
					}
					name = rest
				} else {
					name = strings.TrimPrefix(name, "b/")
				}
				file = name
			}
		case strings.HasPrefix(line, "@@ "):
			if !haveFile {
				return fmt.Errorf("line %d: a hunk before any +++ file header", n)
			}
			var err error
			oldLeft, newLeft, next, err = hunkHeader(line)
			if err != nil {
				return fmt.Errorf("line %d: %v", n, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if oldLeft > 0 || newLeft > 0 {
		return fmt.Errorf("the diff ends inside a hunk (%d removed and %d added lines missing)", oldLeft, newLeft)
	}
	return nil
}

// headerName returns the file name of a ---/+++ header: C-quoted by git
// if it holds unusual characters, and followed by a tab and a timestamp
// in diff -u's output.
func headerName(h string) (string, error) {
	if strings.HasPrefix(h, `"`) {
		end := closingQuote(h)
		if end < 0 {
			return "", fmt.Errorf("unterminated quoted file name %s", h)
		}
		name, err := strconv.Unquote(h[:end+1])
		if err != nil {
			return "", fmt.Errorf("bad quoted file name %s", h[:end+1])
		}
		return name, nil
	}
	if i := strings.IndexByte(h, '\t'); i >= 0 {
		h = h[:i]
	}
	if h == "" {
		return "", fmt.Errorf("a file header without a file name")
	}
	return h, nil
}

// closingQuote returns the index of the quote that closes the one at s[0].
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// hunkHeader parses "@@ -a[,b] +c[,d] @@ ...": the old and new line
// counts and the first new line.
func hunkHeader(line string) (oldCount, newCount, start int, err error) {
	rest := strings.TrimPrefix(line, "@@ ")
	ranges, _, ok := strings.Cut(rest, " @@")
	old, nw, ok2 := strings.Cut(ranges, " ")
	if !ok || !ok2 || !strings.HasPrefix(old, "-") || !strings.HasPrefix(nw, "+") {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", line)
	}
	_, oldCount, err1 := hunkRange(old[1:])
	start, newCount, err2 := hunkRange(nw[1:])
	if err1 != nil || err2 != nil {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", line)
	}
	return oldCount, newCount, start, nil
}

// hunkRange parses "start[,count]"; count defaults to 1.
func hunkRange(r string) (start, count int, err error) {
	s, c, hasCount := strings.Cut(r, ",")
	start, err = strconv.Atoi(s)
	if err != nil || start < 0 {
		return 0, 0, fmt.Errorf("bad range %q", r)
	}
	count = 1
	if hasCount {
		count, err = strconv.Atoi(c)
		if err != nil || count < 0 {
			return 0, 0, fmt.Errorf("bad range %q", r)
		}
	}
	return start, count, nil
}
