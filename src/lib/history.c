/* history.c - `assay history`: every blob of a git history, scanned once.
 * SPDX-License-Identifier: Apache-2.0
 *
 * A history holds far more file versions than distinct blobs, and far more
 * blobs than distinct trees change between two commits. So the walk
 * (assay_history_open) goes over commits oldest first in topological order
 * and descends only into trees it has not seen before: a tree already
 * walked holds only blobs already listed. Each new blob becomes a job with
 * the commit and path that introduced it. Nothing else is kept: no blob
 * contents, one object id set, the jobs and the commits' metadata.
 *
 * The scan itself (assay_history_scan) reads one blob at a time per caller
 * thread, through a small pool of repository handles (libgit2 objects are
 * not to be shared between threads), checks its size before inflating it,
 * and hands it to the ordinary scanner under its path in the tree, so file
 * kinds, binary handling and fingerprints are those of `assay scan` on a
 * checkout. The result is then relabelled `git:<commit>:<path>`.
 *
 * assay_history_finish runs once the results are in the report: it drops
 * the later copies of a finding (same fingerprint: the same secret at the
 * same path in a later version of the file), and for each finding lists the
 * refs whose tip tree still reaches one of its blobs, with one memo per tree
 * so many refs over the same trees stay cheap.
 *
 * Errors in the repository (missing objects, corrupt packs) never stop the
 * scan: they become "skipped" entries with the libgit2 message. */
#include "report.h"

#include <git2.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TREE_DEPTH 256

/* ---- a set (and map) of object ids ------------------------------------- */

typedef struct oidmap {
    git_oid *keys;
    uint32_t *vals;
    uint8_t *used;
    size_t cap, n; /* cap: a power of two */
} oidmap;

static size_t oid_hash(const git_oid *id)
{
    uint64_t h;
    memcpy(&h, id->id, sizeof(h)); /* object ids are already uniform */
    return (size_t)h;
}

static int oidmap_grow(oidmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 4096;
    oidmap nm = {0};

    nm.cap = ncap;
    nm.keys = assay__malloc(ncap * sizeof(*nm.keys));
    nm.vals = assay__malloc(ncap * sizeof(*nm.vals));
    nm.used = assay__calloc(ncap, 1);
    if (!nm.keys || !nm.vals || !nm.used) {
        assay__free(nm.keys);
        assay__free(nm.vals);
        assay__free(nm.used);
        return ASSAY_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        size_t j;
        if (!m->used[i])
            continue;
        for (j = oid_hash(&m->keys[i]) & (ncap - 1); nm.used[j];
             j = (j + 1) & (ncap - 1))
            ;
        nm.used[j] = 1;
        nm.keys[j] = m->keys[i];
        nm.vals[j] = m->vals[i];
    }
    nm.n = m->n;
    assay__free(m->keys);
    assay__free(m->vals);
    assay__free(m->used);
    *m = nm;
    return 0;
}

/* The value stored for `id`, or NULL. */
static uint32_t *oidmap_get(const oidmap *m, const git_oid *id)
{
    if (!m->cap)
        return NULL;
    for (size_t j = oid_hash(id) & (m->cap - 1); m->used[j];
         j = (j + 1) & (m->cap - 1))
        if (!memcmp(m->keys[j].id, id->id, GIT_OID_RAWSZ))
            return &m->vals[j];
    return NULL;
}

/* Insert `id` with `val`: 1 if added, 0 if it was there, or an error. */
static int oidmap_put(oidmap *m, const git_oid *id, uint32_t val)
{
    size_t j;
    if ((m->n + 1) * 2 > m->cap && oidmap_grow(m) < 0)
        return ASSAY_ENOMEM;
    for (j = oid_hash(id) & (m->cap - 1); m->used[j]; j = (j + 1) & (m->cap - 1))
        if (!memcmp(m->keys[j].id, id->id, GIT_OID_RAWSZ))
            return 0;
    m->used[j] = 1;
    m->keys[j] = *id;
    m->vals[j] = val;
    m->n++;
    return 1;
}

static void oidmap_free(oidmap *m)
{
    assay__free(m->keys);
    assay__free(m->vals);
    assay__free(m->used);
    memset(m, 0, sizeof(*m));
}

/* ---- the history ------------------------------------------------------- */

typedef struct hcommit {
    git_oid id;
    char *author;
    char date[32];
} hcommit;

/* The same blob at another path (a copy, a move), where it first appeared. */
typedef struct halso {
    uint32_t commit;
    char *path;
} halso;

#define MAX_ALSO 8 /* other paths kept per blob: a vendored file copied into
                    * a thousand folders is not a thousand locations */

typedef struct hjob {
    git_oid blob;
    uint32_t commit; /* index into h->commits */
    char *path;      /* inside the tree */
    int has_base;    /* --since: the boundary held `base` at this path */
    git_oid base;
    halso *also;     /* up to MAX_ALSO other paths, oldest first */
    uint32_t nalso;
} hjob;

/* --since: a blob of the boundary's trees, by path. */
typedef struct hbase {
    char *path;
    git_oid blob;
} hbase;

typedef struct hproblem {
    char *path, *reason, *detail;
} hproblem;

typedef struct oidvec {
    git_oid *v;
    size_t n, cap;
} oidvec;

/* Jobs and commits are kept in chunks that never move, so that with
 * `incremental` the walk can append while scanners read what was published
 * (njobs, stored with release order after the job is complete). */
#define CHUNK_BITS 14
#define CHUNK_LEN (1u << CHUNK_BITS)
#define MAX_CHUNKS (1u << 14) /* 268 million entries */

struct assay_history {
    char *gitdir;
    git_repository *repo;
    assay_history_options opts;
    oidmap seen; /* trees and blobs already walked */
    hcommit *commits[MAX_CHUNKS];
    size_t ncommits;
    size_t commits_walked;
    hjob *jobs[MAX_CHUNKS];
    _Atomic size_t njobs;
    oidvec todo; /* the commits to walk, oldest first */
    size_t todo_next;
    hproblem *problems;
    size_t nproblems, capproblems;
    hbase *bases; /* sorted by path once the boundary is walked */
    size_t nbases, capbases;
    pthread_mutex_t lock; /* guards pool and problems after open */
    git_repository **pool;
    size_t npool, cappool;
    assay__packset *packs; /* read with libdeflate (gitpack.c); may be NULL */
    int libgit2_up;
};

