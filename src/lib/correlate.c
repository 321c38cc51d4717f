/* correlate.c - findings that need two files: binary test data that a build
 * step reads.
 * SPDX-License-Identifier: Apache-2.0
 *
 * A staged build-time backdoor has two halves: a build, configure or
 * install step that carves, decodes or decompresses bytes and runs them
 * (the build.* rules find that half), and a binary file, usually under a
 * test folder where nobody reviews binary blobs, that carries the payload.
 * The second half is a finding of its own: it is what an auditor must
 * remove, and in `assay diff` a new payload file read by an old build step
 * is exactly what an update introduces.
 *
 * Files are scanned one at a time in parallel and the report keeps only
 * files with findings, so the link is made in three cheap steps:
 *
 *  1. scan (engine.c): a file that is binary or compressed and lies under
 *     a test-like folder gets `test_data` set on its result; a finding of
 *     category build gets `refs`: the file names, globs and directories its
 *     lines mention (`$srcdir/tests/files/x.xz`, `t/$n.lz` (a glob),
 *     `${CMAKE_SOURCE_DIR}/tests/v.gz`, `os.path.join('tests', 'x.bin')`,
 *     a variable assigned such a path elsewhere in the file). Built from
 *     the file's text while it is in memory; bounded per finding.
 *  2. report (assay_report_add_result): the display path of each test-data
 *     result is remembered, whether or not it had findings (only those
 *     files: a few thousand on a kernel-sized tree, capped), and so is an
 *     archive under a test folder whose members were scanned.
 *  3. finish (assay_report_finish, before ranking and filters): each
 *     reference is resolved from the build file's folder, then each folder
 *     above it up to the scan root (the display path minus the path the
 *     fingerprints use), against the sorted test-data paths; a literal
 *     path must match exactly, a glob with fnmatch, a folder takes the
 *     files directly in it. Each (data file, build line) pair becomes one
 *     finding of the `correlate: build-input` rule at the data file, and
 *     the build finding's message names what it reads.
 *
 * Everything happens on sorted data after the scan, so the output is the
 * same for any -j; fingerprints combine the data file's relative path with
 * the build finding's fingerprint, so a diff of two releases keeps only new
 * pairs. `assay history` results (git: paths) are left out: their paths
 * belong to different commits. */
#include "report.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#define REF_MAX 24           /* references kept per finding */
#define REF_LEN 400          /* longest reference */
#define TEXT_MAX 8192        /* bytes of a finding's lines looked at */
#define ASSIGN_SCAN 256      /* occurrences of a name checked for assignment */
#define ASSIGN_BEFORE 65536  /* bytes before the finding searched for one */
#define ASSIGN_AFTER 16384   /* and after it */
#define LOOKUPS 32           /* variable lookups per finding */
#define DATA_MAX 262144      /* test-data paths remembered per report */
#define HITS_PER_REF 16      /* data files one reference may name */
#define HITS_PER_FINDING 32

struct assay__corr {
    char **paths; /* display paths of test data, sorted by finish */
    size_t n, cap;
    char *last_container;
    int full;
};

/* ====================================================================
 * Which files are test data
 * ==================================================================== */

static int test_component(const char *s, size_t n)
{
    static const char *const names[] = {
        "t", "data", "fixture", "fixtures", "__tests__", "spec", "specs",
        "corpus", "samples", "sample", "regress", "regression", "vectors",
        NULL};
    char low[32];
    if (!n || n >= sizeof(low))
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)s[i]);
    low[n] = '\0';
    if (!strncmp(low, "test", 4) || (n > 5 && !strcmp(low + n - 5, "tests")))
        return 1;
    for (int i = 0; names[i]; i++)
        if (!strcmp(low, names[i]))
            return 1;
    return 0;
}

/* 1 when a folder of `path` (not its last component) is test-like. */
static int under_test_folder(const char *path)
{
    const char *p = path, *slash;
    while ((slash = strpbrk(p, "/!"))) {
        if (test_component(p, (size_t)(slash - p)))
            return 1;
        p = slash + 1;
    }
    return 0;
}

