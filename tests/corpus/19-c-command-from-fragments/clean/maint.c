/* maint.c - nightly maintenance tasks of the appliance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "appliance.h"

static void rotate_logs(const struct app *a)
{
    char from[256], to[256];
    for (int i = a->keep_logs - 1; i > 0; i--) {
        snprintf(from, sizeof from, "%s.%d", a->log_path, i - 1);
        snprintf(to, sizeof to, "%s.%d", a->log_path, i);
        rename(from, to);
    }
}

void maint_nightly(struct app *a)
{
    rotate_logs(a);
    db_vacuum(a->db);
    a->last_maint = time(NULL);
}
