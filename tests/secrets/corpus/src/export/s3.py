import boto3


def client():
    return boto3.client(
        "s3",
        aws_access_key_id="AKIABJTI2BSZ5O4KQEF5",
        aws_secret_access_key="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",
        region_name="eu-west-1",
    )