static int data_extension(const char *path)
{
    static const char *const ext[] = {
        "xz", "lzma", "lz", "gz", "tgz", "bz2", "zst", "z", "lz4", "lzo",
        "br", "bin", "dat", "raw", "img", NULL};
    const char *base = strrchr(path, '/'), *dot;
    base = base ? base + 1 : path;
    if (!(dot = strrchr(base, '.')) || dot == base)
        return 0;
    for (int i = 0; ext[i]; i++)
        if (!strcasecmp(dot + 1, ext[i]))
            return 1;
    return 0;
}

int assay__correlate_is_data(const char *identity, uint32_t kinds)
{
    if (!identity)
        return 0;
    if (!(kinds & KBIT(ASSAY_K_BINARY)) && !data_extension(identity))
        return 0;
    return under_test_folder(identity);
}

/* ====================================================================
 * References in a build finding's lines
 * ==================================================================== */

typedef struct refs {
    assay_buf out; /* NUL-separated */
    int n;
    const char *data; /* the whole file, for assignments */
    size_t len;
    size_t at; /* where the finding starts */
    int lookups;
} refs;

static int ident_char(int c) { return isalnum(c) || c == '_'; }

static int path_char(int c)
{
    return isalnum(c) || (c && strchr("_.+-@~/*?=,:", c));
}

static void scan_text(refs *R, const char *t, size_t n, int depth);

/* Already listed? */
static int have_ref(const refs *R, const char *s, size_t n)
{
    const char *p = R->out.ptr, *end = p ? p + R->out.len : NULL;
    while (p && p < end) {
        size_t k = strlen(p);
        if (k == n && !memcmp(p, s, n))
            return 1;
        p += k + 1;
    }
    return 0;
}

static void add_ref(refs *R, const char *s, size_t n)
{
    int lit = 0;
    while (n >= 2 && s[0] == '.' && s[1] == '/') {
        s += 2;
        n -= 2;
    }
    while (n && s[n - 1] == '/' && n > 1)
        n--;
    if (!n || n > REF_LEN || s[0] == '/' || s[0] == '~' || s[0] == '-' ||
        memmem(s, n, "://", 3))
        return;
    for (size_t i = 0; i < n; i++)
        if (isalnum((unsigned char)s[i]))
            lit = 1;
    if (!lit)
        return;
    /* a bare word is a reference only with an extension: `x.bin`, not `sh` */
    if (!memchr(s, '/', n)) {
        const char *dot = memchr(s, '.', n);
        if (!dot || dot == s || dot + 1 >= s + n ||
            !isalpha((unsigned char)dot[1]))
            return;
    }
    if (R->n >= REF_MAX || have_ref(R, s, n))
        return;
    assay_buf_put(&R->out, s, n);
    assay_buf_putc(&R->out, '\0');
    R->n++;
}

/* The value assigned to variable `name` in the file: `name=...`,
 * `name := ...`, `export name=...`, `set(name ...)`, `for name in ...`.
 * The last assignment before the finding, else the first after it. */
