package broken

import "os"

func Write(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return undefinedHelper(f)
}
