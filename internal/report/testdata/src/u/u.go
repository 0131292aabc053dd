package u

func hazard() {}

func safe() {}

func f() {
	//faultline:ignore hazard silences the call below // want `hazard used`
	hazard()

	//faultline:ignore hazard nothing here to silence // want `hazard unused`
	safe()

	//faultline:ignore hazard,closeerr a list // want `hazard used` `closeerr unused`
	hazard()

	//faultline:ignore hazard two directives cover this call // want `hazard used`
	hazard() //faultline:ignore hazard and both count as used // want `hazard used`

	//faultline:ignore hazard covers only its line and the next // want `hazard unused`

	hazard() // reported by hazard, which is not the analyzer under test

	hazard() //faultline:ignore hazard on the line itself // want `hazard used`

	//faultline:ignore hazard

	// The directive above gives no reason, so it silences nothing.
	hazard() // reported by hazard, which is not the analyzer under test
}
