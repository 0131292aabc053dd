package sqltext

func isSquirrel(p string) bool { return p == "github.com/Masterminds/squirrel" }