static int find_assign(refs *R, const char *name, size_t nlen,
                       const char **vs, size_t *vn)
{
    const char *d = R->data, *end = d + R->len, *p;
    const char *best = NULL;
    size_t bestn = 0;
    int seen = 0;

    /* bounded: near the finding, and a few lookups per finding */
    if (R->lookups++ >= LOOKUPS)
        return 0;
    p = R->at > ASSIGN_BEFORE ? d + R->at - ASSIGN_BEFORE : d;
    if (R->len - R->at > ASSIGN_AFTER)
        end = d + R->at + ASSIGN_AFTER;
    while (p < end && seen++ < ASSIGN_SCAN &&
           (p = memmem(p, (size_t)(end - p), name, nlen))) {
        const char *q = p + nlen, *ls = p, *v = NULL, *ve;
        int cmake = 0, forin = 0;
        if ((p > d && ident_char((unsigned char)p[-1])) ||
            (q < end && ident_char((unsigned char)*q))) {
            p = q;
            continue;
        }
        while (ls > d && ls[-1] != '\n')
            ls--;
        /* what precedes the name on its line */
        {
            const char *a = ls;
            while (a < p && (*a == ' ' || *a == '\t'))
                a++;
            if (p - a >= 4 && !strncasecmp(p - 4, "set(", 4))
                cmake = 1;
            else if (p - a >= 4 && !strncmp(p - 4, "for ", 4))
                forin = 1;
            else if (a != p && strncmp(a, "export ", 7) &&
                     strncmp(a, "local ", 6) && strncmp(a, "readonly ", 9)) {
                p = q;
                continue;
            }
        }
        if (cmake) {
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            v = q;
        } else if (forin) {
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            if (end - q > 3 && !strncmp(q, "in", 2) && isspace((unsigned char)q[2]))
                v = q + 3;
        } else {
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            while (q < end && (*q == ':' || *q == '?' || *q == '+'))
                q++;
            if (q < end && *q == '=')
                v = q + 1;
        }
        if (!v) {
            p = q;
            continue;
        }
        ve = memchr(v, '\n', (size_t)(end - v));
        if (!ve)
            ve = end;
        if (p <= d + R->at || !best) {
            best = v;
            bestn = (size_t)(ve - v);
        }
        if (p > d + R->at)
            break;
        p = ve;
    }
    if (!best)
        return 0;
    *vs = best;
    *vn = bestn > TEXT_MAX ? TEXT_MAX : bestn;
    return 1;
}

/* A variable reference at t[0..n): `$NAME`, `${NAME}`, `$(NAME)`,
 * `@NAME@`. Its length (0: not one) and name. */
static size_t var_ref(const char *t, size_t n, const char **name, size_t *nlen)
{
    size_t i;
    if (n >= 2 && t[0] == '@') {
        for (i = 1; i < n && ident_char((unsigned char)t[i]); i++)
            ;
        if (i > 1 && i < n && t[i] == '@') {
            *name = t + 1;
            *nlen = i - 1;
            return i + 1;
        }
        return 0;
    }
    if (n < 2 || t[0] != '$')
        return 0;
    if (t[1] == '{' || t[1] == '(') {
        char close = t[1] == '{' ? '}' : ')';
        for (i = 2; i < n && ident_char((unsigned char)t[i]); i++)
            ;
        if (i > 2 && i < n && t[i] == close) {
            *name = t + 2;
            *nlen = i - 2;
            return i + 1;
        }
        return 0;
    }
    for (i = 1; i < n && ident_char((unsigned char)t[i]); i++)
        ;
    if (i > 1) {
        *name = t + 1;
        *nlen = i - 1;
        return i;
    }
    return 0;
}

/* One token as written: resolve a leading variable, turn the others into
 * `*`, then add it. */
static void add_token(refs *R, const char *t, size_t n, int depth)
{
    char buf[REF_LEN + 1];
    size_t k = 0, i = 0, vl, nlen;
    const char *name, *eq;

    /* `if=path`, `--input=path`: the value */
    if ((eq = memchr(t, '=', n)) && eq > t) {
        int word = 1;
        for (const char *c = t; c < eq; c++)
            if (!ident_char((unsigned char)*c) && *c != '-')
                word = 0;
        if (word) {
            n -= (size_t)(eq + 1 - t);
            t = eq + 1;
        }
    }
    if ((vl = var_ref(t, n, &name, &nlen))) {
        const char *vs;
        size_t vn;
        int found = depth < 2 && find_assign(R, name, nlen, &vs, &vn);
        if (vl == n) { /* the whole token: what the variable holds */
            if (found)
                scan_text(R, vs, vn, depth + 1);
            return;
        }
        if (t[vl] == '/') {
            /* `$dir/x`: the folder the variable was set to, when it is a
             * plain relative path; else a folder of the tree, tried from
             * every level */
            if (found) {
                while (vn && (*vs == ' ' || *vs == '"' || *vs == '\''))
                    vs++, vn--;
                while (vn && strchr(" \t\r\"')", vs[vn - 1]))
                    vn--;
                if (vn && vn < REF_LEN / 2 && vs[0] != '$' && vs[0] != '/' &&
                    vs[0] != '`') {
                    int plain = 1;
                    for (size_t c = 0; c < vn; c++)
                        if (!path_char((unsigned char)vs[c]))
                            plain = 0;
                    if (plain) {
                        memcpy(buf, vs, vn);
                        k = vn;
                    }
                }
            }
            i = vl + (k ? 0 : 1);
        }
    }
    for (; i < n && k < REF_LEN; i++) {
        if ((t[i] == '$' || t[i] == '@') &&
            (vl = var_ref(t + i, n - i, &name, &nlen))) {
            if (!k || buf[k - 1] != '*')
                buf[k++] = '*';
            i += vl - 1;
            continue;
        }
        buf[k++] = t[i];
    }
    if (i < n)
        return; /* too long */
    add_ref(R, buf, k);
}

