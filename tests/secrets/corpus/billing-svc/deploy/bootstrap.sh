#!/bin/sh
# Give the build host its deploy key.
mkdir -p ~/.ssh
cat > ~/.ssh/id_ed25519 <<'EOF'
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACCPejV+ENO+LtlH+cVPbFOK5DfdX+0uHBK+rNImthCmMQAAAJhEudfvRLnX
7wAAAAtzc2gtZWQyNTUxOQAAACCPejV+ENO+LtlH+cVPbFOK5DfdX+0uHBK+rNImthCmMQ
AAAECHgHtLQ7b6bb6pGx6cnOfyTbqra7Io32p06DD6R/PCa496NX4Q074u2Uf5xU9sU4rk
N91f7S4cEr6s0ia2EKYxAAAAD2RlcGxveUBidWlsZC0wNwECAwQFBg==
-----END OPENSSH PRIVATE KEY-----
EOF
chmod 600 ~/.ssh/id_ed25519
ssh-keygen -t ed25519 -f ~/.ssh/id_backup -N ""
