package dial

import "net/smtp"

func sendInvite(relay, from, to string, msg []byte) error {
	return smtp.SendMail(relay, nil, from, []string{to}, msg) // want `smtp\.SendMail dials the mail relay with no timeout, so a relay that does not answer holds it for minutes; dial with a net\.Dialer Timeout and use smtp\.NewClient`
}

func openRelay(relay string) (*smtp.Client, error) {
	return smtp.Dial(relay) // want `smtp\.Dial dials the mail relay with no timeout`
}

// Quiet: the local MTA.
func sendLocal(from, to string, msg []byte) error {
	return smtp.SendMail("localhost:25", nil, from, []string{to}, msg)
}
