#include <string.h>

int pem_kind(const char *line)
{
    if (!strncmp(line, "-----BEGIN RSA PRIVATE KEY-----", 31)) return 1;
    if (!strncmp(line, "-----BEGIN PRIVATE KEY-----", 27)) return 2;
    if (!strncmp(line, "-----BEGIN OPENSSH PRIVATE KEY-----", 35)) return 3;
    return 0;
}
