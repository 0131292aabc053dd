package judged

func hazard() {}

func safe() {}

func f() {
	// hazard runs, but the judge says it cannot see all it could (a check
	// without its facts): a directive it did not use is not reported.
	//faultline:ignore hazard a finding only a run with facts would see
	safe()

	//faultline:ignore hazrd a typo is still reported // want `names unknown check hazrd, so it silences nothing; did you mean hazard\?`
	safe()
}
