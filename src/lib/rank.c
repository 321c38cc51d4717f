/* rank.c - a finding's context, and the 0-100 score that orders a report.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Severity and confidence say how bad a rule's match is in general; the
 * context says how suspicious this one is here. A literal-guarded shell
 * inside a function that also reads a socket and checks a password is the
 * backdoor an auditor is looking for; the same shape in a test helper, or a
 * rule that fires in forty files of one project (an idiom of that project),
 * is not. So the score starts from severity and confidence
 * (assay__score) and moves with context bits (ASSAY_CTX_*), which are kept
 * on the finding and written in every output so a reader can see why a
 * finding ranks where it does.
 *
 * Two passes:
 *   assay__rank_file()   per file, from the bytes around each finding: the
 *                        enclosing function (a text window; no parse needed)
 *                        reads network/request input or is authentication
 *                        code; obfuscation in the same file; another
 *                        suspicious rule nearby; a test/example/docs path.
 *   assay__rank_report() over the whole report: the only file with this
 *                        rule (unusual for the project), or a rule that
 *                        fires in many files (an idiom of the project).
 * Only the categories that name a backdoor-like mechanism (backdoor, build,
 * obfuscation, capability) take the function and project context; secrets
 * and the rest only take the test-path one. */
#include "assay_int.h"

#include <string.h>
#include <strings.h>

static const char *const ctx_names[ASSAY_CTX_COUNT] = {
    "input", "auth", "near-obfuscation", "cluster", "test-code", "unique",
    "common"};

static const int ctx_weight[ASSAY_CTX_COUNT] = {8, 6, 6, 5, -10, 3, -12};

const char *assay_context_name(uint32_t bit)
{
    for (int i = 0; i < ASSAY_CTX_COUNT; i++)
        if (bit == (1u << i))
            return ctx_names[i];
    return NULL;
}

static int mechanism(assay_category c)
{
    return c == ASSAY_CAT_BACKDOOR || c == ASSAY_CAT_BUILD ||
           c == ASSAY_CAT_OBFUSCATION || c == ASSAY_CAT_CAPABILITY;
}

int assay__score_ctx(assay_severity s, assay_confidence c, uint32_t ctx)
{
    int v = assay__score(s, c);
    for (int i = 0; i < ASSAY_CTX_COUNT; i++)
        if (ctx & (1u << i))
            v += ctx_weight[i];
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* ---- the function around a finding ------------------------------------ */

#define WINDOW_LINES 150
#define CLUSTER_LINES 60

/* A line that starts or ends a top-level definition in the languages we
 * read: `}` in column 0 (C, JS, PHP, shell functions), or a definition
 * keyword in column 0 (Python, Ruby, Perl, Go, JS). */
static int boundary(const char *p, const char *end)
{
    static const char *const kw[] = {"def ", "async def ", "class ",
                                     "function ", "sub ", "func ", "module "};
    size_t n = (size_t)(end - p);
    if (!n)
        return 0;
    if (*p == '}')
        return 1;
    for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
        size_t k = strlen(kw[i]);
        if (n >= k && !memcmp(p, kw[i], k))
            return 1;
    }
    return 0;
}

/* [*a, *z): the lines between the definitions around `off`, at most
 * WINDOW_LINES each way. */
static void window(const char *d, size_t len, uint64_t off, size_t *a,
                   size_t *z)
{
    size_t lo = off < len ? (size_t)off : len, hi = lo;
    int n;
    /* back: to the start of the line holding off, then line by line */
    while (lo > 0 && d[lo - 1] != '\n')
        lo--;
    for (n = 0; lo > 0 && n < WINDOW_LINES; n++) {
        size_t prev = lo - 1; /* the '\n' ending the line above */
        while (prev > 0 && d[prev - 1] != '\n')
            prev--;
        if (boundary(d + prev, d + lo - 1)) {
            lo = prev; /* keep the definition line: it names the function */
            break;
        }
        lo = prev;
    }
    /* forward: line by line to a boundary */
    for (n = 0; hi < len && n < WINDOW_LINES; n++) {
        const char *nl = memchr(d + hi, '\n', len - hi);
        size_t next = nl ? (size_t)(nl - d) + 1 : len;
        if (n > 0 && boundary(d + hi, d + next))
            break;
        hi = next;
    }
    *a = lo;
    *z = hi;
}

static int has_any(const char *p, size_t n, const char *const *tok,
                   int caseless)
{
    for (; *tok; tok++) {
        size_t k = strlen(*tok);
        if (k > n)
            continue;
        if (!caseless) {
            if (memmem(p, n, *tok, k))
                return 1;
            continue;
        }
        for (size_t i = 0; i + k <= n; i++)
            if ((p[i] | 0x20) == (*tok)[0] && !strncasecmp(p + i, *tok, k))
                return 1;
    }
    return 0;
}

