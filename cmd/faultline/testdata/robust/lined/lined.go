package lined

import "os"

//line template.tmpl:10
func Render(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
//line template.tmpl:1
	_, err = f.Stat()
	return err
}