static hjob *job_at(const assay_history *h, size_t i)
{
    return &h->jobs[i >> CHUNK_BITS][i & (CHUNK_LEN - 1)];
}

static hcommit *commit_at(const assay_history *h, size_t i)
{
    return &h->commits[i >> CHUNK_BITS][i & (CHUNK_LEN - 1)];
}

/* Room for entry n of a chunked array: 0, or an error. */
static int chunk_room(void **chunks, size_t n, size_t elem)
{
    if (n >= (size_t)MAX_CHUNKS * CHUNK_LEN)
        return ASSAY_ELIMIT;
    if (!chunks[n >> CHUNK_BITS] &&
        !(chunks[n >> CHUNK_BITS] = assay__calloc(CHUNK_LEN, elem)))
        return ASSAY_ENOMEM;
    return 0;
}

static void set_err(char *buf, size_t len, const char *what)
{
    const git_error *e = git_error_last();
    if (buf && len)
        snprintf(buf, len, "%s: %s", what, e && e->message ? e->message
                                                           : "unknown error");
}

static const char *git_msg(void)
{
    const git_error *e = git_error_last();
    return e && e->message ? e->message : "unknown error";
}

static int add_problem(assay_history *h, const char *commit_hex,
                       const char *path, const char *reason,
                       const char *detail)
{
    hproblem *p;
    assay_buf b = ASSAY_BUF_INIT;

    if (ASSAY_GROW(h->problems, h->nproblems + 1, h->capproblems, 16) < 0)
        return ASSAY_ENOMEM;
    if (commit_hex)
        assay_buf_printf(&b, "git:%s:%s", commit_hex, path ? path : "");
    else
        assay_buf_puts(&b, path ? path : "git");
    p = &h->problems[h->nproblems];
    p->path = assay_buf_take(&b);
    p->reason = assay__strdup(reason);
    p->detail = detail ? assay__strdup(detail) : NULL;
    if (!p->path || !p->reason || (detail && !p->detail)) {
        assay__free(p->path);
        assay__free(p->reason);
        assay__free(p->detail);
        return ASSAY_ENOMEM;
    }
    h->nproblems++;
    return 0;
}

static void format_date(char out[32], git_time_t t, int offset_min)
{
    time_t tt = (time_t)t + (time_t)offset_min * 60;
    struct tm tm;
    int off = offset_min < 0 ? -offset_min : offset_min;

    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, 32, "1970-01-01T00:00:00Z");
        return;
    }
    {
        char tmp[128];
        size_t n;
        snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec, offset_min < 0 ? '-' : '+',
                 (off / 60) % 100, off % 60);
        n = strnlen(tmp, 31);
        memcpy(out, tmp, n);
        out[n] = '\0';
    }
}

/* Record the metadata of the commit being walked; its index, or -1. */
static int commit_meta(assay_history *h, git_commit *c, uint32_t *out)
{
    const git_signature *sig = git_commit_author(c);
    hcommit *hc;
    assay_buf b = ASSAY_BUF_INIT;

    int e;
    if ((e = chunk_room((void **)h->commits, h->ncommits, sizeof(*hc))) < 0)
        return e;
    if (h->ncommits >= UINT32_MAX)
        return ASSAY_ELIMIT;
    hc = commit_at(h, h->ncommits);
    hc->id = *git_commit_id(c);
    if (sig) {
        assay_buf_printf(&b, "%s <%s>", sig->name ? sig->name : "",
                         sig->email ? sig->email : "");
        format_date(hc->date, sig->when.time, sig->when.offset);
    } else {
        format_date(hc->date, git_commit_time(c), git_commit_time_offset(c));
    }
    if (!(hc->author = assay_buf_take(&b)))
        return ASSAY_ENOMEM;
    *out = (uint32_t)h->ncommits++;
    return 0;
}

static int cmp_base(const void *a, const void *b)
{
    return strcmp(((const hbase *)a)->path, ((const hbase *)b)->path);
}

typedef struct walk_ctx {
    assay_history *h;
    git_commit *commit;
    char hex[41];
    int seed;         /* 1: mark as seen only (--since boundary) */
    int64_t meta;     /* commit index, -1 until the commit adds a blob */
    assay_buf path;
} walk_ctx;

/* The walked commit's metadata, recorded once, when it first matters. */
static int walk_meta(walk_ctx *w)
{
    uint32_t ci;
    int e;
    if (w->meta >= 0)
        return 0;
    if ((e = commit_meta(w->h, w->commit, &ci)) < 0)
        return e;
    w->meta = ci;
    return 0;
}

static int add_job(walk_ctx *w, const git_oid *blob)
{
    assay_history *h = w->h;
    size_t n = atomic_load_explicit(&h->njobs, memory_order_relaxed);
    hjob *j;
    int e;

    if ((e = walk_meta(w)) < 0 ||
        (e = chunk_room((void **)h->jobs, n, sizeof(*j))) < 0)
        return e;
    j = job_at(h, n);
    memset(j, 0, sizeof(*j));
    j->blob = *blob;
    j->commit = (uint32_t)w->meta;
    if (!(j->path = assay__strndup(w->path.ptr ? w->path.ptr : "", w->path.len)))
        return ASSAY_ENOMEM;
    if (h->nbases) {
        hbase key = {j->path, {{0}}}, *b;
        b = bsearch(&key, h->bases, h->nbases, sizeof(*b), cmp_base);
        if (b) {
            j->has_base = 1;
            j->base = b->blob;
        }
    }
    /* published: scanners may read it from here on */
    atomic_store_explicit(&h->njobs, n + 1, memory_order_release);
    return 0;
}

/* A blob already listed, met again: note the path if it is a new one. */
static int add_also(walk_ctx *w, uint32_t job)
{
    assay_history *h = w->h;
    hjob *j = job_at(h, job);
    const char *p = assay_buf_cstr(&w->path);
    halso *v;
    int e;

    if (j->nalso >= MAX_ALSO || !strcmp(j->path, p))
        return 0;
    for (uint32_t k = 0; k < j->nalso; k++)
        if (!strcmp(j->also[k].path, p))
            return 0;
    if ((e = walk_meta(w)) < 0)
        return e;
    if (!(v = assay__realloc(j->also, (j->nalso + 1) * sizeof(*v))))
        return ASSAY_ENOMEM;
    j->also = v;
    if (!(v[j->nalso].path = assay__strdup(p)))
        return ASSAY_ENOMEM;
    v[j->nalso++].commit = (uint32_t)w->meta;
    return 0;
}

