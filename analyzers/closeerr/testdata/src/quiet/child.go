package quiet

import (
	"os"
	"os/exec"
)

// A log file handed to a detached child process: the child writes it after
// this function's Close, which can report none of that.
func startDetached(logPath string, prepare func(*exec.Cmd)) (int, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer logFile.Close()
	cmd := exec.Command("server", "--daemon")
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	prepare(cmd)
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	pid := cmd.Process.Pid
	_ = cmd.Process.Release()
	return pid, nil
}

// Started and never waited for here, the command not handed on.
func startWorker(logPath string) error {
	f, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer f.Close()
	cmd := exec.Command("worker")
	cmd.Stdout = f
	return cmd.Start()
}

// Started and returned: whoever waits, this function's Close runs first.
func startDump(path string) (*exec.Cmd, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cmd := exec.Command("pg_dump", "app")
	cmd.Stdout = f
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd, nil
}
