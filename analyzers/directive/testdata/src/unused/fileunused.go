package unused

//faultline:file-ignore hazard,other other is used, hazard is not // want `^directive: //faultline:file-ignore hazard,other: hazard reports nothing in this file; remove it from the list$`

// Two directives silencing the same finding are both used: removing either
// one alone would change nothing, but removing both would.
//faultline:file-ignore other a second file directive for other

func h() {
	other()
}
