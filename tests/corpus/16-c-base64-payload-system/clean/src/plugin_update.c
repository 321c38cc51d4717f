/* plugin_update.c - periodic self-check of the plugin host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins.h"
#include "b64.h"


int plugins_selfcheck(struct host *h)
{
    size_t bad = 0;

    for (size_t i = 0; i < h->nplugins; i++) {
        struct plugin *p = &h->plugins[i];
        if (p->api_version != HOST_API_VERSION) {
            fprintf(stderr, "plugin %s: API %d, host %d\n", p->name,
                    p->api_version, HOST_API_VERSION);
            p->enabled = 0;
            bad++;
        }
    }
    return bad ? -1 : 0;
}
