/* walk.c - list the files of a scan target, safely and deterministically.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The target may have been built by an attacker, so the walk trusts nothing
 * in it:
 *  - symbolic links inside the tree are never followed. One that resolves
 *    inside the target is silently passed over (its target is scanned at its
 *    real path); one leading outside, a loop and a dangling link are
 *    reported as skipped;
 *  - directories are opened with O_NOFOLLOW|O_DIRECTORY, and the (device,
 *    inode) pairs of the directories above are kept, so a bind-mount loop is
 *    caught too;
 *  - FIFOs, sockets and devices are reported, never opened;
 *  - depth is capped (default 256) and names are sorted bytewise, so the
 *    same tree always yields the same list, whatever the file system. */
#include "assay_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct walker {
    const assay_walk_options *opts;
    assay_walk_file_cb on_file;
    assay_walk_skip_cb on_skip;
    void *payload;
    const char *root_real; /* realpath of the current target */
    size_t root_len;       /* length of the target as given */
    struct {
        dev_t dev;
        ino_t ino;
    } stack[512];
    uint32_t depth, max_depth;
    int stop;
} walker;

static void skip(walker *w, const char *path, const char *reason,
                 const char *detail)
{
    if (w->on_skip)
        w->on_skip(path, reason, detail, w->payload);
}

static int excluded(const walker *w, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < w->opts->nexclude; i++) {
        const char *g = w->opts->exclude[i];
        if (!fnmatch(g, base, 0) || !fnmatch(g, path, 0))
            return 1;
    }
    return 0;
}

static int inside(const char *root, const char *p)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return 1;
    return !strncmp(root, p, n) && (p[n] == '/' || p[n] == '\0');
}

static void classify_link(walker *w, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real) {
        int e = errno;
        skip(w, path, e == ELOOP ? "symlink-loop" : "symlink-dangling",
             strerror(e));
        return;
    }
    if (!inside(w->root_real, real))
        skip(w, path, "symlink-outside-target", "not followed");
    /* else: the link's target is inside and is scanned where it lives */
    free(real);
}

static int walk_path(walker *w, const char *path, int top);

static int walk_dir(walker *w, const char *path, const struct stat *st)
{
    int fd;
    DIR *d;
    struct dirent *de;
    assay_vec names = {0};
    int err = 0;

    for (uint32_t i = 0; i < w->depth; i++) {
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
            skip(w, path, "directory-loop", "already being walked above");
            return 0;
        }
    }
    if (w->depth >= w->max_depth) {
        skip(w, path, "too-deep", "directory nesting over the depth limit");
        return 0;
    }
    fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        skip(w, path, errno == EACCES ? "unreadable" : "open-error",
             strerror(errno));
        return 0;
    }
    if (!(d = fdopendir(fd))) {
        close(fd);
        skip(w, path, "open-error", strerror(errno));
        return 0;
    }
    while ((de = readdir(d))) {
        char *n;
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (!(n = assay__strdup(de->d_name)) || assay_vec_push(&names, n) < 0) {
            assay__free(n);
            err = ASSAY_ENOMEM;
            break;
        }
    }
    closedir(d);
    if (names.items)
        qsort(names.items, names.len, sizeof(void *), assay_strptr_cmp);
    w->stack[w->depth].dev = st->st_dev;
    w->stack[w->depth].ino = st->st_ino;
    w->depth++;
    for (size_t i = 0; i < names.len && !err && !w->stop; i++) {
        assay_buf child = ASSAY_BUF_INIT;
        size_t pl = strlen(path);
        assay_buf_puts(&child, path);
        if (pl && path[pl - 1] != '/')
            assay_buf_putc(&child, '/');
        assay_buf_puts(&child, names.items[i]);
        if (assay_buf_failed(&child))
            err = ASSAY_ENOMEM;
        else
            err = walk_path(w, child.ptr, 0);
        assay_buf_free(&child);
    }
    w->depth--;
    for (size_t i = 0; i < names.len; i++)
        assay__free(names.items[i]);
    assay_vec_free(&names);
    return err;
}

static int walk_path(walker *w, const char *path, int top)
{
    struct stat st;

    if (!top && excluded(w, path))
        return 0;
    if ((top ? stat(path, &st) : lstat(path, &st)) < 0) {
        skip(w, path, errno == ENOENT ? "not-found" : "stat-error",
             strerror(errno));
        return 0;
    }
    if (S_ISLNK(st.st_mode)) {
        classify_link(w, path);
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(w, path, &st);
    if (S_ISREG(st.st_mode)) {
        const char *rel = path + w->root_len;
        if (top) {
            rel = strrchr(path, '/');
            rel = rel ? rel + 1 : path;
        }
        while (*rel == '/')
            rel++;
        if (w->on_file(path, rel, (uint64_t)st.st_size, w->payload))
            w->stop = 1;
        return 0;
    }
    skip(w, path, S_ISFIFO(st.st_mode)   ? "fifo"
                  : S_ISSOCK(st.st_mode) ? "socket"
                                         : "device",
         "not a regular file");
    return 0;
}

int assay_walk(const char *const *paths, size_t npaths,
               const assay_walk_options *opts, assay_walk_file_cb on_file,
               assay_walk_skip_cb on_skip, void *payload)
{
    assay_walk_options defaults = ASSAY_WALK_OPTIONS_INIT;
    walker w;
    int err = 0;

    if ((!paths && npaths) || !on_file)
        return ASSAY_EINVAL;
    if (!opts)
        opts = &defaults;
    if (opts->version != ASSAY_WALK_OPTIONS_VERSION)
        return ASSAY_EINVAL;
    memset(&w, 0, sizeof(w));
    w.opts = opts;
    w.on_file = on_file;
    w.on_skip = on_skip;
    w.payload = payload;
    w.max_depth = opts->max_depth ? opts->max_depth : 256;
    if (w.max_depth > 512)
        w.max_depth = 512;
    for (size_t i = 0; i < npaths && !err && !w.stop; i++) {
        char *real = realpath(paths[i], NULL);
        if (!real) {
            skip(&w, paths[i], errno == ENOENT ? "not-found" : "stat-error",
                 strerror(errno));
            continue;
        }
        w.root_real = real;
        w.root_len = strlen(paths[i]);
        err = walk_path(&w, paths[i], 1);
        free(real);
    }
    return err;
}
