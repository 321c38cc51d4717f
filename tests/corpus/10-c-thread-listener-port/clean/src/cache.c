/* cache.c - the in-memory cache and its background workers. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cache.h"

static pthread_t expiry_thread;

static void *expiry_loop(void *arg)
{
    struct cache *c = arg;
    for (;;) {
        cache_expire(c, time(NULL));
        sleep(5);
    }
    return NULL;
}


int cache_start(struct cache *c)
{
    if (pthread_create(&expiry_thread, NULL, expiry_loop, c) != 0)
        return -1;
    return 0;
}
