// Package awstimed builds its AWS clients on an HTTP client with a
// Timeout (harbor's ECR adapter): every request they send is bounded, so
// context.TODO() reaching them is quiet.
package awstimed

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func newClient(region string) (*s3.Client, error) {
	hc := &http.Client{Timeout: 30 * time.Second}
	cfg, err := config.LoadDefaultConfig(context.TODO(), config.WithRegion(region), config.WithHTTPClient(hc))
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg), nil
}

func exists(c *s3.Client, bucket, key string) error {
	_, err := c.HeadObject(context.TODO(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	return err
}
