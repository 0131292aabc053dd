package calls

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func awsCalls(ctx context.Context, c *s3.Client, p *s3.PresignClient, w *s3.ObjectNotExistsWaiter) {
	config.LoadDefaultConfig(ctx)                            // want `cloud SDK config\.LoadDefaultConfig ctx=0 local$`
	p.PresignGetObject(ctx, &s3.GetObjectInput{})            // want `cloud SDK \(\*s3\.PresignClient\)\.PresignGetObject ctx=0 local$`
	p.PresignPutObject(ctx, &s3.PutObjectInput{})            // want `cloud SDK \(\*s3\.PresignClient\)\.PresignPutObject ctx=0 local$`
	w.Wait(ctx, &s3.HeadObjectInput{}, time.Minute)          // want `cloud SDK \(\*s3\.ObjectNotExistsWaiter\)\.Wait ctx=0 bounded$`
	w.WaitForOutput(ctx, &s3.HeadObjectInput{}, time.Minute) // want `cloud SDK \(\*s3\.ObjectNotExistsWaiter\)\.WaitForOutput ctx=0 bounded$`
	c.GetObject(ctx, &s3.GetObjectInput{})                   // want `cloud SDK \(\*s3\.Client\)\.GetObject ctx=0$`
}
