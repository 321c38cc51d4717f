"""Redact credentials from log lines before they are stored."""
import re

AWS_KEY_RE = re.compile(r"\b(AKIA|ASIA)[A-Z2-7]{16}\b")
GITHUB_RE = re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b")
PEM_RE = re.compile(r"-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----")
SLACK_RE = re.compile(r"xox[baprs]-[0-9A-Za-z-]{10,72}")


def redact(line):
    for rx in (AWS_KEY_RE, GITHUB_RE, PEM_RE, SLACK_RE):
        line = rx.sub("[redacted]", line)
    return line
