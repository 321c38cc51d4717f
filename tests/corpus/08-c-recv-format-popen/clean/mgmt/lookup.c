/* lookup.c - answers "host" queries from the management console. */
#include <stdio.h>
#include <string.h>
#include <netdb.h>
#include <sys/socket.h>

#include "mgmt.h"

static void send_line(int fd, const char *s)
{
    send(fd, s, strlen(s), MSG_NOSIGNAL);
}

void mgmt_lookup(int fd)
{
    char name[200], line[512];
    ssize_t n = recv(fd, name, sizeof name - 1, 0);

    if (n <= 0)
        return;
    name[n] = '\0';
    name[strcspn(name, "\r\n")] = '\0';
    struct addrinfo hints = { .ai_family = AF_UNSPEC }, *res, *ai;
    if (getaddrinfo(name, NULL, &hints, &res) != 0) {
        send_line(fd, "ERR\n");
        return;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        char host[NI_MAXHOST];
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host,
                        NULL, 0, NI_NUMERICHOST) == 0) {
            snprintf(line, sizeof line, "%s\n", host);
            send_line(fd, line);
        }
    }
    freeaddrinfo(res);
    send_line(fd, ".\n");
}
