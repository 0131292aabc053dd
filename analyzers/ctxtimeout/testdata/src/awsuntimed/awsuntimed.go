// Package awsuntimed hands its AWS config an http.Client with no Timeout:
// the SDK's requests are as unbounded as before, so context.TODO()
// reaching them is reported.
package awsuntimed

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func newClient(region string) (*s3.Client, error) {
	cfg, err := config.LoadDefaultConfig(context.TODO(), config.WithRegion(region), config.WithHTTPClient(&http.Client{}))
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg), nil
}

func exists(c *s3.Client, bucket, key string) error {
	_, err := c.HeadObject(context.TODO(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}) // want `context\.TODO\(\) carries no deadline into \(\*s3\.Client\)\.HeadObject`
	return err
}