/* Quoted literals next to each other, separated by `,` or `/`
 * (`os.path.join('tests', 'files', 'x.bin')`, `Path(d) / 'tests' / 'x'`):
 * one path joined with `/`. */
static void add_joined(refs *R, const char *t, size_t n)
{
    char buf[REF_LEN + 1];
    size_t i = 0;
    while (i < n) {
        size_t k = 0, parts = 0, j = i;
        while (j < n) {
            char q = t[j];
            const char *close;
            if (q != '\'' && q != '"')
                break;
            close = memchr(t + j + 1, q, n - j - 1);
            if (!close)
                break;
            {
                size_t len = (size_t)(close - (t + j + 1));
                int plain = len > 0;
                for (size_t c = 0; c < len; c++)
                    if (!path_char((unsigned char)t[j + 1 + c]) ||
                        t[j + 1 + c] == '=' || t[j + 1 + c] == ',')
                        plain = 0;
                if (!plain || k + len + 1 > REF_LEN)
                    break;
                if (k)
                    buf[k++] = '/';
                memcpy(buf + k, t + j + 1, len);
                k += len;
                parts++;
            }
            j = (size_t)(close - t) + 1;
            while (j < n && (t[j] == ' ' || t[j] == '\t'))
                j++;
            if (j < n && (t[j] == ',' || t[j] == '/')) {
                j++;
                while (j < n && (t[j] == ' ' || t[j] == '\t'))
                    j++;
            } else {
                break;
            }
        }
        if (parts >= 2)
            add_ref(R, buf, k);
        i = j > i ? j : i + 1;
        while (i < n && t[i] != '\'' && t[i] != '"')
            i++;
    }
}

static void scan_text(refs *R, const char *t, size_t n, int depth)
{
    size_t i = 0;
    if (depth == 0)
        add_joined(R, t, n);
    while (i < n && R->n < REF_MAX) {
        size_t s = i, vl, nlen;
        const char *name;
        while (i < n) {
            if (path_char((unsigned char)t[i]) && t[i] != ',' && t[i] != ':') {
                i++;
            } else if (t[i] == '$' && (vl = var_ref(t + i, n - i, &name, &nlen))) {
                i += vl;
            } else {
                break;
            }
        }
        /* `"$dir"/x`: the quoted variable went before; the rest is
         * relative to wherever it points */
        if (i > s + 1 && t[s] == '/' && s > 0 &&
            (t[s - 1] == '"' || t[s - 1] == '\''))
            s++;
        if (i > s)
            add_token(R, t + s, i - s, depth);
        if (i == s)
            i++;
    }
}

char *assay__correlate_refs(const char *data, size_t len, uint64_t start,
                            uint64_t end)
{
    refs R = {ASSAY_BUF_INIT, 0, data, len, 0, 0};
    size_t a, z;

    if (!data || start > len)
        return NULL;
    if (end > len)
        end = len;
    a = (size_t)start;
    z = end > start ? (size_t)end : a;
    R.at = a;
    while (a > 0 && data[a - 1] != '\n')
        a--;
    /* continued lines above (`\` at the end) belong to the command */
    for (int up = 0; up < 8 && a >= 2 && data[a - 2] == '\\'; up++) {
        a--;
        while (a > 0 && data[a - 1] != '\n')
            a--;
    }
    while (z < len && data[z] != '\n')
        z++;
    if (z - a > TEXT_MAX)
        z = a + TEXT_MAX;
    R.out.max = REF_MAX * (REF_LEN + 1) + 16;
    scan_text(&R, data + a, z - a, 0);
    if (!R.n || assay_buf_failed(&R.out)) {
        assay_buf_free(&R.out);
        return NULL;
    }
    assay_buf_putc(&R.out, '\0'); /* the list ends with an empty string */
    if (assay_buf_failed(&R.out)) {
        assay_buf_free(&R.out);
        return NULL;
    }
    return assay_buf_take(&R.out);
}

