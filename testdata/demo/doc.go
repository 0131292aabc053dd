// Package shopd is faultline's demo: a small payments service (orders,
// payments, webhooks, exports) with the reliability bugs faultline finds,
// each beside the correct version of the same code, which stays quiet.
//
// Run faultline on it from the repository root:
//
//	go run ./cmd/faultline -C testdata/demo ./...
package shopd

import (
	_ "github.com/cenkalti/backoff/v4"
	_ "github.com/jackc/pgx/v5"
)
