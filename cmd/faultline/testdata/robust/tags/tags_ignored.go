//go:build ignore

package main

this file does not parse, and the build tag means nobody reads it
