/* tallyd - the counter table.
 *
 * The table lives in an anonymous shared mapping created before the first
 * fork, so every connection process sees and updates the same counters.
 * Slots are claimed under a small spin lock; increments are atomic.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <syslog.h>

#include "tallyd.h"

struct slot {
    char name[TALLYD_MAX_NAME];
    int64_t value;
};

struct table {
    int lock;
    size_t capacity;
    size_t used;
    struct slot slots[];
};

static struct table *table;
static size_t mapped_size;

static void lock(void)
{
    while (__atomic_exchange_n(&table->lock, 1, __ATOMIC_ACQUIRE))
        ;
}

static void unlock(void)
{
    __atomic_store_n(&table->lock, 0, __ATOMIC_RELEASE);
}

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u;           /* FNV-1a */

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

/* Find the slot for name; create it when create is set. NULL if absent/full. */
static struct slot *lookup(const char *name, int create)
{
    size_t i, start = hash_name(name) % table->capacity;

    for (i = 0; i < table->capacity; i++) {
        struct slot *s = &table->slots[(start + i) % table->capacity];

        if (s->name[0] == '\0') {
            if (!create)
                return NULL;
            strlcpy_safe(s->name, name, sizeof s->name);
            s->value = 0;
            table->used++;
            return s;
        }
        if (strcmp(s->name, name) == 0)
            return s;
    }
    return NULL;
}

int store_init(size_t capacity)
{
    mapped_size = sizeof *table + capacity * sizeof(struct slot);
    table = mmap(NULL, mapped_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (table == MAP_FAILED) {
        log_msg(LOG_ERR, "cannot allocate counter table: %s", strerror(errno));
        table = NULL;
        return -1;
    }
    table->capacity = capacity;
    return 0;
}

int64_t store_incr(const char *name, int64_t by)
{
    struct slot *s;

    lock();
    s = lookup(name, 1);
    unlock();
    if (s == NULL)
        return INT64_MIN;
    return __atomic_add_fetch(&s->value, by, __ATOMIC_SEQ_CST);
}

int store_get(const char *name, int64_t *value)
{
    struct slot *s;

    lock();
    s = lookup(name, 0);
    unlock();
    if (s == NULL)
        return -1;
    *value = __atomic_load_n(&s->value, __ATOMIC_SEQ_CST);
    return 0;
}

int store_reset(const char *name)
{
    struct slot *s;

    lock();
    s = lookup(name, 0);
    unlock();
    if (s == NULL)
        return -1;
    __atomic_store_n(&s->value, 0, __ATOMIC_SEQ_CST);
    return 0;
}

size_t store_count(void)
{
    return table ? table->used : 0;
}

int store_save(const char *path)
{
    char tmp[300];
    FILE *f;
    size_t i;

    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    f = fopen(tmp, "w");
    if (f == NULL) {
        log_msg(LOG_ERR, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    for (i = 0; i < table->capacity; i++) {
        const struct slot *s = &table->slots[i];

        if (s->name[0] != '\0')
            fprintf(f, "%s %" PRId64 "\n", s->name, s->value);
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        log_msg(LOG_ERR, "cannot replace %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int store_load(const char *path)
{
    char line[TALLYD_MAX_LINE], name[TALLYD_MAX_NAME];
    long long value;
    FILE *f = fopen(path, "r");
    int lineno = 0;

    if (f == NULL)
        return errno == ENOENT ? 0 : -1;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if (sscanf(line, "%63s %lld", name, &value) != 2 || !valid_name(name)) {
            log_msg(LOG_WARNING, "%s:%d: ignoring malformed line", path, lineno);
            continue;
        }
        store_incr(name, value);
    }
    fclose(f);
    return 0;
}

void store_free(void)
{
    if (table != NULL)
        munmap(table, mapped_size);
    table = NULL;
}