/* --since: remember which blob the boundary holds at this path. */
static int add_base(walk_ctx *w, const git_oid *blob)
{
    assay_history *h = w->h;
    if (ASSAY_GROW(h->bases, h->nbases + 1, h->capbases, 1024) < 0)
        return ASSAY_ENOMEM;
    h->bases[h->nbases].blob = *blob;
    if (!(h->bases[h->nbases].path =
              assay__strndup(w->path.ptr ? w->path.ptr : "", w->path.len)))
        return ASSAY_ENOMEM;
    h->nbases++;
    return 0;
}

/* Walk a tree not seen before; `w->path` holds its path ("" at the root,
 * else "dir/"). */
static int walk_tree(walk_ctx *w, const git_oid *tree_id, int depth)
{
    assay_history *h = w->h;
    git_tree *tree = NULL;
    size_t base = w->path.len, n;
    int err = 0;

    if (oidmap_put(&h->seen, tree_id, 0) < 0)
        return ASSAY_ENOMEM;
    if (depth > MAX_TREE_DEPTH)
        return w->seed ? 0 : add_problem(h, w->hex, assay_buf_cstr(&w->path),
                                         "too-deep", "tree nesting over 256");
    if (git_tree_lookup(&tree, h->repo, tree_id) < 0) {
        char id[41];
        assay_buf d = ASSAY_BUF_INIT;
        git_oid_tostr(id, sizeof(id), tree_id);
        assay_buf_printf(&d, "tree %s: %s", id, git_msg());
        err = w->seed ? 0
                      : add_problem(h, w->hex, assay_buf_cstr(&w->path),
                                    "git-missing-object", assay_buf_cstr(&d));
        assay_buf_free(&d);
        return err;
    }
    n = git_tree_entrycount(tree);
    for (size_t i = 0; i < n && !err; i++) {
        const git_tree_entry *e = git_tree_entry_byindex(tree, i);
        const git_oid *id = git_tree_entry_id(e);
        git_object_t type = git_tree_entry_type(e);

        if (type == GIT_OBJECT_TREE) {
            if (oidmap_get(&h->seen, id))
                continue;
            w->path.len = base;
            assay_buf_puts(&w->path, git_tree_entry_name(e));
            assay_buf_putc(&w->path, '/');
            if (assay_buf_failed(&w->path))
                err = ASSAY_ENOMEM;
            else
                err = walk_tree(w, id, depth + 1);
        } else if (type == GIT_OBJECT_BLOB) {
            int added;
            /* A symbolic link's blob is its target: `scan` does not follow
             * or read links either. */
            if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
                continue;
            /* the value of a blob in `seen`: 1 + its job, 0 for none */
            if ((added = oidmap_put(&h->seen, id, 0)) < 0) {
                err = added;
            } else if (w->seed || added) {
                w->path.len = base;
                assay_buf_puts(&w->path, git_tree_entry_name(e));
                err = assay_buf_failed(&w->path) ? ASSAY_ENOMEM
                      : w->seed                  ? add_base(w, id)
                                                 : add_job(w, id);
                if (!err && !w->seed)
                    *oidmap_get(&h->seen, id) = (uint32_t)atomic_load(&h->njobs);
            } else {
                uint32_t *job = oidmap_get(&h->seen, id);
                if (job && *job) {
                    w->path.len = base;
                    assay_buf_puts(&w->path, git_tree_entry_name(e));
                    err = assay_buf_failed(&w->path) ? ASSAY_ENOMEM
                                                     : add_also(w, *job - 1);
                }
            }
        }
        /* GIT_OBJECT_COMMIT: a submodule, another repository. */
    }
    w->path.len = base;
    git_tree_free(tree);
    return err;
}

/* Walk the tree of commit `id`. */
static int walk_commit(assay_history *h, const git_oid *id, int seed)
{
    walk_ctx w;
    int err = 0;

    memset(&w, 0, sizeof(w));
    w.h = h;
    w.seed = seed;
    w.meta = -1;
    git_oid_tostr(w.hex, sizeof(w.hex), id);
    if (git_commit_lookup(&w.commit, h->repo, id) < 0)
        return seed ? 0 : add_problem(h, w.hex, "", "git-missing-object",
                                      git_msg());
    if (!oidmap_get(&h->seen, git_commit_tree_id(w.commit)))
        err = walk_tree(&w, git_commit_tree_id(w.commit), 0);
    assay_buf_free(&w.path);
    git_commit_free(w.commit);
    return err;
}

static int oidvec_push(oidvec *o, const git_oid *id)
{
    if (ASSAY_GROW(o->v, o->n + 1, o->cap, 1024) < 0)
        return ASSAY_ENOMEM;
    o->v[o->n++] = *id;
    return 0;
}

/* The commit of every ref (and of a detached HEAD). A ref to a missing
 * object is reported; a tag of a tree or a blob is not a history and is
 * passed over. */
static int collect_tips(assay_history *h, oidvec *tips)
{
    git_reference_iterator *it = NULL;
    git_reference *ref;
    git_oid head;
    int err = 0;

    if (git_reference_iterator_new(&it, h->repo) < 0)
        return add_problem(h, NULL, "refs", "git-error", git_msg());
    while (!err && git_reference_next(&ref, it) == 0) {
        git_reference *res = NULL;
        git_object *obj = NULL, *commit = NULL;
        if (git_reference_resolve(&res, ref) < 0 ||
            git_object_lookup(&obj, h->repo, git_reference_target(res),
                              GIT_OBJECT_ANY) < 0) {
            assay_buf d = ASSAY_BUF_INIT;
            assay_buf_printf(&d, "%s: %s", git_reference_name(ref), git_msg());
            err = add_problem(h, NULL, git_reference_name(ref),
                              "git-missing-object", assay_buf_cstr(&d));
            assay_buf_free(&d);
        } else if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
            err = oidvec_push(tips, git_object_id(commit));
        }
        git_object_free(commit);
        git_object_free(obj);
        git_reference_free(res);
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    if (!err && git_repository_head_detached(h->repo) == 1 &&
        git_reference_name_to_id(&head, h->repo, "HEAD") == 0)
        err = oidvec_push(tips, &head);
    return err;
}

