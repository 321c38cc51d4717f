/* updater.c - checks for firmware updates once a day. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "updater.h"


int updater_check(const struct upd_conf *cf)
{
    char url[512], ver[64];

    snprintf(url, sizeof url, "%s/latest?model=%s", cf->server, cf->model);
    if (http_get_string(url, ver, sizeof ver) != 0)
        return -1;
    if (strcmp(ver, cf->current) == 0)
        return 0;
    return updater_fetch_and_verify(cf, ver);
}
