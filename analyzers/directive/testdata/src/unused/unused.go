package unused

func hazard() {}

func other() {}

func safe() {}

func f() {
	//faultline:ignore hazard silences the call below
	hazard()

	hazard() //faultline:ignore hazard on the line itself

	//faultline:ignore hazard nothing here calls it // want `^directive: //faultline:ignore hazard silences nothing: hazard reports nothing on this line or the next; remove the directive$`
	safe()

	//faultline:ignore hazard the call is two lines down // want `hazard silences nothing`

	hazard() // hazard's own finding, not checked here: directive is the analyzer under test

	//faultline:ignore hazard,other other runs here but finds nothing // want `^directive: //faultline:ignore hazard,other: other reports nothing on this line or the next; remove it from the list$`
	hazard()

	hazard() //faultline:ignore hazard,other both used
	other()

	//faultline:ignore other,hazard neither finds anything // want `//faultline:ignore other,hazard silences nothing: other, hazard report nothing on this line or the next`
	safe()

	//faultline:ignore hazard,hazard a repeated name is reported once // want `hazard,hazard silences nothing: hazard reports nothing`
	safe()

	//faultline:ignore hazard // want `gives no reason, so it silences nothing`
	safe()
}