/* Fallback for a broken history: from the tips, follow parents breadth
 * first as far as the objects exist (each missing one reported), skipping
 * what `hide` reaches as far as that can be walked; newest first. */
static int walk_broken(assay_history *h, const oidvec *tips,
                       const git_oid *hide, oidvec *out)
{
    oidmap visited = {0};
    size_t q = 0;
    int err = 0;

    if (hide) {
        git_revwalk *rw = NULL;
        git_oid id;
        if (git_revwalk_new(&rw, h->repo) == 0 && git_revwalk_push(rw, hide) == 0)
            while (!err && git_revwalk_next(&id, rw) == 0)
                err = oidmap_put(&visited, &id, 0) < 0 ? ASSAY_ENOMEM : 0;
        git_revwalk_free(rw);
        if (!err && oidmap_put(&visited, hide, 0) < 0)
            err = ASSAY_ENOMEM;
    }
    for (size_t i = 0; i < tips->n && !err; i++) {
        int added = oidmap_put(&visited, &tips->v[i], 0);
        if (added < 0)
            err = added;
        else if (added)
            err = oidvec_push(out, &tips->v[i]);
    }
    while (!err && q < out->n) {
        git_commit *c = NULL;
        git_oid id = out->v[q++];
        if (git_commit_lookup(&c, h->repo, &id) < 0)
            continue; /* reported by walk_commit */
        for (unsigned p = 0; p < git_commit_parentcount(c) && !err; p++) {
            const git_oid *pid = git_commit_parent_id(c, p);
            git_commit *pc = NULL;
            int added;
            if (!pid || (added = oidmap_put(&visited, pid, 0)) == 0)
                continue;
            if (added < 0) {
                err = added;
                break;
            }
            if (git_commit_lookup(&pc, h->repo, pid) < 0) {
                char hex[41];
                git_oid_tostr(hex, sizeof(hex), pid);
                err = add_problem(h, hex, "", "git-missing-object", git_msg());
                continue;
            }
            git_commit_free(pc);
            err = oidvec_push(out, pid);
        }
        git_commit_free(c);
    }
    oidmap_free(&visited);
    return err;
}

/* Packed objects are inflated by gitpack.c (libdeflate) rather than by
 * libgit2 (zlib): the same bytes, in half the time. ASSAY_GIT_ZLIB=1 in the
 * environment turns that off, to compare the two. */
static int open_packs(assay_history *h)
{
    assay_buf dir = ASSAY_BUF_INIT;
    const char *off = getenv("ASSAY_GIT_ZLIB");
    int err;

    if (off && *off && strcmp(off, "0"))
        return 0;
    assay_buf_printf(&dir, "%sobjects", git_repository_commondir(h->repo));
    if (assay_buf_failed(&dir))
        return ASSAY_ENOMEM;
    err = assay__packset_open(assay_buf_cstr(&dir), &h->packs);
    assay_buf_free(&dir);
    return err;
}

/* A handle without the backend still reads everything, through libgit2. */
static void attach_packs(assay_history *h, git_repository *r)
{
    git_odb *odb = NULL;
    if (h->packs && git_repository_odb(&odb, r) == 0)
        (void)assay__packset_attach(h->packs, odb, h->opts.max_file_size);
    git_odb_free(odb);
}

/* The commits to walk, oldest first in topological order. A broken history
 * (a missing parent) makes libgit2's sort fail: then walk_broken, reversed
 * (close to oldest first, which is the best attribution left). */
static int list_commits(assay_history *h, const git_oid *hide, oidvec *out,
                        char *errbuf, size_t errlen)
{
    git_revwalk *rw = NULL;
    oidvec tips = {0};
    git_oid id;
    int e;

    if ((e = collect_tips(h, &tips)) < 0)
        goto done;
    if (git_revwalk_new(&rw, h->repo) < 0) {
        set_err(errbuf, errlen, "revwalk");
        e = ASSAY_EIO;
        goto done;
    }
    git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME |
                                GIT_SORT_REVERSE);
    for (size_t i = 0; i < tips.n; i++)
        git_revwalk_push(rw, &tips.v[i]);
    if (hide && git_revwalk_hide(rw, hide) < 0) {
        set_err(errbuf, errlen, "--since");
        e = ASSAY_EIO;
        goto done;
    }
    while ((e = git_revwalk_next(&id, rw)) == 0)
        if ((e = oidvec_push(out, &id)) < 0)
            goto done;
    if (e == GIT_ITEROVER) {
        e = 0;
        goto done;
    }
    if ((e = add_problem(h, NULL, "history", "git-walk-error", git_msg())) < 0)
        goto done;
    out->n = 0;
    if ((e = walk_broken(h, &tips, hide, out)) < 0)
        goto done;
    for (size_t i = 0; i < out->n / 2; i++) {
        git_oid t = out->v[i];
        out->v[i] = out->v[out->n - 1 - i];
        out->v[out->n - 1 - i] = t;
    }
done:
    git_revwalk_free(rw);
    assay__free(tips.v);
    return e;
}