/* For `assay rules test`: a build finding that names a file under a test
 * folder (there are no files, so the name decides). */
int assay__correlate_example(const assay_file_result *res)
{
    for (size_t k = 0; k < res->nfindings; k++) {
        const char *p = res->findings[k].refs;
        if (res->findings[k].pub.category != ASSAY_CAT_BUILD)
            continue;
        for (; p && *p; p += strlen(p) + 1)
            if (under_test_folder(p))
                return 1;
    }
    return 0;
}

/* ====================================================================
 * The report's side
 * ==================================================================== */

static int is_history(const assay_file_result *res)
{
    return res->git || !strncmp(res->path, "git:", 4);
}

static int corr_push(assay__corr *c, const char *path, size_t n)
{
    char *p;
    if (c->full)
        return 0;
    if (c->n >= DATA_MAX) {
        c->full = 1;
        return 0;
    }
    if (ASSAY_GROW(c->paths, c->n + 1, c->cap, 64) < 0 ||
        !(p = assay__strndup(path, n)))
        return ASSAY_ENOMEM;
    c->paths[c->n++] = p;
    return 0;
}

int assay__correlate_note(assay_report *r, const assay_file_result *res)
{
    assay__corr *c = r->corr;
    const char *bang = NULL, *prev = NULL;

    if (!res || !res->path || is_history(res))
        return 0;
    /* an archive member: its archive is test data when it sits under a
     * test folder (the members themselves may be text) */
    for (const char *p = res->path; (p = strchr(p, '!')); p++) {
        prev = bang;
        bang = p;
    }
    if (!res->test_data && !bang)
        return 0;
    if (!c) {
        if (!(c = r->corr = assay__calloc(1, sizeof(*c))))
            return ASSAY_ENOMEM;
    }
    if (bang) {
        size_t n = (size_t)(bang - res->path);
        const char *inner = prev ? prev + 1 : res->path;
        if ((!c->last_container || strlen(c->last_container) != n ||
             memcmp(c->last_container, res->path, n))) {
            char *cont = assay__strndup(res->path, n);
            if (!cont)
                return ASSAY_ENOMEM;
            assay__free(c->last_container);
            c->last_container = cont;
            if (under_test_folder(inner) && corr_push(c, res->path, n) < 0)
                return ASSAY_ENOMEM;
        }
    }
    if (res->test_data)
        return corr_push(c, res->path, strlen(res->path));
    return 0;
}

void assay__correlate_free(assay__corr *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        assay__free(c->paths[i]);
    assay__free(c->paths);
    assay__free(c->last_container);
    assay__free(c);
}

/* One data file read by one build finding. */
typedef struct pair {
    size_t data;               /* index into corr->paths */
    size_t rootlen;            /* of the data path: the scan root */
    const assay_file_result *bres;
    assay__finding *bf;
} pair;

typedef struct resolver {
    assay__corr *c;
    pair *pairs;
    size_t npairs, cap;
} resolver;

/* Collapse `.`, `..` and `//` in a relative path; 0 when `..` climbs out. */
static int normalize(char *p)
{
    size_t len = strlen(p), o = 0, i = 0;
    while (i < len) {
        size_t j = i, n;
        while (j < len && p[j] != '/')
            j++;
        n = j - i;
        if (n == 0 || (n == 1 && p[i] == '.')) {
            /* nothing */
        } else if (n == 2 && p[i] == '.' && p[i + 1] == '.') {
            if (!o)
                return 0;
            while (o > 0 && p[o - 1] != '/')
                o--;
            if (o)
                o--;
        } else {
            if (o)
                p[o++] = '/';
            memmove(p + o, p + i, n); /* o <= i: never ahead of the reader */
            o += n;
        }
        i = j + 1;
    }
    p[o] = '\0';
    return 1;
}

