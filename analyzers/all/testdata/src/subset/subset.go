// Package subset is run with only closeerr turned on: the other checks do
// not run and their directives are not judged.
package subset

import (
	"encoding/json"
	"os"
)

func load(path string, v any) error {
	//faultline:ignore retryloop retryloop is off in this run
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	//faultline:ignore closeerr,retryloop read-only // want `closeerr,retryloop: closeerr reports nothing on this line or the next; remove it from the list`
	defer f.Close()
	return json.NewDecoder(f).Decode(v)
}
