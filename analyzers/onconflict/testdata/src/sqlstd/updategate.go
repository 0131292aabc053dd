package sqlstd

import "context"

// A DO UPDATE written as a dedup gate: a duplicate updates the row and is
// counted, so the test for 0 never holds and the event is published again.
func (s *Store) SentOnce(ctx context.Context, ev Event) error { // want SentOnce:"onconflict summary"
	res, err := s.db.ExecContext(ctx, `INSERT INTO sent_messages (key) VALUES ($1)
		ON CONFLICT (key) DO UPDATE SET sent_at = now()`, ev.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 { // want `ON CONFLICT DO UPDATE counts the duplicate's row as affected, so this test for 0 never holds; use DO NOTHING to gate, or DO UPDATE \.\.\. WHERE`
		return nil
	}
	return s.pub.Publish(ctx, "sent", []byte(ev.ID))
}

// Inline, n < 1.
func (s *Store) SentOnceInline(ctx context.Context, ev Event) error { // want SentOnceInline:"onconflict summary"
	res, err := s.db.ExecContext(ctx, `INSERT INTO sent_messages (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET sent_at = excluded.sent_at`, ev.ID)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	if n < 1 { // want `ON CONFLICT DO UPDATE counts the duplicate's row as affected`
		return nil
	}
	return s.pub.Publish(ctx, "sent", []byte(ev.ID))
}

// Quiet: DO UPDATE ... WHERE can update no row, and then reports 0.
func (s *Store) SentOnceWhere(ctx context.Context, ev Event) error { // want SentOnceWhere:"onconflict summary"
	res, err := s.db.ExecContext(ctx, `INSERT INTO sent_messages (key, sent_at) VALUES ($1, now())
		ON CONFLICT (key) DO UPDATE SET sent_at = now() WHERE sent_messages.sent_at IS NULL`, ev.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return s.pub.Publish(ctx, "sent", []byte(ev.ID))
}

// Quiet: MySQL reports 0 for a row ON DUPLICATE KEY UPDATE left unchanged.
func (s *Store) SentOnceMySQL(ctx context.Context, ev Event) error { // want SentOnceMySQL:"onconflict summary"
	res, err := s.db.ExecContext(ctx, "INSERT INTO sent_messages (`key`) VALUES (?) ON DUPLICATE KEY UPDATE `key` = `key`", ev.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return s.pub.Publish(ctx, "sent", []byte(ev.ID))
}

// Quiet: an upsert whose count is only logged.
func (s *Store) Touch(ctx context.Context, ev Event) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO seen (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET at = now()`, ev.ID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
