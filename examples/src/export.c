/* tallyd - optional export of counter snapshots to the statistics database.
 *
 * Built only with `make WITH_PGSQL=1`; otherwise export_snapshot() is a no-op.
 */
#include <stdio.h>
#include <syslog.h>

#include "tallyd.h"

#ifdef WITH_PGSQL
#include <libpq-fe.h>

#define STATS_DSN "postgresql://tally_export:Wn4v8qTz2LrX6cHe@10.20.0.15:5432/tallystats"

int export_snapshot(const char *label)
{
    const char *params[2];
    char count[32];
    PGresult *res;
    PGconn *conn = PQconnectdb(STATS_DSN);
    int rc = 0;

    if (PQstatus(conn) != CONNECTION_OK) {
        log_msg(LOG_WARNING, "export: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return -1;
    }
    snprintf(count, sizeof count, "%zu", store_count());
    params[0] = label;
    params[1] = count;
    res = PQexecParams(conn,
                       "INSERT INTO snapshots (label, counters, taken_at) VALUES ($1, $2, now())",
                       2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        log_msg(LOG_WARNING, "export: %s", PQresultErrorMessage(res));
        rc = -1;
    }
    PQclear(res);
    PQfinish(conn);
    return rc;
}

#else

int export_snapshot(const char *label)
{
    (void)label;
    return 0;
}

#endif
