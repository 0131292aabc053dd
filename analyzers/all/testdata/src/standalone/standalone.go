// Package standalone is run as faultline ./... runs the checks, without
// facts: ctxtimeout and selectinsert see less than under go vet, so their
// directives are not judged; the other checks' are.
package standalone

import (
	"encoding/json"
	"os"
)

func ping(url string) error {
	//faultline:ignore ctxtimeout a helper in another package makes the call, seen only with facts
	_ = url
	//faultline:ignore selectinsert the repository package does the read and the insert
	return nil
}

func load(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	//faultline:ignore closeerr read-only, so closeerr never reports it // want `closeerr silences nothing`
	defer f.Close()
	return json.NewDecoder(f).Decode(v)
}

func export(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	//faultline:ignore closeerr,ctxtimeout the caller checks the file; ctxtimeout is not judged here
	defer f.Close()
	return json.NewEncoder(f).Encode(v)
}
