package retryloop

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the retryloop check.
var Doc = &checkdoc.Doc{
	Name:    "retryloop",
	Title:   "retry loops without jitter, without a retry predicate, or without a bound",
	Default: true,
}
