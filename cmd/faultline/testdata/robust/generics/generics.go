package generics

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"time"
)

type Number interface{ ~int | ~int64 | ~float64 }

func Sum[T Number](xs ...T) (s T) {
	for _, x := range xs {
		s += x
	}
	return s
}

type Repo[K comparable, V any] struct {
	db    *sql.DB
	items map[K]V
}

func (r *Repo[K, V]) Get(ctx context.Context, k K) (V, error) {
	var zero V
	row := r.db.QueryRowContext(ctx, "SELECT v FROM items WHERE k = $1", k)
	if err := row.Scan(&zero); errors.Is(err, sql.ErrNoRows) {
		return zero, nil
	} else if err != nil {
		return zero, err
	}
	return zero, nil
}

func Retry[T any](ctx context.Context, attempts int, op func(context.Context) (T, error)) (T, error) {
	var zero T
	var err error
	for i := range attempts {
		var v T
		if v, err = op(ctx); err == nil {
			return v, nil
		}
		select {
		case <-ctx.Done():
			return zero, ctx.Err()
		case <-time.After(time.Duration(i) * time.Millisecond):
		}
	}
	return zero, err
}

func Pipe[W io.WriteCloser](w W, data []byte) error {
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

type List[T any] struct {
	next *List[T]
	val  T
}

func (l *List[T]) All() func(yield func(T) bool) {
	return func(yield func(T) bool) {
		for e := l; e != nil; e = e.next {
			if !yield(e.val) {
				return
			}
		}
	}
}
