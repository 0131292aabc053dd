// Package awscalls: AWS SDK v2 calls that stay in the process or carry
// their own bound are quiet; the service calls are not.
package awscalls

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func newClient(region string) (*s3.Client, error) {
	cfg, err := config.LoadDefaultConfig(context.TODO(), config.WithRegion(region))
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg), nil
}

func downloadURL(c *s3.Client, bucket, key string) (string, error) {
	req, err := s3.NewPresignClient(c).PresignGetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return "", err
	}
	return req.URL, nil
}

func uploadURL(p *s3.PresignClient, bucket, key string) (string, error) {
	req, err := p.PresignPutObject(context.TODO(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return "", err
	}
	return req.URL, nil
}

func waitDeleted(c *s3.Client, bucket, key string) error {
	w := s3.NewObjectNotExistsWaiter(c)
	return w.Wait(context.TODO(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}, 30*time.Second)
}

// ---- reported: a service call ----

func head(c *s3.Client, bucket, key string) error {
	_, err := c.HeadObject(context.TODO(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}) // want `context\.TODO\(\) carries no deadline into \(\*s3\.Client\)\.HeadObject`
	return err
}
