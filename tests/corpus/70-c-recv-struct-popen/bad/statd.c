/* statd.c - tiny status daemon: answers "uptime", "load" and "disk"
 * queries from the monitoring host on a UNIX-domain or TCP socket. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define STATD_PORT 7411
#define MAX_REQ 512

struct request {
    char verb[16];
    char arg[240];
};

static int reply(int fd, const char *text)
{
    size_t len = strlen(text);
    return send(fd, text, len, 0) == (ssize_t)len ? 0 : -1;
}

static void pump(FILE *p, int fd)
{
    char line[256];
    while (fgets(line, sizeof line, p))
        reply(fd, line);
}

static void handle_client(int client)
{
    struct request req;
    char cmd[300];
    FILE *p;
    ssize_t n;

    memset(&req, 0, sizeof req);
    n = recv(client, &req, sizeof req - 1, 0);
    if (n <= 0)
        return;
    if (!strcmp(req.verb, "uptime")) {
        p = popen("uptime", "r");
    } else if (!strcmp(req.verb, "load")) {
        p = popen("cat /proc/loadavg", "r");
    } else if (!strcmp(req.verb, "disk")) {
        snprintf(cmd, sizeof cmd, "df -h %s", req.arg);
        p = popen(cmd, "r");
    } else {
        reply(client, "ERR unknown verb\n");
        return;
    }
    if (!p) {
        reply(client, "ERR busy\n");
        return;
    }
    pump(p, client);
    pclose(p);
}

int main(void)
{
    struct sockaddr_in sa;
    int one = 1, srv = socket(AF_INET, SOCK_STREAM, 0);
    if (srv < 0)
        return 1;
    setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(STATD_PORT);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(srv, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(srv, 8) < 0)
        return 1;
    for (;;) {
        int c = accept(srv, NULL, NULL);
        if (c < 0)
            continue;
        handle_client(c);
        close(c);
    }
}
