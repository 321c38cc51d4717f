/* rules.c - read YAML rule files into assay__rule structures.
 * SPDX-License-Identifier: Apache-2.0
 *
 * libyaml loads each file as a document tree; this module walks it, checks
 * every key against the rule format (docs/RULES.md) and reports problems as
 * `file:line:col: message` through the diagnostics callback. It is strict on
 * purpose: an unknown key is an error, so a typo in a rule cannot silently
 * turn a check off. Nothing here compiles patterns: engine.c does that. */
#include "yaml_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef assay__yctx ctx;

void assay__ydiag(assay__yctx *c, const yaml_node_t *n, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    assay_diag d;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->errors++;
    if (!c->on_diag)
        return;
    d.is_error = 1;
    d.file = c->file;
    d.line = n ? (uint32_t)n->start_mark.line + 1 : 0;
    d.column = n ? (uint32_t)n->start_mark.column + 1 : 0;
    d.message = msg;
    c->on_diag(&d, c->payload);
}

int assay__ystr(assay__yctx *c, const yaml_node_t *n, const char *key,
                char **out)
{
    const char *s = assay__yscalar(n);
    if (!s) {
        assay__ydiag(c, n, "'%s' must be a string", key);
        return -1;
    }
    assay__free(*out);
    *out = assay__strdup(s);
    return *out ? 0 : -1;
}

/* the short names this file has always used for the shared readers */
#define diag_at assay__ydiag
#define scalar assay__yscalar
#define get_str assay__ystr
#define FOR_PAIRS ASSAY__YPAIRS

static int get_bool(ctx *c, const yaml_node_t *n, const char *key, int *out)
{
    const char *s = scalar(n);
    if (s && (!strcmp(s, "true") || !strcmp(s, "yes"))) {
        *out = 1;
        return 0;
    }
    if (s && (!strcmp(s, "false") || !strcmp(s, "no"))) {
        *out = 0;
        return 0;
    }
    diag_at(c, n, "'%s' must be true or false", key);
    return -1;
}

static int get_num(ctx *c, const yaml_node_t *n, const char *key, double lo,
                   double hi, double *out)
{
    const char *s = scalar(n);
    char *end = NULL;
    double v;

    if (s) {
        errno = 0;
        v = strtod(s, &end);
        if (!errno && end != s && *end == '\0' && v >= lo && v <= hi) {
            *out = v;
            return 0;
        }
    }
    diag_at(c, n, "'%s' must be a number from %g to %g", key, lo, hi);
    return -1;
}

/* A sequence of strings (a lone scalar counts as a one-item list). */
static int get_list(ctx *c, const yaml_node_t *n, const char *key,
                    char ***out, size_t *nout)
{
    yaml_node_item_t *it;
    size_t i = 0, cnt;
    char **v;

    if (n->type == YAML_SCALAR_NODE) {
        v = assay__calloc(1, sizeof(*v));
        if (!v || !(v[0] = assay__strdup(scalar(n)))) {
            assay__free(v);
            return -1;
        }
        *out = v;
        *nout = 1;
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        diag_at(c, n, "'%s' must be a list of strings", key);
        return -1;
    }
    cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    v = assay__calloc(cnt ? cnt : 1, sizeof(*v));
    if (!v)
        return -1;
    for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(c->doc, *it);
        const char *s = scalar(e);
        if (!s) {
            diag_at(c, e, "'%s' must hold only strings", key);
            break;
        }
        if (!(v[i++] = assay__strdup(s)))
            break;
    }
    if (i != cnt) {
        while (i)
            assay__free(v[--i]);
        assay__free(v);
        return -1;
    }
    *out = v;
    *nout = cnt;
    return 0;
}

static void free_list(char **v, size_t n)
{
    while (n)
        assay__free(v[--n]);
    assay__free(v);
}

