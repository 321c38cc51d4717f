package export

import "github.com/aws/aws-sdk-go-v2/credentials"

var provider = credentials.NewStaticCredentialsProvider(
	"AKIAVZ5QOSRWUZRECKJT",
	"cLqVKFMi/09n9nV21PgdMqJPS1l8VXOU1T+JUhCn",
	"",
)