/* First index whose path is >= key. */
static size_t lower_bound(const assay__corr *c, const char *key)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(c->paths[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int add_pair(resolver *z, size_t data, size_t rootlen,
                    const assay_file_result *bres, assay__finding *bf)
{
    if (ASSAY_GROW(z->pairs, z->npairs + 1, z->cap, 32) < 0)
        return ASSAY_ENOMEM;
    z->pairs[z->npairs].data = data;
    z->pairs[z->npairs].rootlen = rootlen;
    z->pairs[z->npairs].bres = bres;
    z->pairs[z->npairs].bf = bf;
    z->npairs++;
    return 0;
}

/* The data files `full` (root + relative, possibly a glob) names: appended
 * to hits; returns how many. */
static size_t match_one(const assay__corr *c, const char *full,
                        size_t rootlen, size_t *hits, size_t room)
{
    size_t found = 0, plen = strcspn(full, "*?["), i;
    const char *rel = full + rootlen;
    char prefix[REF_LEN * 2 + 8];

    if (plen >= sizeof(prefix))
        return 0;
    memcpy(prefix, full, plen);
    prefix[plen] = '\0';
    i = lower_bound(c, prefix);
    if (!full[plen]) {
        /* a literal: the file, or the files directly in that folder */
        size_t n = strlen(full);
        if (i < c->n && !strcmp(c->paths[i], full))
            return room ? (hits[0] = i, 1) : 0;
        for (; i < c->n && found < room; i++) {
            const char *p = c->paths[i];
            if (strncmp(p, full, n))
                break;
            if (p[n] == '/' && !strchr(p + n + 1, '/'))
                hits[found++] = i;
        }
        return found;
    }
    for (; i < c->n && found < room; i++) {
        const char *p = c->paths[i];
        if (strncmp(p, prefix, plen))
            break;
        if (!strncmp(p, full, rootlen) &&
            fnmatch(rel, p + rootlen, FNM_PATHNAME) == 0)
            hits[found++] = i;
    }
    return found;
}

/* Resolve one build finding's references. */
static int resolve_finding(resolver *z, const assay_file_result *bres,
                           assay__finding *bf)
{
    const char *path = bres->path, *id = bres->identity;
    size_t plen = strlen(path), ilen = id ? strlen(id) : 0, rootlen, dirlen;
    size_t hits[HITS_PER_FINDING], nhits = 0;
    char *full = NULL;
    int err = 0;

    /* the scan root: the display path minus the fingerprint path */
    if (ilen && ilen <= plen && !strcmp(path + plen - ilen, id) &&
        (ilen == plen || path[plen - ilen - 1] == '/' ||
         path[plen - ilen - 1] == '!'))
        rootlen = plen - ilen;
    else
        rootlen = (size_t)(strrchr(path, '/') ? strrchr(path, '/') + 1 - path
                                              : 0);
    dirlen = strrchr(path + rootlen, '/')
                 ? (size_t)(strrchr(path + rootlen, '/') - path)
                 : rootlen;
    if (!(full = assay__malloc(plen + REF_LEN * 2 + 8)))
        return ASSAY_ENOMEM;
    for (const char *ref = bf->refs; *ref && nhits < HITS_PER_FINDING;
         ref += strlen(ref) + 1) {
        size_t d = dirlen;
        /* from the build file's folder up to the root */
        for (;;) {
            size_t n, got;
            char *rel;
            memcpy(full, path, rootlen);
            rel = full + rootlen;
            n = d > rootlen ? d - rootlen : 0;
            memcpy(rel, path + rootlen, n);
            if (n)
                rel[n++] = '/';
            strcpy(rel + n, ref);
            if (normalize(rel) && *rel) {
                size_t room = HITS_PER_FINDING - nhits;
                got = match_one(z->c, full, rootlen, hits + nhits,
                                room < HITS_PER_REF ? room : HITS_PER_REF);
                if (got) {
                    nhits += got;
                    break;
                }
            }
            if (d <= rootlen)
                break;
            /* the folder above */
            while (d > rootlen && path[d - 1] != '/')
                d--;
            if (d > rootlen)
                d--;
            else
                d = rootlen;
        }
    }
    assay__free(full);
    for (size_t i = 0; i < nhits && !err; i++) {
        int dup = 0;
        for (size_t j = 0; j < i; j++)
            dup |= hits[j] == hits[i];
        if (!dup)
            err = add_pair(z, hits[i], rootlen, bres, bf);
    }
    return err;
}

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    const assay_finding *fx = &x->bf->pub, *fy = &y->bf->pub;
    int c;
    if (x->data != y->data)
        return x->data < y->data ? -1 : 1;
    if ((c = strcmp(fx->path, fy->path)))
        return c;
    if (fx->start_line != fy->start_line)
        return fx->start_line < fy->start_line ? -1 : 1;
    if (fx->severity != fy->severity)
        return fx->severity > fy->severity ? -1 : 1;
    return strcmp(fx->rule_id, fy->rule_id);
}

/* Relative path of a build file (for messages): after its scan root. */
static const char *rel_of(const assay_file_result *res)
{
    return res->identity ? res->identity : res->path;
}

/* The finding at data file p->data for the pair. */
static int make_finding(const assay_rules *rs, const assay__rule *rule,
                        const assay__corr *c, const pair *p,
                        assay__finding *f)
{
    const assay_finding *b = &p->bf->pub;
    const char *data = c->paths[p->data], *rel = data + p->rootlen;
    assay_buf m = ASSAY_BUF_INIT;
    char hex[65];

    (void)rs;
    f->rule = rule;
    f->pub.rule_id = rule->id;
    f->pub.title = rule->title;
    f->pub.category = rule->info.category;
    f->pub.severity = b->severity < rule->info.severity ? b->severity
                                                        : rule->info.severity;
    f->pub.confidence = b->confidence < rule->info.confidence
                            ? b->confidence
                            : rule->info.confidence;
    f->pub.score = assay__score(f->pub.severity, f->pub.confidence);
    f->pub.start_line = f->pub.end_line = 1;
    f->pub.start_col = f->pub.end_col = 1;
    assay_buf_printf(&m, "%s is read by the build step at %s:%u (%s)", rel,
                     rel_of(p->bres), b->start_line, b->rule_id);
    f->owned_message = assay_buf_take(&m);
    f->owned_snippet = assay__strdup(b->snippet ? b->snippet : "");
    if (!f->owned_message || !f->owned_snippet)
        return ASSAY_ENOMEM;
    f->pub.message = f->owned_message;
    f->pub.snippet = f->owned_snippet;
    if (b->suppressed) {
        f->pub.suppressed = 1;
        if (!(f->owned_reason = assay__strdup(
                  b->suppress_reason ? b->suppress_reason : "")))
            return ASSAY_ENOMEM;
        f->pub.suppress_reason = f->owned_reason;
    }
    assay_buf_printf(&m, "%s\n%s\n%s", rule->id, rel, b->fingerprint);
    if (assay_buf_failed(&m)) {
        assay_buf_free(&m);
        return ASSAY_ENOMEM;
    }
    assay_sha256_hex(m.ptr, m.len, hex);
    assay_buf_free(&m);
    memcpy(f->fingerprint, hex, 32);
    f->fingerprint[32] = '\0';
    f->pub.fingerprint = f->fingerprint;
    return 0;
}

/* "; reads a, b and 2 more" on the build finding. */
static int name_reads(const assay__corr *c, const pair *pairs, size_t n,
                      assay__finding *bf)
{
    assay_buf m = ASSAY_BUF_INIT;
    size_t shown = 0, total = 0;
    assay_buf_puts(&m, bf->pub.message ? bf->pub.message : "");
    for (size_t i = 0; i < n; i++) {
        if (pairs[i].bf != bf)
            continue;
        total++;
        if (shown < 3) {
            assay_buf_puts(&m, shown ? ", " : "; reads ");
            assay_buf_puts(&m, c->paths[pairs[i].data] + pairs[i].rootlen);
            shown++;
        }
    }
    if (!total) {
        assay_buf_free(&m);
        return 0;
    }
    if (total > shown)
        assay_buf_printf(&m, " and %zu more", total - shown);
    if (assay_buf_failed(&m)) {
        assay_buf_free(&m);
        return ASSAY_ENOMEM;
    }
    assay__free(bf->owned_message);
    bf->owned_message = assay_buf_take(&m);
    bf->pub.message = bf->owned_message;
    return 0;
}

static const assay__rule *correlate_rule(const assay_rules *rs)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (rs->rules[i]->type == MATCH_CORRELATE &&
            !strcmp(rs->rules[i]->correlate, "build-input"))
            return rs->rules[i];
    return NULL;
}

