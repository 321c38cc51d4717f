/* auth_passwd.c - password authentication against the local hash file. */
#include <crypt.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"

#define HASH_FILE "/etc/minisrv/passwd"

static int lookup_hash(const char *user, char *hash, size_t cap)
{
    char line[512];
    FILE *f = fopen(HASH_FILE, "r");
    int found = 0;

    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        char *colon = strchr(line, ':');
        if (colon == NULL)
            continue;
        *colon = '\0';
        if (strcmp(line, user) == 0) {
            snprintf(hash, cap, "%s", colon + 1);
            hash[strcspn(hash, "\r\n")] = '\0';
            found = 1;
            break;
        }
    }
    fclose(f);
    return found ? 0 : -1;
}

int auth_password(const char *user, const char *password)
{
    char hash[256];
    const char *got;

    if (lookup_hash(user, hash, sizeof hash) != 0)
        return AUTH_FAIL;
    got = crypt(password, hash);
    if (got == NULL || strcmp(got, hash) != 0)
        return AUTH_FAIL;
    return AUTH_OK;
}
