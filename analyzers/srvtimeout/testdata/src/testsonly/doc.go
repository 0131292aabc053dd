// Package testsonly starts servers only in its tests.
package testsonly