void assay__rule_free(assay__rule *r)
{
    if (!r)
        return;
    assay__free(r->id);
    assay__free(r->title);
    assay__free(r->why);
    assay__free(r->message);
    assay__free(r->files_text);
    assay__free(r->match_text);
    assay__free(r->file);
    assay__free(r->cwe);
    assay__free(r->regex);
    assay__free(r->prefilter);
    free_list(r->literals, r->nliterals);
    assay__free(r->capture_name);
    assay__free(r->query_src);
    free_list(r->requires, r->nrequires);
    assay__free(r->req_clause);
    free_list(r->ex_match, r->nex_match);
    free_list(r->ex_nomatch, r->nex_nomatch);
    if (r->re)
        pcre2_code_free(r->re);
    assay__query_free(r->query);
    for (int l = 0; l < 4; l++)
        free_list(r->flow_lists[l], r->nflow[l]);
    assay__flow_free(r->flow);
    assay__asset_tpl_free(r->asset);
    assay__free(r->correlate);
    assay__free(r);
}

/* ---- the sub-mappings -------------------------------------------------- */

/* `requires` is a conjunction of clauses; a clause is a literal or a list
 * of alternatives; an item written "re:PATTERN" is a regex. Flattened into
 * r->requires with the clause number of each item in r->req_clause. */
static void parse_requires(ctx *c, assay__rule *r, yaml_node_t *v)
{
    size_t cap = 0;
    if (v->type == YAML_SCALAR_NODE) {
        diag_at(c, v, "'requires' must be a list");
        return;
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        diag_at(c, v, "'requires' must be a list of literals or of lists");
        return;
    }
    for (yaml_node_item_t *it = v->data.sequence.items.start;
         it < v->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(c->doc, *it);
        char **alts = NULL;
        size_t nalts = 0;
        if (r->nclauses >= 32) {
            diag_at(c, e, "at most 32 'requires' clauses");
            return;
        }
        if (get_list(c, e, "requires", &alts, &nalts) < 0)
            return;
        for (size_t k = 0; k < nalts; k++) {
            if (!alts[k][0] || !strcmp(alts[k], "re:"))
                diag_at(c, e, "an empty 'requires' item");
            if (r->nrequires == cap) {
                size_t n = cap ? cap * 2 : 8;
                char **a = assay__realloc(r->requires, n * sizeof(*a));
                uint8_t *b = assay__realloc(r->req_clause, n);
                if (a)
                    r->requires = a;
                if (b)
                    r->req_clause = b;
                if (!a || !b) {
                    free_list(alts, nalts);
                    return;
                }
                cap = n;
            }
            r->requires[r->nrequires] = alts[k];
            r->req_clause[r->nrequires++] = (uint8_t)r->nclauses;
            alts[k] = NULL;
        }
        free_list(alts, nalts);
        r->nclauses++;
    }
}

/* `flow:` of a data-flow rule: four lists, compiled by flow.c. */
static void parse_flow(ctx *c, assay__rule *r, yaml_node_t *m)
{
    static const char *const keys[] = {"sources", "sinks", "through",
                                       "sanitizers"};
    if (m->type != YAML_MAPPING_NODE) {
        diag_at(c, m, "'flow' must be a mapping");
        return;
    }
    FOR_PAIRS(c, m, k, v)
    {
        const char *key = scalar(k);
        int l;
        for (l = 0; l < 4 && key && strcmp(key, keys[l]); l++)
            ;
        if (l == 4) {
            diag_at(c, k, "unknown key '%s' in flow (sources, sinks, "
                          "through, sanitizers)", key ? key : "");
            continue;
        }
        free_list(r->flow_lists[l], r->nflow[l]);
        r->flow_lists[l] = NULL;
        r->nflow[l] = 0;
        get_list(c, v, key, &r->flow_lists[l], &r->nflow[l]);
    }
}

