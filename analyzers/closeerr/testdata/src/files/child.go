package files

import (
	"os"
	"os/exec"
)

// 35. A command's output written to a file, the command waited for: the
// output is complete when Close runs, and its error is dropped.
func dumpDatabase(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	cmd := exec.Command("pg_dump", "app")
	cmd.Stdout = f
	return cmd.Run()
}

// 36. Started, then handed to a helper that may wait for it: reported.
func dumpVia(path string, wait func(*exec.Cmd) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	cmd := exec.Command("pg_dump", "app")
	cmd.Stdout = f
	if err := cmd.Start(); err != nil {
		return err
	}
	return wait(cmd)
}
