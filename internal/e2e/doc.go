// Package e2e holds faultline's end-to-end tests: each front end run for
// real, with the real tool, over the demo service (testdata/demo) and a
// small fixture module with known findings (testdata/e2e).
//
//   - go vet -vettool and go fix -fixtool with the built faultline binary
//     report and fix exactly what faultline ./... and faultline -fix do.
//   - faultline -format=sarif writes logs that the SARIF multitool
//     validates with GitHub's rules (validate --rule-kind "Sarif;Gh").
//   - golangci-lint custom builds golangci-lint v2.15.0 with the plugin
//     from this checkout (offline: golangci-lint's module, from the Go
//     module cache, is served as the git repository custom clones), and
//     the binary reports what faultline reports, honours its settings and
//     applies its fixes.
//   - pre-commit, with the hooks of this checkout at a tag, blocks a commit
//     with a finding, showing it, and lets a clean one through.
//
// The tools come from scripts/test.sh, which installs them when missing:
// pre-commit (Debian's package) on the PATH, and the SARIF multitool (npm's
// @microsoft/sarif-multitool-linux) under .tools/sarif, or wherever
// FAULTLINE_SARIF_MULTITOOL points. golangci-lint v2.15.0 is taken from
// .tools/golangci-lint or built from the module proxy. A missing tool fails
// its test; FAULTLINE_E2E=0 skips these tests explicitly. A cold run builds
// golangci-lint twice (a few minutes on two cores): run go test with
// -timeout 30m.
package e2e