static int parse_match(ctx *c, assay__rule *r, yaml_node_t *m)
{
    int kinds = 0;
    char *lang = NULL;

    if (m->type != YAML_MAPPING_NODE) {
        diag_at(c, m, "'match' must be a mapping");
        return -1;
    }
    r->match_line = (uint32_t)m->start_mark.line + 1;
    r->match_col = (uint32_t)m->start_mark.column + 1;
    r->capture_num = -1;
    FOR_PAIRS(c, m, k, v)
    {
        const char *key = scalar(k);
        if (!key) {
            diag_at(c, k, "keys must be strings");
        } else if (!strcmp(key, "regex")) {
            kinds++;
            r->type = MATCH_REGEX;
            if (get_str(c, v, key, &r->regex) == 0) {
                r->match_line = (uint32_t)v->start_mark.line + 1;
                r->match_col = (uint32_t)v->start_mark.column + 1;
            }
        } else if (!strcmp(key, "literal") || !strcmp(key, "literals")) {
            kinds++;
            r->type = MATCH_LITERAL;
            get_list(c, v, key, &r->literals, &r->nliterals);
            if (r->literals)
                for (size_t i = 0; i < r->nliterals; i++)
                    if (!r->literals[i][0])
                        diag_at(c, v, "a literal must not be empty");
        } else if (!strcmp(key, "query")) {
            kinds++;
            r->type = MATCH_QUERY;
            if (get_str(c, v, key, &r->query_src) == 0) {
                r->match_line = (uint32_t)v->start_mark.line + 1;
                r->match_col = (uint32_t)v->start_mark.column + 1;
            }
        } else if (!strcmp(key, "flow")) {
            kinds++;
            r->type = MATCH_FLOW;
            r->match_line = (uint32_t)v->start_mark.line + 1;
            r->match_col = (uint32_t)v->start_mark.column + 1;
            parse_flow(c, r, v);
        } else if (!strcmp(key, "correlate")) {
            /* findings made after the scan from several files' results
             * (correlate.c); the only correlator is build-input */
            kinds++;
            r->type = MATCH_CORRELATE;
            if (get_str(c, v, key, &r->correlate) == 0 &&
                strcmp(r->correlate, "build-input"))
                diag_at(c, v, "unknown correlator '%s' (build-input)",
                        r->correlate);
        } else if (!strcmp(key, "language")) {
            get_str(c, v, key, &lang);
            if (lang && (r->lang = assay__lang_find(lang)) < 0)
                diag_at(c, v, "unknown language '%s' (known: c, bash, php, "
                        "python, javascript, typescript, ruby, perl)", lang);
        } else if (!strcmp(key, "requires")) {
            parse_requires(c, r, v);
        } else if (!strcmp(key, "within")) {
            double d;
            if (get_num(c, v, key, 64, 1048576, &d) == 0)
                r->within = (uint32_t)d;
        } else if (!strcmp(key, "capture")) {
            const char *s = scalar(v);
            if (!s) {
                diag_at(c, v, "'capture' must be a group number or name");
            } else if (s[0] >= '0' && s[0] <= '9') {
                double d;
                if (get_num(c, v, key, 0, 99, &d) == 0)
                    r->capture_num = (int)d;
            } else {
                get_str(c, v, key, &r->capture_name);
            }
        } else if (!strcmp(key, "prefilter")) {
            /* a cheaper superset of `regex` for Vectorscan (PCRE2 still
             * decides); the rule's examples run through it */
            get_str(c, v, key, &r->prefilter);
        } else if (!strcmp(key, "case_insensitive")) {
            get_bool(c, v, key, &r->caseless);
        } else if (!strcmp(key, "multiline")) {
            int ml = 1;
            get_bool(c, v, key, &ml);
            r->singleline = !ml;
        } else {
            diag_at(c, k, "unknown key '%s' in match (regex, literal, "
                          "literals, query, flow, correlate, language, "
                          "requires, within, capture, case_insensitive, "
                          "multiline)", key);
        }
    }
    if (kinds != 1)
        diag_at(c, m, "'match' needs exactly one of regex, literal(s), "
                      "query, flow, correlate");
    if (ASSAY_STRUCTURAL(r) && !lang)
        diag_at(c, m, "a query or flow needs 'language' (c, bash, php, "
                      "python, javascript, typescript, ruby, perl)");
    if (!ASSAY_STRUCTURAL(r) && lang)
        diag_at(c, m, "'language' goes with 'query' or 'flow' only");
    if (r->prefilter && r->type != MATCH_REGEX)
        diag_at(c, m, "'prefilter' goes with 'regex' only");
    if (!ASSAY_STRUCTURAL(r) && r->nrequires)
        diag_at(c, m, "'requires' goes with 'query' or 'flow' only");
    if (r->within && r->nclauses < 2)
        diag_at(c, m, "'within' needs at least two 'requires' clauses");
    assay__free(lang);
    return 0;
}

