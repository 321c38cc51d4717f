/* output.c - write a finished report as text, JSON or SARIF 2.1.0.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Writers never touch stdout: they fill a buffer and hand it to the
 * caller's write callback in chunks. Every string that came from a scanned
 * file (paths, snippets, messages) is escaped for its format: JSON strings
 * get invalid UTF-8 replaced by U+FFFD, SARIF URIs are percent-encoded, and
 * text output turns control bytes into '?', so a hostile file name cannot
 * inject terminal escapes or break a JSON parser.
 *
 * The JSON format is documented in docs/OUTPUT.md and
 * docs/report.schema.json; the SARIF output is validated against the
 * official 2.1.0 schema by the test suite. */
#include "report.h"

#include <stdio.h>
#include <string.h>

#define FLUSH_AT 65536

typedef struct out {
    assay_buf b;
    assay_write_cb write;
    void *payload;
    int err;
} out;

static void flush(out *o, int force)
{
    if (o->err)
        return;
    if (assay_buf_failed(&o->b)) {
        o->err = ASSAY_ENOMEM;
        return;
    }
    if (o->b.len && (force || o->b.len >= FLUSH_AT)) {
        if (o->write(o->b.ptr, o->b.len, o->payload))
            o->err = ASSAY_EIO;
        o->b.len = 0;
    }
}

static const char *sarif_level(assay_severity s)
{
    return s >= ASSAY_SEV_HIGH ? "error" : s == ASSAY_SEV_MEDIUM ? "warning"
                                                                 : "note";
}

static const char *security_severity(assay_severity s)
{
    static const char *const v[] = {"0.0", "3.0", "5.5", "8.0", "9.5"};
    return v[s];
}

static void json_kv_str(assay_buf *b, const char *k, const char *v, int comma)
{
    assay_buf_printf(b, "%s\"%s\":", comma ? "," : "", k);
    assay_json_str(b, v);
}

static void json_cwe(assay_buf *b, const int *cwe, size_t n, int prefixed)
{
    assay_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++)
        assay_buf_printf(b, prefixed ? "%s\"CWE-%d\"" : "%s%d", i ? "," : "",
                         cwe[i]);
    assay_buf_putc(b, ']');
}

static void json_context(assay_buf *b, uint32_t ctx)
{
    int first = 1;
    assay_buf_putc(b, '[');
    for (int i = 0; i < ASSAY_CTX_COUNT; i++)
        if (ctx & (1u << i)) {
            assay_buf_printf(b, "%s\"%s\"", first ? "" : ",",
                             assay_context_name(1u << i));
            first = 0;
        }
    assay_buf_putc(b, ']');
}

/* ---- top suspects ------------------------------------------------------ */

#define TOP_SUSPECTS 5
#define TOP_MIN_SCORE 50

/* Ties between findings ranked alike: by path, line, rule. */
static int cmp_place(const assay_finding *x, const assay_finding *y)
{
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->start_line != y->start_line)
        return x->start_line < y->start_line ? -1 : 1;
    return strcmp(x->rule_id, y->rule_id);
}

static int cmp_suspect(const void *a, const void *b)
{
    const assay_finding *x = &(*(assay__finding *const *)a)->pub;
    const assay_finding *y = &(*(assay__finding *const *)b)->pub;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    return cmp_place(x, y);
}

/* The findings a reader should look at first: unsuppressed backdoor-like
 * mechanisms (not secrets, crypto or endpoints, which are inventories),
 * by score. Fills v (TOP_SUSPECTS slots); returns how many. */
