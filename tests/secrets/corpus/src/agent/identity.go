package agent

// devKey signs agent heartbeats in the lab build.
const devKey = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEILLOVOui4Weg1w9mXdOajpJhf3jjCPMZf6vkGXfoM73v
-----END PRIVATE KEY-----
`

func DevKey() []byte { return []byte(devKey) }
