package selectinsert

import (
	"go/ast"
	"go/types"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Repositories by role. A service reads and creates through an interface
// whose implementation the check cannot see (another package that the
// service does not import, wired in main): p, err := s.payments.ByKey(ctx,
// key); if errors.Is(err, ErrNotFound) { charge; s.payments.Create(ctx, p) }.
// The interface's methods say what they do by their role: a repository
// (an interface of the module with a read method and a create method),
// a read by key (Get, Find, Load, Fetch, Lookup, ByX, XForY) whose not-found
// outcome is a sentinel named so (ErrNotFound, ErrNoRows) or a nil
// result (or a count or found-bool: CountPending, HasMember, Exists, or a
// (bool, error) test named for the record's state: AlreadySent), and a
// create (Create, Insert, Add, Register, Record, Save, Store, Put, Persist). Whatever the
// implementation's SQL, an effect between the two runs once per request:
// only read-then-insert with an effect in between is judged this way (the
// create is not assumed to be a plain INSERT, nor the key to be unique or
// not, and check-then-act needs the UPDATE's SQL).

var (
	repoReadName = regexp.MustCompile(`^(Get|Find|Load|Fetch|Lookup|Read|First|Count|Exists|Has)([A-Z0-9]|$)|(By|For)[A-Z]`)
	// A count or an existence test: its int or bool result is the answer,
	// its error only an error (CountPending(ctx, host, email) (int, error)).
	repoCountName = regexp.MustCompile(`^(Count|Exists|Has)([A-Z0-9]|$)`)
	// An existence test named for the state of the record it looks for:
	// AlreadySent, SlotTaken, EmailExists, EventSeen ((bool, error) only).
	repoExistsName = regexp.MustCompile(`^Already[A-Z]|[a-z](Exists?|Taken|Sent|Seen|Used|Processed|Claimed|Booked|Registered|Recorded|Known)$`)
	repoCreateName = regexp.MustCompile(`^(Create|Insert|Add|Register|Record|Save|Store|Put|Persist)([A-Z0-9]|$)`)
	// An update of one column, named for it: SetStatus, UpdateState.
	repoUpdateName = regexp.MustCompile(`^(Set|Update)([A-Z]\w*)$`)
	// A state transition named for the state it moves to: MarkRefunded,
	// MarkPaid, MarkShipped (an update of the row's status or state).
	repoMarkName = regexp.MustCompile(`^Mark(?:As)?[A-Z]\w*$`)
	// A cache's miss-then-fill is not a repository's read-then-create.
	cacheName = regexp.MustCompile(`(?i)(cache|lru|memo)`)
)

func recvTypeName(t types.Type) string {
	_, name := typesx.TypeKey(t)
	return name
}

// roleRepoOp returns the read or create that call makes through a
// repository interface by role, or nil.
func (a *checker) roleRepoOp(call *ast.CallExpr) *op {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !maybeRepoMethod(sel.Sel.Name) {
		return nil
	}
	fn := typesx.Callee(a.info, call)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) || !sideeffect.SameModule(fn.Pkg().Path(), a.pkg.Path()) {
		return nil
	}
	if !a.isRepository(sig.Recv().Type()) || !a.injectedRecv(call, sel.X) {
		return nil
	}
	o := &op{call: call, recv: sel.X, recvParam: -1, via: nil, role: true, table: types.ExprString(sel.X)}
	switch {
	case existenceShaped(fn, sig):
		o.kind = opRead
		o.keys, o.keyArgs = keyParams(sig, call, -1)
		if len(o.keys) == 0 {
			return nil
		}
	case repoReadName.MatchString(fn.Name()) && !repoCreateName.MatchString(fn.Name()):
		if sig.Results().Len() < 2 || !typesx.IsError(sig.Results().At(sig.Results().Len()-1).Type()) {
			return nil // a read that cannot say "not found"
		}
		switch sig.Results().At(0).Type().Underlying().(type) {
		case *types.Slice, *types.Map, *types.Chan:
			return nil // a list: "none" is an empty one, not an error (dendrite's GetOutboundPeeks)
		}
		o.kind = opRead
		o.keys, o.keyArgs = keyParams(sig, call, -1)
		if len(o.keys) == 0 {
			return nil
		}
		if strings.HasPrefix(fn.Name(), "Count") && sig.Results().Len() == 2 {
			if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				// CountForDay(ctx, clinic, day) (int, error): a count, so
				// n >= limit before a create is a capacity check
				o.shape = shapeCount
			}
		}
	case repoCreateName.MatchString(fn.Name()):
		o.kind = opInsert
	case repoUpdateName.MatchString(fn.Name()):
		// SetStatus(ctx, id, "cancelled"): an update of the column its
		// name gives, of the row its first argument after the context
		// names.
		o.kind = opUpdate
		o.cols = []string{typesx.Snake(repoUpdateName.FindStringSubmatch(fn.Name())[2])}
		o.keys, o.keyArgs = keyParams(sig, call, 1)
		if len(o.keys) == 0 {
			return nil
		}
	case repoMarkName.MatchString(fn.Name()):
		o.kind = opUpdate
		o.cols = []string{"status", "state"}
		o.keys, o.keyArgs = keyParams(sig, call, 1)
		if len(o.keys) == 0 {
			return nil
		}
	default:
		return nil
	}
	return o
}

