package selectinsert

import "golang.org/x/tools/go/analysis"

// forUpdateFix appends FOR UPDATE to the read.
func (a *checker) forUpdateFix(r *op) []analysis.SuggestedFix { return nil }

// conditionalFix makes the update conditional and gates on RowsAffected.
func (a *checker) conditionalFix(rc *readCtx, u *op, col string) []analysis.SuggestedFix {
	return nil
}
