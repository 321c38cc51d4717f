/* cache.c - compiled Vectorscan databases kept on disk between runs.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Compiling the rule pack's few hundred expressions into one Vectorscan
 * database takes most of a second, longer than scanning a mid-sized
 * project. The database only depends on the expressions, their flags and
 * the Vectorscan version, so it is serialised (hs_serialize_database) into
 * a cache directory under a key that hashes exactly those, and the next run
 * with the same rules deserialises it in milliseconds. YARA's compiled rule
 * files serve the same purpose.
 *
 * The cache is an optimisation, never a source of truth: any problem
 * (missing directory, a file not owned by us or writable by others, a bad
 * magic, a checksum mismatch, a database Vectorscan refuses) is a miss and
 * the rules are compiled as usual. Files are written to a temporary name
 * and renamed, so a reader never sees half a file; the directory keeps at
 * most CACHE_KEEP databases, the least recently used ones are removed (a
 * hit touches its file). One rule set makes one database per class of file
 * and per --only selection, and several builds or rule sets may share the
 * directory: a few dozen is what stops them evicting each other.
 *
 * File layout: "ASSAYHS1", sha256 (64 hex) of everything after it, the
 * number of dropped expressions (u32) and their positions (u32 each, see
 * build_db), then the serialised database. */
#include "assay_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "ASSAYHS1"
#define MAGIC_LEN 8
#define HEAD_LEN (MAGIC_LEN + 64)
#define CACHE_MAX_BYTES (512u << 20)
#define CACHE_KEEP 64

static int cache_path(char *buf, size_t len, const char *dir, const char *key,
                      const char *suffix)
{
    int n = snprintf(buf, len, "%s/%s%s", dir, key, suffix);
    return n > 0 && (size_t)n < len ? 0 : -1;
}

static int read_all(int fd, char *p, size_t n)
{
    while (n) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int assay__cache_load(const char *dir, const char *key, hs_database_t **db,
                      uint32_t **drops, size_t *ndrops)
{
    char path[4096], hex[65];
    struct stat st;
    char *data = NULL;
    uint32_t nd;
    size_t off;
    int fd, ok = -1;

    *db = NULL;
    *drops = NULL;
    *ndrops = 0;
    if (!dir || !*dir || cache_path(path, sizeof(path), dir, key, ".hsdb"))
        return -1;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
        (st.st_mode & 022) || st.st_size < HEAD_LEN + 4 ||
        (uint64_t)st.st_size > CACHE_MAX_BYTES)
        goto out;
    if (!(data = assay__malloc((size_t)st.st_size)) ||
        read_all(fd, data, (size_t)st.st_size))
        goto out;
    if (memcmp(data, MAGIC, MAGIC_LEN))
        goto out;
    assay_sha256_hex(data + HEAD_LEN, (size_t)st.st_size - HEAD_LEN, hex);
    if (memcmp(hex, data + MAGIC_LEN, 64))
        goto out;
    off = HEAD_LEN;
    memcpy(&nd, data + off, 4);
    off += 4;
    if (nd > 1u << 20 || (size_t)st.st_size - off < (size_t)nd * 4)
        goto out;
    if (nd) {
        if (!(*drops = assay__malloc(nd * sizeof(uint32_t))))
            goto out;
        memcpy(*drops, data + off, (size_t)nd * 4);
    }
    off += (size_t)nd * 4;
    if (hs_deserialize_database(data + off, (size_t)st.st_size - off, db) !=
        HS_SUCCESS) {
        *db = NULL;
        goto out;
    }
    *ndrops = nd;
    ok = 0;
    futimens(fd, NULL); /* recently used: kept longest (best effort) */
out:
    if (ok) {
        assay__free(*drops);
        *drops = NULL;
    }
    assay__free(data);
    close(fd);
    return ok;
}

/* Keep the directory small: remove the oldest databases beyond CACHE_KEEP. */
static void prune(const char *dir)
{
    struct ent {
        time_t mtime;
        char name[256];
    } ents[64];
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) && n < sizeof(ents) / sizeof(ents[0])) {
        size_t len = strlen(e->d_name);
        struct stat st;
        char path[4096];
        if (len < 6 || len >= sizeof(ents[0].name) ||
            strcmp(e->d_name + len - 5, ".hsdb"))
            continue;
        if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
                (int)sizeof(path) ||
            lstat(path, &st) || !S_ISREG(st.st_mode))
            continue;
        ents[n].mtime = st.st_mtime;
        memcpy(ents[n].name, e->d_name, len + 1);
        n++;
    }
    closedir(d);
    while (n > CACHE_KEEP) {
        size_t old = 0;
        char path[4096];
        for (size_t i = 1; i < n; i++)
            if (ents[i].mtime < ents[old].mtime)
                old = i;
        if (snprintf(path, sizeof(path), "%s/%s", dir, ents[old].name) <
            (int)sizeof(path))
            unlink(path);
        ents[old] = ents[--n];
    }
}

void assay__cache_store(const char *dir, const char *key,
                        const hs_database_t *db, const uint32_t *drops,
                        size_t ndrops)
{
    char path[4096], tmp[4096], suffix[64], hex[65];
    char *bytes = NULL, *file = NULL;
    size_t blen = 0, flen;
    uint32_t nd = (uint32_t)ndrops;
    int fd;

    if (!dir || !*dir || !db)
        return;
    snprintf(suffix, sizeof(suffix), ".%ld.%lx.tmp", (long)getpid(),
             (unsigned long)(uintptr_t)&suffix);
    if (cache_path(path, sizeof(path), dir, key, ".hsdb") ||
        cache_path(tmp, sizeof(tmp), dir, key, suffix))
        return;
    if (hs_serialize_database(db, &bytes, &blen) != HS_SUCCESS)
        return;
    flen = HEAD_LEN + 4 + ndrops * 4 + blen;
    if (flen > CACHE_MAX_BYTES || !(file = assay__malloc(flen)))
        goto out;
    memcpy(file, MAGIC, MAGIC_LEN);
    memcpy(file + HEAD_LEN, &nd, 4);
    if (ndrops)
        memcpy(file + HEAD_LEN + 4, drops, ndrops * 4);
    memcpy(file + HEAD_LEN + 4 + ndrops * 4, bytes, blen);
    assay_sha256_hex(file + HEAD_LEN, flen - HEAD_LEN, hex);
    memcpy(file + MAGIC_LEN, hex, 64);
    mkdir(dir, 0700); /* the last component only; the caller made parents */
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        goto out;
    {
        int bad = write_all(fd, file, flen);
        bad |= close(fd);
        if (bad || rename(tmp, path))
            unlink(tmp);
        else
            prune(dir);
    }
out:
    free(bytes); /* allocated by Vectorscan's allocator: malloc */
    assay__free(file);
}
