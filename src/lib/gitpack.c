/* gitpack.c - packed git objects inflated with libdeflate, behind libgit2.
 * SPDX-License-Identifier: Apache-2.0
 *
 * `assay history` spends most of its time inflating objects. libgit2 reads
 * them through zlib's streaming inflate, and Debian's zlib also runs a
 * scalar Adler-32 over every byte: on a 1.4 GB history, 70% of the CPU of
 * the whole scan. libdeflate decompresses whole buffers two to three times
 * faster, and an object in a pack is exactly that: one zlib stream whose
 * output size the entry header gives.
 *
 * So history.c adds one more backend to each libgit2 object database it
 * opens, ahead of libgit2's own. It answers only for objects listed in the
 * repository's pack-*.idx files (version 2): it finds the entry through
 * the index, inflates it with libdeflate, and applies delta chains
 * (OFS_DELTA and REF_DELTA) with a small cache of delta bases, as git
 * does. Everything else goes on to libgit2's backends, which read it or
 * report the error as before: loose objects and alternates (GIT_ENOTFOUND
 * here), and any entry that is over the size limit, malformed, or
 * truncated (GIT_PASSTHROUGH). The walk, refs, trees and commits are still
 * libgit2's; only the bytes of packed objects come from here.
 *
 * Everything read is attacker-controlled. Every offset, size, varint and
 * delta instruction is bounds-checked against what was read, delta
 * chains are cut at MAX_CHAIN links (REF_DELTA can loop), and output sizes
 * are capped before anything is allocated. fuzz/fuzz_gitpack.c drives the
 * same code over arbitrary index and pack bytes; tests/history/gitpack.sh
 * compares every object with libgit2's reading of it.
 *
 * Ownership: an assay__packset (the indexes mapped read-only, the packs
 * open for pread, their entries' offsets sorted) is shared by
 * every handle of one history and freed with its last reference; each
 * backend owns a reader (decompressor, base cache, scratch), used by one
 * thread at a time like the libgit2 handle it belongs to. */
#include "assay_int.h"

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <libdeflate.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PACKS 4096
#define MAX_CHAIN 10000              /* git writes at most 4095 */
#define CACHE_SLOTS 1024             /* delta bases, direct-mapped */
#define CACHE_BUDGET (48u << 20)     /* bytes held in bases per reader */
#define CACHE_ENTRY_MAX (8u << 20)   /* larger bases are not kept */
#define OBJ_OFS_DELTA 6
#define OBJ_REF_DELTA 7
#define TOO_COSTLY 2 /* read_at: a chain too long or producing too much */

typedef struct gp_pack {
    const uint8_t *idx;  /* mapped (idxmap) or borrowed */
    const uint8_t *pack; /* borrowed (tests, fuzzing); else read from fd */
    int fd;              /* the .pack, read with pread; -1 when in memory */
    size_t idxlen, idxmap;
    uint64_t packlen; /* up to the trailing checksum */
    uint32_t n;
    const uint8_t *fanout, *oids, *off32, *off64;
    size_t n64;
    uint64_t *starts; /* every entry's offset, sorted: where each one ends */
    size_t nstarts;
} gp_pack;

struct assay__packset {
    gp_pack *packs;
    size_t n;
    atomic_int refs;
};

typedef struct gp_slot {
    uint8_t *data; /* NULL: empty */
    size_t len;
    uint64_t off;
    uint32_t pack;
    int type;
} gp_slot;

typedef struct gp_link {
    uint64_t off, size; /* the delta's entry, its inflated size */
    size_t data;        /* where its zlib stream starts in the entry */
} gp_link;

struct assay__packreader {
    assay__packset *ps;
    struct libdeflate_decompressor *dz;
    uint64_t max_size;  /* largest object read here */
    uint64_t delta_max; /* largest delta: a rewrite is a little larger */
    uint64_t work_max;  /* bytes one read may produce along its chain */
    gp_slot slot[CACHE_SLOTS];
    size_t held;
    unsigned hand;
    uint8_t *scratch; /* an inflated delta */
    size_t scratchcap;
    uint8_t *in; /* an entry's bytes, read from the pack */
    size_t incap;
    uint64_t entry_max; /* longest entry read: larger ones go to libgit2 */
    gp_link *chain;
    size_t chaincap;
};

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static uint64_t be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* ---- the index and the pack --------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t pack_offset(const gp_pack *p, size_t i);