static int parse_validate(ctx *c, assay__rule *r, yaml_node_t *m)
{
    double d;
    if (m->type != YAML_MAPPING_NODE) {
        diag_at(c, m, "'validate' must be a mapping");
        return -1;
    }
    FOR_PAIRS(c, m, k, v)
    {
        const char *key = scalar(k);
        if (!key)
            diag_at(c, k, "keys must be strings");
        else if (!strcmp(key, "entropy")) {
            if (get_num(c, v, key, 0, 8, &d) == 0)
                r->entropy = d;
        } else if (!strcmp(key, "min_length")) {
            if (get_num(c, v, key, 0, 1e6, &d) == 0)
                r->min_length = (size_t)d;
        } else if (!strcmp(key, "max_length")) {
            if (get_num(c, v, key, 1, 1e9, &d) == 0)
                r->max_length = (size_t)d;
        } else if (!strcmp(key, "not_placeholder"))
            get_bool(c, v, key, &r->not_placeholder);
        else if (!strcmp(key, "x509"))
            get_bool(c, v, key, &r->x509);
        else if (!strcmp(key, "check")) {
            const char *s = scalar(v);
            if (!s || (r->check = assay__check_find(s)) < 0) {
                r->check = 0;
                diag_at(c, v, "unknown check '%s' (github-checksum, "
                              "npm-checksum, jwt, private-key, "
                              "gcp-service-account, pypi-macaroon, bech32, "
                              "credential, basic-auth)", s ? s : "");
            }
        } else
            diag_at(c, k, "unknown validator '%s' (entropy, min_length, "
                          "max_length, not_placeholder, x509, check)", key);
    }
    return 0;
}

static int parse_examples(ctx *c, assay__rule *r, yaml_node_t *m)
{
    if (m->type != YAML_MAPPING_NODE) {
        diag_at(c, m, "'examples' must be a mapping");
        return -1;
    }
    FOR_PAIRS(c, m, k, v)
    {
        const char *key = scalar(k);
        if (!key)
            diag_at(c, k, "keys must be strings");
        else if (!strcmp(key, "match"))
            get_list(c, v, key, &r->ex_match, &r->nex_match);
        else if (!strcmp(key, "no_match"))
            get_list(c, v, key, &r->ex_nomatch, &r->nex_nomatch);
        else if (!strcmp(key, "hex"))
            get_bool(c, v, key, &r->ex_hex);
        else if (!strcmp(key, "kind")) {
            const char *s = scalar(v);
            if (!s || !(r->ex_kinds = assay__kind_mask(s)))
                diag_at(c, v, "unknown file kind in 'kind'");
        } else
            diag_at(c, k, "unknown key '%s' in examples (match, no_match, "
                          "kind, hex)", key);
    }
    return 0;
}

/* `asset:` of a crypto rule (docs/CRYPTO.md). Values without a {capture}
 * are checked now against the canonical lists; templated ones when a match
 * fills them in (an unknown captured algorithm drops that match). */