int assay_history_open(assay_history **out, const char *repo,
                       const assay_history_options *opts, char *errbuf,
                       size_t errlen)
{
    assay_history_options defaults = ASSAY_HISTORY_OPTIONS_INIT;
    assay_history *h;
    oidvec commits = {0};
    oidmap inlist = {0};
    int incremental;
    git_oid hide;
    int have_hide = 0, err = 0;

    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!out || !repo)
        return ASSAY_EINVAL;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != ASSAY_HISTORY_OPTIONS_VERSION && opts->version != 1)
        return ASSAY_EINVAL;
    incremental = opts->version >= 2 && opts->incremental;
    if (!(h = assay__calloc(1, sizeof(*h))))
        return ASSAY_ENOMEM;
    /* field by field: a version 1 caller's struct ends before `incremental`
     * (used only here); `since` is not retained */
    h->opts.version = ASSAY_HISTORY_OPTIONS_VERSION;
    h->opts.max_file_size = opts->max_file_size;
    h->opts.on_progress = opts->on_progress;
    h->opts.payload = opts->payload;
    if (!h->opts.max_file_size)
        h->opts.max_file_size = ASSAY_DEFAULT_MAX_FILE_SIZE;
    pthread_mutex_init(&h->lock, NULL);
    if (git_libgit2_init() < 0) {
        set_err(errbuf, errlen, "libgit2");
        assay__free(h);
        return ASSAY_EIO;
    }
    h->libgit2_up = 1;
    /* Each object read would be hashed again to check its id (libgit2's
     * default): a fifth of the scan's time for nothing assay needs. A
     * blob whose bytes do not match its id is scanned for what it holds,
     * as `git cat-file` would print it. */
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    if (git_repository_open_ext(&h->repo, repo, GIT_REPOSITORY_OPEN_NO_SEARCH,
                                NULL) < 0) {
        set_err(errbuf, errlen, repo);
        err = ASSAY_EIO;
        goto fail;
    }
    if (!(h->gitdir = assay__strdup(git_repository_path(h->repo)))) {
        err = ASSAY_ENOMEM;
        goto fail;
    }
    if ((err = open_packs(h)) < 0)
        goto fail;
    attach_packs(h, h->repo);
    if (opts->since) {
        git_object *obj = NULL, *peeled = NULL;
        if (git_revparse_single(&obj, h->repo, opts->since) < 0 ||
            git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
            set_err(errbuf, errlen, opts->since);
            git_object_free(obj);
            err = ASSAY_EIO;
            goto fail;
        }
        hide = *git_object_id(peeled);
        have_hide = 1;
        git_object_free(peeled);
        git_object_free(obj);
    }
    if ((err = list_commits(h, have_hide ? &hide : NULL, &commits, errbuf,
                            errlen)) < 0)
        goto fail;
    if (have_hide) {
        /* What the boundary (the hidden parents of the commits to walk)
         * already holds is not new. */
        for (size_t i = 0; i < commits.n && !err; i++)
            err = oidmap_put(&inlist, &commits.v[i], 0) < 0 ? ASSAY_ENOMEM : 0;
        for (size_t i = 0; i < commits.n && !err; i++) {
            git_commit *c = NULL;
            if (git_commit_lookup(&c, h->repo, &commits.v[i]) < 0)
                continue;
            for (unsigned p = 0; p < git_commit_parentcount(c) && !err; p++) {
                const git_oid *pid = git_commit_parent_id(c, p);
                if (pid && !oidmap_get(&inlist, pid) &&
                    oidmap_put(&inlist, pid, 0) > 0)
                    err = walk_commit(h, pid, 1);
            }
            git_commit_free(c);
        }
        if (err < 0)
            goto fail;
        if (h->nbases) {
            /* keep the first blob seen at each path */
            size_t k = 0;
            qsort(h->bases, h->nbases, sizeof(*h->bases), cmp_base);
            for (size_t i = 1; i < h->nbases; i++) {
                if (!strcmp(h->bases[i].path, h->bases[k].path)) {
                    assay__free(h->bases[i].path);
                    continue;
                }
                h->bases[++k] = h->bases[i];
            }
            h->nbases = k + 1;
        }
    }
    h->todo = commits;
    commits.v = NULL;
    oidmap_free(&inlist);
    if (!incremental && (err = assay_history_walk(h, (size_t)-1)) < 0)
        goto fail;
    *out = h;
    return 0;
fail:
    if (err == ASSAY_ENOMEM && errbuf && errlen)
        snprintf(errbuf, errlen, "out of memory");
    assay__free(commits.v);
    oidmap_free(&inlist);
    assay_history_free(h);
    return err;
}

int assay_history_walk(assay_history *h, size_t max_commits)
{
    int err;
    if (!h)
        return ASSAY_EINVAL;
    for (; max_commits && h->todo_next < h->todo.n; max_commits--) {
        size_t i = h->todo_next++;
        if ((err = walk_commit(h, &h->todo.v[i], 0)) < 0)
            return err;
        h->commits_walked++;
        if (h->opts.on_progress && (i % 64 == 63 || i + 1 == h->todo.n))
            h->opts.on_progress(i + 1, h->todo.n, atomic_load(&h->njobs),
                                h->opts.payload);
    }
    if (h->todo_next < h->todo.n)
        return 1;
    /* The walk needs no more than the jobs from here on. */
    oidmap_free(&h->seen);
    assay__free(h->todo.v);
    memset(&h->todo, 0, sizeof(h->todo));
    h->todo_next = 0;
    return 0;
}

size_t assay_history_count(const assay_history *h)
{
    return h ? atomic_load_explicit(&((assay_history *)h)->njobs,
                                    memory_order_acquire)
             : 0;
}

size_t assay_history_commits(const assay_history *h)
{
    return h ? h->commits_walked : 0;
}

void assay_history_free(assay_history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->ncommits; i++)
        assay__free(commit_at(h, i)->author);
    for (size_t i = 0; i < MAX_CHUNKS && h->commits[i]; i++)
        assay__free(h->commits[i]);
    for (size_t i = 0, n = atomic_load(&h->njobs); i < n; i++) {
        hjob *j = job_at(h, i);
        assay__free(j->path);
        for (uint32_t k = 0; k < j->nalso; k++)
            assay__free(j->also[k].path);
        assay__free(j->also);
    }
    for (size_t i = 0; i < MAX_CHUNKS && h->jobs[i]; i++)
        assay__free(h->jobs[i]);
    assay__free(h->todo.v);
    for (size_t i = 0; i < h->nproblems; i++) {
        assay__free(h->problems[i].path);
        assay__free(h->problems[i].reason);
        assay__free(h->problems[i].detail);
    }
    assay__free(h->problems);
    for (size_t i = 0; i < h->nbases; i++)
        assay__free(h->bases[i].path);
    assay__free(h->bases);
    for (size_t i = 0; i < h->npool; i++)
        git_repository_free(h->pool[i]);
    assay__free(h->pool);
    oidmap_free(&h->seen);
    git_repository_free(h->repo);
    assay__packset_release(h->packs);
    assay__free(h->gitdir);
    pthread_mutex_destroy(&h->lock);
    if (h->libgit2_up)
        git_libgit2_shutdown();
    assay__free(h);
}

/* ---- scanning one blob ------------------------------------------------- */

