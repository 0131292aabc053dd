package bug

import "testing"

func TestCatchPanicsInTests(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("Catch swallowed a panic in a test binary")
		}
		if s, _ := r.(string); s != "bug in site: boom" {
			t.Fatalf("panic value = %v", r)
		}
	}()
	func() {
		defer Catch(nil, "site")
		panic("boom")
	}()
}

func TestCatchRecoversInProduction(t *testing.T) {
	PanicInTests = false
	defer func() { PanicInTests = true }()
	before := Count()
	failed := false
	func() {
		defer Catch(&failed, "site")
		panic("boom")
	}()
	if !failed || Count() != before+1 {
		t.Fatalf("failed=%v count=%d, want true and %d", failed, Count(), before+1)
	}
	ok := false
	func() {
		defer Catch(&ok, "site")
	}()
	if ok {
		t.Fatal("Catch without a panic set failed")
	}
}
