//go:build !linux

package tags

func Platform() string { return "other" }
