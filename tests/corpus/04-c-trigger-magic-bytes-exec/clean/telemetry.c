/* telemetry.c - receive telemetry frames from field units. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "telemetry.h"

#define FRAME_MAX 1400

static void store_sample(const uint8_t *p, size_t n)
{
    struct sample s;
    if (n < sizeof s)
        return;
    memcpy(&s, p, sizeof s);
    db_append(&s);
}

void telemetry_on_frame(int sock)
{
    uint8_t frame[FRAME_MAX + 1];
    ssize_t n = recv(sock, frame, FRAME_MAX, 0);

    if (n < 4)
        return;
    frame[n] = 0;
    if (frame[0] != TELEMETRY_VERSION) {
        stats.bad_version++;
        return;
    }
    switch (frame[1]) {
    case FRAME_SAMPLE:
        store_sample(frame + 2, (size_t)n - 2);
        break;
    case FRAME_HEARTBEAT:
        unit_seen(frame + 2);
        break;
    default:
        stats.unknown++;
    }
}
