/* engine.c - compile a rule set and scan buffers with it.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Compile: every regex and literal of every rule, and every `requires`
 * literal of the structural rules, goes into ONE Vectorscan database
 * (prefilter + single-match mode: a hit means "this rule may match here").
 * Each regex is also compiled with PCRE2 (JIT) for confirmation, exact spans
 * and captures; each query with tree-sitter.
 *
 * Scan, per file: one Vectorscan pass marks candidate rules; PCRE2 runs
 * only for the rules that were hit and apply to the file's kind; a file is
 * parsed (once per language) only when some structural rule's `requires`
 * literals were all seen. Candidates then go through validators (entropy,
 * placeholders), become findings with line/column, a snippet (secrets
 * redacted) and a fingerprint, and inline `assay:ignore[...]` comments are
 * applied. Every step has a bound (match counts, PCRE2 match limits, parse
 * size and time) so a hostile file costs at most a known amount of work. */
#include "assay_int.h"

#include "builtin.h"

#include <ctype.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#define MAX_MATCHES_PER_RULE 1000   /* per file; more are not reported */
#define DEFAULT_MAX_PARSE (8u << 20) /* bytes */
#define DEFAULT_PARSE_MS 3000
#define SNIPPET_MAX 240

/* ====================================================================
 * Names and small helpers
 * ==================================================================== */

static const char *const sev_names[] = {"info", "low", "medium", "high",
                                        "critical"};
static const char *const conf_names[] = {"low", "medium", "high"};
static const char *const cat_names[] = {"backdoor", "build", "obfuscation",
                                        "capability", "secret", "crypto",
                                        "endpoint", "provenance"};

const char *assay_version(void) { return ASSAY_VERSION; }

const char *assay_strerror(int code)
{
    switch (code) {
    case ASSAY_OK: return "no error";
    case ASSAY_ENOMEM: return "out of memory";
    case ASSAY_EINVAL: return "invalid argument";
    case ASSAY_ESYNTAX: return "rule syntax error";
    case ASSAY_ELIMIT: return "limit reached";
    case ASSAY_EIO: return "input/output error";
    case ASSAY_EFORMAT: return "malformed input file";
    default: return "unknown error";
    }
}

const char *assay_severity_name(assay_severity s)
{
    return (unsigned)s < 5 ? sev_names[s] : "?";
}
const char *assay_confidence_name(assay_confidence c)
{
    return (unsigned)c < 3 ? conf_names[c] : "?";
}
const char *assay_category_name(assay_category c)
{
    return (unsigned)c < ASSAY_CAT_COUNT ? cat_names[c] : "?";
}
int assay_severity_parse(const char *name)
{
    for (int i = 0; i < 5; i++)
        if (!strcmp(name, sev_names[i]))
            return i;
    return -1;
}
int assay_category_parse(const char *name)
{
    for (int i = 0; i < ASSAY_CAT_COUNT; i++)
        if (!strcmp(name, cat_names[i]))
            return i;
    return -1;
}

int assay__severity_weight(assay_severity s)
{
    static const int w[] = {10, 30, 50, 70, 90};
    return (unsigned)s < 5 ? w[s] : 0;
}

/* The first ranking: severity, moved by confidence. Context-aware scoring
 * (network handler, reachability, obfuscation nearby) builds on this. */
int assay__score(assay_severity s, assay_confidence c)
{
    int v = assay__severity_weight(s) + (c == ASSAY_CONF_HIGH ? 8
                                         : c == ASSAY_CONF_LOW ? -12 : 0);
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* Placeholder-looking values: documentation, templates, variable
 * references. Case-insensitive words, or a value made of one repeated
 * character, or a reference syntax. */
int assay__is_placeholder(const char *s, size_t len)
{
    static const char *const words[] = {
        "example", "sample", "placeholder", "changeme", "change_me",
        "your_", "your-", "yourpass", "insert", "dummy", "redacted", "xxxx",
        "****", "....", "<", "${", "$(", "{{", "%s", "%(", "env[", "environ",
        "getenv", "process.env", "password123", "secret123", "fake",
        "replace", "todo", "null", "undefined", "none", "true", "false",
        NULL};
    size_t i, same = 1;
    char low[256];
    size_t n = len < sizeof(low) - 1 ? len : sizeof(low) - 1;

    if (len == 0)
        return 1;
    for (i = 0; i < n; i++)
        low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    low[n] = '\0';
    for (i = 0; words[i]; i++)
        if (strstr(low, words[i]))
            return 1;
    for (i = 1; i < len; i++)
        if (s[i] == s[0])
            same++;
    if (same * 10 >= len * 8) /* mostly one character: aaaa, 0000 */
        return 1;
    if (s[0] == '$' || s[0] == '%' || s[0] == '@')
        return 1; /* $VAR, %VAR%, @var@ */
    return 0;
}

/* ====================================================================
 * Compilation
 * ==================================================================== */

typedef struct diag_sink {
    assay_diag_cb cb;
    void *payload;
    int errors;
} diag_sink;

static void rdiag(diag_sink *ds, const assay__rule *r, int is_error,
                  const char *fmt, const char *a, const char *b)
{
    char msg[600];
    assay_diag d;
    snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
    if (is_error)
        ds->errors++;
    if (!ds->cb)
        return;
    d.is_error = is_error;
    d.file = r->file;
    d.line = r->match_line ? r->match_line : r->line;
    d.column = r->match_line ? r->match_col : r->column;
    d.message = msg;
    ds->cb(&d, ds->payload);
}

static void fwd_diag(const assay_diag *d, void *payload)
{
    diag_sink *ds = payload;
    if (d->is_error)
        ds->errors++;
    if (ds->cb)
        ds->cb(d, ds->payload);
}

/* A literal as a regex: every byte that is not alphanumeric is \xHH, which
 * both PCRE2 and Vectorscan read the same way. */
static int escape_literal(assay_buf *b, const char *lit)
{
    for (const unsigned char *p = (const unsigned char *)lit; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9'))
            assay_buf_putc(b, (char)*p);
        else
            assay_buf_printf(b, "\\x%02x", *p);
    }
    return assay_buf_failed(b) ? -1 : 0;
}

static char *literal_regex(char **lits, size_t n)
{
    assay_buf b = ASSAY_BUF_INIT;
    assay_buf_puts(&b, "(?:");
    for (size_t i = 0; i < n; i++) {
        if (i)
            assay_buf_putc(&b, '|');
        escape_literal(&b, lits[i]);
    }
    assay_buf_putc(&b, ')');
    if (assay_buf_failed(&b)) {
        assay_buf_free(&b);
        return NULL;
    }
    return assay_buf_take(&b);
}

static int compile_pcre(assay__rule *r, diag_sink *ds)
{
    int code;
    PCRE2_SIZE off;
    uint32_t flags = 0, ncap = 0;
    const char *pat = r->regex;

    if (!r->singleline)
        flags |= PCRE2_MULTILINE;
    if (r->caseless)
        flags |= PCRE2_CASELESS;
    r->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, flags, &code,
                          &off, NULL);
    if (!r->re) {
        PCRE2_UCHAR msg[256];
        char where[64];
        pcre2_get_error_message(code, msg, sizeof(msg));
        snprintf(where, sizeof(where), " (at offset %zu)", (size_t)off);
        rdiag(ds, r, 1, "regex: %s%s", (const char *)msg, where);
        return ASSAY_ESYNTAX;
    }
    pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE);
    pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &ncap);
    if (r->capture_name) {
        int n = pcre2_substring_number_from_name(
            r->re, (PCRE2_SPTR)r->capture_name);
        if (n < 0) {
            rdiag(ds, r, 1, "capture '%s' is not a named group of the regex",
                  r->capture_name, NULL);
            return ASSAY_ESYNTAX;
        }
        r->capture_num = n;
    }
    if (r->capture_num > (int)ncap) {
        char num[16];
        snprintf(num, sizeof(num), "%d", r->capture_num);
        rdiag(ds, r, 1, "capture %s: the regex has fewer groups", num, NULL);
        return ASSAY_ESYNTAX;
    }
    return 0;
}

size_t assay__rule_pos(const assay_rules *rs, const char *id)
{
    size_t lo = 0, hi = rs->nrules;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(rs->rules[mid]->id, id);
        if (!c)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return rs->nrules;
}

static int cmp_rule_id(const void *a, const void *b)
{
    const assay__rule *x = *(assay__rule *const *)a;
    const assay__rule *y = *(assay__rule *const *)b;
    return strcmp(x->id, y->id);
}

static void fill_info(assay__rule *r)
{
    assay_rule_info *i = &r->info;
    assay_buf b = ASSAY_BUF_INIT;

    i->id = r->id;
    i->title = r->title;
    i->why = r->why;
    i->file = r->file;
    i->line = r->line;
    i->files = r->files_text;
    i->cwe = r->cwe;
    i->ncwe = r->ncwe;
    i->secret = r->secret;
    i->nexamples_match = r->nex_match;
    i->nexamples_nomatch = r->nex_nomatch;
    i->asset = r->asset ? &r->asset->shown : NULL;
    switch (r->type) {
    case MATCH_REGEX:
        i->match_kind = "regex";
        assay_buf_puts(&b, r->regex);
        break;
    case MATCH_LITERAL:
        i->match_kind = "literal";
        for (size_t k = 0; k < r->nliterals; k++) {
            if (k)
                assay_buf_puts(&b, " | ");
            assay_buf_puts(&b, r->literals[k]);
        }
        break;
    case MATCH_QUERY:
        i->match_kind = "query";
        assay_buf_printf(&b, "[%s] ", assay__langs[r->lang].name);
        assay_buf_puts(&b, r->query_src);
        break;
    case MATCH_FLOW:
        i->match_kind = "flow";
        assay_buf_printf(&b, "[%s]", assay__langs[r->lang].name);
        for (int l = 0; l < 4; l++) {
            static const char *const names[] = {"sources", "sinks", "through",
                                                "sanitizers"};
            if (!r->nflow[l])
                continue;
            assay_buf_printf(&b, " %s:", names[l]);
            for (size_t k = 0; k < r->nflow[l]; k++)
                assay_buf_printf(&b, " %s", r->flow_lists[l][k]);
        }
        break;
    case MATCH_CORRELATE:
        i->match_kind = "correlate";
        assay_buf_puts(&b, r->correlate);
        break;
    }
    assay__free(r->match_text);
    r->match_text = assay_buf_take(&b);
    i->match_text = r->match_text;
}

/* The prefilter form of a regex: a leading lookbehind is consumed (see
 * below); every counted repetition with a bound over
 * 8 ({0,400}, {16}, {20,200}) loses its upper bound and keeps a lower one
 * capped at 32 ({0,} = *, {16,}, {20,}). Vectorscan compiles large
 * bounded repeats slowly (seconds for one build-script rule) and scans them
 * with more state; relaxing a bound only widens what the prefilter accepts,
 * and PCRE2 still enforces the exact pattern on every hit, so results are
 * unchanged. Character classes and escapes are copied untouched. */
