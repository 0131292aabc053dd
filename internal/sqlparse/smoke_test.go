package sqlparse

import "testing"

func TestSmoke(t *testing.T) {
	s := Parse(`INSERT INTO "public"."Orders" (id, key) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING id`)
	if s.Kind != KindInsert || s.Table != "orders" || s.Schema != "public" || !s.IsDedupInsert() || !s.HasReturning {
		t.Fatalf("got %+v", s)
	}
	s = Parse(`SELECT id FROM jobs WHERE state = 'queued' -- FOR UPDATE
	  ORDER BY id LIMIT 1`)
	if s.Kind != KindSelect || s.Lock != LockNone || s.Limit != "1" {
		t.Fatalf("got %+v", s)
	}
}