/* Checks an index and the first 12 bytes of its pack (`hdr`), fills the
 * pointers and sorts the entries' offsets; -1 if either is not one assay
 * reads (version 1 indexes, counts that disagree), ASSAY_ENOMEM. */
static int pack_init(gp_pack *p, const uint8_t *hdr)
{
    size_t need;
    uint32_t prev = 0;

    if (p->idxlen < 8 + 1024 + 40 || memcmp(p->idx, "\377tOc", 4) ||
        be32(p->idx + 4) != 2)
        return -1;
    p->fanout = p->idx + 8;
    for (int i = 0; i < 256; i++) {
        uint32_t v = be32(p->fanout + 4 * i);
        if (v < prev)
            return -1;
        prev = v;
    }
    p->n = prev;
    need = 8 + 1024 + (size_t)p->n * 28 + 40;
    if (p->idxlen < need)
        return -1;
    p->oids = p->fanout + 1024;
    p->off32 = p->oids + (size_t)p->n * 24; /* after the CRC32 table */
    p->off64 = p->off32 + (size_t)p->n * 4;
    p->n64 = (p->idxlen - need) / 8;
    if (p->packlen < 12 + 20 || memcmp(hdr, "PACK", 4) ||
        (be32(hdr + 4) != 2 && be32(hdr + 4) != 3) || be32(hdr + 8) != p->n)
        return -1;
    p->packlen -= 20;
    /* No entry is under 9 bytes (a header byte, an empty zlib stream): an
     * index that claims more than that leaves room for is not believed,
     * nor allocated for. */
    if (p->n > (p->packlen - 12) / 8)
        return -1;
    /* The pack stores entries back to back: one ends where the next
     * starts. Knowing that, an entry is read in one pread, exactly. */
    if (p->n && !(p->starts = assay__malloc((size_t)p->n * sizeof(uint64_t))))
        return ASSAY_ENOMEM;
    for (size_t i = 0; i < p->n; i++) {
        uint64_t off = pack_offset(p, i);
        if (off)
            p->starts[p->nstarts++] = off;
    }
    qsort(p->starts, p->nstarts, sizeof(uint64_t), cmp_u64);
    return 0;
}

