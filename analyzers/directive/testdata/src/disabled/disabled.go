package disabled

func hazard() {}

func other() {}

func f() {
	// other does not run: its directives are not judged, used or not.
	//faultline:ignore other it does not run in this test
	other()

	//faultline:ignore other it would find nothing here anyway
	hazard()

	//faultline:ignore hazard,other hazard is judged, other is not // want `hazard,other: hazard reports nothing on this line or the next; remove it from the list`
	other()

	//faultline:ignore hazard,other both named, hazard used
	hazard()
}