static size_t top_suspects(const assay_report *r, const assay__finding **v)
{
    const assay__finding **all;
    size_t n = 0, k;
    all = assay__calloc(r->nfindings ? r->nfindings : 1, sizeof(*all));
    if (!all)
        return 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        const assay_finding *f = &r->findings[i]->pub;
        if (f->suppressed || f->score < TOP_MIN_SCORE ||
            f->category > ASSAY_CAT_CAPABILITY)
            continue;
        all[n++] = r->findings[i];
    }
    qsort(all, n, sizeof(*all), cmp_suspect);
    /* one entry per place: two rules on one line are one suspect */
    k = 0;
    for (size_t i = 0; i < n && k < TOP_SUSPECTS; i++) {
        size_t j;
        for (j = 0; j < k; j++)
            if (v[j]->pub.start_line == all[i]->pub.start_line &&
                !strcmp(v[j]->pub.path, all[i]->pub.path))
                break;
        if (j == k)
            v[k++] = all[i];
    }
    assay__free(all);
    return k;
}

/* ---- JSON -------------------------------------------------------------- */

/* `assay history`: the commit that introduced the finding, and the refs
 * whose tip still holds its blob. */
static void json_git(assay_buf *b, const assay__finding *af)
{
    const assay__git_origin *g = af->git;
    json_kv_str(b, "commit", g->commit, 1);
    json_kv_str(b, "author", g->author, 1);
    json_kv_str(b, "date", g->date, 1);
    assay_buf_puts(b, ",\"refs\":[");
    for (uint32_t i = 0; g->refnames && i < af->ngit_refs; i++) {
        if (i)
            assay_buf_putc(b, ',');
        assay_json_str(b, af->git_refs[i] < g->refnames->n
                              ? g->refnames->names[af->git_refs[i]]
                              : "");
    }
    assay_buf_putc(b, ']');
    if (g->nalso) {
        assay_buf_puts(b, ",\"also_at\":[");
        for (size_t i = 0; i < g->nalso; i++) {
            if (i)
                assay_buf_putc(b, ',');
            assay_json_str(b, g->also[i]);
        }
        assay_buf_putc(b, ']');
    }
}