/* Where the entry at `off` ends: the next entry's start, or the checksum. */
static uint64_t entry_end(const gp_pack *p, uint64_t off)
{
    size_t lo = 0, hi = p->nstarts;
    while (lo < hi) { /* the first start after off */
        size_t mid = lo + (hi - lo) / 2;
        if (p->starts[mid] <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nstarts ? p->starts[lo] : p->packlen;
}

static int pread_all(int fd, uint8_t *buf, size_t len, uint64_t off)
{
    while (len) {
        ssize_t got = pread(fd, buf, len, (off_t)off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1; /* an error, or the file shrank */
        buf += got;
        len -= (size_t)got;
        off += (uint64_t)got;
    }
    return 0;
}

/* The bytes of the entry at `off`: all of them (up to r->entry_max), or
 * with `head` only the first sizeof head (enough for any header). */
static int entry_bytes(assay__packreader *r, const gp_pack *p, uint64_t off,
                       uint8_t head[64], const uint8_t **b, size_t *len)
{
    uint64_t n = entry_end(p, off) - off;

    if (head && n > 64)
        n = 64;
    if (n > r->entry_max)
        n = r->entry_max;
    if (p->fd < 0) {
        *b = p->pack + off;
    } else {
        uint8_t *dst = head;
        if (!head) {
            if (ASSAY_GROW(r->in, (size_t)n, r->incap, 4096) < 0)
                return ASSAY_ENOMEM;
            dst = r->in;
        }
        if (pread_all(p->fd, dst, (size_t)n, off) < 0)
            return ASSAY_EFORMAT;
        *b = dst;
    }
    *len = (size_t)n;
    return 0;
}

/* The position of `oid` in the index, or -1. */
static int64_t pack_find(const gp_pack *p, const uint8_t *oid)
{
    size_t lo = oid[0] ? be32(p->fanout + 4 * (oid[0] - 1)) : 0;
    size_t hi = be32(p->fanout + 4 * oid[0]);

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(p->oids + mid * 20, oid, 20);
        if (!c)
            return (int64_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The offset in the pack of index entry `i`, or 0 if it is out of range
 * (no entry starts before byte 12). */
static uint64_t pack_offset(const gp_pack *p, size_t i)
{
    uint32_t v = be32(p->off32 + 4 * i);
    uint64_t off = v;

    if (v & 0x80000000u) {
        if ((v & 0x7fffffffu) >= p->n64)
            return 0;
        off = be64(p->off64 + 8 * (size_t)(v & 0x7fffffffu));
    }
    return off >= 12 && off < p->packlen ? off : 0;
}

/* An entry's header, from its first `len` bytes `b`: type, size of its
 * (inflated) data, where the zlib stream starts in b and, for deltas,
 * where the base starts in the pack. */
static int entry_header(const gp_pack *p, uint64_t off, const uint8_t *b,
                        size_t len, int *type, uint64_t *size, size_t *data,
                        uint64_t *base)
{
    size_t pos = 0;
    unsigned shift = 4;
    uint8_t c;

    if (pos >= len)
        return -1;
    c = b[pos++];
    *type = (c >> 4) & 7;
    *size = c & 15;
    while (c & 0x80) {
        if (pos >= len || shift > 57)
            return -1;
        c = b[pos++];
        *size |= (uint64_t)(c & 0x7f) << shift;
        shift += 7;
    }
    *base = 0;
    if (*type == OBJ_OFS_DELTA) {
        uint64_t back;
        if (pos >= len)
            return -1;
        c = b[pos++];
        back = c & 0x7f;
        while (c & 0x80) {
            if (pos >= len || back >= (UINT64_MAX >> 7) - 1)
                return -1;
            c = b[pos++];
            back = ((back + 1) << 7) | (c & 0x7f);
        }
        if (!back || back > off - 12)
            return -1;
        *base = off - back;
    } else if (*type == OBJ_REF_DELTA) {
        int64_t i;
        if (len - pos < 20 || (i = pack_find(p, b + pos)) < 0 ||
            !(*base = pack_offset(p, (size_t)i)))
            return -1;
        pos += 20;
    } else if (*type < GIT_OBJECT_COMMIT || *type > GIT_OBJECT_TAG) {
        return -1;
    }
    *data = pos;
    return 0;
}

/* Inflates the zlib stream at b[0..len) to exactly `size` bytes. */
static int inflate_to(assay__packreader *r, const uint8_t *b, size_t len,
                      void *out, size_t size)
{
    size_t used;
    return libdeflate_zlib_decompress_ex(r->dz, b, len, out, size, &used,
                                         NULL) == LIBDEFLATE_SUCCESS
               ? 0
               : -1;
}

static int varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t x = 0;
    unsigned shift = 0;
    uint8_t c;

    do {
        if (*p >= end || shift > 63)
            return -1;
        c = *(*p)++;
        x |= (uint64_t)(c & 0x7f) << shift;
        shift += 7;
    } while (c & 0x80);
    *v = x;
    return 0;
}

/* Applies delta `d` (its two size varints already read) to `base`. */
static int delta_apply(const uint8_t *base, size_t blen, const uint8_t *d,
                       const uint8_t *end, uint8_t *out, size_t olen)
{
    size_t pos = 0;

    while (d < end) {
        uint8_t op = *d++;
        if (op & 0x80) {
            uint64_t off = 0, n = 0;
            for (unsigned k = 0; k < 4; k++)
                if (op & (1u << k)) {
                    if (d >= end)
                        return -1;
                    off |= (uint64_t)*d++ << (8 * k);
                }
            for (unsigned k = 0; k < 3; k++)
                if (op & (0x10u << k)) {
                    if (d >= end)
                        return -1;
                    n |= (uint64_t)*d++ << (8 * k);
                }
            if (!n)
                n = 0x10000;
            if (off > blen || n > blen - off || n > olen - pos)
                return -1;
            memcpy(out + pos, base + off, (size_t)n);
            pos += (size_t)n;
        } else if (op) {
            if (op > (size_t)(end - d) || op > olen - pos)
                return -1;
            memcpy(out + pos, d, op);
            d += op;
            pos += op;
        } else {
            return -1; /* reserved */
        }
    }
    return pos == olen ? 0 : -1;
}

/* ---- the base cache ------------------------------------------------------ */

static gp_slot *slot_for(assay__packreader *r, uint32_t pack, uint64_t off)
{
    uint64_t h = (off ^ ((uint64_t)pack << 40)) * 0x9e3779b97f4a7c15ull;
    return &r->slot[h >> 54]; /* top 10 bits: CACHE_SLOTS */
}

static void slot_clear(assay__packreader *r, gp_slot *s)
{
    if (s->data) {
        r->held -= s->len;
        assay__free(s->data);
        s->data = NULL;
    }
}

/* Keeps `data` (owned by the cache from now on, or freed). */
static void cache_put(assay__packreader *r, uint32_t pack, uint64_t off,
                      uint8_t *data, size_t len, int type)
{
    gp_slot *s = slot_for(r, pack, off);

    if (len > CACHE_ENTRY_MAX) {
        assay__free(data);
        return;
    }
    slot_clear(r, s);
    while (r->held + len > CACHE_BUDGET)
        slot_clear(r, &r->slot[r->hand++ % CACHE_SLOTS]);
    s->data = data;
    s->len = len;
    s->off = off;
    s->pack = pack;
    s->type = type;
    r->held += len;
}

static const gp_slot *cache_get(assay__packreader *r, uint32_t pack,
                                uint64_t off)
{
    const gp_slot *s = slot_for(r, pack, off);
    return s->data && s->off == off && s->pack == pack ? s : NULL;
}

/* ---- reading one object -------------------------------------------------- */

typedef struct gp_alloc {
    void *(*alloc)(size_t n, void *ctx);
    void (*release)(void *p, void *ctx);
    void *ctx;
} gp_alloc;

static void *own_alloc(size_t n, void *ctx)
{
    (void)ctx;
    return assay__malloc(n);
}

static void own_release(void *p, void *ctx)
{
    (void)ctx;
    assay__free(p);
}

static const gp_alloc own = {own_alloc, own_release, NULL};

/* A buffer of n bytes plus a NUL (libgit2 parses commits and trees as
 * strings), from `a`. */
static uint8_t *buf_new(const gp_alloc *a, uint64_t n)
{
    uint8_t *b = n < (uint64_t)PTRDIFF_MAX ? a->alloc((size_t)n + 1, a->ctx)
                                           : NULL;
    if (b)
        b[n] = 0;
    return b;
}

/* Reads the object at `off` of pack `pi` into a buffer from `out_alloc`.
 * ASSAY_EFORMAT: malformed or unsupported; ASSAY_ELIMIT: over max_size;
 * TOO_COSTLY: a delta chain over MAX_CHAIN links or work_max bytes. */
static int read_at(assay__packreader *r, uint32_t pi, uint64_t off,
                   const gp_alloc *out_alloc, uint8_t **out, size_t *outlen,
                   int *outtype)
{
    const gp_pack *p = &r->ps->packs[pi];
    const uint8_t *base = NULL;
    uint8_t *owned = NULL; /* base, when it is not the cache's */
    size_t blen = 0, n = 0;
    uint64_t cur = off, baseoff, work = 0;
    int type = 0, err;

    /* Down the chain to a cached base or a whole object. */
    for (;;) {
        const gp_slot *hit = cache_get(r, pi, cur);
        const uint8_t *b;
        size_t blen_in, data;
        uint64_t size, next;
        if (hit) {
            base = hit->data;
            blen = hit->len;
            type = hit->type;
            break;
        }
        if ((err = entry_bytes(r, p, cur, NULL, &b, &blen_in)) < 0)
            return err;
        if (entry_header(p, cur, b, blen_in, &type, &size, &data, &next) < 0)
            return ASSAY_EFORMAT;
        if (type <= GIT_OBJECT_TAG) {
            if (size > r->max_size)
                return ASSAY_ELIMIT;
            const gp_alloc *a = n ? &own : out_alloc;
            if (!(owned = buf_new(a, size)))
                return ASSAY_ENOMEM;
            if (inflate_to(r, b + data, blen_in - data, owned,
                           (size_t)size) < 0) {
                a->release(owned, a->ctx);
                return ASSAY_EFORMAT;
            }
            if (!n) { /* a whole object: nothing to apply */
                *out = owned;
                *outlen = (size_t)size;
                *outtype = type;
                return 0;
            }
            base = owned;
            blen = (size_t)size;
            break;
        }
        if (n >= MAX_CHAIN)
            return TOO_COSTLY;
        if (size > r->delta_max)
            return ASSAY_ELIMIT;
        if (ASSAY_GROW(r->chain, n + 1, r->chaincap, 16) < 0)
            return ASSAY_ENOMEM;
        r->chain[n++] = (gp_link){cur, size, data};
        cur = next;
    }
    baseoff = cur;

    if (!n) { /* the object itself was a cached base: copy it */
        uint8_t *b = buf_new(out_alloc, blen);
        if (!b)
            return ASSAY_ENOMEM;
        memcpy(b, base, blen);
        *out = b;
        *outlen = blen;
        *outtype = type;
        return 0;
    }

    /* Up the chain, one delta at a time; each base used is kept. */
    while (n--) {
        const gp_link *l = &r->chain[n];
        const gp_alloc *a = n ? &own : out_alloc;
        const uint8_t *d, *dend, *b;
        size_t blen_in;
        uint64_t src, dst;
        uint8_t *res;

        if (ASSAY_GROW(r->scratch, (size_t)l->size, r->scratchcap, 4096) < 0) {
            err = ASSAY_ENOMEM;
            goto fail;
        }
        if ((err = entry_bytes(r, p, l->off, NULL, &b, &blen_in)) < 0)
            goto fail;
        err = ASSAY_EFORMAT;
        if (l->data > blen_in || inflate_to(r, b + l->data, blen_in - l->data,
                                            r->scratch, (size_t)l->size) < 0)
            goto fail;
        d = r->scratch;
        dend = d + l->size;
        if (varint(&d, dend, &src) < 0 || varint(&d, dend, &dst) < 0 ||
            src != blen)
            goto fail;
        if (dst > r->max_size) {
            err = ASSAY_ELIMIT;
            goto fail;
        }
        if ((work += dst) > r->work_max) { /* a delta bomb */
            err = TOO_COSTLY;
            goto fail;
        }
        if (!(res = buf_new(a, dst))) {
            err = ASSAY_ENOMEM;
            goto fail;
        }
        if (delta_apply(base, blen, d, dend, res, (size_t)dst) < 0) {
            a->release(res, a->ctx);
            goto fail;
        }
        if (owned)
            cache_put(r, pi, baseoff, owned, blen, type);
        owned = res;
        base = res;
        blen = (size_t)dst;
        baseoff = l->off;
    }
    *out = owned;
    *outlen = blen;
    *outtype = type;
    return 0;

fail:
    assay__free(owned); /* always ours: the caller's buffer is the last */
    return err;
}

/* ---- the packs of a repository ------------------------------------------ */

static void pack_close(gp_pack *p)
{
    if (p->idxmap)
        munmap((void *)p->idx, p->idxmap);
    if (p->fd >= 0)
        close(p->fd);
    assay__free(p->starts);
}

static const uint8_t *map_file(const char *path, size_t *len)
{
    struct stat st;
    void *m;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uint64_t)st.st_size > SIZE_MAX) {
        close(fd);
        return NULL;
    }
    m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return NULL;
    *len = (size_t)st.st_size;
    return m;
}

static assay__packset *set_new(void)
{
    assay__packset *ps = assay__calloc(1, sizeof(*ps));
    if (ps)
        atomic_init(&ps->refs, 1);
    return ps;
}

int assay__packset_open(const char *objects_dir, assay__packset **out)
{
    assay__packset *ps;
    size_t cap = 0, dl = strlen(objects_dir);
    DIR *d;
    struct dirent *e;
    char *path;

    *out = NULL;
    if (!(ps = set_new()) || !(path = assay__malloc(dl + 300))) {
        assay__free(ps);
        return ASSAY_ENOMEM;
    }
    snprintf(path, dl + 300, "%s/pack", objects_dir);
    if (!(d = opendir(path))) {
        assay__free(path);
        assay__packset_release(ps);
        return 0; /* no packs: libgit2 reads everything */
    }
    while ((e = readdir(d)) && ps->n < MAX_PACKS) {
        size_t nl = strlen(e->d_name);
        gp_pack p = {0};
        struct stat st;
        uint8_t hdr[12];
        int rc;
        if (nl < 9 || nl > 255 || strncmp(e->d_name, "pack-", 5) ||
            strcmp(e->d_name + nl - 4, ".idx"))
            continue;
        snprintf(path, dl + 300, "%s/pack/%s", objects_dir, e->d_name);
        p.fd = -1;
        if (!(p.idx = map_file(path, &p.idxlen)))
            continue;
        p.idxmap = p.idxlen;
        memcpy(path + strlen(path) - 3, "pack", 5);
        /* The pack is read, not mapped: only what is being inflated is in
         * memory, and a pack that shrinks under us is a short read, not a
         * SIGBUS. */
        p.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (p.fd < 0 || fstat(p.fd, &st) < 0 || !S_ISREG(st.st_mode) ||
            pread_all(p.fd, hdr, sizeof(hdr), 0) < 0) {
            pack_close(&p);
            continue;
        }
        p.packlen = (uint64_t)st.st_size;
        if ((rc = pack_init(&p, hdr)) < 0 ||
            ASSAY_GROW(ps->packs, ps->n + 1, cap, 8) < 0) {
            pack_close(&p);
            if (rc == ASSAY_ENOMEM)
                break;
            continue;
        }
        ps->packs[ps->n++] = p;
    }
    closedir(d);
    assay__free(path);
    if (!ps->n) {
        assay__packset_release(ps);
        return 0;
    }
    *out = ps;
    return 0;
}

int assay__packset_from_memory(const void *idx, size_t idxlen,
                               const void *pack, size_t packlen,
                               assay__packset **out)
{
    gp_pack p = {0};
    assay__packset *ps;
    int err = 0;

    *out = NULL;
    p.idx = idx;
    p.idxlen = idxlen;
    p.pack = pack;
    p.packlen = packlen;
    p.fd = -1;
    if (packlen < 12 || (err = pack_init(&p, pack)) < 0) {
        pack_close(&p);
        return err == ASSAY_ENOMEM ? err : ASSAY_EFORMAT;
    }
    if (!(ps = set_new()) || !(ps->packs = assay__malloc(sizeof(p)))) {
        pack_close(&p);
        assay__free(ps);
        return ASSAY_ENOMEM;
    }
    ps->packs[0] = p;
    ps->n = 1;
    *out = ps;
    return 0;
}

void assay__packset_release(assay__packset *ps)
{
    if (!ps || atomic_fetch_sub(&ps->refs, 1) != 1)
        return;
    for (size_t i = 0; i < ps->n; i++)
        pack_close(&ps->packs[i]);
    assay__free(ps->packs);
    assay__free(ps);
}

size_t assay__packset_objects(const assay__packset *ps)
{
    return ps && ps->n ? ps->packs[0].n : 0;
}

void assay__packset_oid(const assay__packset *ps, size_t i, uint8_t out[20])
{
    memcpy(out, ps->packs[0].oids + i * 20, 20);
}

/* ---- a reader ------------------------------------------------------------ */

assay__packreader *assay__packreader_new(assay__packset *ps, uint64_t max_size)
{
    assay__packreader *r = assay__calloc(1, sizeof(*r));

    if (!r)
        return NULL;
    if (!(r->dz = libdeflate_alloc_decompressor())) {
        assay__free(r);
        return NULL;
    }
    atomic_fetch_add(&ps->refs, 1);
    r->ps = ps;
    r->max_size = max_size;
    r->delta_max = max_size > UINT64_MAX / 4 ? UINT64_MAX : max_size * 2 + 64;
    r->work_max = max_size > UINT64_MAX / 64 ? UINT64_MAX : max_size * 64;
    r->entry_max = r->delta_max > UINT64_MAX - 64 ? UINT64_MAX
                                                  : r->delta_max + 64;
    if (r->work_max < (1ull << 30))
        r->work_max = 1ull << 30;
    return r;
}

void assay__packreader_free(assay__packreader *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        slot_clear(r, &r->slot[i]);
    libdeflate_free_decompressor(r->dz);
    assay__free(r->scratch);
    assay__free(r->in);
    assay__free(r->chain);
    assay__packset_release(r->ps);
    assay__free(r);
}

/* The pack and offset of `oid`: 0; 1 if no index lists it; ASSAY_EFORMAT
 * if its offset is out of the pack. */
static int locate(const assay__packset *ps, const uint8_t *oid, uint32_t *pi,
                  uint64_t *off)
{
    for (size_t k = 0; k < ps->n; k++) {
        int64_t i = pack_find(&ps->packs[k], oid);
        if (i >= 0) {
            *pi = (uint32_t)k;
            *off = pack_offset(&ps->packs[k], (size_t)i);
            return *off ? 0 : ASSAY_EFORMAT;
        }
    }
    return 1;
}

static int reader_read(assay__packreader *r, const uint8_t oid[20],
                       const gp_alloc *a, void **data, size_t *len, int *type)
{
    uint32_t pi;
    uint64_t off;
    uint8_t *b;
    int err;

    if ((err = locate(r->ps, oid, &pi, &off)) != 0)
        return err;
    if ((err = read_at(r, pi, off, a, &b, len, type)) != 0)
        return err;
    *data = b;
    return 0;
}

/* An object's type and size without reading it all. A whole object's are
 * in its entry header; a delta's size is at the start of its data (the
 * delta alone is inflated, not the chain) and its type is its base's.
 * Returns as reader_read does. */
static int reader_header(assay__packreader *r, const uint8_t oid[20],
                         uint64_t *size, int *type)
{
    uint8_t head[64];
    const uint8_t *b, *d, *dend;
    size_t blen, data;
    uint32_t pi;
    uint64_t off, next, dsize, src;
    const gp_pack *p;
    int err;

    if ((err = locate(r->ps, oid, &pi, &off)) != 0)
        return err;
    p = &r->ps->packs[pi];
    if ((err = entry_bytes(r, p, off, head, &b, &blen)) < 0)
        return err;
    if (entry_header(p, off, b, blen, type, size, &data, &next) < 0)
        return ASSAY_EFORMAT;
    if (*type <= GIT_OBJECT_TAG)
        return 0;
    dsize = *size;
    for (size_t n = 0;; n++) { /* down to the base, headers only */
        const gp_slot *hit = cache_get(r, pi, next);
        uint64_t bsize, cur;
        size_t bdata;
        if (hit) {
            *type = hit->type;
            break;
        }
        if (n >= MAX_CHAIN)
            return TOO_COSTLY;
        if ((err = entry_bytes(r, p, next, head, &b, &blen)) < 0)
            return err;
        if (entry_header(p, next, b, blen, type, &bsize, &bdata, &cur) < 0)
            return ASSAY_EFORMAT;
        if (*type <= GIT_OBJECT_TAG)
            break;
        next = cur;
    }
    if (dsize > r->delta_max)
        return ASSAY_ELIMIT;
    if (ASSAY_GROW(r->scratch, (size_t)dsize, r->scratchcap, 4096) < 0)
        return ASSAY_ENOMEM;
    if ((err = entry_bytes(r, p, off, NULL, &b, &blen)) < 0)
        return err;
    if (data > blen ||
        inflate_to(r, b + data, blen - data, r->scratch, (size_t)dsize) < 0)
        return ASSAY_EFORMAT;
    d = r->scratch;
    dend = d + dsize;
    if (varint(&d, dend, &src) < 0 || varint(&d, dend, size) < 0)
        return ASSAY_EFORMAT;
    return 0;
}

int assay__packreader_read(assay__packreader *r, const uint8_t oid[20],
                           void **data, size_t *len, int *type)
{
    return reader_read(r, oid, &own, data, len, type);
}

/* ---- the libgit2 backend ------------------------------------------------- */

typedef struct gp_backend {
    git_odb_backend parent;
    assay__packreader *r;
} gp_backend;

static void *git_alloc(size_t n, void *ctx)
{
    return git_odb_backend_data_alloc(ctx, n);
}

static void git_release(void *p, void *ctx)
{
    git_odb_backend_data_free(ctx, p);
}

/* What a reader's answer means to libgit2. A chain too costly is an error:
 * passed on, libgit2 would follow it without end (a REF_DELTA naming itself
 * hangs its header lookup). Anything else it reads itself, or says what is
 * wrong in its own words. */
static int git_code(int err)
{
    if (err == 1)
        return GIT_ENOTFOUND;
    if (err == TOO_COSTLY) {
        git_error_set_str(GIT_ERROR_ODB, "delta chain too long or too large");
        return GIT_ERROR;
    }
    return GIT_PASSTHROUGH;
}

static int be_read(void **data, size_t *len, git_object_t *type,
                   git_odb_backend *be, const git_oid *id)
{
    gp_backend *b = (gp_backend *)be;
    gp_alloc a = {git_alloc, git_release, be};
    int t = 0, err = reader_read(b->r, id->id, &a, data, len, &t);

    if (err)
        return git_code(err);
    *type = (git_object_t)t;
    return 0;
}

static int be_read_header(size_t *len, git_object_t *type,
                          git_odb_backend *be, const git_oid *id)
{
    gp_backend *b = (gp_backend *)be;
    uint64_t size;
    int t, err = reader_header(b->r, id->id, &size, &t);

    if (err)
        return git_code(err);
    *len = (size_t)size;
    *type = (git_object_t)t;
    return 0;
}

/* libgit2's packed backend lists the same objects. */
static int be_foreach(git_odb_backend *be, git_odb_foreach_cb cb, void *p)
{
    (void)be;
    (void)cb;
    (void)p;
    return 0;
}

static void be_free(git_odb_backend *be)
{
    gp_backend *b = (gp_backend *)be;
    assay__packreader_free(b->r);
    assay__free(b);
}

int assay__packset_attach(assay__packset *ps, git_odb *odb, uint64_t max_size)
{
    gp_backend *b;

    if (!ps)
        return 0;
    if (!(b = assay__calloc(1, sizeof(*b))))
        return ASSAY_ENOMEM;
    git_odb_init_backend(&b->parent, GIT_ODB_BACKEND_VERSION);
    b->parent.read = be_read;
    b->parent.read_header = be_read_header;
    b->parent.foreach = be_foreach;
    b->parent.free = be_free;
    if (!(b->r = assay__packreader_new(ps, max_size))) {
        assay__free(b);
        return ASSAY_ENOMEM;
    }
    /* Higher priorities are asked first; libgit2's own are 1 and 2. */
    if (git_odb_add_backend(odb, &b->parent, 1000) < 0) {
        be_free(&b->parent);
        return ASSAY_EIO;
    }
    return 0;
}