static char *prefilter_form(const char *p)
{
    assay_buf b = ASSAY_BUF_INIT;
    size_t i = 0, n = strlen(p);

    /* A leading positive lookbehind becomes text the prefilter consumes:
     * `(?<=["'])::1` → `(?:["'])::1` matches wherever the original does,
     * and gives Vectorscan a start to anchor on instead of trying every
     * position (IPv6 literals were a third of its time on C code). */
    if (!strncmp(p, "(?<=", 4)) {
        assay_buf_puts(&b, "(?:");
        i = 4;
    }

    while (i < n) {
        char c = p[i];
        if (c == '\\') {
            assay_buf_put(&b, p + i, i + 1 < n ? 2 : 1);
            i += 2;
            continue;
        }
        if (c == '[') {
            size_t j = i + 1;
            if (j < n && p[j] == '^')
                j++;
            if (j < n && p[j] == ']')
                j++;
            while (j < n && p[j] != ']')
                j += (p[j] == '\\') ? 2 : 1;
            if (j > n)
                j = n;
            assay_buf_put(&b, p + i, j < n ? j - i + 1 : n - i);
            i = j + 1;
            continue;
        }
        if (c == '{' && i > 0) {
            char *end;
            unsigned long lo = strtoul(p + i + 1, &end, 10), hi = lo;
            int ok = end != p + i + 1, open = 0;
            if (ok && *end == ',') {
                if (end[1] == '}') {
                    open = 1;
                    end++;
                } else {
                    char *e2;
                    hi = strtoul(end + 1, &e2, 10);
                    ok = e2 != end + 1;
                    end = e2;
                }
            }
            if (ok && *end == '}' && ((open && lo > 8) || (!open && hi > 8))) {
                /* keep a lower bound (capped at 32): `[A-Za-z0-9+/]{400}`
                 * relaxed to `+` would let any word through the prefilter */
                if (lo > 1)
                    assay_buf_printf(&b, "{%lu,}", lo < 32 ? lo : 32ul);
                else
                    assay_buf_putc(&b, lo ? '+' : '*');
                i = (size_t)(end - p) + 1;
                continue;
            }
        }
        assay_buf_putc(&b, c);
        i++;
    }
    if (assay_buf_failed(&b)) {
        assay_buf_free(&b);
        return NULL;
    }
    return assay_buf_take(&b);
}

/* Build the Vectorscan database. A regex Vectorscan cannot take even in
 * prefilter mode is moved to the `unfiltered` list (PCRE2 always runs for
 * it) rather than failing the whole rule set. */
/* Drop expression k (Vectorscan cannot take it, even as a prefilter): its
 * rule is kept as unfiltered, PCRE2 runs it on every file. */
static int drop_expr(assay_rules *rs, char **exprs, unsigned *flags,
                     size_t *n, size_t k)
{
    uint32_t ri = rs->slots[k].rule;
    uint32_t *u = assay__realloc(rs->unfiltered,
                                 (rs->nunfiltered + 1) * sizeof(*u));
    if (!u)
        return ASSAY_ENOMEM;
    rs->unfiltered = u;
    u[rs->nunfiltered++] = ri;
    rs->rules[ri]->unfiltered = 1;
    assay__free(exprs[k]);
    memmove(exprs + k, exprs + k + 1, (*n - k - 1) * sizeof(*exprs));
    memmove(flags + k, flags + k + 1, (*n - k - 1) * sizeof(*flags));
    memmove(rs->slots + k, rs->slots + k + 1, (*n - k - 1) * sizeof(*rs->slots));
    (*n)--;
    return 0;
}

/* The length of line a regex needs when it is one run of a character class
 * that cannot hold a newline, at least RUN_MIN long, optionally after a
 * `(?:^|[...])` boundary group and inside one capture group:
 * `(?:^|[^A-Za-z0-9+/=])([A-Za-z0-9+/]{400})` needs a 400-byte line. 0
 * for anything else. Such a run keeps Vectorscan's repeat engine busy on
 * every letter of every file (40% of its time on kernel drivers) while a
 * line that long is rare in source code and found with memchr. */
#define RUN_MIN 64

static uint32_t run_length(const char *re)
{
    const char *p = re, *cls;
    unsigned long lo;
    char *end;
    int group = 0;

    if (!strncmp(p, "(?:^|[", 6)) { /* a boundary group: skip it */
        p += 5;
        while (*p && *p != ']')
            p += (*p == '\\' && p[1]) ? 2 : 1;
        if (strncmp(p, "])", 2))
            return 0;
        p += 2;
    }
    if (*p == '(' && p[1] != '?') {
        group = 1;
        p++;
    }
    if (*p != '[' || p[1] == '^')
        return 0;
    cls = ++p;
    while (*p && *p != ']') {
        if (*p == '\\') {
            /* escapes that can stand for a newline */
            if (strchr("sSnWDvRNhHpPx0", p[1]))
                return 0;
            p += p[1] ? 2 : 1;
            continue;
        }
        if (*p == '\n')
            return 0;
        p++;
    }
    if (*p != ']' || p == cls || *++p != '{')
        return 0;
    lo = strtoul(p + 1, &end, 10);
    if (end == p + 1)
        return 0;
    if (*end == ',') {
        end++;
        while (*end >= '0' && *end <= '9')
            end++;
    }
    if (*end++ != '}')
        return 0;
    if (*end == '+' || *end == '?')
        end++;
    if (group && *end++ != ')')
        return 0;
    return *end || lo < RUN_MIN || lo > 1u << 20 ? 0 : (uint32_t)lo;
}

/* Whether d has a line of at least lo bytes: look at lo bytes at a time
 * from the byte after the last newline seen; one memrchr per window rather
 * than one memchr per line. */
static int has_line(const char *d, size_t len, uint32_t lo)
{
    size_t i = 0;
    while (len - i >= lo) {
        const char *nl = memrchr(d + i, '\n', lo);
        if (!nl)
            return 1;
        i = (size_t)(nl - d) + 1;
    }
    return 0;
}

/* Longest line of d, or `need` as soon as a line that long is seen. */
static uint32_t longest_line(const char *d, size_t len, uint32_t need)
{
    const char *p = d, *end = d + len;
    size_t best = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n > best && (best = n) >= need)
            return need;
        if (!nl)
            break;
        p = nl + 1;
    }
    return (uint32_t)best;
}

static int add_run(assay_rules *rs, uint32_t rule, int32_t require,
                   uint32_t min)
{
    assay__hs_slot *v = assay__realloc(rs->runs, (rs->nruns + 1) * sizeof(*v));
    uint32_t *m;
    if (!v)
        return ASSAY_ENOMEM;
    rs->runs = v;
    if (!(m = assay__realloc(rs->run_min, (rs->nruns + 1) * sizeof(*m))))
        return ASSAY_ENOMEM;
    rs->run_min = m;
    v[rs->nruns].rule = rule;
    v[rs->nruns].require = require;
    m[rs->nruns++] = min;
    if (min > rs->run_need)
        rs->run_need = min;
    if (!rs->run_low || min < rs->run_low)
        rs->run_low = min;
    return 0;
}

/* The cache key of a database: what it is compiled from. */
static void db_key(char **exprs, const unsigned *flags, size_t n,
                   char out[65])
{
    assay_buf b = ASSAY_BUF_INIT;
    assay_buf_printf(&b, "assay-db-1\n%s\n", hs_version());
    for (size_t i = 0; i < n; i++)
        assay_buf_printf(&b, "%u %zu %s\n", flags[i], strlen(exprs[i]), exprs[i]);
    if (assay_buf_failed(&b))
        memset(out, '0', 64), out[64] = '\0';
    else
        assay_sha256_hex(b.ptr, b.len, out);
    assay_buf_free(&b);
}

static int build_db(assay_rules *rs, diag_sink *ds, const char *cache_dir)
{
    size_t cap = 0, n = 0;
    char **exprs = NULL;
    unsigned *flags = NULL, *ids = NULL;
    int err = 0;

    for (size_t i = 0; i < rs->nrules; i++) {
        assay__rule *r = rs->rules[i];
        cap += ASSAY_STRUCTURAL(r) ? r->nrequires : 1;
    }
    exprs = assay__calloc(cap ? cap : 1, sizeof(*exprs));
    flags = assay__calloc(cap ? cap : 1, sizeof(*flags));
    ids = assay__calloc(cap ? cap : 1, sizeof(*ids));
    rs->slots = assay__calloc(cap ? cap : 1, sizeof(*rs->slots));
    if (!exprs || !flags || !ids || !rs->slots) {
        err = ASSAY_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < rs->nrules; i++) {
        assay__rule *r = rs->rules[i];
        if (r->type == MATCH_CORRELATE)
            continue; /* no pattern: findings come from correlate.c */
        if (ASSAY_STRUCTURAL(r)) {
            for (size_t k = 0; k < r->nrequires; k++) {
                assay_buf b = ASSAY_BUF_INIT;
                const char *q = r->requires[k];
                uint32_t run;
                if (!strncmp(q, "re:", 3) && (run = run_length(q + 3))) {
                    if (add_run(rs, (uint32_t)i, (int32_t)r->req_clause[k],
                                run) < 0) {
                        err = ASSAY_ENOMEM;
                        goto done;
                    }
                    continue;
                }
                /* "re:" items are regexes, kept exact (their bounds are the
                 * point: a 200-character blob); others are literals */
                if (!strncmp(q, "re:", 3)) {
                    assay_buf_puts(&b, q + 3);
                } else {
                    /* a literal that starts or ends with a word character
                     * is matched as a whole word: `system` must not be
                     * satisfied by "subsystem" */
                    size_t ql = strlen(q);
                    int w0 = isalnum((unsigned char)q[0]) || q[0] == '_';
                    int w1 = isalnum((unsigned char)q[ql - 1]) ||
                             q[ql - 1] == '_';
                    if (w0)
                        assay_buf_puts(&b, "\\b");
                    escape_literal(&b, q);
                    if (w1)
                        assay_buf_puts(&b, "\\b");
                }
                if (assay_buf_failed(&b)) {
                    assay_buf_free(&b);
                    err = ASSAY_ENOMEM;
                    goto done;
                }
                exprs[n] = assay_buf_take(&b);
                /* a clause with a `within` window needs every place it
                 * holds, not just the first */
                flags[n] = (r->within ? 0 : HS_FLAG_SINGLEMATCH) |
                           (strncmp(q, "re:", 3) ? 0
                                                 : HS_FLAG_PREFILTER |
                                                       HS_FLAG_MULTILINE);
                rs->slots[n].rule = (uint32_t)i;
                rs->slots[n].require = (int32_t)r->req_clause[k];
                n++;
            }
            continue;
        }
        {
            uint32_t run = r->prefilter ? 0 : run_length(r->regex);
            if (run && !r->caseless) {
                if (add_run(rs, (uint32_t)i, -1, run) < 0) {
                    err = ASSAY_ENOMEM;
                    goto done;
                }
                continue;
            }
        }
        exprs[n] = prefilter_form(r->prefilter ? r->prefilter : r->regex);
        if (!exprs[n]) {
            err = ASSAY_ENOMEM;
            goto done;
        }
        flags[n] = HS_FLAG_SINGLEMATCH | HS_FLAG_PREFILTER |
                   HS_FLAG_ALLOWEMPTY | (r->singleline ? 0 : HS_FLAG_MULTILINE) |
                   (r->caseless ? HS_FLAG_CASELESS : 0);
        rs->slots[n].rule = (uint32_t)i;
        rs->slots[n].require = -1;
        n++;
    }
    /* Check each expression alone (cheap, unlike compiling them all): a
     * rule regex Vectorscan cannot take stays unfiltered, PCRE2 runs it on
     * every file; a `requires` regex it cannot take is an error. The
     * databases themselves are compiled per class of file on first use
     * (db_get). */
    for (size_t k = 0; k < n;) {
        hs_expr_info_t *info = NULL;
        hs_compile_error_t *cerr = NULL;
        if (hs_expression_info(exprs[k], flags[k], &info, &cerr) == HS_SUCCESS) {
            free(info); /* Vectorscan's allocator: malloc */
            k++;
            continue;
        }
        if (rs->slots[k].require >= 0) {
            const assay__rule *bad = rs->rules[rs->slots[k].rule];
            assay_diag d = {1, bad->file, bad->match_line, bad->match_col,
                            cerr ? cerr->message : "?"};
            fwd_diag(&d, ds);
            hs_free_compile_error(cerr);
            err = ASSAY_ESYNTAX;
            goto done;
        }
        hs_free_compile_error(cerr);
        if ((err = drop_expr(rs, exprs, flags, &n, k)) < 0)
            goto done;
    }
    rs->exprs = exprs;
    rs->eflags = flags;
    rs->nslots = n;
    exprs = NULL;
    flags = NULL;
    n = 0;
    if (cache_dir && !(rs->cache_dir = assay__strdup(cache_dir)))
        err = ASSAY_ENOMEM;
done:
    for (size_t k = 0; exprs && k < n; k++)
        assay__free(exprs[k]);
    assay__free(exprs);
    assay__free(flags);
    assay__free(ids);
    return err;
}

