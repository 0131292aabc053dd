package directive_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/directive"
	"github.com/faultline-dev/faultline/internal/testutil"
)

func TestDirective(t *testing.T) {
	testutil.Run(t, directive.Analyzer, "a")
}