// keyParams returns the names of a repository method's parameters other
// than the context, at most max of them (-1: all), and the call's
// arguments for them.
func keyParams(sig *types.Signature, call *ast.CallExpr, max int) (keys []string, args []ast.Expr) {
	for i := range sig.Params().Len() {
		if max >= 0 && len(keys) == max {
			break
		}
		if p := sig.Params().At(i); !typesx.IsContext(p.Type()) {
			keys = append(keys, p.Name())
			if i < len(call.Args) {
				args = append(args, call.Args[i])
			}
		}
	}
	return keys, args
}

// readsThroughRepository reports whether the function body root calls a
// repository read by role.
func (a *checker) readsThroughRepository(root ast.Node) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if o := a.roleRepoOp(call); o != nil && o.kind == opRead {
				found = true
			}
		}
		return !found
	})
	return found
}

// injectedRecv reports whether x, the receiver of a call in the function
// that holds call, is an injected dependency (sideeffect.Injected: a field
// of that declaration's receiver, or one of its parameters).
func (a *checker) injectedRecv(call *ast.CallExpr, x ast.Expr) bool {
	sig := a.declSig(call)
	return sig != nil && sideeffect.Injected(a.info, sig, x)
}

// maybeRepoMethod is a cheap filter before the regular expressions: the
// name can be a repository read or create.
// sameRoleNoun reports whether a count and a create made by role through
// one repository name the same thing: CountBuildsForRepo and CreateBuild
// do, CountBuildsForRepo and CreatePipeline on a database-wide interface do
// not. A name with no noun of its own (CountForDay, Create) matches any.
// Other ops (SQL, not by role) always match.
func sameRoleNoun(r, o *op) bool {
	if !r.role || !o.role {
		return true
	}
	rn, on := roleNoun(methodName(r.call)), roleNoun(methodName(o.call))
	return rn == "" || on == "" || rn == on
}

func methodName(call *ast.CallExpr) string {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return ""
}

var (
	roleVerb     = regexp.MustCompile(`^(Count|Create|Insert|Add|Register|Record|Save|Store|Put|Persist)`)
	roleNounStop = regexp.MustCompile(`(For|By|In|With|Of|And|If|Idempotent|Once)([A-Z0-9]|$)`)
)

// roleNoun is the thing a repository method's name is about, singular:
// CountBuildsForRepo -> build, CreateBuild -> build, CountForDay -> "".
func roleNoun(name string) string {
	rest := roleVerb.ReplaceAllString(name, "")
	if loc := roleNounStop.FindStringIndex(rest); loc != nil {
		rest = rest[:loc[0]]
	}
	n := strings.ToLower(rest)
	switch {
	case strings.HasSuffix(n, "ies"):
		n = n[:len(n)-3] + "y"
	case strings.HasSuffix(n, "ses"), strings.HasSuffix(n, "xes"):
		n = n[:len(n)-2]
	case strings.HasSuffix(n, "s") && !strings.HasSuffix(n, "ss"):
		n = n[:len(n)-1]
	}
	return n
}