static git_repository *pool_take(assay_history *h)
{
    git_repository *r = NULL;
    pthread_mutex_lock(&h->lock);
    if (h->npool)
        r = h->pool[--h->npool];
    pthread_mutex_unlock(&h->lock);
    if (r)
        return r;
    if (git_repository_open_ext(&r, h->gitdir,
                                GIT_REPOSITORY_OPEN_NO_SEARCH |
                                    GIT_REPOSITORY_OPEN_BARE,
                                NULL) < 0)
        return NULL;
    attach_packs(h, r);
    return r;
}

static void pool_give(assay_history *h, git_repository *r)
{
    pthread_mutex_lock(&h->lock);
    if (ASSAY_GROW(h->pool, h->npool + 1, h->cappool, 8) < 0) {
        pthread_mutex_unlock(&h->lock);
        git_repository_free(r);
        return;
    }
    h->pool[h->npool++] = r;
    pthread_mutex_unlock(&h->lock);
}

void assay__git_origin_free(assay__git_origin *o)
{
    if (!o)
        return;
    assay__free(o->author);
    for (size_t i = 0; i < o->nalso; i++)
        assay__free(o->also[i]);
    assay__free(o->also);
    if (o->refnames && --o->refnames->refcount == 0) {
        for (size_t i = 0; i < o->refnames->n; i++)
            assay__free(o->refnames->names[i]);
        assay__free(o->refnames->names);
        assay__free(o->refnames);
    }
    assay__free(o);
}

/* A result that holds a skip reason, as assay_scan_file makes them. */
static int skipped_result(const char *path, const char *reason,
                          const char *detail, assay_file_result **out)
{
    assay_file_result *r = assay__calloc(1, sizeof(*r));
    if (!r || !(r->path = assay__strdup(path)) ||
        !(r->identity = assay__strdup(path)) ||
        !(r->skipped = assay__strdup(reason)) ||
        (detail && !(r->skip_detail = assay__strdup(detail)))) {
        assay_file_result_free(r);
        return ASSAY_ENOMEM;
    }
    *out = r;
    return 0;
}

/* Remove the findings marked with a NULL rule, keeping the others in order. */
static void drop_marked(assay_file_result *res)
{
    size_t k = 0;
    for (size_t m = 0; m < res->nfindings; m++) {
        if (!res->findings[m].rule) {
            assay__finding_clear(&res->findings[m]);
            continue;
        }
        if (k != m) {
            res->findings[k] = res->findings[m];
            res->findings[k].pub.fingerprint = res->findings[k].fingerprint;
        }
        k++;
    }
    res->nfindings = k;
}

/* --since: a file edited after REV is a new blob, but what its version at
 * REV already held is not new. Scan that version under the same path and
 * drop the findings it has too (same fingerprint). */
static int drop_known(assay_scanner *sc, git_odb *odb, const hjob *j,
                      assay_file_result *res, uint64_t max_size)
{
    git_odb_object *obj = NULL;
    assay_file_result *old = NULL;
    size_t size;
    git_object_t type;
    int err;

    if (git_odb_read_header(&size, &type, odb, &j->base) < 0 ||
        (uint64_t)size > max_size || git_odb_read(&obj, odb, &j->base) < 0)
        return 0; /* unknown: keep everything */
    err = assay_scan_buffer(sc, j->path, NULL, git_odb_object_data(obj),
                            git_odb_object_size(obj), &old);
    git_odb_object_free(obj);
    if (err == ASSAY_ELIMIT)
        return 0;
    if (err < 0)
        return err;
    for (size_t m = 0; m < res->nfindings; m++)
        for (size_t o = 0; o < old->nfindings; o++)
            if (!strcmp(old->findings[o].fingerprint,
                        res->findings[m].fingerprint)) {
                res->findings[m].rule = NULL; /* known: dropped below */
                break;
            }
    drop_marked(res);
    assay_file_result_free(old);
    return 0;
}

int assay_history_scan(assay_history *h, assay_scanner *sc, size_t i,
                       assay_file_result **out)
{
    const hjob *j;
    const hcommit *c;
    git_repository *repo = NULL;
    git_odb *odb = NULL;
    git_odb_object *obj = NULL;
    assay_file_result *res = NULL;
    assay__git_origin *o = NULL;
    assay_buf label = ASSAY_BUF_INIT;
    size_t size = 0;
    git_object_t type;
    int err = 0;

    if (!h || !sc || !out || i >= assay_history_count(h))
        return ASSAY_EINVAL;
    *out = NULL;
    j = job_at(h, i);
    c = commit_at(h, j->commit);
    {
        char hex[41];
        git_oid_tostr(hex, sizeof(hex), &c->id);
        assay_buf_printf(&label, "git:%s:%s", hex, j->path);
        if (assay_buf_failed(&label))
            return ASSAY_ENOMEM;
    }
    if (!(repo = pool_take(h))) {
        err = skipped_result(assay_buf_cstr(&label), "git-error", git_msg(),
                             &res);
        goto done;
    }
    if (git_repository_odb(&odb, repo) < 0 ||
        git_odb_read_header(&size, &type, odb, &j->blob) < 0) {
        err = skipped_result(assay_buf_cstr(&label), "git-missing-object",
                             git_msg(), &res);
        goto done;
    }
    if ((uint64_t)size > h->opts.max_file_size) {
        char d[96];
        snprintf(d, sizeof(d), "%llu bytes, over the %llu-byte limit",
                 (unsigned long long)size,
                 (unsigned long long)h->opts.max_file_size);
        err = skipped_result(assay_buf_cstr(&label), "too-large", d, &res);
        goto done;
    }
    if (git_odb_read(&obj, odb, &j->blob) < 0) {
        err = skipped_result(assay_buf_cstr(&label), "git-read-error",
                             git_msg(), &res);
        goto done;
    }
    /* Scanned under its path in the tree: kinds and fingerprints as for a
     * checkout; then relabelled. */
    err = assay_scan_buffer(sc, j->path, NULL, git_odb_object_data(obj),
                            git_odb_object_size(obj), &res);
    if (err == ASSAY_ELIMIT)
        err = skipped_result(assay_buf_cstr(&label), "too-large",
                             "over 4 GiB", &res);
    if (err < 0)
        goto done;
    if (!res->skipped) {
        char *np = assay_buf_take(&label);
        if (!np) {
            err = ASSAY_ENOMEM;
            goto done;
        }
        assay__free(res->path);
        res->path = np;
        for (size_t k = 0; k < res->nfindings; k++)
            res->findings[k].pub.path = res->path;
        if (j->has_base && res->nfindings)
            err = drop_known(sc, odb, j, res, h->opts.max_file_size);
    }
done:
    if (!err && res) {
        if (!(o = assay__calloc(1, sizeof(*o))) ||
            !(o->author = assay__strdup(c->author))) {
            assay__free(o);
            err = ASSAY_ENOMEM;
        } else {
            git_oid_tostr(o->commit, sizeof(o->commit), &c->id);
            git_oid_tostr(o->blob, sizeof(o->blob), &j->blob);
            memcpy(o->date, c->date, sizeof(o->date));
            o->job = i;
            res->git = o;
            for (size_t k = 0; k < res->nfindings; k++)
                res->findings[k].git = o;
        }
    }
    if (err < 0) {
        assay_file_result_free(res);
        res = NULL;
    }
    git_odb_object_free(obj);
    git_odb_free(odb);
    if (repo)
        pool_give(h, repo);
    assay_buf_free(&label);
    *out = res;
    return err;
}

