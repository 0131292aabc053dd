package unused

//faultline:file-ignore other nothing in this file calls other // want `^directive: //faultline:file-ignore other silences nothing: other reports nothing in this file; remove the directive$`

func k() {
	safe()
}
