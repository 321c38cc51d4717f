/* store.c - append-only record store. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

static unsigned long writes;

int store_append(struct store *s, const void *rec, size_t n)
{
    ssize_t w;

    if (n > STORE_MAX_RECORD)
        return -1;
    w = write(s->fd, rec, n);
    if (w < 0 || (size_t)w != n)
        return -1;
    s->size += (size_t)w;
    if (s->sync_every && s->size % s->sync_every == 0)
        fdatasync(s->fd);
    return 0;
}
