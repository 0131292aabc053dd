package fix

type svc struct{}

func (s *svc) call() error { return nil }
