package ctxflow

import (
	"context"
	"log"
	"time"
)

// Reaching definitions: which assignments of a context variable can reach
// the call that uses it, on the control-flow graph.

// ---- firing shapes ----

// The branch that replaces the context returns: on the path that reaches
// ExecContext, ctx is still context.Background().
func (r *repo) redefinedOnLeavingBranch(parent context.Context, id int64, fresh bool) error { // want redefinedOnLeavingBranch:`ctx reaches \(\*sql\.DB\)\.QueryRowContext \(params 1\)`
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	if fresh {
		ctx = parent
		_, err := r.load(ctx, id)
		return err
	}
	_, err := r.db.ExecContext(ctx, "UPDATE orders SET seen = true WHERE id = $1", id)
	return err
}

// The deadline is set on a branch that ends in a call that never returns.
func (r *repo) redefinedBeforeFatal(d time.Duration) error {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	if d <= 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Second)
		defer cancel()
		log.Fatal("no timeout configured")
	}
	_, err := r.db.ExecContext(ctx, "DELETE FROM sessions")
	return err
}

// The deadline is set on the last attempt, which leaves the loop: it never
// reaches the call at the top of the loop.
func (r *repo) deadlineLeavesLoop(id int64) error {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	for attempt := 0; attempt < 3; attempt++ {
		if _, err := r.db.ExecContext(ctx, "DELETE FROM jobs WHERE id = $1", id); err == nil {
			return nil
		}
		if attempt == 2 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, time.Second)
			defer cancel()
			_, err := r.load(ctx, id)
			return err
		}
	}
	return nil
}

// Both branches replace the context with a deadline: the deadline context
// is in scope, and Exec ignores it.
func (r *repo) deadlineOnEveryPath(id int64, slow bool) error {
	ctx := context.Background()
	var cancel context.CancelFunc
	if slow {
		ctx, cancel = context.WithTimeout(ctx, time.Minute)
	} else {
		ctx, cancel = context.WithTimeout(ctx, time.Second)
	}
	defer cancel()
	_, err := r.db.Exec("DELETE FROM sessions WHERE id = $1", id) // want `\(\*sql\.DB\)\.Exec has no deadline and cannot be cancelled, so a stuck database holds it forever; use ExecContext and pass ctx`
	return err
}

// A context at parameter index 64 is followed like any other.
func (r *repo) wide(p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31, p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47, p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63 int, ctx context.Context) error { // want wide:`ctx reaches \(\*sql\.DB\)\.ExecContext \(params 10000000000000000000000000000000000000000000000000000000000000000\)`
	_, err := r.db.ExecContext(ctx, "DELETE FROM jobs WHERE done")
	return err
}

func (r *repo) callsWide() error {
	return r.wide(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, context.Background()) // want `context\.Background\(\) carries no deadline into r\.wide, which reaches \(\*sql\.DB\)\.ExecContext`
}

// ---- near-misses ----

// The replacing branch falls through: the call may get the caller's
// context.
func (r *repo) redefinedOnOneBranch(id int64, d time.Duration) error {
	ctx := context.Background()
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	_, err := r.db.ExecContext(ctx, "UPDATE orders SET seen = true WHERE id = $1", id)
	return err
}

// log.Print returns: the deadline reaches the call.
func (r *repo) redefinedBeforePrint(d time.Duration) error {
	ctx := context.Background()
	if d <= 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Second)
		defer cancel()
		log.Print("no timeout configured, using 1s")
	}
	_, err := r.db.ExecContext(ctx, "DELETE FROM sessions")
	return err
}

// The deadline set late in the loop reaches the call on the next attempt.
func (r *repo) deadlineCarriedByLoop(id int64) error {
	ctx := context.Background()
	for attempt := 0; attempt < 3; attempt++ {
		if _, err := r.db.ExecContext(ctx, "DELETE FROM jobs WHERE id = $1", id); err == nil {
			return nil
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.Background(), time.Second)
		defer cancel()
	}
	return nil
}

// The same with goto: the retry carries a deadline into the call.
func (r *repo) deadlineCarriedByGoto(id int64) error {
	ctx := context.Background()
	tries := 0
again:
	if _, err := r.db.ExecContext(ctx, "DELETE FROM jobs WHERE id = $1", id); err != nil && tries == 0 {
		tries++
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		goto again
	}
	return nil
}

// The deadline is set on one path only: no deadline context is in scope
// on every path, so Exec is not told to use one.
func (r *repo) deadlineOnOnePath(id int64, slow bool) error {
	ctx := context.Background()
	if slow {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Minute)
		defer cancel()
	}
	_ = ctx
	_, err := r.db.Exec("DELETE FROM sessions WHERE id = $1", id)
	return err
}

// A write through a pointer may replace the context anywhere after &ctx,
// whatever is assigned to ctx meanwhile.
func (r *repo) writtenThroughPointer(id int64) error {
	ctx := context.Background()
	p := &ctx
	ctx = context.Background()
	r.bind(p)
	_, err := r.db.ExecContext(ctx, "DELETE FROM jobs WHERE id = $1", id)
	return err
}

func (r *repo) bind(p *context.Context) {
	c, cancel := context.WithTimeout(*p, time.Second)
	_ = cancel
	*p = c
}

// A function literal may replace the context whenever it runs.
func (r *repo) writtenByClosure(id int64, run func(func())) error {
	ctx := context.Background()
	var cancel context.CancelFunc = func() {}
	run(func() {
		ctx, cancel = context.WithTimeout(context.Background(), time.Second)
	})
	defer cancel()
	_, err := r.db.ExecContext(ctx, "DELETE FROM jobs WHERE id = $1", id)
	return err
}
