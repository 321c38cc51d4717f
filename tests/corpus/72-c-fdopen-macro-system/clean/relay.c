/* relay.c - forwards sensor readings from a serial gateway to the
 * collector; the collector can push configuration lines back. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define COLLECTOR "collector.local"
#define LOG(...) fprintf(stderr, "relay: " __VA_ARGS__)
#define APPLY_HOOK(what) system(what)

struct config {
    int interval;
    char unit[16];
};

static int connect_collector(void)
{
    struct addrinfo hints = {0}, *res;
    int fd;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(COLLECTOR, "9020", &hints, &res) != 0)
        return -1;
    fd = socket(res->ai_family, res->ai_socktype, 0);
    if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

static void apply_line(struct config *cfg, const char *line)
{
    if (!strncmp(line, "interval ", 9))
        cfg->interval = atoi(line + 9);
    else if (!strncmp(line, "unit ", 5))
        snprintf(cfg->unit, sizeof cfg->unit, "%s", line + 5);
}

static void session(int sock, struct config *cfg)
{
    FILE *net = fdopen(sock, "r+");
    char line[256];
    char *nl;
    if (!net)
        return;
    while (fgets(line, sizeof line, net)) {
        if ((nl = strchr(line, '\n')))
            *nl = '\0';
        if (line[0] == '!') {
            APPLY_HOOK("/usr/lib/relay/reload-hook");
            continue;
        }
        apply_line(cfg, line);
        LOG("config: %s\n", line);
        fprintf(net, "ok\n");
        fflush(net);
    }
    fclose(net);
}

int main(void)
{
    struct config cfg = {30, "C"};
    for (;;) {
        int fd = connect_collector();
        if (fd < 0) {
            sleep(cfg.interval);
            continue;
        }
        session(fd, &cfg);
        sleep(cfg.interval);
    }
}
