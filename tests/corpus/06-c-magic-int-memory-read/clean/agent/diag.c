/* diag.c - diagnostic requests of the device management agent. */
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#include "agent.h"

struct diag_req {
    uint32_t magic;
    uint32_t kind;
    uint64_t addr;
    uint32_t len;
};

static int diag_counters(struct agent *a, uint8_t *out, size_t cap)
{
    size_t n = sizeof a->counters < cap ? sizeof a->counters : cap;
    memcpy(out, &a->counters, n);
    return (int)n;
}

int diag_handle(struct agent *a, const struct diag_req *r, uint8_t *out,
                size_t cap)
{
    uint32_t len = ntohl(r->len);

    if (len > cap)
        len = (uint32_t)cap;
    switch (ntohl(r->kind)) {
    case DIAG_COUNTERS:
        return diag_counters(a, out, len);
    case DIAG_VERSION:
        return (int)strlen(strncpy((char *)out, AGENT_VERSION, len));
    default:
        return -1;
    }
}
