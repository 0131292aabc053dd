// Package nofacts is run with selectinsert as a copy that declares no
// facts: it sees less than with them, so its directives are not judged;
// the other checks' are.
package nofacts

import (
	"encoding/json"
	"os"
)

func ping(url string) error {
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
	//faultline:ignore closeerr,selectinsert the caller checks the file; selectinsert is not judged here
	defer f.Close()
	return json.NewEncoder(f).Encode(v)
}

func store(path string) error {
	//faultline:ignore ctxtimeout,selectinsert ctxtimeout runs with its facts and finds nothing here // want `ctxtimeout,selectinsert: ctxtimeout reports nothing on this line or the next; remove it from the list`
	return os.Remove(path)
}
