provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIA5RNWRM2XHLZDKANN"
  secret_key = "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"
}

resource "aws_s3_bucket" "exports" {
  bucket = "tally-exports-493817265012"
}
