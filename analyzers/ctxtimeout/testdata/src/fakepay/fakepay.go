// Package fakepay is a fake payment provider for tests (it is not in a
// _test.go file so that several packages' tests can share it). Test
// support is named as such: nothing here is reported.
package fakepay

import (
	"context"
	"database/sql"
	"net"
	"net/http"
)

type Server struct {
	db     *sql.DB
	client *http.Client
}

func New(db *sql.DB) *Server { return &Server{db: db, client: &http.Client{}} }

func (s *Server) Reset() error {
	_, err := s.db.ExecContext(context.Background(), "TRUNCATE charges")
	return err
}

func (s *Server) Charge(ctx context.Context, id string) error {
	_, err := s.db.Exec("INSERT INTO charges (id) VALUES ($1)", id)
	return err
}

func (s *Server) Ping(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (s *Server) Dial(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }
