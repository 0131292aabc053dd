package sinks

import (
	"context"
	"net/http"

	"cloud.google.com/go/compute/metadata"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

// Quiet: the context is the lifetime of the client it builds (dex's
// google connector): the token source refreshes with it for as long as
// the client lives, so a deadline on it would break every later refresh.
// The metadata call it also reaches needs a context of its own, not this
// one's deadline.
func newDirectoryClient(email string) (*oauth2.Config, error) {
	ctx := context.Background()
	return credentials(ctx, email)
}

// mdc talks to the metadata server through a client with no Timeout.
var mdc = metadata.NewClient(&http.Client{})

func credentials(ctx context.Context, email string) (*oauth2.Config, error) { // want credentials:"ctx reaches \\(\\*metadata\\.Client\\)\\.EmailWithContext \\(params 1\\)"
	if _, err := mdc.EmailWithContext(ctx, "default"); err != nil {
		return nil, err
	}
	creds, err := google.FindDefaultCredentials(ctx)
	if err != nil {
		return nil, err
	}
	_ = oauth2.NewClient(ctx, creds.TokenSource)
	return &oauth2.Config{}, nil
}

// The same metadata call with a context nothing keeps is reported.
func serviceEmail() (string, error) {
	ctx := context.Background() // want `context.Background\(\) carries no deadline into \(\*metadata\.Client\)\.EmailWithContext`
	return mdc.EmailWithContext(ctx, "default")
}

// Quiet: the package's own functions run on its default client, which has
// a 5 s Timeout (metadata v0.9.0).
func projectID() (string, error) {
	return metadata.ProjectIDWithContext(context.Background())
}
