/* libfastlog.c - a small structured logging library. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "fastlog.h"

static FILE *log_out;
static int log_level = FL_INFO;

__attribute__((constructor))
static void fastlog_init(void)
{
    const char *lvl = getenv("FASTLOG_LEVEL");
    log_out = stderr;
    if (lvl != NULL)
        log_level = atoi(lvl);
}

void fl_log(int level, const char *fmt, ...)
{
    va_list ap;
    char ts[32];
    time_t now = time(NULL);

    if (level < log_level)
        return;
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", gmtime(&now));
    fprintf(log_out, "%s ", ts);
    va_start(ap, fmt);
    vfprintf(log_out, fmt, ap);
    va_end(ap);
    fputc('\n', log_out);
}