static void write_json(const assay_report *r, out *o)
{
    assay_buf *b = &o->b;

    assay_buf_printf(b, "{\n  \"schema_version\": 1,\n  \"tool\": "
                        "{\"name\": \"assay\", \"version\": \"%s\"},\n"
                        "  \"targets\": [",
                     assay_version());
    for (size_t i = 0; i < r->targets.len; i++) {
        if (i)
            assay_buf_puts(b, ", ");
        assay_json_str(b, r->targets.items[i]);
    }
    assay_buf_printf(b, "],\n  \"summary\": {\"files_scanned\": %llu, "
                        "\"bytes_scanned\": %llu, \"files_skipped\": %zu, "
                        "\"findings\": %zu, \"suppressed\": %zu, "
                        "\"baselined\": %zu,\n    \"by_severity\": {",
                     (unsigned long long)r->files_scanned,
                     (unsigned long long)r->bytes_scanned, r->nskips,
                     r->nfindings - r->suppressed, r->suppressed, r->baselined);
    for (int s = ASSAY_SEV_CRITICAL; s >= 0; s--)
        assay_buf_printf(b, "%s\"%s\": %zu", s == ASSAY_SEV_CRITICAL ? "" : ", ",
                         assay_severity_name((assay_severity)s),
                         r->by_severity[s]);
    assay_buf_puts(b, "},\n    \"by_category\": {");
    for (int c = 0; c < ASSAY_CAT_COUNT; c++)
        assay_buf_printf(b, "%s\"%s\": %zu", c ? ", " : "",
                         assay_category_name((assay_category)c),
                         r->by_category[c]);
    assay_buf_puts(b, "}},\n  \"top_suspects\": [");
    {
        const assay__finding *top[TOP_SUSPECTS];
        size_t nt = top_suspects(r, top);
        for (size_t i = 0; i < nt; i++) {
            const assay_finding *f = &top[i]->pub;
            assay_buf_puts(b, i ? ",\n    {" : "\n    {");
            json_kv_str(b, "rule", f->rule_id, 0);
            json_kv_str(b, "title", f->title, 1);
            json_kv_str(b, "severity", assay_severity_name(f->severity), 1);
            assay_buf_printf(b, ",\"score\":%d", f->score);
            json_kv_str(b, "path", f->path, 1);
            assay_buf_printf(b, ",\"line\":%u", f->start_line);
            json_kv_str(b, "fingerprint", f->fingerprint, 1);
            assay_buf_puts(b, ",\"context\":");
            json_context(b, f->context);
            assay_buf_putc(b, '}');
        }
        assay_buf_puts(b, nt ? "\n  ],\n  \"findings\": [" : "],\n  \"findings\": [");
    }
    for (size_t i = 0; i < r->nfindings && !o->err; i++) {
        const assay__finding *af = r->findings[i];
        const assay_finding *f = &af->pub;
        assay_buf_puts(b, i ? ",\n    {" : "\n    {");
        json_kv_str(b, "rule", f->rule_id, 0);
        json_kv_str(b, "title", f->title, 1);
        json_kv_str(b, "category", assay_category_name(f->category), 1);
        json_kv_str(b, "severity", assay_severity_name(f->severity), 1);
        json_kv_str(b, "confidence", assay_confidence_name(f->confidence), 1);
        assay_buf_printf(b, ",\"score\":%d,\"context\":", f->score);
        json_context(b, f->context);
        json_kv_str(b, "path", f->path, 1);
        assay_buf_printf(b, ",\"start\":{\"line\":%u,\"column\":%u},"
                            "\"end\":{\"line\":%u,\"column\":%u},"
                            "\"offset\":%llu,\"length\":%llu",
                         f->start_line, f->start_col, f->end_line, f->end_col,
                         (unsigned long long)f->offset,
                         (unsigned long long)f->length);
        json_kv_str(b, "message", f->message, 1);
        json_kv_str(b, "snippet", f->snippet, 1);
        json_kv_str(b, "fingerprint", f->fingerprint, 1);
        if (f->group)
            json_kv_str(b, "group", f->group, 1);
        assay_buf_puts(b, ",\"cwe\":");
        json_cwe(b, af->rule->cwe, af->rule->ncwe, 0);
        if (f->asset) {
            assay_buf_puts(b, ",\"asset\":");
            assay__asset_json(b, f->asset);
        }
        if (f->suppressed) {
            assay_buf_puts(b, ",\"suppressed\":{\"kind\":\"inline\",");
            json_kv_str(b, "reason", f->suppress_reason, 0);
            assay_buf_putc(b, '}');
        } else {
            assay_buf_puts(b, ",\"suppressed\":null");
        }
        if (af->git)
            json_git(b, af);
        assay_buf_putc(b, '}');
        flush(o, 0);
    }
    assay_buf_puts(b, r->nfindings ? "\n  ],\n  \"skipped\": [" : "],\n  \"skipped\": [");
    for (size_t i = 0; i < r->nskips && !o->err; i++) {
        assay_buf_puts(b, i ? ",\n    {" : "\n    {");
        json_kv_str(b, "path", r->skips[i].path, 0);
        json_kv_str(b, "reason", r->skips[i].reason, 1);
        json_kv_str(b, "detail", r->skips[i].detail, 1);
        assay_buf_putc(b, '}');
        flush(o, 0);
    }
    assay_buf_puts(b, r->nskips ? "\n  ]" : "]");
    assay__verdicts_json(r, b);
    assay_buf_puts(b, "\n}\n");
}

/* ---- SARIF ------------------------------------------------------------- */

/* The SARIF ruleIndex of a rule (0 if the set does not hold it). */
static size_t rule_index(const assay_report *r, const assay__rule *rule)
{
    size_t i = assay__rule_pos(r->rules, rule->id);
    return i < r->rules->nrules ? i : 0;
}