/* ---- finishing: one finding per fingerprint, refs ---------------------- */

/* o->also from the job's other paths: git:<commit>:<path>, oldest first. */
static int fill_also(const assay_history *h, assay__git_origin *o)
{
    const hjob *j;
    if (o->job >= assay_history_count(h) || o->also)
        return 0;
    j = job_at(h, o->job);
    if (!j->nalso)
        return 0;
    if (!(o->also = assay__calloc(j->nalso, sizeof(*o->also))))
        return ASSAY_ENOMEM;
    for (uint32_t k = 0; k < j->nalso; k++) {
        char hex[41];
        assay_buf b = ASSAY_BUF_INIT;
        git_oid_tostr(hex, sizeof(hex), &commit_at(h, j->also[k].commit)->id);
        assay_buf_printf(&b, "git:%s:%s", hex, j->also[k].path);
        if (!(o->also[o->nalso] = assay_buf_take(&b)))
            return ASSAY_ENOMEM;
        o->nalso++;
    }
    return 0;
}

/* Sorted, de-duplicated lists of u32. */
typedef struct u32list {
    uint32_t *v;
    size_t n;
} u32list;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void u32_uniq(u32list *l)
{
    size_t k = 0;
    if (!l->n)
        return;
    qsort(l->v, l->n, sizeof(uint32_t), cmp_u32);
    for (size_t i = 1; i < l->n; i++)
        if (l->v[i] != l->v[k])
            l->v[++k] = l->v[i];
    l->n = k + 1;
}

typedef struct refs_ctx {
    assay_history *h;
    git_repository *repo;
    oidmap blobs;   /* blob id -> slot of a blob with findings */
    oidmap memo;    /* tree id -> index into lists */
    u32list *lists; /* the slots reachable from each memoised tree */
    size_t nlists, caplists;
} refs_ctx;

/* The slots reachable from a tree, memoised: *out indexes ctx->lists. */
static int tree_slots(refs_ctx *x, const git_oid *tree_id, int depth,
                      uint32_t *out)
{
    uint32_t *m = oidmap_get(&x->memo, tree_id);
    git_tree *tree = NULL;
    u32list acc = {0};
    size_t cap = 0;
    int err = 0;

    if (m) {
        *out = *m;
        return 0;
    }
    if (depth <= MAX_TREE_DEPTH && git_tree_lookup(&tree, x->repo, tree_id) == 0) {
        size_t n = git_tree_entrycount(tree);
        for (size_t i = 0; i < n && !err; i++) {
            const git_tree_entry *e = git_tree_entry_byindex(tree, i);
            const uint32_t *add = NULL;
            size_t nadd = 0;
            uint32_t slot, li;
            if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
                const uint32_t *s = oidmap_get(&x->blobs, git_tree_entry_id(e));
                if (!s)
                    continue;
                slot = *s;
                add = &slot;
                nadd = 1;
            } else if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
                if ((err = tree_slots(x, git_tree_entry_id(e), depth + 1, &li)) < 0)
                    break;
                add = x->lists[li].v;
                nadd = x->lists[li].n;
            }
            if (!nadd)
                continue;
            if (acc.n + nadd > cap) {
                size_t nc = (acc.n + nadd) * 2;
                uint32_t *v = assay__realloc(acc.v, nc * sizeof(*v));
                if (!v) {
                    err = ASSAY_ENOMEM;
                    break;
                }
                acc.v = v;
                cap = nc;
            }
            memcpy(acc.v + acc.n, add, nadd * sizeof(uint32_t));
            acc.n += nadd;
        }
        git_tree_free(tree);
    }
    /* An unreadable tree holds nothing as far as refs go; the walk has
     * already reported it. */
    if (err < 0) {
        assay__free(acc.v);
        return err;
    }
    u32_uniq(&acc);
    if (ASSAY_GROW(x->lists, x->nlists + 1, x->caplists, 256) < 0) {
        assay__free(acc.v);
        return ASSAY_ENOMEM;
    }
    x->lists[x->nlists++] = acc; /* freed with the lists from here on */
    if (oidmap_put(&x->memo, tree_id, (uint32_t)(x->nlists - 1)) < 0)
        return ASSAY_ENOMEM;
    *out = (uint32_t)(x->nlists - 1);
    return 0;
}

typedef struct fentry {
    assay__finding *f;
    assay_file_result *res;
    size_t job;
} fentry;

static int cmp_fentry(const void *a, const void *b)
{
    const fentry *x = a, *y = b;
    int c = strcmp(x->f->fingerprint, y->f->fingerprint);
    if (c)
        return c;
    return x->job < y->job ? -1 : x->job > y->job;
}

static int add_ref_name(assay__git_refnames *rn, const char *name)
{
    char **v = assay__realloc(rn->names, (rn->n + 1) * sizeof(*v));
    if (!v)
        return ASSAY_ENOMEM;
    rn->names = v;
    if (!(v[rn->n] = assay__strdup(name)))
        return ASSAY_ENOMEM;
    rn->n++;
    return 0;
}

