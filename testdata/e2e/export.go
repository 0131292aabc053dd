package payments

import "os"

// Export writes a report. Its deferred Close drops the error that reports
// a failed write-back, so a full disk goes unnoticed (closeerr, with a fix).
func Export(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}

// Import reads a report: closing a read-only file loses nothing, and
// closeerr stays quiet.
func Import(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, err := f.Read(buf)
	return buf[:n], err
}