int assay__correlate_finish(assay_report *r)
{
    assay__corr *c = r->corr;
    const assay__rule *rule;
    resolver z = {0};
    size_t nres = r->results.len, k;
    int err = 0;

    if (!c || !c->n || !(rule = correlate_rule(r->rules)))
        return 0;
    qsort(c->paths, c->n, sizeof(*c->paths), assay_strptr_cmp);
    for (size_t i = 1, w = 1; i <= c->n; i++) { /* drop duplicates */
        if (i == c->n) {
            c->n = w;
            break;
        }
        if (!strcmp(c->paths[i], c->paths[w - 1]))
            assay__free(c->paths[i]);
        else
            c->paths[w++] = c->paths[i];
    }
    z.c = c;
    for (size_t i = 0; i < nres && !err; i++) {
        assay_file_result *res = r->results.items[i];
        if (is_history(res))
            continue;
        for (k = 0; k < res->nfindings && !err; k++) {
            assay__finding *f = &res->findings[k];
            if (f->refs && f->pub.category == ASSAY_CAT_BUILD &&
                f->rule != rule)
                err = resolve_finding(&z, res, f);
        }
    }
    if (err || !z.npairs)
        goto done;
    qsort(z.pairs, z.npairs, sizeof(*z.pairs), cmp_pair);
    /* the build findings name what they read (before any message is
     * copied) */
    for (size_t i = 0; i < nres && !err; i++) {
        assay_file_result *res = r->results.items[i];
        for (k = 0; k < res->nfindings && !err; k++)
            if (res->findings[k].refs)
                err = name_reads(c, z.pairs, z.npairs, &res->findings[k]);
    }
    /* one pair per data file and build line: the strongest rule there */
    k = 0;
    for (size_t i = 0; i < z.npairs; i++) {
        if (k && z.pairs[k - 1].data == z.pairs[i].data &&
            !strcmp(z.pairs[k - 1].bf->pub.path, z.pairs[i].bf->pub.path) &&
            z.pairs[k - 1].bf->pub.start_line == z.pairs[i].bf->pub.start_line)
            continue;
        z.pairs[k++] = z.pairs[i];
    }
    z.npairs = k;
    /* one result per data file, holding its findings */
    for (size_t i = 0; i < z.npairs && !err;) {
        size_t j = i, n;
        assay_file_result *res;
        const char *path = c->paths[z.pairs[i].data];
        while (j < z.npairs && z.pairs[j].data == z.pairs[i].data)
            j++;
        n = j - i;
        if (!(res = assay__calloc(1, sizeof(*res))) ||
            !(res->path = assay__strdup(path)) ||
            !(res->identity = assay__strdup(path + z.pairs[i].rootlen)) ||
            !(res->findings = assay__calloc(n, sizeof(*res->findings)))) {
            assay_file_result_free(res);
            err = ASSAY_ENOMEM;
            break;
        }
        res->cap = n;
        for (size_t q = i; q < j && !err; q++) {
            assay__finding *f = &res->findings[res->nfindings++];
            err = make_finding(r->rules, rule, c, &z.pairs[q], f);
            f->pub.path = res->path;
        }
        if (err || assay_vec_push(&r->results, res) < 0) {
            assay_file_result_free(res);
            err = err ? err : ASSAY_ENOMEM;
        }
        i = j;
    }
done:
    assay__free(z.pairs);
    return err;
}
