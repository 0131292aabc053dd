// Package tests holds the test application the API tests start
// (pocketbase's tests). Quiet, as e2e.
package tests

import (
	"io"
	"os"
)

func CopyFixture(dst string, src io.Reader) error {
	destFile, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer destFile.Close()
	_, err = io.Copy(destFile, src)
	return err
}