int assay_history_finish(assay_history *h, assay_report *report)
{
    refs_ctx x;
    assay__git_refnames *rn = NULL;
    fentry *ents = NULL;
    size_t nents = 0, nslots = 0;
    u32list *blob_refs = NULL; /* per slot: ref indexes */
    git_reference_iterator *it = NULL;
    git_reference *ref;
    int err = 0;

    if (!h || !report || report->finished)
        return ASSAY_EINVAL;
    memset(&x, 0, sizeof(x));
    x.h = h;
    x.repo = h->repo;
    for (size_t i = 0; i < h->nproblems && !err; i++)
        err = assay_report_add_skip(report, h->problems[i].path,
                                    h->problems[i].reason,
                                    h->problems[i].detail);
    if (err < 0)
        return err;

    /* Every finding of the history, oldest blob first per fingerprint; and
     * the other paths of each blob with findings, complete only now that
     * the walk is over (with `incremental` it ran beside the scans). */
    for (size_t i = 0; i < report->results.len && !err; i++) {
        assay_file_result *res = report->results.items[i];
        if (res->git && res->nfindings)
            err = fill_also(h, res->git);
        if (res->git)
            nents += res->nfindings;
    }
    if (err < 0)
        return err;
    if (!nents)
        return 0;
    if (!(ents = assay__calloc(nents, sizeof(*ents))) ||
        !(rn = assay__calloc(1, sizeof(*rn)))) {
        err = ASSAY_ENOMEM;
        goto done;
    }
    nents = 0;
    for (size_t i = 0; i < report->results.len && !err; i++) {
        assay_file_result *res = report->results.items[i];
        git_oid bid;
        if (!res->git)
            continue;
        for (size_t k = 0; k < res->nfindings; k++) {
            ents[nents].f = &res->findings[k];
            ents[nents].res = res;
            ents[nents++].job = res->git->job;
        }
        if (res->nfindings && git_oid_fromstr(&bid, res->git->blob) == 0) {
            int e = oidmap_put(&x.blobs, &bid, (uint32_t)nslots);
            if (e < 0)
                err = e;
            else if (e > 0)
                nslots++;
        }
    }
    if (err < 0)
        goto done;
    qsort(ents, nents, sizeof(*ents), cmp_fentry);

    /* Refs: each ref's tip tree, with the memo. */
    if (!(blob_refs = assay__calloc(nslots ? nslots : 1, sizeof(*blob_refs)))) {
        err = ASSAY_ENOMEM;
        goto done;
    }
    if (git_reference_iterator_new(&it, h->repo) == 0) {
        while (!err && git_reference_next(&ref, it) == 0) {
            if (git_reference_type(ref) == GIT_REFERENCE_DIRECT ||
                git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC)
                err = add_ref_name(rn, git_reference_name(ref));
            git_reference_free(ref);
        }
        git_reference_iterator_free(it);
    }
    if (!err && git_repository_head_detached(h->repo) == 1)
        err = add_ref_name(rn, "HEAD");
    if (err < 0)
        goto done;
    if (rn->names)
        qsort(rn->names, rn->n, sizeof(char *), assay_strptr_cmp);
    for (size_t r = 0; r < rn->n && !err; r++) {
        git_reference *rf = NULL;
        git_object *peeled = NULL;
        uint32_t li;
        if (git_reference_lookup(&rf, h->repo, rn->names[r]) < 0 ||
            git_reference_peel(&peeled, rf, GIT_OBJECT_COMMIT) < 0) {
            git_reference_free(rf);
            continue; /* a ref to a blob or tree, or a dangling ref */
        }
        err = tree_slots(&x, git_commit_tree_id((git_commit *)peeled), 0, &li);
        for (size_t k = 0; !err && k < x.lists[li].n; k++) {
            u32list *l = &blob_refs[x.lists[li].v[k]];
            uint32_t *v = assay__realloc(l->v, (l->n + 1) * sizeof(*v));
            if (!v) {
                err = ASSAY_ENOMEM;
                break;
            }
            l->v = v;
            l->v[l->n++] = (uint32_t)r;
        }
        git_object_free(peeled);
        git_reference_free(rf);
    }
    if (err < 0)
        goto done;

    /* One finding per fingerprint: the oldest; refs: the union over the
     * blobs that carry it. Later copies are cleared, then compacted. */
    for (size_t a = 0, b; a < nents && !err; a = b) {
        u32list acc = {0};
        size_t total = 0;
        for (b = a; b < nents && !strcmp(ents[b].f->fingerprint,
                                          ents[a].f->fingerprint); b++) {
            git_oid bid;
            const uint32_t *s;
            if (git_oid_fromstr(&bid, ents[b].res->git->blob) == 0 &&
                (s = oidmap_get(&x.blobs, &bid)))
                total += blob_refs[*s].n;
        }
        if (total && !(acc.v = assay__malloc(total * sizeof(uint32_t)))) {
            err = ASSAY_ENOMEM;
            break;
        }
        for (size_t k = a; k < b; k++) {
            git_oid bid;
            const uint32_t *s;
            if (git_oid_fromstr(&bid, ents[k].res->git->blob) == 0 &&
                (s = oidmap_get(&x.blobs, &bid)) && blob_refs[*s].n) {
                memcpy(acc.v + acc.n, blob_refs[*s].v,
                       blob_refs[*s].n * sizeof(uint32_t));
                acc.n += blob_refs[*s].n;
            }
            if (k > a)
                ents[k].f->rule = NULL; /* marks a later copy */
        }
        u32_uniq(&acc);
        ents[a].f->git_refs = acc.v;
        ents[a].f->ngit_refs = (uint32_t)acc.n;
    }
    if (err < 0)
        goto done;
    for (size_t i = 0; i < report->results.len; i++) {
        assay_file_result *res = report->results.items[i];
        if (!res->git)
            continue;
        if (!res->git->refnames) {
            res->git->refnames = rn;
            rn->refcount++;
        }
        drop_marked(res);
    }

done:
    if (rn && rn->refcount == 0) {
        for (size_t i = 0; i < rn->n; i++)
            assay__free(rn->names[i]);
        assay__free(rn->names);
        assay__free(rn);
    }
    for (size_t i = 0; blob_refs && i < nslots; i++)
        assay__free(blob_refs[i].v);
    assay__free(blob_refs);
    for (size_t i = 0; i < x.nlists; i++)
        assay__free(x.lists[i].v);
    assay__free(x.lists);
    oidmap_free(&x.memo);
    oidmap_free(&x.blobs);
    assay__free(ents);
    return err;
}
