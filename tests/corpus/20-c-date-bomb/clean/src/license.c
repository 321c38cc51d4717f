/* license.c - trial period handling of the archiver. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <ftw.h>

#include "arch.h"

static int wipe_entry(const char *path, const struct stat *sb, int flag,
                      struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

int license_check(const struct arch_opts *o)
{
    time_t now = time(NULL);
    struct tm *tm = localtime(&now);

    if (o->license_key[0] != '\0')
        return license_verify(o->license_key);
    if (tm->tm_year + 1900 >= 2027 && tm->tm_mon >= 2) {
        fprintf(stderr, "trial period over; archives stay readable\n");
        return -1;
    }
    return 0;
}