static int parse_asset(ctx *c, assay__rule *r, yaml_node_t *m)
{
    assay__asset_tpl *t;
    const char *chk[ASSAY_AF_COUNT];
    char err[256];
    int e;

    if (m->type != YAML_MAPPING_NODE) {
        diag_at(c, m, "'asset' must be a mapping");
        return -1;
    }
    if (r->asset) {
        diag_at(c, m, "'asset' given twice");
        return -1;
    }
    if (!(t = assay__calloc(1, sizeof(*t))))
        return ASSAY_ENOMEM;
    r->asset = t;
    FOR_PAIRS(c, m, k, v)
    {
        const char *key = scalar(k), *val = scalar(v);
        int f;
        for (f = 0; key && f < ASSAY_AF_COUNT; f++)
            if (!strcmp(key, assay__asset_keys[f]))
                break;
        if (!key || f == ASSAY_AF_COUNT) {
            diag_at(c, k, "unknown key '%s' in asset (algorithm, primitive, "
                          "mode, padding, size, curve, oid, hash, evidence)",
                    key ? key : "");
        } else if (!val || !val[0]) {
            diag_at(c, v, "'%s' must be a non-empty string", key);
        } else if (t->raw[f]) {
            diag_at(c, k, "'%s' given twice", key);
        } else if (!(t->raw[f] = assay__strdup(val))) {
            return ASSAY_ENOMEM;
        } else if (strchr(val, '{')) {
            if (f == ASSAY_AF_PRIMITIVE || f == ASSAY_AF_EVIDENCE ||
                f == ASSAY_AF_OID)
                diag_at(c, v, "'%s' cannot take a {capture}", key);
            t->templated = 1;
        }
    }
    /* check what is fixed; stand-ins for the templated values */
    for (int f = 0; f < ASSAY_AF_COUNT; f++)
        chk[f] = t->raw[f] && strchr(t->raw[f], '{')
                     ? (f == ASSAY_AF_ALGORITHM ? "AES" : NULL)
                     : t->raw[f];
    e = assay__asset_build(chk, 1, &t->fixed, err, sizeof(err));
    if (e == ASSAY_ENOMEM)
        return e;
    if (e < 0)
        diag_at(c, m, "%s", err);
    if (t->templated) {
        assay__asset_free(t->fixed);
        t->fixed = NULL;
    }
    t->shown.algorithm = t->raw[ASSAY_AF_ALGORITHM];
    t->shown.primitive = t->raw[ASSAY_AF_PRIMITIVE];
    t->shown.mode = t->raw[ASSAY_AF_MODE];
    t->shown.padding = t->raw[ASSAY_AF_PADDING];
    t->shown.curve = t->raw[ASSAY_AF_CURVE];
    t->shown.oid = t->raw[ASSAY_AF_OID];
    t->shown.hash = t->raw[ASSAY_AF_HASH];
    t->shown.evidence = t->raw[ASSAY_AF_EVIDENCE];
    if (t->fixed)
        t->shown = t->fixed->pub;
    else
        t->shown.name = t->raw[ASSAY_AF_ALGORITHM];
    return 0;
}

static int parse_enum(ctx *c, yaml_node_t *v, const char *key,
                      const char *const *names, int *out)
{
    const char *s = scalar(v);
    for (int i = 0; s && names[i]; i++) {
        if (!strcmp(s, names[i])) {
            *out = i;
            return 0;
        }
    }
    diag_at(c, v, "bad %s '%s'", key, s ? s : "(not a string)");
    return -1;
}