/* ---- databases per class of file --------------------------------------- */

/* Files of one class share a database holding only the expressions of
 * rules that can apply to them: C code is not scanned for PHP request
 * variables, Python crypto names or shell decode pipelines. A file whose
 * kinds span classes (or none) uses the database of everything. Rules for
 * build logic (`files: [build]`) go in every class: setup.py, package.json
 * and Makefiles carry the flag on top of their language. */
static const uint32_t db_class_kinds[ASSAY_DBC_COUNT] = {
    KBIT(ASSAY_K_C) | KBIT(ASSAY_K_CPP),
    KBIT(ASSAY_K_SHELL) | KBIT(ASSAY_K_M4) | KBIT(ASSAY_K_MAKE) |
        KBIT(ASSAY_K_CMAKE),
    KBIT(ASSAY_K_PYTHON) | KBIT(ASSAY_K_PHP) | KBIT(ASSAY_K_JAVASCRIPT) |
        KBIT(ASSAY_K_TYPESCRIPT) | KBIT(ASSAY_K_PERL) | KBIT(ASSAY_K_RUBY) |
        KBIT(ASSAY_K_GO) | KBIT(ASSAY_K_JAVA),
    KBIT(ASSAY_K_CONFIG) | KBIT(ASSAY_K_MARKUP) | KBIT(ASSAY_K_OTHER),
    KBIT(ASSAY_K_BINARY),
    ASSAY_KINDS_ALL,
    ASSAY_KINDS_ALL,
};

/* The classes a rule can apply to, as bits. A rule that can apply to all
 * five (secrets, endpoints) goes in the COMMON database, scanned before the
 * class's own. When the COMMON part is small (MERGE_MAX expressions: the
 * secret rules alone, as `assay history` and `--only secret` compile them,
 * 0.2 s to compile) it is put in every class's database instead, so that a
 * file is scanned in one pass: on the kernel history that is 2.92 -> 2.72 s.
 * The whole pack's COMMON part (~215 expressions with the endpoint and
 * crypto names, 0.9 s to compile) is compiled once: merging it too would
 * save 5% of a warm kernel scan but double a first run's compile time
 * (a small project: 2.5 -> 4.2 s). */
#define MERGE_MAX 200
static uint32_t rule_classes(const assay__rule *r)
{
    uint32_t set = 0;
    if (r->kinds & KBIT(ASSAY_K_BUILD))
        return (1u << ASSAY_DBC_ALL) - 1;
    for (int c = 0; c < ASSAY_DBC_ALL; c++)
        if (r->kinds & db_class_kinds[c])
            set |= 1u << c;
    return set;
}

static int in_db(const assay_rules *rs, const assay__rule *r, int c)
{
    uint32_t set = rule_classes(r), all = (1u << ASSAY_DBC_ALL) - 1;
    if (c == ASSAY_DBC_COMMON)
        return set == all;
    if (set == all)
        return rs->merged;
    return c == ASSAY_DBC_ALL ? set != 0 : (set >> c) & 1;
}

/* Whether the classes take the COMMON rules into their own database. */
static void choose_merged(assay_rules *rs)
{
    uint32_t all = (1u << ASSAY_DBC_ALL) - 1;
    size_t common = 0;
    for (size_t i = 0; i < rs->nslots; i++)
        if (rule_classes(rs->rules[rs->slots[i].rule]) == all)
            common++;
    rs->merged = common <= MERGE_MAX;
}

static int db_class(uint32_t kinds)
{
    uint32_t k = kinds & ~KBIT(ASSAY_K_BUILD);
    int found = -1;
    for (int c = 0; c < ASSAY_DBC_ALL; c++)
        if (k & db_class_kinds[c]) {
            if (found >= 0)
                return ASSAY_DBC_ALL;
            found = c;
        }
    return found < 0 ? ASSAY_DBC_ALL : found;
}

static int db_add_always(assay__db *d, const assay__hs_slot *slot)
{
    assay__hs_slot *v = assay__realloc(d->always,
                                       (d->nalways + 1) * sizeof(*v));
    if (!v)
        return ASSAY_ENOMEM;
    d->always = v;
    v[d->nalways++] = *slot;
    return 0;
}

/* Remove expression k of a class database being built; its slot is then
 * set on every scan (a rule hit, or a `requires` clause held): only a
 * superset of what the expression would have reported. */
static int db_drop(assay__db *d, const char **ex, unsigned *fl, size_t *n,
                   size_t k)
{
    if (db_add_always(d, &d->slots[k]) < 0)
        return ASSAY_ENOMEM;
    memmove(ex + k, ex + k + 1, (*n - k - 1) * sizeof(*ex));
    memmove(fl + k, fl + k + 1, (*n - k - 1) * sizeof(*fl));
    memmove(d->slots + k, d->slots + k + 1, (*n - k - 1) * sizeof(*d->slots));
    (*n)--;
    return 0;
}

static int db_build(const assay_rules *rs, int c, assay__db *d,
                    const char *cache_dir)
{
    const char **ex = assay__calloc(rs->nslots + 1, sizeof(*ex));
    unsigned *fl = assay__calloc(rs->nslots + 1, sizeof(*fl));
    unsigned *ids = assay__calloc(rs->nslots + 1, sizeof(*ids));
    uint32_t *drops = NULL;
    size_t n = 0, ndrops = 0;
    char key[65];
    int err = 0;

    d->slots = assay__calloc(rs->nslots + 1, sizeof(*d->slots));
    if (!ex || !fl || !ids || !d->slots) {
        err = ASSAY_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < rs->nslots; i++)
        if (in_db(rs, rs->rules[rs->slots[i].rule], c)) {
            ex[n] = rs->exprs[i];
            fl[n] = rs->eflags[i];
            d->slots[n++] = rs->slots[i];
        }
    if (n && cache_dir) {
        db_key((char **)ex, fl, n, key);
        if (!assay__cache_load(cache_dir, key, &d->db, &drops, &ndrops)) {
            for (size_t i = 0; i < ndrops && !err; i++)
                err = drops[i] < n ? db_drop(d, ex, fl, &n, drops[i])
                                   : ASSAY_EFORMAT;
            if (!err)
                goto done;
            /* a cache that does not fit: start again and compile */
            hs_free_database(d->db);
            d->db = NULL;
            err = 0;
            assay__free(d->always);
            d->always = NULL;
            d->nalways = 0;
            assay__free(ex);
            assay__free(fl);
            assay__free(ids);
            assay__free(d->slots);
            assay__free(drops);
            d->slots = NULL;
            return db_build(rs, c, d, NULL);
        }
        assay__free(drops);
        drops = NULL;
        ndrops = 0;
    }
    while (n) {
        hs_compile_error_t *cerr = NULL;
        size_t k;
        for (k = 0; k < n; k++)
            ids[k] = (unsigned)k;
        if (hs_compile_multi(ex, fl, ids, (unsigned)n, HS_MODE_BLOCK, NULL,
                             &d->db, &cerr) == HS_SUCCESS) {
            if (cache_dir)
                assay__cache_store(cache_dir, key, d->db, drops, ndrops);
            break;
        }
        /* Each expression compiled alone when the rules were loaded; if
         * the set still fails, leave the culprit out of this database. */
        if (!cerr || cerr->expression < 0 || (size_t)cerr->expression >= n) {
            hs_free_compile_error(cerr);
            err = ASSAY_ENOMEM;
            goto done;
        }
        k = (size_t)cerr->expression;
        hs_free_compile_error(cerr);
        {
            uint32_t *v = assay__realloc(drops, (ndrops + 1) * sizeof(*v));
            if (!v) {
                err = ASSAY_ENOMEM;
                goto done;
            }
            drops = v;
            drops[ndrops++] = (uint32_t)k;
        }
        if ((err = db_drop(d, ex, fl, &n, k)) < 0)
            goto done;
    }
done:
    d->nslots = n;
    assay__free(ex);
    assay__free(fl);
    assay__free(ids);
    assay__free(drops);
    return err;
}

/* The database for a class, compiled by the first thread that needs it.
 * assay_rules is otherwise immutable; this lazily filled part is guarded
 * by its mutex and published with release/acquire. */
static const assay__db *db_get(const assay_rules *crs, int c)
{
    assay_rules *rs = (assay_rules *)crs;
    assay__db *d = &rs->dbs[c];
    if (atomic_load_explicit(&d->ready, memory_order_acquire))
        return d;
    pthread_mutex_lock(&d->lock);
    if (!atomic_load_explicit(&d->ready, memory_order_relaxed)) {
        if (db_build(rs, c, d, rs->cache_dir) == 0)
            atomic_store_explicit(&d->ready, 1, memory_order_release);
        else {
            if (d->db)
                hs_free_database(d->db);
            d->db = NULL;
            assay__free(d->slots);
            assay__free(d->always);
            d->slots = d->always = NULL;
            d->nslots = d->nalways = 0;
        }
    }
    pthread_mutex_unlock(&d->lock);
    return atomic_load_explicit(&d->ready, memory_order_acquire) ? d : NULL;
}