// existenceShaped reports a repository method named for an existence test
// (repoExistsName) that returns (bool, error).
func existenceShaped(fn *types.Func, sig *types.Signature) bool {
	name := fn.Name()
	if !repoExistsName.MatchString(name) || repoCreateName.MatchString(name) || repoUpdateName.MatchString(name) || repoMarkName.MatchString(name) {
		return false
	}
	res := sig.Results()
	if res.Len() != 2 || !typesx.IsError(res.At(1).Type()) {
		return false
	}
	b, ok := res.At(0).Type().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

func maybeRepoMethod(name string) bool {
	if repoExistsName.MatchString(name) {
		return true
	}
	for _, p := range []string{"Get", "Find", "Load", "Fetch", "Lookup", "Read", "First", "Count", "Exists", "Has", "Create", "Insert", "Add", "Register", "Record", "Save", "Store", "Put", "Persist", "Set", "Update", "Mark"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return strings.Contains(name, "By") || strings.Contains(name, "For")
}

// isRepository is isRepository of t, not a cache, memoised per type.
func (a *checker) isRepository(t types.Type) bool {
	if v, ok := a.repoMemo[t]; ok {
		return v
	}
	v := isRepository(t) && !cacheName.MatchString(recvTypeName(t))
	if a.repoMemo == nil {
		a.repoMemo = map[types.Type]bool{}
	}
	a.repoMemo[t] = v
	return v
}

// isRepository reports an interface with both a read method and a create
// method: the shape of a repository.
func isRepository(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	read, write := false, false
	for i := range it.NumMethods() {
		m := it.Method(i).Name()
		switch {
		case repoCreateName.MatchString(m), repoUpdateName.MatchString(m), repoMarkName.MatchString(m):
			write = true
		case repoReadName.MatchString(m):
			read = true
		case repoExistsName.MatchString(m):
			if sig, ok := it.Method(i).Type().(*types.Signature); ok && existenceShaped(it.Method(i), sig) {
				read = true
			}
		}
	}
	return read && write
}

// declaresRepository reports whether pkg or a package of its module that
// it imports directly declares a repository interface (isRepository): only
// then can a package with no database calls of its own read and create
// through one.
func declaresRepository(pkg *types.Package) bool {
	has := func(p *types.Package) bool {
		scope := p.Scope()
		for _, name := range scope.Names() {
			if tn, ok := scope.Lookup(name).(*types.TypeName); ok && types.IsInterface(tn.Type()) && isRepository(tn.Type()) {
				return true
			}
		}
		return false
	}
	if has(pkg) {
		return true
	}
	for _, imp := range pkg.Imports() {
		if sideeffect.SameModule(imp.Path(), pkg.Path()) && has(imp) {
			return true
		}
	}
	return false
}

// roleReadCtx maps the results of a repository read by role: the error
// (not found when it is a sentinel named so), a pointer or a bool (nil or
// false: not found).
func (a *checker) roleReadCtx(r *readCtx, o *op) *readCtx {
	fn := typesx.Callee(a.info, o.call)
	sig, _ := fn.Type().(*types.Signature)
	n := sig.Results().Len()
	// A repository that returns a pointer or a found-bool may say "none"
	// with a nil error (nil, nil) as well as with a sentinel: the error's
	// nil value then means found or not found.
	errSig := sigErrNF
	for i := range n - 1 {
		t := sig.Results().At(i).Type()
		if b, ok := t.Underlying().(*types.Basic); isPointer(t) || ok && b.Kind() == types.Bool {
			errSig = sigErrAny
		}
	}
	counts := repoCountName.MatchString(fn.Name()) || existenceShaped(fn, sig)
	if counts {
		errSig = sigErrOnly
	}
	r.act = o.call
	r.actErr = &errSig
	r.anyNotFound = true
	for i := range n {
		v := a.assignedAt(o.call, n, i)
		if v == nil {
			continue
		}
		t := sig.Results().At(i).Type()
		if st, ok := derefType(t).Underlying().(*types.Struct); ok {
			// The row: its fields are what a check looks at (o.Status).
			r.structs[v] = true
			for j := range st.NumFields() {
				f := st.Field(j)
				r.fieldCol[fieldKey{v, f.Name()}] = typesx.Snake(f.Name())
			}
		}
		switch {
		case typesx.IsError(t):
			r.vars[v] = errSig
		case isPointer(t):
			r.vars[v] = sigFound
		default:
			if b, ok := t.Underlying().(*types.Basic); ok && (b.Kind() == types.Bool || counts && b.Info()&types.IsInteger != 0) {
				r.vars[v] = sigFound
			}
		}
	}
	return r
}
