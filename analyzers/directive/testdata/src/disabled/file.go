package disabled

//faultline:file-ignore other it does not run in this test

func g() {}
