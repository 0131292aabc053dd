// Package full is run with every check, as go vet and golangci-lint run
// them: each check judges the directives that name it.
package full

import (
	"encoding/json"
	"net/http"
	"os"
)

func export(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	//faultline:ignore closeerr the caller fsyncs the directory and checks the file
	defer f.Close()
	return json.NewEncoder(f).Encode(v)
}

func load(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	//faultline:ignore closeerr read-only, so closeerr never reports it // want `^directive: //faultline:ignore closeerr silences nothing: closeerr reports nothing on this line or the next; remove the directive$`
	defer f.Close()
	return json.NewDecoder(f).Decode(v)
}

func ping(url string) error {
	//faultline:ignore ctxtimeout nothing below makes a call // want `ctxtimeout silences nothing`
	_ = url
	return nil
}

func fetch(c *http.Client, req *http.Request) (*http.Response, error) {
	//faultline:ignore retryloop,closeerr no loop and no Close here // want `retryloop,closeerr silences nothing: retryloop, closeerr report nothing`
	return c.Do(req)
}
