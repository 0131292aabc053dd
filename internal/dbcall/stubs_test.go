package dbcall

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStubsCompile type-checks and vets every stub library under
// testdata/stubs/src in GOPATH mode, so a broken stub fails here rather than
// inside some analyzer's analysistest run.
func TestStubsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	stubs, err := filepath.Abs(filepath.Join("..", "..", "testdata", "stubs"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(stubs, "src")); err != nil {
		t.Fatalf("stub tree missing: %v", err)
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cmd := exec.Command(gocmd, "vet", "./src/...")
	cmd.Dir = stubs
	cmd.Env = append(os.Environ(), "GOPATH="+stubs, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet over the stubs failed: %v\n%s", err, out)
	}

	// Every package the stubs promise must be present.
	cmd = exec.Command(gocmd, "list", "./src/...")
	cmd.Dir = stubs
	cmd.Env = append(os.Environ(), "GOPATH="+stubs, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off")
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("go list over the stubs failed: %v", err)
	}
	have := map[string]bool{}
	for _, line := range strings.Fields(string(out)) {
		have[line] = true
	}
	for _, want := range []string{
		"github.com/jackc/pgx/v5",
		"github.com/jackc/pgx/v5/pgconn",
		"github.com/jackc/pgx/v5/pgxpool",
		"github.com/jmoiron/sqlx",
		"github.com/gin-gonic/gin",
		"github.com/labstack/echo/v4",
		"gorm.io/gorm",
		"gorm.io/gorm/clause",
		"github.com/cenkalti/backoff/v4",
		"github.com/cenkalti/backoff/v5",
		"github.com/avast/retry-go/v4",
		"github.com/hashicorp/go-retryablehttp",
		"google.golang.org/grpc",
		"google.golang.org/grpc/codes",
		"google.golang.org/grpc/status",
		"google.golang.org/grpc/credentials/insecure",
		"github.com/redis/go-redis/v9",
		"cloud.google.com/go/storage",
		"github.com/segmentio/kafka-go",
		"github.com/IBM/sarama",
		"github.com/nats-io/nats.go",
		"github.com/nats-io/nats.go/jetstream",
		"github.com/rabbitmq/amqp091-go",
		"github.com/hibiken/asynq",
		"github.com/Masterminds/squirrel",
		"github.com/nleof/goyesql",
		"github.com/qustavo/dotsql",
	} {
		if !have[want] {
			t.Errorf("stub package %s missing", want)
		}
	}
}