void assay_rules_free(assay_rules *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nrules; i++)
        assay__rule_free(rs->rules[i]);
    assay__free(rs->rules);
    for (int c = 0; c < ASSAY_DBC_COUNT; c++) {
        if (rs->dbs[c].db)
            hs_free_database(rs->dbs[c].db);
        assay__free(rs->dbs[c].slots);
        assay__free(rs->dbs[c].always);
    }
    for (size_t k = 0; rs->exprs && k < rs->nslots; k++)
        assay__free(rs->exprs[k]);
    assay__free(rs->exprs);
    assay__free(rs->eflags);
    assay__free(rs->cache_dir);
    for (int c = 0; c < ASSAY_DBC_COUNT; c++)
        pthread_mutex_destroy(&rs->dbs[c].lock);
    pthread_mutex_destroy(&rs->lazy_lock);
    assay__free(rs->slots);
    assay__free(rs->runs);
    assay__free(rs->run_min);
    assay__free(rs->unfiltered);
    assay__free(rs->queries);
    assay__free(rs);
}

/* Compile a query or flow rule's tree-sitter part: at load for rules from
 * files, on first use for the built-in ones (structural_ready). */
static int compile_structural(assay__rule *r, diag_sink *ds)
{
    return r->type == MATCH_QUERY ? assay__query_compile(r, fwd_diag, ds)
                                  : assay__flow_compile(r, fwd_diag, ds);
}

int assay_rules_compile(assay_rules **out, const assay_rule_source *sources,
                        size_t nsources, const assay_compile_options *opts)
{
    assay_compile_options defaults = ASSAY_COMPILE_OPTIONS_INIT;
    diag_sink ds;
    assay_vec all = {0};
    assay_rules *rs = NULL;
    uint32_t categories;
    int err = 0;

    if (!out || (nsources && !sources))
        return ASSAY_EINVAL;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != ASSAY_COMPILE_OPTIONS_VERSION && opts->version != 2)
        return ASSAY_EINVAL;
    categories = opts->version >= 3 ? opts->categories : 0;
    ds.cb = opts->on_diag;
    ds.payload = opts->payload;
    ds.errors = 0;

    if (opts->include_builtin) {
        for (const assay__builtin_file *f = assay__builtin_files; f->name; f++) {
            int e = assay__rules_parse(&all, f->name, f->text, f->len,
                                       fwd_diag, &ds);
            if (e == ASSAY_ENOMEM) {
                err = e;
                goto done;
            }
        }
        for (size_t i = 0; i < all.len; i++)
            ((assay__rule *)all.items[i])->builtin = 1;
    }
    for (size_t i = 0; i < nsources; i++) {
        int e = assay__rules_parse(&all, sources[i].name, sources[i].text,
                                   sources[i].len, fwd_diag, &ds);
        if (e == ASSAY_ENOMEM) {
            err = e;
            goto done;
        }
    }

    /* Later definitions replace earlier ones with the same id; within one
     * file a repeated id is an error. */
    for (size_t i = 0; i < all.len; i++) {
        assay__rule *r = all.items[i];
        for (size_t j = i + 1; j < all.len; j++) {
            assay__rule *o = all.items[j];
            if (!strcmp(r->id, o->id)) {
                if (!strcmp(r->file, o->file)) {
                    assay_diag d = {1, o->file, o->line, o->column,
                                    "duplicate rule id in the same file"};
                    fwd_diag(&d, &ds);
                }
                assay__rule_free(r);
                all.items[i] = NULL;
                break;
            }
        }
    }

    if (!(rs = assay__calloc(1, sizeof(*rs)))) {
        err = ASSAY_ENOMEM;
        goto done;
    }
    for (int c = 0; c < ASSAY_DBC_COUNT; c++)
        pthread_mutex_init(&rs->dbs[c].lock, NULL);
    pthread_mutex_init(&rs->lazy_lock, NULL);
    rs->rules = assay__calloc(all.len ? all.len : 1, sizeof(*rs->rules));
    rs->queries = assay__calloc(all.len ? all.len : 1, sizeof(*rs->queries));
    if (!rs->rules || !rs->queries) {
        err = ASSAY_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < all.len; i++) {
        assay__rule *r = all.items[i];
        if (!r)
            continue;
        all.items[i] = NULL;
        if (categories && !(categories & (1u << r->info.category))) {
            assay__rule_free(r); /* not asked for: never compiled */
            continue;
        }
        rs->rules[rs->nrules++] = r;
    }
    qsort(rs->rules, rs->nrules, sizeof(*rs->rules), cmp_rule_id);

    for (size_t i = 0; i < rs->nrules; i++) {
        assay__rule *r = rs->rules[i];
        if (r->type == MATCH_LITERAL) {
            if (!(r->regex = literal_regex(r->literals, r->nliterals))) {
                err = ASSAY_ENOMEM;
                goto done;
            }
        }
        if (ASSAY_STRUCTURAL(r)) {
            /* Compiling a tree-sitter query costs about a millisecond and
             * most never run on a given tree: the built-in ones wait for
             * their first use (structural_ready); rules from files are
             * compiled now, so their mistakes are reported now. */
            int e = 0;
            if (!r->builtin) {
                e = compile_structural(r, &ds);
                atomic_store(&r->ready, e < 0 ? -1 : 1);
            }
            if (e == ASSAY_ENOMEM) {
                err = e;
                goto done;
            }
            rs->queries[rs->nqueries++] = (uint32_t)i;
        } else if (r->type == MATCH_CORRELATE) {
            /* nothing to compile: correlate.c makes its findings */
        } else if (compile_pcre(r, &ds) == ASSAY_ENOMEM) {
            err = ASSAY_ENOMEM;
            goto done;
        }
        fill_info(r);
    }
    if (ds.errors) {
        err = ASSAY_ESYNTAX;
        goto done;
    }
    err = build_db(rs, &ds, opts->cache_dir);
    if (!err)
        choose_merged(rs);
    if (!err && ds.errors)
        err = ASSAY_ESYNTAX;
    if (!err) {
        *out = rs;
        rs = NULL;
    }
done:
    for (size_t i = 0; i < all.len; i++)
        assay__rule_free(all.items[i]);
    assay_vec_free(&all);
    assay_rules_free(rs);
    return err;
}

size_t assay_rules_count(const assay_rules *rs) { return rs ? rs->nrules : 0; }

const assay_rule_info *assay_rules_get(const assay_rules *rs, size_t i)
{
    return rs && i < rs->nrules ? &rs->rules[i]->info : NULL;
}

const assay_rule_info *assay_rules_find(const assay_rules *rs, const char *id)
{
    size_t i;
    if (!rs || !id || (i = assay__rule_pos(rs, id)) >= rs->nrules)
        return NULL;
    return &rs->rules[i]->info;
}

/* ====================================================================
 * Scanner
 * ==================================================================== */

typedef struct cand {
    const assay__rule *rule;
    uint64_t start, end;   /* the finding's span */
    uint64_t vstart, vend; /* the reported value (redacted if secret) */
    char *message;
    int confidence; /* -1: the rule's; else set by a validator */
    assay__asset *asset; /* filled from captures; NULL: the rule's own */
} cand;

/* One place a `requires` clause of a rule with a `within` window held. */
typedef struct reqhit {
    uint64_t end;
    uint32_t rule;
    uint32_t clause;
} reqhit;

#define MAX_REQHITS 65536 /* per file; past it windows are not checked */

struct assay_scanner {
    const assay_rules *rules;
    assay_scan_options opts;
    hs_scratch_t *scratch;
    uint32_t scratch_for;          /* classes whose database it fits */
    const assay__hs_slot *slots;   /* of the database being scanned */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    TSParser *parsers[ASSAY_LANG_COUNT];
    TSQueryCursor *qcur;
    uint8_t *hit;      /* per rule: prefilter fired */
    uint32_t *reqmask; /* per rule: which requires literals were seen */
    uint32_t *reqany;  /* per rule: clauses held with no place (a dropped
                        * expression, a long line): anywhere in a window */
    reqhit *wins;      /* where the clauses of `within` rules held */
    size_t nwins, wincap;
    int win_over;      /* too many to keep: every window counts as held */
    char *buf;         /* file contents */
    size_t bufcap;
    /* per-file state */
    cand *cands;
    size_t ncands, candcap;
    const char *data;
    size_t len;
    int oom;
    int testing; /* rule examples: judge each rule alone, no de-duplication */
};

int assay_scanner_new(assay_scanner **out, const assay_rules *rules,
                      const assay_scan_options *opts)
{
    assay_scan_options defaults = ASSAY_SCAN_OPTIONS_INIT;
    assay_scanner *s;

    if (!out || !rules)
        return ASSAY_EINVAL;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != ASSAY_SCAN_OPTIONS_VERSION)
        return ASSAY_EINVAL;
    if (!(s = assay__calloc(1, sizeof(*s))))
        return ASSAY_ENOMEM;
    s->rules = rules;
    s->opts = *opts;
    if (!s->opts.max_file_size)
        s->opts.max_file_size = ASSAY_DEFAULT_MAX_FILE_SIZE;
    if (!s->opts.max_parse_size)
        s->opts.max_parse_size = DEFAULT_MAX_PARSE;
    if (!s->opts.parse_timeout_ms)
        s->opts.parse_timeout_ms = DEFAULT_PARSE_MS;
    s->md = pcre2_match_data_create(100, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    s->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    s->qcur = ts_query_cursor_new();
    s->hit = assay__calloc(rules->nrules + 1, 1);
    s->reqmask = assay__calloc(rules->nrules + 1, sizeof(uint32_t));
    s->reqany = assay__calloc(rules->nrules + 1, sizeof(uint32_t));
    if (!s->md || !s->mctx || !s->jit || !s->qcur || !s->hit || !s->reqmask ||
        !s->reqany)
        goto oom;
    pcre2_set_match_limit(s->mctx, 10000000);
    pcre2_set_depth_limit(s->mctx, 10000);
    pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
    ts_query_cursor_set_match_limit(s->qcur, 4096);
    *out = s;
    return 0;
oom:
    assay_scanner_free(s);
    return ASSAY_ENOMEM;
}

void assay_scanner_free(assay_scanner *s)
{
    if (!s)
        return;
    if (s->scratch)
        hs_free_scratch(s->scratch);
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit);
    for (int i = 0; i < ASSAY_LANG_COUNT; i++)
        if (s->parsers[i])
            ts_parser_delete(s->parsers[i]);
    if (s->qcur)
        ts_query_cursor_delete(s->qcur);
    assay__free(s->hit);
    assay__free(s->reqmask);
    assay__free(s->reqany);
    assay__free(s->wins);
    assay__free(s->buf);
    assay__free(s->cands);
    assay__free(s);
}

static int on_hs_match(unsigned int id, unsigned long long from,
                       unsigned long long to, unsigned int flags, void *ctx)
{
    assay_scanner *s = ctx;
    const assay__hs_slot *slot = &s->slots[id];
    (void)from, (void)flags;
    if (slot->require < 0) {
        s->hit[slot->rule] = 1;
        return 0;
    }
    s->reqmask[slot->rule] |= 1u << slot->require;
    if (s->rules->rules[slot->rule]->within && !s->win_over) {
        if (s->nwins == MAX_REQHITS ||
            ASSAY_GROW(s->wins, s->nwins + 1, s->wincap, 64) < 0) {
            s->win_over = 1; /* counts as held everywhere: only slower */
            return 0;
        }
        s->wins[s->nwins++] = (reqhit){to, slot->rule, (uint32_t)slot->require};
    }
    return 0;
}

