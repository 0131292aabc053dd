// Package nofactsapp is checked with -ctxtimeout.facts=false: calls into
// other packages are not followed, calls within the package still are.
package nofactsapp

import (
	"context"

	"nofactslib"
)

func crossPackage(s *nofactslib.Store) error {
	return s.Save(context.Background(), "a") // quiet without facts
}

func local(s *nofactslib.Store, ctx context.Context) error {
	_, err := s.DB.ExecContext(ctx, "DELETE FROM t")
	return err
}

func samePackage(s *nofactslib.Store) error {
	return local(s, context.Background()) // want `context\.Background\(\) carries no deadline into local, which reaches \(\*sql\.DB\)\.ExecContext`
}
