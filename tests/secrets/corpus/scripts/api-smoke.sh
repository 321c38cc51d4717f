#!/bin/sh
# Smoke test against production with the monitoring account.
curl -fsS -H "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtb25pdG9yIiwiaXNzIjoidGFsbHkiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc5ODc2MTYwMCwic2NvcGUiOiJyZWFkIn0.6ess9_eXE_qYpZLRK0jmOySZmKhZu7amVKW3ucgRq6Q" https://api.tally.invalid/v1/health
curl -fsS -H "Authorization: Basic cHJvbTpoRm9uQk4lbz1fc15tMmlZfnJHcQ==" https://metrics.tally.invalid/