static int reqhit_cmp(const void *a, const void *b)
{
    const reqhit *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Whether every clause of rule ri that needs a place held within a window
 * of r->within bytes (s->wins is sorted by rule, then place). Sliding
 * window over the rule's places, counting each clause inside it. */
static int window_held(const assay_scanner *s, uint32_t ri, uint32_t need)
{
    const assay__rule *r = s->rules->rules[ri];
    uint32_t count[32] = {0}, have = 0;
    size_t lo, hi, end;
    reqhit key = {0, ri, 0};
    const reqhit *first;

    if (!need || s->win_over)
        return 1;
    /* the first place of this rule: binary search on (rule, 0) */
    lo = 0, hi = s->nwins;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (reqhit_cmp(&s->wins[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    first = s->wins + lo;
    for (end = lo; end < s->nwins && s->wins[end].rule == ri; end++)
        ;
    end -= lo;
    for (size_t a = 0, b = 0; b < end; b++) {
        uint32_t c = first[b].clause;
        if (count[c]++ == 0)
            have |= 1u << c;
        while (first[b].end - first[a].end > r->within) {
            uint32_t d = first[a++].clause;
            if (--count[d] == 0)
                have &= ~(1u << d);
        }
        if ((have & need) == need)
            return 1;
    }
    return 0;
}

/* ---- candidates -------------------------------------------------------- */

/* Expand {name} in the rule's message with capture texts (values of secret
 * rules are never expanded here: the snippet shows them, redacted). */
typedef const char *(*capture_fn)(void *ctx, const char *name, size_t nlen,
                                  size_t *len);

static char *make_message(const assay__rule *r, capture_fn fn, void *ctx)
{
    assay_buf b = ASSAY_BUF_INIT;
    const char *m = r->message ? r->message : r->title;

    b.max = 4096;
    while (*m) {
        const char *close;
        if (*m == '{' && (close = strchr(m, '}')) && close - m < 64) {
            size_t len = 0;
            const char *v = r->secret ? NULL : fn(ctx, m + 1,
                                                 (size_t)(close - m - 1), &len);
            if (v) {
                assay_buf_put(&b, v, len < 120 ? len : 120);
                if (len > 120)
                    assay_buf_puts(&b, "...");
                m = close + 1;
                continue;
            }
        }
        assay_buf_putc(&b, *m++);
    }
    if (b.oom) {
        assay_buf_free(&b);
        return NULL;
    }
    b.toobig = 0;
    return assay_buf_take(&b);
}

static int add_cand(assay_scanner *s, const assay__rule *r, uint64_t start,
                    uint64_t end, uint64_t vstart, uint64_t vend, char *message)
{
    cand *c;
    if (!message) {
        s->oom = 1;
        return ASSAY_ENOMEM;
    }
    if (ASSAY_GROW(s->cands, s->ncands + 1, s->candcap, 64) < 0) {
        assay__free(message);
        s->oom = 1;
        return ASSAY_ENOMEM;
    }
    c = &s->cands[s->ncands++];
    c->rule = r;
    c->start = start;
    c->end = end;
    c->vstart = vstart;
    c->vend = vend;
    c->message = message;
    c->confidence = -1;
    c->asset = NULL;
    return 0;
}

static int validate(const assay__rule *r, const char *v, size_t len)
{
    if (r->min_length && len < r->min_length)
        return 0;
    if (r->max_length && len > r->max_length)
        return 0;
    if (r->entropy > 0 && assay_entropy(v, len) < r->entropy)
        return 0;
    if (r->not_placeholder && assay__is_placeholder(v, len))
        return 0;
    return 1;
}

typedef struct pcre_ctx {
    const assay__rule *rule;
    const char *data;
    PCRE2_SIZE *ov;
    uint32_t ncap;
} pcre_ctx;

static const char *pcre_capture(void *ctx, const char *name, size_t nlen,
                                size_t *len)
{
    pcre_ctx *pc = ctx;
    char key[64];
    int n;

    memcpy(key, name, nlen);
    key[nlen] = '\0';
    if (key[0] >= '0' && key[0] <= '9')
        n = (int)strtol(key, NULL, 10);
    else
        n = pcre2_substring_number_from_name(pc->rule->re, (PCRE2_SPTR)key);
    if (n < 0)
        return NULL;
    if ((uint32_t)n >= pc->ncap || pc->ov[2 * n] == PCRE2_UNSET) {
        *len = 0; /* a group that took no part in the match: empty */
        return "";
    }
    *len = pc->ov[2 * n + 1] - pc->ov[2 * n];
    return pc->data + pc->ov[2 * n];
}

/* "{asset}" in a crypto rule's message becomes the asset's name. */
static void message_asset(cand *c, const assay_asset *a)
{
    char *at, *m;
    assay_buf b = ASSAY_BUF_INIT;
    if (!a || !c->message || !(at = strstr(c->message, "{asset}")))
        return;
    assay_buf_put(&b, c->message, (size_t)(at - c->message));
    assay_buf_puts(&b, a->name);
    assay_buf_puts(&b, at + 7);
    if (assay_buf_failed(&b) || !(m = assay_buf_take(&b))) {
        assay_buf_free(&b);
        return; /* keep the message as it was */
    }
    assay__free(c->message);
    c->message = m;
}

/* Give the candidate just added its asset (from captures, else the rule's
 * fixed one) and name it in the message. */
static void cand_set_asset(cand *c, const assay__rule *r, assay__asset *asset)
{
    c->asset = asset;
    message_asset(c, asset ? &asset->pub
                     : r->asset && r->asset->fixed ? &r->asset->fixed->pub
                                                   : NULL);
}

/* A templated asset from the last match's captures, on the candidate just
 * added (0), or 1 when the captures name no known algorithm. */
static int resolve_asset(assay_scanner *s, const assay__rule *r,
                         capture_fn fn, void *ctx, assay__asset **out)
{
    int rc;
    *out = NULL;
    if (r->x509 && fn == pcre_capture) {
        /* the asset is the certificate that starts at the match */
        const pcre_ctx *pc = ctx;
        size_t at = pc->ov[0];
        rc = assay__cert_asset(s->data + at, s->len - at, out);
        if (rc < 0)
            s->oom = 1;
        return rc;
    }
    if (!r->asset || !r->asset->templated)
        return 0;
    rc = assay__asset_resolve(r->asset, fn, ctx, out);
    if (rc < 0)
        s->oom = 1;
    return rc;
}

static int run_regex(assay_scanner *s, const assay__rule *r)
{
    PCRE2_SIZE start = 0;
    int count = 0;

    while (start <= s->len) {
        int rc = pcre2_match(r->re, (PCRE2_SPTR)s->data, s->len, start, 0,
                             s->md, s->mctx);
        PCRE2_SIZE *ov, ms, me, vs, ve;
        int g = r->capture_num < 0 ? 0 : r->capture_num;

        if (rc < 0)
            break; /* no match, or a match limit: stop this rule here */
        ov = pcre2_get_ovector_pointer(s->md);
        ms = ov[0];
        me = ov[1];
        if (g < rc && ov[2 * g] != PCRE2_UNSET) {
            vs = ov[2 * g];
            ve = ov[2 * g + 1];
        } else {
            vs = ms;
            ve = me;
        }
        if (validate(r, s->data + vs, ve - vs)) {
            pcre_ctx pc = {r, s->data, ov, (uint32_t)rc};
            /* a named offline validator (validate.c) may drop the match,
             * lower its confidence or add a note to its message */
            assay__check_result cr = {1, -1, ""};
            assay__asset *asset = NULL;
            int ar = 0;
            if (r->check)
                assay__check_run(r->check, s->data, s->len, ms, me, vs, ve,
                                 &cr);
            if (cr.keep)
                ar = resolve_asset(s, r, pcre_capture, &pc, &asset);
            if (ar < 0)
                return ASSAY_ENOMEM;
            if (cr.keep && ar == 0) {
                if (add_cand(s, r, ms, me, vs, ve,
                             assay__check_message(
                                 make_message(r, pcre_capture, &pc), &cr)) < 0) {
                    assay__asset_free(asset);
                    return ASSAY_ENOMEM;
                }
                s->cands[s->ncands - 1].confidence = cr.confidence;
                cand_set_asset(&s->cands[s->ncands - 1], r, asset);
                if (++count >= MAX_MATCHES_PER_RULE)
                    break;
            }
        }
        start = me > ms ? me : me + 1;
    }
    return 0;
}

typedef struct q_ctx {
    assay_scanner *s;
    const TSQueryMatch *m;
    const TSQuery *q;
    int count;
    const TSNode *found; /* {found}, {found_line}: see query.c preds_ok */
    char line[16];
} q_ctx;

static const char *query_capture(void *ctx, const char *name, size_t nlen,
                                 size_t *len)
{
    q_ctx *qc = ctx;
    if (qc->found && nlen == 5 && !memcmp(name, "found", 5)) {
        /* the first line of it: a call, not the block it sits in */
        uint32_t a = ts_node_start_byte(*qc->found),
                 b = ts_node_end_byte(*qc->found);
        const char *nl = memchr(qc->s->data + a, '\n', b - a);
        *len = nl ? (size_t)(nl - (qc->s->data + a)) : b - a;
        return qc->s->data + a;
    }
    if (qc->found && nlen == 10 && !memcmp(name, "found_line", 10)) {
        int n = snprintf(qc->line, sizeof(qc->line), "%u",
                         ts_node_start_point(*qc->found).row + 1);
        *len = n > 0 ? (size_t)n : 0;
        return qc->line;
    }
    for (uint16_t i = 0; i < qc->m->capture_count; i++) {
        uint32_t l;
        const char *n = ts_query_capture_name_for_id(
            qc->q, qc->m->captures[i].index, &l);
        if (l == nlen && !memcmp(n, name, nlen)) {
            TSNode node = qc->m->captures[i].node;
            uint32_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
            *len = b - a;
            return qc->s->data + a;
        }
    }
    return NULL;
}

static int on_query_match(const assay__rule *r, uint32_t start, uint32_t end,
                          const TSQueryMatch *m, const TSQuery *q,
                          const TSNode *found, void *payload)
{
    q_ctx *qc = payload;
    assay_scanner *s = qc->s;

    /* The same node can match several patterns of one query. */
    for (size_t i = s->ncands; i > 0 && s->cands[i - 1].rule == r; i--)
        if (s->cands[i - 1].start == start)
            return 0;
    qc->m = m;
    qc->q = q;
    qc->found = found;
    if (++qc->count > MAX_MATCHES_PER_RULE)
        return 1;
    {
        assay__asset *asset = NULL;
        int ar = resolve_asset(s, r, query_capture, qc, &asset), e;
        if (ar < 0)
            return ASSAY_ENOMEM;
        if (ar > 0)
            return 0;
        e = add_cand(s, r, start, end, start, end,
                     make_message(r, query_capture, qc));
        if (e < 0) {
            assay__asset_free(asset);
        } else {
            cand_set_asset(&s->cands[s->ncands - 1], r, asset);
        }
        return e;
    }
}

/* A flow finding: {source}, {source_line}, {sink}, {sink_line}, {path} and
 * {trace} in the rule's message (flow.c). */
static const char *flow_capture(void *ctx, const char *name, size_t nlen,
                                size_t *len)
{
    const assay__flow_hit *h = ctx;
    const char *v = NULL;
#define FLOW_CAP(key)                                                          \
    if (nlen == strlen(#key) && !memcmp(name, #key, nlen))                     \
        v = h->key;
    FLOW_CAP(source)
    FLOW_CAP(source_line)
    FLOW_CAP(sink)
    FLOW_CAP(sink_line)
    FLOW_CAP(path)
    FLOW_CAP(trace)
#undef FLOW_CAP
    if (v)
        *len = strlen(v);
    return v;
}

static int on_flow_match(const assay__rule *r, uint32_t start, uint32_t end,
                         const assay__flow_hit *h, void *payload)
{
    q_ctx *qc = payload;
    if (++qc->count > MAX_MATCHES_PER_RULE)
        return 1;
    return add_cand(qc->s, r, start, end, start, end,
                    make_message(r, flow_capture, (void *)h));
}

/* ---- turning candidates into findings ---------------------------------- */

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    int c;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    c = strcmp(x->rule->id, y->rule->id);
    if (c)
        return c;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Line starts, computed once per file that has findings. */
typedef struct lines {
    uint64_t *start;
    size_t n;
} lines;

static int lines_build(lines *L, const char *d, size_t len)
{
    size_t cap = 1024;
    const char *p = d, *end = d + len;
    L->n = 0;
    L->start = assay__malloc(cap * sizeof(uint64_t));
    if (!L->start)
        return -1;
    L->start[L->n++] = 0;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
        p++;
        if (L->n == cap) {
            uint64_t *v = assay__realloc(L->start, cap * 2 * sizeof(uint64_t));
            if (!v)
                return -1;
            L->start = v;
            cap *= 2;
        }
        L->start[L->n++] = (uint64_t)(p - d);
    }
    return 0;
}

/* 0-based line index holding offset `off`. */
static size_t line_of(const lines *L, uint64_t off)
{
    size_t lo = 0, hi = L->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (L->start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static uint64_t line_end(const lines *L, size_t li, size_t len)
{
    return li + 1 < L->n ? L->start[li + 1] - 1 : len;
}

static void redact(assay_buf *b, const char *v, size_t len)
{
    size_t keep = len >= 16 ? 4 : 0;
    assay_buf_put(b, v, keep);
    assay_buf_puts(b, "****");
}

typedef struct span {
    uint64_t a, z;
} span;

static int cmp_span(const void *x, const void *y)
{
    const span *p = x, *q = y;
    return p->a < q->a ? -1 : p->a > q->a;
}

/* The finding's line, cut to SNIPPET_MAX bytes around the match, with every
 * secret value of the file that falls inside it redacted: not only this
 * finding's own (an endpoint found on the line of a token must not show the
 * token). `sec` is sorted by start. */
static char *make_snippet(const assay_scanner *s, const lines *L,
                          const cand *c, const span *sec, size_t nsec)
{
    size_t li = line_of(L, c->start);
    uint64_t ls = L->start[li], le = line_end(L, li, s->len), a, z, pos;
    assay_buf b = ASSAY_BUF_INIT;

    if (le > ls && s->data[le - 1] == '\r')
        le--;
    a = ls;
    z = le;
    if (z - a > SNIPPET_MAX) {
        a = c->start > ls + 80 ? c->start - 80 : ls;
        z = a + SNIPPET_MAX < le ? a + SNIPPET_MAX : le;
    }
    if (a > ls)
        assay_buf_puts(&b, "...");
    pos = a;
    for (size_t i = 0; i < nsec && pos < z; i++) {
        uint64_t va = sec[i].a, vz = sec[i].z;
        if (vz <= pos || va >= z)
            continue;
        if (va > pos)
            assay_buf_put(&b, s->data + pos, va - pos);
        if (va >= pos)
            redact(&b, s->data + va, vz - va);
        pos = vz;
    }
    if (pos < z)
        assay_buf_put(&b, s->data + pos, z - pos);
    if (z < le)
        assay_buf_puts(&b, "...");
    if (assay_buf_failed(&b)) {
        assay_buf_free(&b);
        return NULL;
    }
    return assay_buf_take(&b);
}

/* A fingerprint that ignores where the finding is: rule, path, the matched
 * text without white space, and which occurrence of that text it is. */
static void base_hash(const assay_scanner *s, const char *path, const cand *c,
                      char out[65])
{
    assay_buf b = ASSAY_BUF_INIT;
    uint64_t end = c->end - c->start > 65536 ? c->start + 65536 : c->end;
    assay_buf_puts(&b, c->rule->id);
    assay_buf_putc(&b, '\0');
    assay_buf_puts(&b, path);
    assay_buf_putc(&b, '\0');
    for (uint64_t i = c->start; i < end; i++) {
        char ch = s->data[i];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
            assay_buf_putc(&b, ch);
    }
    assay_sha256_hex(b.ptr ? b.ptr : "", b.len, out);
    assay_buf_free(&b);
}

/* Is [a, p) only comment leaders and space (`#`, `//`, ` * `, `dnl`...)? */
static int comment_only(const char *a, const char *p)
{
    const char *q = p;
    while (q > a && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    if (q - a >= 3 && !memcmp(q - 3, "dnl", 3))
        p = q - 3;
    for (; a < p; a++) {
        unsigned char c = (unsigned char)*a;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '_')
            return 0;
    }
    return 1;
}

/* Inline suppressions: `assay:ignore[ID,ID*] reason` on the finding's line
 * or alone on a comment line just above. */
static int suppressed_by(const assay_scanner *s, const lines *L, size_t li,
                         const char *id, char **reason)
{
    static const char tag[] = "assay:ignore[";
    for (size_t k = 0; k < 2; k++) {
        size_t l;
        uint64_t a, z;
        const char *p;
        if (k > li)
            break;
        l = li - k;
        a = L->start[l];
        z = line_end(L, l, s->len);
        p = s->data + a;
        while ((p = memmem(p, (size_t)(s->data + z - p), tag, sizeof(tag) - 1))) {
            const char *ids = p + sizeof(tag) - 1, *close;
            close = memchr(ids, ']', (size_t)(s->data + z - ids));
            /* On the line above, only a comment line counts: a trailing
             * comment on code covers that code's line, not the next. */
            if (k == 1 && !comment_only(s->data + a, p))
                break;
            if (!close)
                break;
            for (const char *q = ids; q < close;) {
                const char *e = q;
                size_t n;
                while (e < close && *e != ',')
                    e++;
                while (q < e && *q == ' ')
                    q++;
                n = (size_t)(e - q);
                while (n && q[n - 1] == ' ')
                    n--;
                if ((n && q[n - 1] == '*' && !strncmp(id, q, n - 1)) ||
                    (n == strlen(id) && !memcmp(id, q, n))) {
                    const char *r = close + 1, *re = s->data + z;
                    while (r < re && (*r == ' ' || *r == ':' || *r == '-'))
                        r++;
                    while (re > r && (re[-1] == ' ' || re[-1] == '\r' ||
                                      re[-1] == '/' || re[-1] == '*' ||
                                      re[-1] == '>' || re[-1] == '-'))
                        re--;
                    *reason = assay__strndup(r, (size_t)(re - r));
                    return 1;
                }
                q = e + 1;
            }
            p = close;
        }
    }
    return 0;
}

typedef struct fp_idx {
    char hash[65];
    size_t i;
} fp_idx;

static int cmp_fp(const void *a, const void *b)
{
    const fp_idx *x = a, *y = b;
    int c = strcmp(x->hash, y->hash);
    return c ? c : (x->i < y->i ? -1 : x->i > y->i);
}

/* One secret value, one finding: where a specific rule (a GitHub token) and
 * a generic one (a credential assignment) report overlapping values, keep
 * the stronger (severity, then confidence) and drop the other. Candidates
 * are sorted by start, so only the following, overlapping ones are looked
 * at. */
static int stronger(const assay__rule *a, const assay__rule *b)
{
    if (a->info.severity != b->info.severity)
        return a->info.severity > b->info.severity;
    return a->info.confidence > b->info.confidence;
}

static void drop_shadowed_secrets(assay_scanner *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->ncands; i++) {
        cand *a = &s->cands[i];
        if (!a->rule || a->rule->info.category != ASSAY_CAT_SECRET)
            continue;
        for (size_t j = i + 1; j < s->ncands && s->cands[j].start < a->end;
             j++) {
            cand *b = &s->cands[j];
            if (!b->rule || b->rule->info.category != ASSAY_CAT_SECRET ||
                b->vstart >= a->vend || a->vstart >= b->vend)
                continue;
            if (stronger(a->rule, b->rule)) {
                b->rule = NULL;
            } else if (stronger(b->rule, a->rule)) {
                a->rule = NULL;
                break;
            } else if (a->vstart == b->vstart && a->vend == b->vend) {
                /* the same value, rules of equal weight (an AWS key pair
                 * and the secret key alone): keep the tighter match */
                if (b->end - b->start < a->end - a->start) {
                    a->rule = NULL;
                    break;
                }
                b->rule = NULL;
            }
        }
    }
    for (size_t i = 0; i < s->ncands; i++) {
        if (s->cands[i].rule)
            s->cands[n++] = s->cands[i];
        else {
            assay__free(s->cands[i].message);
            assay__asset_free(s->cands[i].asset);
        }
    }
    s->ncands = n;
}

static int finalize(assay_scanner *s, assay_file_result *res)
{
    lines L = {0};
    fp_idx *fps = NULL;
    span *sec = NULL;
    int has_ignore;
    size_t n = 0, nsec = 0, nrefs = 0;

    if (!s->ncands)
        return 0;
    qsort(s->cands, s->ncands, sizeof(cand), cmp_cand);
    /* every secret value, before de-duplication drops any finding */
    sec = assay__calloc(s->ncands, sizeof(*sec));
    if (!sec)
        goto oom;
    for (size_t i = 0; i < s->ncands && !s->opts.reveal_secrets; i++)
        if (s->cands[i].rule->secret && s->cands[i].vend > s->cands[i].vstart) {
            sec[nsec].a = s->cands[i].vstart;
            sec[nsec++].z = s->cands[i].vend;
        }
    qsort(sec, nsec, sizeof(*sec), cmp_span);
    if (!s->testing)
        drop_shadowed_secrets(s);
    if (lines_build(&L, s->data, s->len) < 0)
        goto oom;
    res->findings = assay__calloc(s->ncands, sizeof(assay__finding));
    fps = assay__calloc(s->ncands, sizeof(*fps));
    if (!res->findings || !fps)
        goto oom;
    has_ignore = memmem(s->data, s->len, "assay:ignore[", 13) != NULL;
    for (size_t i = 0; i < s->ncands; i++) {
        cand *c = &s->cands[i];
        assay__finding *f = &res->findings[n];
        assay_finding *p = &f->pub;
        size_t sl = line_of(&L, c->start);
        uint64_t last = c->end > c->start ? c->end - 1 : c->start;
        size_t el = line_of(&L, last);

        f->rule = c->rule;
        p->rule_id = c->rule->id;
        p->title = c->rule->title;
        p->category = c->rule->info.category;
        p->severity = c->rule->info.severity;
        p->confidence = c->confidence >= 0 ? (assay_confidence)c->confidence
                                           : c->rule->info.confidence;
        /* a generic credential in a test, fixture or example file */
        if (c->rule->check == ASSAY__CHECK_CREDENTIAL &&
            assay__path_is_fixture(res->identity))
            p->confidence = ASSAY_CONF_LOW;
        /* the same secret value, wherever it is, shares one group id */
        if (c->rule->secret && c->vend > c->vstart) {
            assay__secret_group(c->rule->id, s->data + c->vstart,
                                (size_t)(c->vend - c->vstart), f->group);
            p->group = f->group;
        }
        p->score = assay__score(p->severity, p->confidence);
        p->path = res->path;
        p->offset = c->start;
        p->length = c->end - c->start;
        p->start_line = (uint32_t)sl + 1;
        p->end_line = (uint32_t)el + 1;
        p->start_col = (uint32_t)assay_utf8_count(
                           s->data + L.start[sl], c->start - L.start[sl]) + 1;
        p->end_col = (uint32_t)assay_utf8_count(
                         s->data + L.start[el], c->end - L.start[el]) + 1;
        f->owned_message = c->message;
        c->message = NULL;
        p->message = f->owned_message;
        f->owned_asset = c->asset;
        c->asset = NULL;
        p->asset = f->owned_asset ? &f->owned_asset->pub
                   : c->rule->asset && c->rule->asset->fixed
                       ? &c->rule->asset->fixed->pub
                       : NULL;
        f->owned_snippet = make_snippet(s, &L, c, sec, nsec);
        if (!f->owned_snippet)
            goto oom;
        p->snippet = f->owned_snippet;
        if (has_ignore &&
            suppressed_by(s, &L, sl, c->rule->id, &f->owned_reason)) {
            p->suppressed = 1;
            p->suppress_reason = f->owned_reason ? f->owned_reason : "";
        }
        /* the files a build step reads, for correlate.c (best effort:
         * NULL when there are none or memory ran out) */
        if (p->category == ASSAY_CAT_BUILD && nrefs < 64) {
            f->refs = assay__correlate_refs(s->data, s->len, c->start, c->end);
            nrefs++;
        }
        base_hash(s, res->identity, c, fps[n].hash);
        fps[n].i = n;
        n++;
    }
    res->nfindings = n;
    res->cap = n;
    /* occurrence numbers among identical (rule, path, text) */
    qsort(fps, n, sizeof(*fps), cmp_fp);
    for (size_t i = 0, occ = 0; i < n; i++) {
        char buf[80], hex[65];
        occ = (i && !strcmp(fps[i].hash, fps[i - 1].hash)) ? occ + 1 : 0;
        snprintf(buf, sizeof(buf), "%.64s:%zu", fps[i].hash, occ);
        assay_sha256_hex(buf, strlen(buf), hex);
        memcpy(res->findings[fps[i].i].fingerprint, hex, 32);
        res->findings[fps[i].i].fingerprint[32] = '\0';
        res->findings[fps[i].i].pub.fingerprint =
            res->findings[fps[i].i].fingerprint;
    }
    assay__free(fps);
    assay__free(sec);
    assay__free(L.start);
    assay__rank_file(res, s->data, s->len);
    return 0;
oom:
    assay__free(fps);
    assay__free(sec);
    assay__free(L.start);
    return ASSAY_ENOMEM;
}

/* ---- the scan ---------------------------------------------------------- */

uint64_t assay__now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool parse_progress(TSParseState *st)
{
    assay__deadline *dl = st->payload;
    if (assay__now_ns() > dl->at_ns)
        dl->hit = 1;
    return dl->hit; /* true cancels the parse */
}

static const char *read_input(void *payload, uint32_t off, TSPoint pt,
                              uint32_t *nread)
{
    const assay_scanner *s = payload;
    (void)pt;
    if (off >= s->len) {
        *nread = 0;
        return "";
    }
    *nread = (uint32_t)(s->len - off);
    return s->data + off;
}

static TSParser *parser_for(assay_scanner *s, int lang)
{
    if (!s->parsers[lang]) {
        TSParser *p = ts_parser_new();
        if (!p)
            return NULL;
        if (!ts_parser_set_language(p, assay__langs[lang].language())) {
            ts_parser_delete(p);
            return NULL;
        }
        s->parsers[lang] = p;
    }
    return s->parsers[lang];
}

static int set_note(assay_file_result *res, const char *note)
{
    if (res->partial)
        return 0;
    res->partial = assay__strdup(note);
    return res->partial ? 0 : ASSAY_ENOMEM;
}

/* Whether a query or flow rule is compiled, compiling a built-in one on its
 * first use (once, under the rule set's lock: scanners share the rules). A
 * built-in query that does not compile is a defect of the pack, which
 * `assay rules test` reports: here the rule is skipped. */
static int structural_ready(const assay_rules *rs, const assay__rule *cr)
{
    assay__rule *r = (assay__rule *)cr; /* only `ready` and what it guards */
    int st = atomic_load_explicit(&r->ready, memory_order_acquire);
    if (st)
        return st > 0;
    pthread_mutex_lock((pthread_mutex_t *)&rs->lazy_lock);
    if (!(st = atomic_load_explicit(&r->ready, memory_order_relaxed))) {
        diag_sink ds = {NULL, NULL, 0};
        int e = compile_structural(r, &ds);
        st = e < 0 || ds.errors ? -1 : 1;
        atomic_store_explicit(&r->ready, st, memory_order_release);
    }
    pthread_mutex_unlock((pthread_mutex_t *)&rs->lazy_lock);
    return st > 0;
}

static int run_queries(assay_scanner *s, uint32_t kinds,
                       assay_file_result *res)
{
    const assay_rules *rs = s->rules;
    TSTree *trees[ASSAY_LANG_COUNT] = {0};
    int tried[ASSAY_LANG_COUNT] = {0};
    int err = 0;
    /* One time budget per file for parsing and all queries together. */
    assay__deadline dl = {assay__now_ns() +
                              (uint64_t)s->opts.parse_timeout_ms * 1000000u,
                          0};

    for (size_t qi = 0; qi < rs->nqueries && !err; qi++) {
        uint32_t ri = rs->queries[qi];
        const assay__rule *r = rs->rules[ri];
        uint32_t full = r->nclauses >= 32 ? 0xffffffffu
                                          : (1u << r->nclauses) - 1;
        q_ctx qc = {s, NULL, NULL, 0, NULL, {0}};

        if (!(r->kinds & kinds) || (s->reqmask[ri] & full) != full)
            continue;
        if (r->within && !window_held(s, ri, full & ~s->reqany[ri]))
            continue;
        if (!structural_ready(rs, r))
            continue;
        if (!tried[r->lang]) {
            TSParser *p;
            tried[r->lang] = 1;
            if (s->len > s->opts.max_parse_size) {
                err = set_note(res, "not-parsed: larger than the parse limit");
                continue;
            }
            if (!(p = parser_for(s, r->lang)))
                return ASSAY_ENOMEM;
            {
                TSInput in = {s, read_input, TSInputEncodingUTF8, NULL};
                TSParseOptions po = {&dl, parse_progress};
                trees[r->lang] = ts_parser_parse_with_options(p, NULL, in, po);
            }
            if (!trees[r->lang]) {
                ts_parser_reset(p);
                err = set_note(res, "not-parsed: parse time limit reached");
            }
        }
        if (!trees[r->lang])
            continue;
        if (r->type == MATCH_FLOW)
            err = assay__flow_run(r, trees[r->lang], s->data, s->len, &dl,
                                  on_flow_match, &qc);
        else
            err = assay__query_run(r, trees[r->lang], s->qcur, s->data,
                                   s->len, &dl, on_query_match, &qc);
        if (dl.hit) {
            err = set_note(res, "partial: structural analysis time limit "
                                "reached");
            break;
        }
        if (err > 0)
            err = 0; /* the per-rule match cap stopped it */
    }
    for (int l = 0; l < ASSAY_LANG_COUNT; l++)
        if (trees[l])
            ts_tree_delete(trees[l]);
    return err;
}

/* A slot known to hold without a place (an expression Vectorscan could not
 * take, a long line): the rule is hit, or its clause holds in any window. */
static void held_anywhere(assay_scanner *s, const assay__hs_slot *slot)
{
    if (slot->require < 0) {
        s->hit[slot->rule] = 1;
        return;
    }
    s->reqmask[slot->rule] |= 1u << slot->require;
    s->reqany[slot->rule] |= 1u << slot->require;
}

static int scan_mem(assay_scanner *s, uint32_t kinds, assay_file_result *res)
{
    const assay_rules *rs = s->rules;
    int err = 0;

    s->ncands = 0;
    s->oom = 0;
    res->test_data = assay__correlate_is_data(res->identity, kinds);
    memset(s->hit, 0, rs->nrules);
    memset(s->reqmask, 0, rs->nrules * sizeof(uint32_t));
    memset(s->reqany, 0, rs->nrules * sizeof(uint32_t));
    s->nwins = 0;
    s->win_over = 0;
    /* COMMON first, unless the class's database holds its rules too */
    for (int pass = rs->merged; pass < 2; pass++) {
        int c = pass ? db_class(kinds) : ASSAY_DBC_COMMON;
        const assay__db *d = db_get(rs, c);
        if (!d)
            return ASSAY_ENOMEM;
        if (d->db && !(s->scratch_for & (1u << c))) {
            if (hs_alloc_scratch(d->db, &s->scratch) != HS_SUCCESS)
                return ASSAY_ENOMEM;
            s->scratch_for |= 1u << c;
        }
        s->slots = d->slots;
        if (d->db && hs_scan(d->db, s->len ? s->data : "", (unsigned)s->len,
                             0, s->scratch, on_hs_match, s) != HS_SUCCESS)
            return ASSAY_ENOMEM;
        for (size_t i = 0; i < d->nalways; i++)
            held_anywhere(s, &d->always[i]);
    }
    for (size_t i = 0; i < rs->nunfiltered; i++)
        s->hit[rs->unfiltered[i]] = 1;
    if (rs->nruns && has_line(s->data, s->len, rs->run_low)) {
        uint32_t line = longest_line(s->data, s->len, rs->run_need);
        for (size_t i = 0; i < rs->nruns; i++)
            if (line >= rs->run_min[i])
                held_anywhere(s, &rs->runs[i]);
    }
    if (s->nwins > 1)
        qsort(s->wins, s->nwins, sizeof(*s->wins), reqhit_cmp);
    for (size_t i = 0; i < rs->nrules && !err; i++) {
        const assay__rule *r = rs->rules[i];
        if (s->hit[i] && !ASSAY_STRUCTURAL(r) && (r->kinds & kinds))
            err = run_regex(s, r);
    }
    if (!err && rs->nqueries)
        err = run_queries(s, kinds, res);
    if (!err)
        err = finalize(s, res);
    for (size_t i = 0; i < s->ncands; i++) {
        assay__free(s->cands[i].message);
        assay__asset_free(s->cands[i].asset);
    }
    s->ncands = 0;
    return err;
}

static assay_file_result *result_new(const char *path, const char *identity)
{
    assay_file_result *r = assay__calloc(1, sizeof(*r));
    if (r && (!(r->path = assay__strdup(path)) ||
              !(r->identity = assay__strdup(identity ? identity : path)))) {
        assay__free(r->path);
        assay__free(r);
        return NULL;
    }
    return r;
}

static int skip(assay_file_result *res, const char *reason, const char *detail)
{
    res->skipped = assay__strdup(reason);
    res->skip_detail = detail ? assay__strdup(detail) : NULL;
    return res->skipped ? 0 : ASSAY_ENOMEM;
}

uint64_t assay__scanner_max_file_size(const assay_scanner *s)
{
    return s->opts.max_file_size;
}

/* A skipped entry (archive members that are too large, encrypted...). */
assay_file_result *assay__result_skipped(const char *path, const char *reason,
                                         const char *detail)
{
    assay_file_result *res = result_new(path, NULL);
    if (res && skip(res, reason, detail) < 0) {
        assay_file_result_free(res);
        res = NULL;
    }
    return res;
}

/* assay_scan_buffer with the identity fingerprints use (archive members:
 * the path inside the release, whatever the archive is called). */
int assay__scan_buffer_as(assay_scanner *s, const char *display_path,
                          const char *identity, const void *data, size_t len,
                          assay_file_result **out)
{
    assay_file_result *res;
    int err;

    *out = NULL;
    if (len > 0xffffffffu)
        return ASSAY_ELIMIT;
    if (!(res = result_new(display_path, identity)))
        return ASSAY_ENOMEM;
    s->data = data;
    s->len = len;
    res->bytes = len;
    err = scan_mem(s, assay__kind_detect(identity, data, len), res);
    s->data = NULL;
    if (err) {
        assay_file_result_free(res);
        return err;
    }
    *out = res;
    return 0;
}

int assay_scan_buffer(assay_scanner *s, const char *display_path,
                      const char *kind, const void *data, size_t len,
                      assay_file_result **out)
{
    assay_file_result *res;
    uint32_t kinds;
    int err;

    if (!s || !display_path || !out || (len && !data))
        return ASSAY_EINVAL;
    *out = NULL;
    if (len > 0xffffffffu)
        return ASSAY_ELIMIT;
    if (kind) {
        if (!(kinds = assay__kind_mask(kind)))
            return ASSAY_EINVAL;
    } else {
        kinds = assay__kind_detect(display_path, data, len);
    }
    if (!(res = result_new(display_path, NULL)))
        return ASSAY_ENOMEM;
    s->data = data;
    s->len = len;
    res->bytes = len;
    err = scan_mem(s, kinds, res);
    s->data = NULL;
    if (err) {
        assay_file_result_free(res);
        return err;
    }
    *out = res;
    return 0;
}

int assay_scan_file(assay_scanner *s, const char *path,
                    const char *display_path, const char *identity_path,
                    assay_file_result **out)
{
    assay_file_result *res;
    struct stat st;
    int fd, err = 0;
    size_t got = 0;

    if (!s || !path || !out)
        return ASSAY_EINVAL;
    *out = NULL;
    if (!display_path)
        display_path = path;
    if (!(res = result_new(display_path, identity_path)))
        return ASSAY_ENOMEM;
    /* O_NOFOLLOW: a link swapped in after the walk is not followed;
     * O_NONBLOCK: opening a FIFO cannot hang. */
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        err = skip(res, e == ELOOP ? "symlink"
                        : e == EACCES || e == EPERM ? "unreadable"
                        : e == ENOENT ? "vanished" : "open-error",
                   strerror(e));
        goto done;
    }
    if (fstat(fd, &st) < 0) {
        err = skip(res, "stat-error", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        err = skip(res, S_ISFIFO(st.st_mode)   ? "fifo"
                        : S_ISSOCK(st.st_mode) ? "socket"
                        : S_ISDIR(st.st_mode)  ? "directory"
                                               : "device",
                   "not a regular file");
        goto done;
    }
    if ((uint64_t)st.st_size > s->opts.max_file_size) {
        char d[96];
        snprintf(d, sizeof(d), "%llu bytes, over the %llu-byte limit",
                 (unsigned long long)st.st_size,
                 (unsigned long long)s->opts.max_file_size);
        err = skip(res, "too-large", d);
        goto done;
    }
    /* Read at most the limit + 1: a file that grows meanwhile is caught. */
    {
        size_t want = (size_t)st.st_size + 1;
        if (want > s->bufcap) {
            char *nb = assay__realloc(s->buf, want);
            if (!nb) {
                err = ASSAY_ENOMEM;
                goto done;
            }
            s->buf = nb;
            s->bufcap = want;
        }
        fcntl(fd, F_SETFL, 0); /* blocking reads from here on */
        while (got < want) {
            ssize_t r = read(fd, s->buf + got, want - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                err = skip(res, errno == EISDIR ? "directory" : "read-error",
                           strerror(errno));
                goto done;
            }
            if (r == 0)
                break;
            got += (size_t)r;
        }
        if (got > (size_t)st.st_size)
            got = (size_t)st.st_size; /* grew while reading: scan what stat saw */
    }
    s->data = s->buf;
    s->len = got;
    res->bytes = got;
    err = scan_mem(s, assay__kind_detect(res->path, s->buf, got), res);
    s->data = NULL;
done:
    if (fd >= 0)
        close(fd);
    if (err < 0) {
        assay_file_result_free(res);
        return err;
    }
    *out = res;
    return 0;
}

void assay__finding_clear(assay__finding *f)
{
    assay__free(f->owned_path);
    assay__free(f->owned_message);
    assay__free(f->owned_snippet);
    assay__free(f->owned_reason);
    assay__free(f->git_refs);
    assay__asset_free(f->owned_asset);
    f->owned_asset = NULL;
    assay__free(f->refs);
    f->refs = NULL;
}

void assay_file_result_free(assay_file_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nfindings; i++)
        assay__finding_clear(&r->findings[i]);
    assay__free(r->findings);
    assay__free(r->path);
    assay__free(r->identity);
    assay__free(r->skipped);
    assay__free(r->skip_detail);
    assay__free(r->partial);
    assay__git_origin_free(r->git);
    assay__free(r);
}

size_t assay_file_result_count(const assay_file_result *r)
{
    return r ? r->nfindings : 0;
}
const assay_finding *assay_file_result_get(const assay_file_result *r, size_t i)
{
    return r && i < r->nfindings ? &r->findings[i].pub : NULL;
}
const char *assay_file_result_skipped(const assay_file_result *r)
{
    return r ? r->skipped : NULL;
}
uint64_t assay_file_result_bytes(const assay_file_result *r)
{
    return r ? r->bytes : 0;
}

/* ====================================================================
 * Rule examples
 * ==================================================================== */

/* A `hex: true` example ("63 7c 77 7b" or "637c777b") as raw bytes, in a
 * fresh buffer; NULL on a malformed string or no memory. */
static char *example_bytes(const char *hex, size_t *len)
{
    size_t n = strlen(hex), k = 0;
    char *out = assay__malloc(n / 2 + 1);
    int hi = -1;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)hex[i], v;
        if (isspace(c))
            continue;
        if (!isxdigit(c)) {
            assay__free(out);
            return NULL;
        }
        v = isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10);
        if (hi < 0) {
            hi = v;
        } else {
            out[k++] = (char)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0) {
        assay__free(out);
        return NULL;
    }
    *len = k;
    return out;
}

/* The kind an example is scanned as: the rule's first listed kind. */
static const char *example_kind(const assay__rule *r, uint32_t *mask)
{
    char first[32];
    size_t n = strcspn(r->files_text, ", ");
    if (r->ex_kinds) {
        *mask = r->ex_kinds;
        return NULL;
    }
    if (n >= sizeof(first))
        n = sizeof(first) - 1;
    memcpy(first, r->files_text, n);
    first[n] = '\0';
    if (!strcmp(first, "any") || !strcmp(first, "text"))
        *mask = KBIT(ASSAY_K_OTHER);
    else if (!strcmp(first, "source"))
        *mask = KBIT(ASSAY_K_C);
    else if (!strcmp(first, "build"))
        *mask = KBIT(ASSAY_K_SHELL) | KBIT(ASSAY_K_BUILD);
    else
        *mask = assay__kind_mask(first);
    if (r->kinds & KBIT(ASSAY_K_BUILD))
        *mask |= KBIT(ASSAY_K_BUILD);
    return NULL;
}

int assay_rules_test(const assay_rules *rs, const char *prefix,
                     size_t *npassed, size_t *nfailed, assay_example_cb on_fail,
                     void *payload)
{
    assay_scanner *s = NULL;
    size_t pass = 0, fail = 0;
    int err;

    if (!rs)
        return ASSAY_EINVAL;
    if ((err = assay_scanner_new(&s, rs, NULL)) < 0)
        return err;
    s->testing = 1;
    for (size_t i = 0; i < rs->nrules && !err; i++) {
        const assay__rule *r = rs->rules[i];
        uint32_t mask;
        if (prefix && strncmp(r->id, prefix, strlen(prefix)))
            continue;
        example_kind(r, &mask);
        for (int want = 1; want >= 0; want--) {
            char **ex = want ? r->ex_match : r->ex_nomatch;
            size_t nex = want ? r->nex_match : r->nex_nomatch;
            for (size_t k = 0; k < nex; k++) {
                assay_file_result res = {0};
                int fired = 0;
                char *raw = NULL;
                res.path = (char *)"example";
                res.identity = res.path;
                s->data = ex[k];
                s->len = strlen(ex[k]);
                if (r->ex_hex) {
                    if (!(raw = example_bytes(ex[k], &s->len))) {
                        s->data = NULL;
                        fail++;
                        if (on_fail)
                            on_fail(r->id, want, ex[k],
                                    "not a hex string (examples: hex: true)",
                                    payload);
                        continue;
                    }
                    s->data = raw;
                }
                err = scan_mem(s, mask, &res);
                s->data = NULL;
                assay__free(raw);
                if (r->type == MATCH_CORRELATE)
                    fired = assay__correlate_example(&res);
                for (size_t f = 0; f < res.nfindings; f++) {
                    if (res.findings[f].rule == r)
                        fired = 1;
                    assay__finding_clear(&res.findings[f]);
                }
                assay__free(res.findings);
                assay__free(res.partial);
                if (err)
                    break;
                if (fired == want) {
                    pass++;
                } else {
                    fail++;
                    if (on_fail)
                        on_fail(r->id, want, ex[k],
                                want ? "the rule did not fire"
                                     : "the rule fired", payload);
                }
            }
        }
    }
    assay_scanner_free(s);
    if (npassed)
        *npassed = pass;
    if (nfailed)
        *nfailed = fail;
    return err;
}