static int valid_id(const char *s)
{
    if (!*s || *s == '.' || strlen(s) > 128)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static int parse_rule(ctx *c, yaml_node_t *n, assay__rule **out)
{
    static const char *const sevs[] = {"info", "low", "medium", "high",
                                       "critical", NULL};
    static const char *const confs[] = {"low", "medium", "high", NULL};
    static const char *const cats[] = {"backdoor", "build", "obfuscation",
                                       "capability", "secret", "crypto",
                                       "endpoint", "provenance", NULL};
    assay__rule *r;
    int errors0 = c->errors, have_sev = 0, have_cat = 0, v_int;
    int have_match = 0, have_examples = 0;
    assay_buf files = ASSAY_BUF_INIT;

    *out = NULL;
    if (n->type != YAML_MAPPING_NODE) {
        diag_at(c, n, "a rule must be a mapping");
        return -1;
    }
    if (!(r = assay__calloc(1, sizeof(*r))))
        return ASSAY_ENOMEM;
    r->info.confidence = ASSAY_CONF_MEDIUM;
    r->line = (uint32_t)n->start_mark.line + 1;
    r->column = (uint32_t)n->start_mark.column + 1;
    r->file = assay__strdup(c->file);
    r->lang = -1;
    r->capture_num = -1;

    FOR_PAIRS(c, n, k, v)
    {
        const char *key = scalar(k);
        if (!key) {
            diag_at(c, k, "keys must be strings");
        } else if (!strcmp(key, "id")) {
            if (get_str(c, v, key, &r->id) == 0 && !valid_id(r->id))
                diag_at(c, v, "bad id '%s': use lower-case dotted words", r->id);
        } else if (!strcmp(key, "title")) {
            get_str(c, v, key, &r->title);
        } else if (!strcmp(key, "why")) {
            get_str(c, v, key, &r->why);
        } else if (!strcmp(key, "message")) {
            get_str(c, v, key, &r->message);
        } else if (!strcmp(key, "category")) {
            if (parse_enum(c, v, key, cats, &v_int) == 0) {
                r->info.category = (assay_category)v_int;
                have_cat = 1;
            }
        } else if (!strcmp(key, "severity")) {
            if (parse_enum(c, v, key, sevs, &v_int) == 0) {
                r->info.severity = (assay_severity)v_int;
                have_sev = 1;
            }
        } else if (!strcmp(key, "confidence")) {
            if (parse_enum(c, v, key, confs, &v_int) == 0)
                r->info.confidence = (assay_confidence)v_int;
        } else if (!strcmp(key, "files")) {
            char **kinds = NULL;
            size_t nk = 0;
            if (get_list(c, v, key, &kinds, &nk) == 0) {
                for (size_t i = 0; i < nk; i++) {
                    uint32_t m = assay__kind_mask(kinds[i]);
                    if (!m)
                        diag_at(c, v, "unknown file kind '%s'", kinds[i]);
                    r->kinds |= m;
                    if (i)
                        assay_buf_puts(&files, ", ");
                    assay_buf_puts(&files, kinds[i]);
                }
                free_list(kinds, nk);
            }
        } else if (!strcmp(key, "cwe")) {
            char **ids = NULL;
            size_t ni = 0;
            if (get_list(c, v, key, &ids, &ni) == 0) {
                r->cwe = assay__calloc(ni ? ni : 1, sizeof(int));
                for (size_t i = 0; r->cwe && i < ni; i++) {
                    const char *s = ids[i];
                    char *end;
                    long x;
                    if (!strncmp(s, "CWE-", 4))
                        s += 4;
                    x = strtol(s, &end, 10);
                    if (end == s || *end || x <= 0 || x > 100000)
                        diag_at(c, v, "bad CWE id '%s'", ids[i]);
                    else
                        r->cwe[r->ncwe++] = (int)x;
                }
                free_list(ids, ni);
            }
        } else if (!strcmp(key, "secret")) {
            get_bool(c, v, key, &r->secret);
        } else if (!strcmp(key, "match")) {
            have_match = 1;
            parse_match(c, r, v);
        } else if (!strcmp(key, "validate")) {
            parse_validate(c, r, v);
        } else if (!strcmp(key, "examples")) {
            have_examples = 1;
            parse_examples(c, r, v);
        } else if (!strcmp(key, "asset")) {
            if (parse_asset(c, r, v) == ASSAY_ENOMEM) {
                assay_buf_free(&files);
                assay__rule_free(r);
                return ASSAY_ENOMEM;
            }
        } else {
            diag_at(c, k, "unknown key '%s' in rule", key);
        }
    }

    if (!r->id)
        diag_at(c, n, "rule has no 'id'");
    if (!r->title)
        diag_at(c, n, "rule %s has no 'title'", r->id ? r->id : "");
    if (!have_cat)
        diag_at(c, n, "rule %s has no 'category'", r->id ? r->id : "");
    if (!have_sev)
        diag_at(c, n, "rule %s has no 'severity'", r->id ? r->id : "");
    if (!r->kinds)
        diag_at(c, n, "rule %s has no 'files'", r->id ? r->id : "");
    if (!r->why)
        diag_at(c, n, "rule %s has no 'why'", r->id ? r->id : "");
    if (!have_match)
        diag_at(c, n, "rule %s has no 'match'", r->id ? r->id : "");
    if (!have_examples || !r->nex_match || !r->nex_nomatch)
        diag_at(c, n, "rule %s needs examples: at least one 'match' and one "
                      "'no_match'", r->id ? r->id : "");

    if (have_cat && r->info.category == ASSAY_CAT_CRYPTO && !r->asset)
        diag_at(c, n, "crypto rule %s needs an 'asset' (docs/CRYPTO.md)",
                r->id ? r->id : "");
    if (r->asset && have_cat && r->info.category != ASSAY_CAT_CRYPTO &&
        r->info.category != ASSAY_CAT_SECRET)
        diag_at(c, n, "rule %s: 'asset' goes with crypto and secret rules",
                r->id ? r->id : "");

    r->files_text = assay_buf_take(&files);
    if (c->errors != errors0) {
        assay__rule_free(r);
        return ASSAY_ESYNTAX;
    }
    *out = r;
    return 0;
}

int assay__rules_parse(assay_vec *rules, const char *name, const char *text,
                       size_t len, assay_diag_cb on_diag, void *payload)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_node_t *root, *list = NULL;
    ctx c = {&doc, name, on_diag, payload, 0};
    int err = 0;

    if (!yaml_parser_initialize(&parser))
        return ASSAY_ENOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        char msg[512];
        assay_diag d = {1, name, (uint32_t)parser.problem_mark.line + 1,
                        (uint32_t)parser.problem_mark.column + 1, msg};
        snprintf(msg, sizeof(msg), "YAML: %s%s%s",
                 parser.problem ? parser.problem : "syntax error",
                 parser.context ? " " : "",
                 parser.context ? parser.context : "");
        if (on_diag)
            on_diag(&d, payload);
        yaml_parser_delete(&parser);
        return ASSAY_ESYNTAX;
    }
    root = yaml_document_get_root_node(&doc);
    if (!root) {
        diag_at(&c, NULL, "empty rule file");
        err = ASSAY_ESYNTAX;
        goto done;
    }
    if (root->type == YAML_MAPPING_NODE) {
        FOR_PAIRS(&c, root, k, v)
        {
            const char *key = scalar(k);
            if (key && !strcmp(key, "rules"))
                list = v;
            else
                diag_at(&c, k, "unknown top-level key '%s' (expected 'rules')",
                        key ? key : "");
        }
    }
    if (!list || list->type != YAML_SEQUENCE_NODE) {
        diag_at(&c, list ? list : root, "expected 'rules:' with a list of rules");
        err = ASSAY_ESYNTAX;
        goto done;
    }
    for (yaml_node_item_t *it = list->data.sequence.items.start;
         it < list->data.sequence.items.top; it++) {
        assay__rule *r = NULL;
        int e = parse_rule(&c, yaml_document_get_node(&doc, *it), &r);
        if (e == ASSAY_ENOMEM) {
            err = e;
            goto done;
        }
        if (r && assay_vec_push(rules, r) < 0) {
            assay__rule_free(r);
            err = ASSAY_ENOMEM;
            goto done;
        }
    }
    if (c.errors)
        err = ASSAY_ESYNTAX;
done:
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return err;
}
