package loopback

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
)

var port = os.Getenv("PORT")

// ---- quiet: the URL is built, but its host is loopback on every path ----

// fider's ping: the scheme depends on configuration, the host does not.
func ping(tlsOn bool) int {
	client := &http.Client{}
	host := "localhost:" + port
	protocol := "http://"
	if tlsOn {
		protocol = "https://"
	}
	req, err := http.NewRequest("GET", protocol+host+"/_health", nil)
	if err != nil {
		return 1
	}
	resp, err := client.Do(req)
	if err != nil {
		return 1
	}
	_ = resp.Body.Close()
	return 0
}

func healthSprintf(p int) error {
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/healthz", p))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func healthClientGet(p int) error {
	c := &http.Client{}
	resp, err := c.Get("http://[::1]:" + strconv.Itoa(p) + "/healthz")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// ---- reported: the host is not determined, or not loopback ----

func pingHost(host string) int {
	client := &http.Client{} // want `this http\.Client has no Timeout`
	req, err := http.NewRequest("GET", "http://"+host+"/_health", nil)
	if err != nil {
		return 1
	}
	resp, err := client.Do(req)
	if err != nil {
		return 1
	}
	_ = resp.Body.Close()
	return 0
}

// "http://local" + suffix: the host goes on past the constant.
func partialHost(suffix string) error {
	resp, err := http.Get("http://localhost" + suffix + "/x") // want `http\.Get uses http\.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// One path names a remote host.
func eitherHost(remote bool) error {
	u := "http://localhost:8080/status"
	if remote {
		u = "https://status.example.com/"
	}
	resp, err := http.Get(u) // want `http\.Get uses http\.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// localhost.example.com is not loopback.
func lookalike() error {
	resp, err := http.Get(fmt.Sprintf("http://localhost.example.com:%d/", 80)) // want `http\.Get uses http\.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
