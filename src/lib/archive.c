/* archive.c - scanning the members of release archives, in memory.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Auditors receive software as tarballs, zips, .debs and jars more often
 * than as checkouts, and an update is reviewed as two releases side by
 * side (`assay diff old.tar.gz new.tar.gz`). libarchive reads them all; each
 * regular member is read into memory and scanned like a file. Nothing is
 * ever written to disk, so member names (`../../etc/passwd`, absolute
 * paths, control characters) are only text in the report, escaped by the
 * writers like any path.
 *
 * A member is reported as `ARCHIVE!/member` (nested: `a.deb!/data.tar.xz!/
 * usr/bin/x`). Its fingerprint identity is the member's path without the
 * release folder every member of a source tarball starts with
 * (`proj-1.2/`), so findings keep their fingerprints from one release to
 * the next and a diff shows only what changed.
 *
 * Hostile archives are bounded: members over the scanner's size cap are
 * skipped unread, at most ARCHIVE_MAX_BYTES are decompressed and
 * ARCHIVE_MAX_MEMBERS members visited per top-level archive (a zip bomb
 * ends there, reported as "archive-limit"), archives nest at most
 * ARCHIVE_MAX_DEPTH deep, links and devices are never followed, encrypted
 * members are reported, and a damaged archive reports what it could not
 * read and keeps every result found before. */
#include "assay_int.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>

#define ARCHIVE_MAX_BYTES (2ull << 30)
#define ARCHIVE_MAX_MEMBERS 1000000u
#define ARCHIVE_MAX_DEPTH 3
#define ARCHIVE_BLOCK 65536

static const char *const archive_ext[] = {
    ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2",
    ".tbz", ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma", ".tlz", ".tar.Z",
    ".zip", ".jar", ".war", ".ear", ".whl", ".apk", ".aar", ".nupkg",
    ".vsix", ".xpi", ".crx", ".7z", ".cpio", ".deb", ".udeb", ".ipk",
    ".rpm", ".iso", ".gem", ".xar", ".pkg", ".cab", ".rar", NULL};

/* The archive extension `name` ends with, or NULL. */
static const char *archive_suffix(const char *name)
{
    size_t n = strlen(name);
    const char *best = NULL;
    for (int i = 0; archive_ext[i]; i++) {
        size_t k = strlen(archive_ext[i]);
        if (n > k && !strcasecmp(name + n - k, archive_ext[i]) &&
            (!best || k > strlen(best)))
            best = archive_ext[i];
    }
    return best;
}

int assay_is_archive(const char *path)
{
    return path && archive_suffix(path) != NULL;
}

typedef struct arc_state {
    assay_scanner *s;
    assay_result_cb cb;
    void *payload;
    uint64_t bytes;   /* decompressed so far, all levels */
    uint32_t members; /* visited so far, all levels */
    char *buf;
    size_t cap;
    int stopped;      /* a limit was reached: report once, read no more */
} arc_state;

/* `proj-1.2/src/x.c` -> `src/x.c` when the first component is the release
 * folder: the archive's own stem, or a name-version folder. */
static const char *strip_release(const char *member, const char *stem)
{
    const char *slash = strchr(member, '/');
    size_t n;
    if (!slash || !slash[1])
        return member;
    n = (size_t)(slash - member);
    if (stem && strlen(stem) == n && !strncmp(member, stem, n))
        return slash + 1;
    for (size_t i = 0; i + 1 < n; i++)
        if (member[i] == '-' && member[i + 1] >= '0' && member[i + 1] <= '9')
            return slash + 1;
    return member;
}

static int emit(arc_state *st, assay_file_result *res)
{
    if (!res)
        return ASSAY_ENOMEM;
    return st->cb(res, st->payload) ? ASSAY_EIO : 0;
}

static int emit_skip(arc_state *st, const char *path, const char *reason,
                     const char *detail)
{
    return emit(st, assay__result_skipped(path, reason, detail));
}

static int walk(arc_state *st, struct archive *a, const char *display,
                const char *id_prefix, const char *stem, int depth);

/* Read the current member into st->buf: 0 and *len, 1 when it is larger
 * than `cap` (or the byte budget), 2 on a read error, ASSAY_ENOMEM. */
static int read_member(arc_state *st, struct archive *a, uint64_t cap,
                       size_t *len)
{
    size_t n = 0;
    for (;;) {
        la_ssize_t k;
        if (n + ARCHIVE_BLOCK > st->cap) {
            size_t want = st->cap ? st->cap * 2 : 1 << 20;
            char *v;
            while (want < n + ARCHIVE_BLOCK)
                want *= 2;
            if (!(v = assay__realloc(st->buf, want)))
                return ASSAY_ENOMEM;
            st->buf = v;
            st->cap = want;
        }
        k = archive_read_data(a, st->buf + n, ARCHIVE_BLOCK);
        if (k < 0)
            return 2;
        if (k == 0)
            break;
        n += (size_t)k;
        st->bytes += (uint64_t)k;
        if (n > cap || st->bytes > ARCHIVE_MAX_BYTES)
            return 1;
    }
    *len = n;
    return 0;
}

