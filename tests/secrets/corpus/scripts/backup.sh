#!/bin/sh
# Nightly dump to S3 with the temporary credentials of the backup role.
set -eu
export AWS_ACCESS_KEY_ID=ASIAROHJW7IHNESI53WN
export AWS_SECRET_ACCESS_KEY=mmom8ieJKv4pKqRRnZb/bcRrKZScK8yKe3sv0CEU
export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEGBsGnotQdsRLhYqxKXeQnFapTmm2QD7YPI0Ph0JZa1ohRXxOi9ydtqfrcfBbyHIQSOH6pnLpVaZZ/X8+QC/Be/tpYgyHuxPRiCm0byKB/qOyde6Wg5pCYHn9v8MJjCsIXUNQ98G3wrcahAFYJt1oxKXkyKtbrhhBAimY0sLkR7i+2yBlucYtUMyDa1FOrgcdUAQJNO14lyaTr0Q9U8A20lQc1v1p63UDbi3Af18zsAfG6z/+Q6RiOdC0EzYoP29EDcMP6sNFlCyygIJispXP3mgg9ew+NPfH6Xgrf+ekQHzL==
pg_dump tally | gzip | aws s3 cp - "s3://tally-exports-493817265012/$(date +%F).sql.gz"
