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
    char cmd[300];
    snprintf(cmd, sizeof cmd, "host -W 2 %s", name);
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        send_line(fd, "ERR\n");
        return;
    }
    while (fgets(line, sizeof line, p) != NULL)
        send_line(fd, line);
    pclose(p);
    send_line(fd, ".\n");
}
