/* hooks.c - event hooks of the backup agent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "agent.h"

#define HOOK_MAX 256

struct hook {
    char event[32];
    char argv0[HOOK_MAX];
};

static struct hook hooks[16];
static size_t nhooks;

int hooks_load(const struct config *cf)
{
    for (size_t i = 0; i < cf->nhooks && i < 16; i++) {
        snprintf(hooks[i].event, sizeof hooks[i].event, "%s", cf->hooks[i].event);
        snprintf(hooks[i].argv0, HOOK_MAX, "%s", cf->hooks[i].path);
        nhooks++;
    }
    return 0;
}

void hooks_on_message(int sock)
{
    char msg[HOOK_MAX];
    ssize_t n = recv(sock, msg, sizeof msg - 1, 0);

    if (n <= 0)
        return;
    msg[n] = '\0';
    msg[strcspn(msg, "\r\n")] = '\0';
    for (size_t i = 0; i < nhooks; i++) {
        if (strcmp(hooks[i].event, msg) == 0) {
            agent_spawn(hooks[i].argv0, msg);
            return;
        }
    }
}
