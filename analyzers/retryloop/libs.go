package retryloop

import "go/ast"

// checkLibraries reports retry libraries configured without jitter,
// predicate or bound.
func (a *analysis_) checkLibraries(f *ast.File) {}
