package crossapp

import (
	"context"
	"time"

	"crosslib"
)

// ---- firing shapes (carried by facts from crosslib) ----

func save(s *crosslib.Store) error {
	return s.Save(context.Background(), "a") // want `context\.Background\(\) carries no deadline into s\.Save, which reaches \(\*sql\.DB\)\.ExecContext, so it can wait forever; use context\.WithTimeout`
}

func notify() error {
	ctx := context.TODO() // want `context\.TODO\(\) carries no deadline into crosslib\.Notify, which reaches \(\*http\.Client\)\.Do, so it can wait forever; use context\.WithTimeout`
	return crosslib.Notify(ctx, "http://hooks/x")
}

func pairSecond(s *crosslib.Store) error {
	return crosslib.Pair(context.Background(), context.Background(), s) // want `context\.Background\(\) carries no deadline into crosslib\.Pair, which reaches \(\*sql\.DB\)\.ExecContext, so it can wait forever; use context\.WithTimeout`
}

func generic(s *crosslib.Store) error {
	return crosslib.Do(context.Background(), s, 1) // want `context\.Background\(\) carries no deadline into crosslib\.Do, which reaches \(\*sql\.DB\)\.ExecContext, so it can wait forever; use context\.WithTimeout`
}

// forward passes its own ctx: a fact for this package's importers.
func forward(ctx context.Context, s *crosslib.Store) error { // want forward:`ctx reaches \(\*sql\.DB\)\.ExecContext`
	return s.Save(ctx, "f")
}

func viaForward(s *crosslib.Store) error {
	return forward(context.Background(), s) // want `context\.Background\(\) carries no deadline into forward, which reaches \(\*sql\.DB\)\.ExecContext, so it can wait forever; use context\.WithTimeout`
}

// ---- near-misses ----

func bounded(s *crosslib.Store) error {
	return s.SaveBounded(context.Background(), "b")
}

func noOutbound() error { return crosslib.NoOutbound(context.Background()) }

func timed(s *crosslib.Store) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.Save(ctx, "t")
}

func pairFirstOnly(ctx context.Context, s *crosslib.Store) error { // want pairFirstOnly:`ctx reaches`
	return crosslib.Pair(context.Background(), ctx, s)
}
