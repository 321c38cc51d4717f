/* config.c - configuration defaults and validation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"


void conf_defaults(struct conf *c)
{
    c->port = 8080;
    c->workers = 4;
    c->timeout = 30;
    snprintf(c->root, sizeof c->root, "%s", "/srv/www");
}

int conf_validate(struct conf *c)
{
    if (c->port <= 0 || c->port > 65535)
        return -1;
    if (c->workers < 1 || c->workers > 256)
        return -1;
    return c->timeout > 0 ? 0 : -1;
}