/* Where network or request data comes in, across the languages we read. */
static const char *const input_tok[] = {
    "recv(", "recvfrom(", "recvmsg(", "accept(", "accept4(", "read(sock",
    "read(conn", "read(client", "read(cfd", "read(sd", "SSL_read(",
    "QUERY_STRING", "HTTP_", "getenv(", "$_GET", "$_POST", "$_REQUEST",
    "$_COOKIE", "$_SERVER", "getallheaders", "php://input", "request.args",
    "request.form", "request.headers", "request.GET", "request.POST",
    "request.META", "request.cookies", "request.data", "request.json",
    "req.query", "req.body", "req.headers", "req.params", "req.cookies",
    ".recv(", "/dev/tcp/", "params[", "IO::Socket", "TCPServer", NULL};

/* Authentication code: names of functions and variables (any case). */
static const char *const auth_tok[] = {
    "authent", "authoriz", "auth_", "_auth", "auth(", "authok", "login",
    "logon", "passw", "credential", "pam_", "shadow", "verify_user",
    "check_user", "userauth", NULL}; /* not "auth": "author" is not auth */

static int path_is_test(const char *path)
{
    static const char *const dirs[] = {
        "test", "tests", "testing", "testdata", "testsuite", "t", "spec",
        "specs", "example", "examples", "sample", "samples", "doc", "docs",
        "demo", "demos", "fixture", "fixtures", "__tests__", NULL};
    const char *p = path;
    while (p && *p) {
        const char *slash = strchr(p, '/');
        size_t n;
        if (!slash)
            break; /* the file name itself does not count */
        n = (size_t)(slash - p);
        for (int i = 0; dirs[i]; i++)
            if (strlen(dirs[i]) == n && !strncasecmp(p, dirs[i], n))
                return 1;
        p = slash + 1;
    }
    return 0;
}

void assay__rank_file(assay_file_result *res, const char *data, size_t len)
{
    int obf = 0, test = path_is_test(res->identity ? res->identity : res->path);

    for (size_t i = 0; i < res->nfindings; i++)
        if (res->findings[i].pub.category == ASSAY_CAT_OBFUSCATION)
            obf = 1;
    for (size_t i = 0; i < res->nfindings; i++) {
        assay_finding *f = &res->findings[i].pub;
        uint32_t ctx = test ? ASSAY_CTX_TEST : 0;
        if (mechanism(f->category)) {
            size_t a, z;
            window(data, len, f->offset, &a, &z);
            if (has_any(data + a, z - a, input_tok, 0))
                ctx |= ASSAY_CTX_INPUT;
            if (has_any(data + a, z - a, auth_tok, 1))
                ctx |= ASSAY_CTX_AUTH;
            if (obf && f->category != ASSAY_CAT_OBFUSCATION)
                ctx |= ASSAY_CTX_OBFUSCATION;
            for (size_t k = 0; k < res->nfindings; k++) {
                const assay_finding *g = &res->findings[k].pub;
                uint32_t d = g->start_line > f->start_line
                                 ? g->start_line - f->start_line
                                 : f->start_line - g->start_line;
                if (k != i && mechanism(g->category) && d <= CLUSTER_LINES &&
                    strcmp(g->rule_id, f->rule_id)) {
                    ctx |= ASSAY_CTX_CLUSTER;
                    break;
                }
            }
        }
        f->context = ctx;
        f->score = assay__score_ctx(f->severity, f->confidence, ctx);
    }
}

/* ---- the project around a finding ------------------------------------- */

#define COMMON_FILES 8

int assay__rank_report(const assay_rules *rs, assay_file_result *const *res,
                       size_t nres)
{
    size_t *files, *last;

    if (!rs->nrules)
        return 0;
    files = assay__calloc(rs->nrules, sizeof(*files));
    last = assay__calloc(rs->nrules, sizeof(*last));
    if (!files || !last) {
        assay__free(files);
        assay__free(last);
        return ASSAY_ENOMEM;
    }
    for (size_t i = 0; i < nres; i++)
        for (size_t k = 0; k < res[i]->nfindings; k++) {
            size_t p = assay__rule_pos(rs, res[i]->findings[k].pub.rule_id);
            if (p < rs->nrules && last[p] != i + 1) {
                last[p] = i + 1;
                files[p]++;
            }
        }
    for (size_t i = 0; i < nres; i++)
        for (size_t k = 0; k < res[i]->nfindings; k++) {
            assay_finding *f = &res[i]->findings[k].pub;
            size_t p = assay__rule_pos(rs, f->rule_id);
            if (p >= rs->nrules || !mechanism(f->category))
                continue;
            f->context &= ~(uint32_t)(ASSAY_CTX_UNIQUE | ASSAY_CTX_COMMON);
            if (files[p] == 1)
                f->context |= ASSAY_CTX_UNIQUE;
            else if (files[p] >= COMMON_FILES)
                f->context |= ASSAY_CTX_COMMON;
            f->score = assay__score_ctx(f->severity, f->confidence, f->context);
        }
    assay__free(files);
    assay__free(last);
    return 0;
}
