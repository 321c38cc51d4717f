#!/bin/sh
# Deploy token with read_registry only.
echo "gldt-CrzPy6B4KMVFqph2jieS" | docker login registry.gitlab.com -u tally-deploy --password-stdin
export GITLAB_TOKEN=glpat-NQd9PIRBrVXsL2gVrRfJ
curl -X POST -F token=glptt-e1eb4f34ea6d705d1780b9c83dba8daaacb3ba4f -F ref=main https://gitlab.com/api/v4/projects/4821/trigger/pipeline
