package fixes

import (
	"context"
	"database/sql"
)

type worker struct{ db *sql.DB }

// A root inline in a call, documented: reported (the comment may be about
// the call), but a timeout on it is the author's decision: no fix.
func (w *worker) replay() error {
	// Replays the whole journal; it may take hours.
	_, err := w.db.ExecContext(context.Background(), "SELECT replay_journal()") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}

// The same call undocumented gets the fix.
func (w *worker) compact() error {
	_, err := w.db.ExecContext(context.Background(), "SELECT compact_journal()") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}