static void sarif_location(assay_buf *b, const char *path)
{
    assay_buf_puts(b, "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"");
    if (!strncmp(path, "git:", 4) && strlen(path) > 45 && path[44] == ':' &&
        strspn(path + 4, "0123456789abcdef") == 40) {
        /* git:<commit>:<path> stays readable: an absolute URI whose
         * scheme is "git". */
        assay_buf u = ASSAY_BUF_INIT;
        assay_buf_put(b, path, 45);
        assay_uri_escape(&u, path + 45);
        assay_json_escape(b, assay_buf_cstr(&u), u.len);
        assay_buf_free(&u);
    } else {
        assay_buf u = ASSAY_BUF_INIT;
        assay_uri_escape(&u, path);
        assay_json_escape(b, assay_buf_cstr(&u), u.len);
        assay_buf_free(&u);
    }
    assay_buf_puts(b, "\"}");
}

static void write_sarif(const assay_report *r, out *o)
{
    assay_buf *b = &o->b;
    const assay_rules *rs = r->rules;

    assay_buf_printf(b, "{\n  \"$schema\": "
                        "\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                        "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
                        "    \"tool\": {\"driver\": {\"name\": \"assay\", "
                        "\"semanticVersion\": \"%s\", \"version\": \"%s\",\n"
                        "      \"rules\": [",
                     assay_version(), assay_version());
    for (size_t i = 0; i < rs->nrules && !o->err; i++) {
        const assay__rule *ru = rs->rules[i];
        assay_buf_puts(b, i ? ",\n        {" : "\n        {");
        json_kv_str(b, "id", ru->id, 0);
        json_kv_str(b, "name", ru->id, 1);
        assay_buf_puts(b, ",\"shortDescription\":{");
        json_kv_str(b, "text", ru->title, 0);
        assay_buf_puts(b, "},\"fullDescription\":{");
        json_kv_str(b, "text", ru->why, 0);
        assay_buf_puts(b, "},\"help\":{");
        json_kv_str(b, "text", ru->why, 0);
        assay_buf_printf(b, "},\"defaultConfiguration\":{\"level\":\"%s\"}",
                         sarif_level(ru->info.severity));
        assay_buf_printf(b, ",\"properties\":{\"category\":\"%s\","
                            "\"severity\":\"%s\",\"confidence\":\"%s\","
                            "\"security-severity\":\"%s\",\"tags\":[\"security\",\"%s\"",
                         assay_category_name(ru->info.category),
                         assay_severity_name(ru->info.severity),
                         assay_confidence_name(ru->info.confidence),
                         security_severity(ru->info.severity),
                         assay_category_name(ru->info.category));
        for (size_t k = 0; k < ru->ncwe; k++)
            assay_buf_printf(b, ",\"external/cwe/cwe-%d\"", ru->cwe[k]);
        assay_buf_puts(b, "]}}");
        flush(o, 0);
    }
    assay_buf_puts(b, "]}},\n    \"columnKind\": \"unicodeCodePoints\",\n"
                      "    \"results\": [");
    for (size_t i = 0; i < r->nfindings && !o->err; i++) {
        const assay__finding *af = r->findings[i];
        const assay_finding *f = &af->pub;
        assay_buf_puts(b, i ? ",\n      {" : "\n      {");
        json_kv_str(b, "ruleId", f->rule_id, 0);
        assay_buf_printf(b, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"rank\":%d.0",
                         rule_index(r, af->rule), sarif_level(f->severity),
                         f->score);
        assay_buf_puts(b, ",\"message\":{");
        json_kv_str(b, "text", f->message, 0);
        assay_buf_puts(b, "},\"locations\":[");
        sarif_location(b, f->path);
        assay_buf_printf(b, ",\"region\":{\"startLine\":%u,\"startColumn\":%u,"
                            "\"endLine\":%u,\"endColumn\":%u,"
                            "\"charOffset\":%llu,\"charLength\":%llu,"
                            "\"snippet\":{",
                         f->start_line, f->start_col, f->end_line, f->end_col,
                         (unsigned long long)f->offset,
                         (unsigned long long)f->length);
        json_kv_str(b, "text", f->snippet, 0);
        assay_buf_puts(b, "}}}}],\"partialFingerprints\":{");
        json_kv_str(b, "assay/v1", f->fingerprint, 0);
        assay_buf_puts(b, "}");
        if (f->suppressed) {
            assay_buf_puts(b, ",\"suppressions\":[{\"kind\":\"inSource\",");
            json_kv_str(b, "justification", f->suppress_reason, 0);
            assay_buf_puts(b, "}]");
        }
        assay_buf_printf(b, ",\"properties\":{\"category\":\"%s\","
                            "\"severity\":\"%s\",\"confidence\":\"%s\","
                            "\"score\":%d,\"context\":",
                         assay_category_name(f->category),
                         assay_severity_name(f->severity),
                         assay_confidence_name(f->confidence), f->score);
        json_context(b, f->context);
        if (af->git)
            json_git(b, af);
        if (f->asset) {
            assay_buf_puts(b, ",\"asset\":");
            assay__asset_json(b, f->asset);
        }
        if (f->group)
            json_kv_str(b, "group", f->group, 1);
        assay_buf_puts(b, "}}");
        flush(o, 0);
    }
    assay_buf_puts(b, "],\n    \"invocations\": [{\"executionSuccessful\": true,"
                      "\n      \"toolExecutionNotifications\": [");
    for (size_t i = 0; i < r->nskips && !o->err; i++) {
        const assay__skip *s = &r->skips[i];
        assay_buf_puts(b, i ? ",\n        {" : "\n        {");
        assay_buf_puts(b, "\"level\":\"warning\",\"descriptor\":{");
        json_kv_str(b, "id", s->reason, 0);
        assay_buf_puts(b, "},\"message\":{\"text\":");
        {
            assay_buf t = ASSAY_BUF_INIT;
            assay_buf_printf(&t, "not scanned: %s%s%s", s->reason,
                             s->detail ? " (" : "", s->detail ? s->detail : "");
            if (s->detail)
                assay_buf_putc(&t, ')');
            assay_json_str(b, assay_buf_cstr(&t));
            assay_buf_free(&t);
        }
        assay_buf_puts(b, "},\"locations\":[");
        sarif_location(b, s->path);
        assay_buf_puts(b, "}}]}");
        flush(o, 0);
    }
    assay_buf_puts(b, "]}]\n  }]\n}\n");
}

/* ---- text -------------------------------------------------------------- */

static const char *sev_color(assay_severity s)
{
    static const char *const c[] = {"\033[2m", "\033[36m", "\033[33m",
                                    "\033[31m", "\033[1;31m"};
    return c[s];
}

static int cmp_rank(const void *a, const void *b)
{
    const assay_finding *x = &(*(assay__finding *const *)a)->pub;
    const assay_finding *y = &(*(assay__finding *const *)b)->pub;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return cmp_place(x, y);
}

#define INFO_LIMIT 25
#define GROUP_LIST_LIMIT 20

/* Secret findings sorted by group id, then location: the text report
 * shows one entry per secret value and lists its other locations. */
static int cmp_group(const void *a, const void *b)
{
    const assay_finding *x = &(*(assay__finding *const *)a)->pub;
    const assay_finding *y = &(*(assay__finding *const *)b)->pub;
    int c = strcmp(x->group, y->group);
    if (c)
        return c;
    c = strcmp(x->path, y->path);
    if (c)
        return c;
    return x->start_line < y->start_line ? -1 : x->start_line > y->start_line;
}

/* First index in g[0, n) whose group is `group` (it is there). */
static size_t group_first(assay__finding **g, size_t n, const char *group)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(g[mid]->pub.group, group) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Print the other locations of f's value; mark the group as shown. Returns
 * 1 when f's group was already shown (the caller skips f). */
static int text_group(out *o, assay__finding **g, size_t ng, uint8_t *shown,
                      const assay__finding *f, const char *dim,
                      const char *reset)
{
    assay_buf *b = &o->b;
    size_t i, k, listed = 0;
    if (!f->pub.group || !ng)
        return 0;
    i = group_first(g, ng, f->pub.group);
    if (i >= ng || strcmp(g[i]->pub.group, f->pub.group))
        return 0;
    if (shown[i])
        return 1;
    shown[i] = 1;
    for (k = i; k < ng && !strcmp(g[k]->pub.group, f->pub.group); k++)
        ;
    if (k - i < 2)
        return 0;
    assay_buf_printf(b, "    %ssame value at %zu locations:%s\n", dim, k - i,
                     reset);
    for (size_t j = i; j < k; j++) {
        const assay_finding *e = &g[j]->pub;
        if (g[j] == f)
            continue;
        if (listed++ == GROUP_LIST_LIMIT) {
            assay_buf_printf(b, "      %s... and %zu more%s\n", dim,
                             k - i - 1 - GROUP_LIST_LIMIT, reset);
            break;
        }
        assay_buf_puts(b, "      ");
        assay_text_sanitize(b, e->path, strlen(e->path));
        assay_buf_printf(b, ":%u:%u  %s%s%s\n", e->start_line, e->start_col,
                         dim, e->rule_id, reset);
    }
    return 0;
}

static void write_text(const assay_report *r, out *o)
{
    assay_buf *b = &o->b;
    int color = r->opts.color;
    const char *bold = color ? "\033[1m" : "", *dim = color ? "\033[2m" : "",
               *reset = color ? "\033[0m" : "";
    assay__finding **v, **g;
    size_t shown = 0, n = 0, ng = 0;
    uint8_t *gshown;
    int cur = -1;

    v = assay__calloc(r->nfindings ? r->nfindings : 1, sizeof(*v));
    if (!v) {
        o->err = ASSAY_ENOMEM;
        return;
    }
    for (size_t i = 0; i < r->nfindings; i++)
        if (!r->findings[i]->pub.suppressed)
            v[n++] = r->findings[i];
    qsort(v, n, sizeof(*v), cmp_rank);
    g = assay__calloc(n ? n : 1, sizeof(*g));
    gshown = assay__calloc(n ? n : 1, 1);
    if (!g || !gshown) {
        assay__free(v);
        assay__free(g);
        assay__free(gshown);
        o->err = ASSAY_ENOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (v[i]->pub.group)
            g[ng++] = v[i];
    qsort(g, ng, sizeof(*g), cmp_group);

    {
        const assay__finding *top[TOP_SUSPECTS];
        size_t nt = top_suspects(r, top);
        if (nt)
            assay_buf_printf(b, "\n%sTOP SUSPECTS%s\n", bold, reset);
        for (size_t i = 0; i < nt; i++) {
            const assay_finding *f = &top[i]->pub;
            assay_buf_printf(b, "  %zu. %s%3d%s  ", i + 1,
                             color ? sev_color(f->severity) : "", f->score,
                             reset);
            assay_text_sanitize(b, f->path, strlen(f->path));
            assay_buf_printf(b, ":%u  %s%s%s", f->start_line, bold, f->title,
                             reset);
            if (f->context & ~(uint32_t)ASSAY_CTX_UNIQUE) {
                int first = 1;
                assay_buf_printf(b, "  %s(", dim);
                for (int k = 0; k < ASSAY_CTX_COUNT; k++)
                    if ((f->context & (1u << k)) &&
                        (1u << k) != ASSAY_CTX_UNIQUE) {
                        assay_buf_printf(b, "%s%s", first ? "" : ", ",
                                         assay_context_name(1u << k));
                        first = 0;
                    }
                assay_buf_printf(b, ")%s", reset);
            }
            assay_buf_putc(b, '\n');
        }
    }

    for (size_t i = 0; i < n && !o->err; i++) {
        const assay_finding *f = &v[i]->pub;
        if (f->group && ng) {
            size_t gi = group_first(g, ng, f->group);
            if (gi < ng && gshown[gi])
                continue; /* listed under the first entry of its value */
        }
        if ((int)f->severity != cur) {
            cur = (int)f->severity;
            shown = 0;
            assay_buf_printf(b, "\n%s%s", color ? sev_color(f->severity) : "",
                             bold);
            for (const char *p = assay_severity_name(f->severity); *p; p++)
                assay_buf_putc(b, (char)(*p - 32));
            assay_buf_printf(b, " (%zu)%s\n", r->by_severity[f->severity],
                             reset);
        }
        if (f->severity == ASSAY_SEV_INFO && !r->opts.verbose &&
            shown >= INFO_LIMIT) {
            assay_buf_printf(b, "  %s... and %zu more info findings (use "
                                "--verbose, or --format json)%s\n",
                             dim, r->by_severity[ASSAY_SEV_INFO] - shown, reset);
            break;
        }
        shown++;
        assay_buf_puts(b, "  ");
        assay_buf_puts(b, bold);
        assay_text_sanitize(b, f->path, strlen(f->path));
        assay_buf_printf(b, ":%u:%u%s  %s", f->start_line, f->start_col, reset,
                         f->rule_id);
        assay_buf_printf(b, "  %s[%s, score %d]%s\n", dim,
                         assay_category_name(f->category), f->score, reset);
        assay_buf_puts(b, "    ");
        assay_text_sanitize(b, f->message, strlen(f->message));
        assay_buf_printf(b, "\n    %s| ", dim);
        {
            const char *s = f->snippet;
            while (*s == ' ' || *s == '\t')
                s++;
            assay_text_sanitize(b, s, strlen(s));
        }
        assay_buf_printf(b, "%s\n", reset);
        text_group(o, g, ng, gshown, v[i], dim, reset);
        flush(o, 0);
    }
    assay__free(v);
    assay__free(g);
    assay__free(gshown);

    if (r->nskips) {
        assay_buf_printf(b, "\n%sNot scanned (%zu)%s\n", bold, r->nskips, reset);
        for (size_t i = 0; i < r->nskips && !o->err; i++) {
            if (i == 50 && !r->opts.verbose) {
                assay_buf_printf(b, "  ... and %zu more (use --verbose)\n",
                                 r->nskips - i);
                break;
            }
            assay_buf_puts(b, "  ");
            assay_text_sanitize(b, r->skips[i].path, strlen(r->skips[i].path));
            assay_buf_printf(b, "  %s%s", dim, r->skips[i].reason);
            if (r->skips[i].detail) {
                assay_buf_puts(b, ": ");
                assay_text_sanitize(b, r->skips[i].detail,
                                    strlen(r->skips[i].detail));
            }
            assay_buf_printf(b, "%s\n", reset);
            flush(o, 0);
        }
    }
    assay_buf_printf(b, "\n%s%zu finding%s%s", bold, n, n == 1 ? "" : "s", reset);
    assay_buf_printf(b, " (%zu critical, %zu high, %zu medium, %zu low, %zu info)"
                        " in %llu files, %.1f MB",
                     r->by_severity[4], r->by_severity[3], r->by_severity[2],
                     r->by_severity[1], r->by_severity[0],
                     (unsigned long long)r->files_scanned,
                     (double)r->bytes_scanned / 1e6);
    if (r->suppressed)
        assay_buf_printf(b, "; %zu suppressed inline", r->suppressed);
    if (r->baselined)
        assay_buf_printf(b, "; %zu known (baseline or old version)", r->baselined);
    if (r->nskips)
        assay_buf_printf(b, "; %zu not scanned", r->nskips);
    assay_buf_puts(b, "\n");
    if (r->policies.len) {
        assay_buf_putc(b, '\n');
        assay__verdicts_text(r, b);
    }
}

int assay_report_write(const assay_report *r, assay_format format,
                       assay_write_cb write, void *payload)
{
    out o;

    if (!r || !write || !r->finished)
        return ASSAY_EINVAL;
    memset(&o, 0, sizeof(o));
    o.write = write;
    o.payload = payload;
    switch (format) {
    case ASSAY_FORMAT_TEXT: write_text(r, &o); break;
    case ASSAY_FORMAT_JSON: write_json(r, &o); break;
    case ASSAY_FORMAT_SARIF: write_sarif(r, &o); break;
    case ASSAY_FORMAT_CBOM: return assay__write_cbom(r, write, payload);
    default: return ASSAY_EINVAL;
    }
    flush(&o, 1);
    assay_buf_free(&o.b);
    return o.err;
}
