// Package e2e drives the service in containers for the end-to-end tests;
// nothing in production imports it (blocky's e2e). Quiet: a dropped Close
// error here fails a test run, it loses no user's data. The same code in
// package files is reported.
package e2e

import "os"

func WriteConfig(data []byte) (string, error) {
	f, err := os.CreateTemp("", "cfg-*.yml")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	return f.Name(), nil
}