static int member(arc_state *st, struct archive *a, struct archive_entry *e,
                  const char *display, const char *id_prefix,
                  const char *stem, int depth)
{
    const char *name = archive_entry_pathname(e);
    char *path = NULL, *identity = NULL;
    const char *rel;
    uint64_t cap = assay__scanner_max_file_size(st->s);
    size_t len = 0;
    int rc, err = 0;

    if (!name)
        name = "(unnamed)";
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    while (name[0] == '/')
        name++;
    rel = strip_release(name, stem);
    {
        assay_buf b = ASSAY_BUF_INIT, c = ASSAY_BUF_INIT;
        assay_buf_printf(&b, "%s!/%s", display, name);
        if (id_prefix)
            assay_buf_printf(&c, "%s!/%s", id_prefix, rel);
        else
            assay_buf_puts(&c, rel);
        if (assay_buf_failed(&b) || assay_buf_failed(&c)) {
            assay_buf_free(&b);
            assay_buf_free(&c);
            return ASSAY_ENOMEM;
        }
        path = assay_buf_take(&b);
        identity = assay_buf_take(&c);
        if (!path || !identity) {
            assay__free(path);
            assay__free(identity);
            return ASSAY_ENOMEM;
        }
    }
    if (archive_entry_filetype(e) != AE_IFREG) {
        /* directories are silent; links and devices are reported */
        if (archive_entry_filetype(e) != AE_IFDIR)
            err = emit_skip(st, path,
                            archive_entry_symlink(e) ? "symlink" : "special",
                            "archive member that is not a regular file");
        goto out;
    }
    if (archive_entry_is_encrypted(e)) {
        err = emit_skip(st, path, "encrypted", "encrypted archive member");
        goto out;
    }
    if (archive_entry_size_is_set(e) && (uint64_t)archive_entry_size(e) > cap) {
        char d[96];
        snprintf(d, sizeof(d), "%lld bytes, limit %llu",
                 (long long)archive_entry_size(e), (unsigned long long)cap);
        err = emit_skip(st, path, "too-large", d);
        goto out;
    }
    rc = read_member(st, a, cap, &len);
    if (rc == ASSAY_ENOMEM) {
        err = rc;
        goto out;
    }
    if (rc == 2) {
        err = emit_skip(st, path, "archive-error", archive_error_string(a));
        goto out;
    }
    if (rc == 1) {
        if (st->bytes > ARCHIVE_MAX_BYTES) {
            st->stopped = 1;
            err = emit_skip(st, path, "archive-limit",
                            "more than 2 GiB decompressed: the rest of the "
                            "archive is not scanned");
        } else {
            err = emit_skip(st, path, "too-large", "larger than the size cap");
        }
        goto out;
    }
    if (depth < ARCHIVE_MAX_DEPTH && assay_is_archive(name)) {
        /* an archive inside: read it from memory, one level deeper */
        struct archive *in = archive_read_new();
        char *copy = assay__malloc(len ? len : 1);
        if (!in || !copy) {
            archive_read_free(in);
            assay__free(copy);
            err = ASSAY_ENOMEM;
            goto out;
        }
        memcpy(copy, st->buf, len);
        archive_read_support_filter_all(in);
        archive_read_support_format_all(in);
        archive_read_support_format_raw(in); /* a bare .gz or .xz */
        if (archive_read_open_memory(in, copy, len) != ARCHIVE_OK)
            err = emit_skip(st, path, "archive-error", archive_error_string(in));
        else
            err = walk(st, in, path, identity, NULL, depth + 1);
        archive_read_free(in);
        assay__free(copy);
        goto out;
    }
    {
        assay_file_result *res = NULL;
        err = assay__scan_buffer_as(st->s, path, identity, st->buf, len, &res);
        if (!err)
            err = emit(st, res);
    }
out:
    assay__free(path);
    assay__free(identity);
    return err;
}

static int walk(arc_state *st, struct archive *a, const char *display,
                const char *id_prefix, const char *stem, int depth)
{
    struct archive_entry *e;
    int err = 0;

    while (!err && !st->stopped) {
        int r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            char d[256];
            snprintf(d, sizeof(d), "%s (after %u members)",
                     archive_error_string(a) ? archive_error_string(a)
                                             : "unreadable",
                     st->members);
            return emit_skip(st, display, "archive-error", d);
        }
        if (++st->members > ARCHIVE_MAX_MEMBERS) {
            st->stopped = 1;
            return emit_skip(st, display, "archive-limit",
                             "more than 1,000,000 members: the rest is not "
                             "scanned");
        }
        err = member(st, a, e, display, id_prefix, stem, depth);
    }
    return err;
}

int assay_scan_archive(assay_scanner *s, const char *path,
                       const char *display, assay_result_cb cb, void *payload)
{
    arc_state st;
    struct archive *a;
    char *stem = NULL;
    const char *base, *suf;
    int err;

    if (!s || !path || !cb)
        return ASSAY_EINVAL;
    if (!display)
        display = path;
    memset(&st, 0, sizeof(st));
    st.s = s;
    st.cb = cb;
    st.payload = payload;
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if ((suf = archive_suffix(base)) &&
        (stem = assay__strdup(base)) != NULL)
        stem[strlen(base) - strlen(suf)] = '\0';
    if (!(a = archive_read_new())) {
        assay__free(stem);
        return ASSAY_ENOMEM;
    }
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    /* O_NOFOLLOW is the walker's job: it never hands us a link */
    if (archive_read_open_filename(a, path, ARCHIVE_BLOCK) != ARCHIVE_OK)
        err = emit_skip(&st, display, "archive-error",
                        archive_error_string(a));
    else
        err = walk(&st, a, display, NULL, stem, 1);
    archive_read_free(a);
    assay__free(st.buf);
    assay__free(stem);
    return err;
}
