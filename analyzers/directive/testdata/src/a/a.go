package a

func f() {
	//faultline:ignore selectinsert the key is unique per tenant
	_ = 1

	//faultline:ignore closeerr,retryloop read-only scratch file
	_ = 2

	//faultline:ignore // want `directive: //faultline:ignore names no check`
	_ = 3

	//faultline:ignore selectinsert // want `directive: //faultline:ignore selectinsert gives no reason`
	_ = 4

	//faultline:ignore selectinsrt typo in the name // want `names unknown check selectinsrt, so it silences nothing; did you mean selectinsert\?`
	_ = 5

	//faultline:ignoreall this is not a directive at all
	_ = 6

	// faultline:ignore with a space is prose, not a directive
	_ = 7
}
