/* query.c - tree-sitter queries with assay's own predicates.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The tree-sitter C runtime parses predicates (`(#eq? @a "x")`) but leaves
 * their evaluation to the client. We compile each pattern's predicates once
 * (regexes with PCRE2) when the rule set is built, and check them for every
 * match. Besides the usual text predicates we add two structural ones that
 * let a rule say "somewhere inside this node": #has-call? (a call whose
 * callee matches) and #has? (a node of a type whose text matches). They walk
 * the subtree with a node budget so that a hostile, deeply nested file
 * cannot turn a query into quadratic work.
 *
 * A compiled query is immutable and shared by all threads; each scanner has
 * its own TSQueryCursor. */
#include "assay_int.h"

#include <stdio.h>
#include <string.h>

#define WALK_BUDGET 200000u /* nodes visited per structural predicate */

#define ASSAY_LANG(name, sym, ct, cf) const TSLanguage *sym(void);
#include "lang_list.h"
#undef ASSAY_LANG

const assay__lang assay__langs[ASSAY_LANG_COUNT] = {
#define ASSAY_LANG(name, sym, ct, cf) {#name, sym, ct, cf},
#include "lang_list.h"
#undef ASSAY_LANG
};


int assay__lang_find(const char *name)
{
    for (int i = 0; i < ASSAY_LANG_COUNT; i++)
        if (!strcmp(name, assay__langs[i].name))
            return i;
    return -1;
}

typedef enum {
    P_EQ, P_NOT_EQ, P_MATCH, P_NOT_MATCH, P_ANY_OF,
    P_HAS_CALL, P_NOT_HAS_CALL, P_HAS, P_NOT_HAS
} pred_op;

typedef struct pred {
    pred_op op;
    uint32_t cap;
    int64_t other_cap; /* P_EQ/P_NOT_EQ against a capture; -1 if a string */
    char *str;         /* P_EQ string; P_HAS node type */
    pcre2_code *re;
    char **any;
    size_t nany;
} pred;

struct assay__query {
    TSQuery *q;
    pred **preds; /* per pattern */
    size_t *npreds;
    uint32_t npatterns;
    int64_t match_cap; /* capture id of @match, or -1 */
};

static void pred_free(pred *p)
{
    assay__free(p->str);
    if (p->re)
        pcre2_code_free(p->re);
    for (size_t i = 0; i < p->nany; i++)
        assay__free(p->any[i]);
    assay__free(p->any);
}

void assay__query_free(assay__query *q)
{
    if (!q)
        return;
    for (uint32_t i = 0; i < q->npatterns; i++) {
        for (size_t j = 0; j < q->npreds[i]; j++)
            pred_free(&q->preds[i][j]);
        assay__free(q->preds[i]);
    }
    assay__free(q->preds);
    assay__free(q->npreds);
    if (q->q)
        ts_query_delete(q->q);
    assay__free(q);
}

static void qdiag(const assay__rule *r, uint32_t off, assay_diag_cb cb,
                  void *payload, const char *fmt, const char *arg)
{
    char msg[512];
    uint32_t line = r->match_line, col = r->match_col;
    assay_diag d;

    /* Map the byte offset in the query text to the rule file. */
    for (uint32_t i = 0; r->query_src[i] && i < off; i++) {
        if (r->query_src[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
    d.is_error = 1;
    d.file = r->file;
    d.line = line;
    d.column = col;
    d.message = msg;
    if (cb)
        cb(&d, payload);
}

static pcre2_code *re_compile(const char *pat, char *err, size_t errlen)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0,
                                   &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(code, buf, sizeof(buf));
        snprintf(err, errlen, "bad regex in predicate at %zu: %s", (size_t)off,
                 (const char *)buf);
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* Turn one pattern's predicate steps into pred structures. */
static int compile_preds(assay__query *aq, const assay__rule *r, uint32_t pat,
                         const TSLanguage *lang, assay_diag_cb cb,
                         void *payload)
{
    uint32_t nsteps, i = 0, len;
    const TSQueryPredicateStep *st =
        ts_query_predicates_for_pattern(aq->q, pat, &nsteps);
    uint32_t off = ts_query_start_byte_for_pattern(aq->q, pat);
    size_t cap = 0;

    while (i < nsteps) {
        uint32_t j = i, nargs;
        const char *name;
        pred p;
        char err[300];

        while (j < nsteps && st[j].type != TSQueryPredicateStepTypeDone)
            j++;
        nargs = j - i; /* name + args */
        memset(&p, 0, sizeof(p));
        p.other_cap = -1;
        if (st[i].type != TSQueryPredicateStepTypeString) {
            qdiag(r, off, cb, payload, "predicate name expected%s", NULL);
            return ASSAY_ESYNTAX;
        }
        name = ts_query_string_value_for_id(aq->q, st[i].value_id, &len);
        if (!strcmp(name, "eq?"))
            p.op = P_EQ;
        else if (!strcmp(name, "not-eq?"))
            p.op = P_NOT_EQ;
        else if (!strcmp(name, "match?"))
            p.op = P_MATCH;
        else if (!strcmp(name, "not-match?"))
            p.op = P_NOT_MATCH;
        else if (!strcmp(name, "any-of?"))
            p.op = P_ANY_OF;
        else if (!strcmp(name, "has-call?"))
            p.op = P_HAS_CALL;
        else if (!strcmp(name, "not-has-call?"))
            p.op = P_NOT_HAS_CALL;
        else if (!strcmp(name, "has?"))
            p.op = P_HAS;
        else if (!strcmp(name, "not-has?"))
            p.op = P_NOT_HAS;
        else {
            qdiag(r, off, cb, payload,
                  "unknown predicate #%s (eq?, not-eq?, match?, not-match?, "
                  "any-of?, has-call?, not-has-call?, has?, not-has?)", name);
            return ASSAY_ESYNTAX;
        }
        if (nargs < 3 || st[i + 1].type != TSQueryPredicateStepTypeCapture ||
            ((p.op == P_HAS || p.op == P_NOT_HAS) && nargs != 4) ||
            (p.op != P_ANY_OF && p.op != P_HAS && p.op != P_NOT_HAS &&
             nargs != 3)) {
            qdiag(r, off, cb, payload,
                  "#%s: wrong arguments (a capture, then strings)", name);
            return ASSAY_ESYNTAX;
        }
        p.cap = st[i + 1].value_id;
        if (ts_query_capture_quantifier_for_id(aq->q, pat, p.cap) ==
            TSQuantifierZero) {
            uint32_t l;
            qdiag(r, off, cb, payload,
                  "predicate names @%s, which its pattern does not capture: "
                  "put the pattern and its predicates in one pair of "
                  "parentheses, ((pattern) @match (#pred? ...))",
                  ts_query_capture_name_for_id(aq->q, p.cap, &l));
            return ASSAY_ESYNTAX;
        }
        for (uint32_t k = i + 2; k < j; k++) {
            const char *s;
            if (st[k].type == TSQueryPredicateStepTypeCapture) {
                if ((p.op == P_EQ || p.op == P_NOT_EQ) && k == i + 2) {
                    p.other_cap = st[k].value_id;
                    continue;
                }
                qdiag(r, off, cb, payload, "#%s: expected a string", name);
                pred_free(&p);
                return ASSAY_ESYNTAX;
            }
            s = ts_query_string_value_for_id(aq->q, st[k].value_id, &len);
            if (p.op == P_ANY_OF) {
                char **v = assay__realloc(p.any, (p.nany + 1) * sizeof(*v));
                if (!v || !(v[p.nany] = assay__strdup(s))) {
                    if (v)
                        p.any = v;
                    pred_free(&p);
                    return ASSAY_ENOMEM;
                }
                p.any = v;
                p.nany++;
            } else if ((p.op == P_HAS || p.op == P_NOT_HAS) && k == i + 2) {
                if (!ts_language_symbol_for_name(
                        lang, s, (uint32_t)strlen(s),
                        true)) {
                    qdiag(r, off, cb, payload, "#has?: unknown node type '%s'",
                          s);
                    pred_free(&p);
                    return ASSAY_ESYNTAX;
                }
                p.str = assay__strdup(s);
            } else if (p.op == P_EQ || p.op == P_NOT_EQ) {
                p.str = assay__strdup(s);
            } else {
                p.re = re_compile(s, err, sizeof(err));
                if (!p.re) {
                    qdiag(r, off, cb, payload, "%s", err);
                    pred_free(&p);
                    return ASSAY_ESYNTAX;
                }
            }
        }
        {
            pred *v = assay__realloc(aq->preds[pat], (cap + 1) * sizeof(*v));
            if (!v) {
                pred_free(&p);
                return ASSAY_ENOMEM;
            }
            aq->preds[pat] = v;
            v[cap++] = p;
            aq->npreds[pat] = cap;
        }
        i = j + 1;
    }
    return 0;
}

static int pattern_has_capture(const TSQuery *q, uint32_t pat)
{
    uint32_t n = ts_query_capture_count(q);
    for (uint32_t c = 0; c < n; c++)
        if (ts_query_capture_quantifier_for_id(q, pat, c) != TSQuantifierZero)
            return 1;
    return 0;
}

int assay__query_compile(assay__rule *r, assay_diag_cb cb, void *payload)
{
    uint32_t err_off = 0, ncap;
    TSQueryError qerr = TSQueryErrorNone;
    const TSLanguage *lang = assay__langs[r->lang].language();
    assay__query *aq = assay__calloc(1, sizeof(*aq));
    int err = 0;
    static const char *const qerrs[] = {"", "syntax error", "unknown node type",
                                        "unknown field", "unknown capture",
                                        "impossible pattern structure",
                                        "language mismatch"};

    if (!aq)
        return ASSAY_ENOMEM;
    aq->match_cap = -1;
    aq->q = ts_query_new(lang, r->query_src, (uint32_t)strlen(r->query_src),
                         &err_off, &qerr);
    if (!aq->q) {
        qdiag(r, err_off, cb, payload, "query: %s",
              (unsigned)qerr < 7 ? qerrs[qerr] : "error");
        assay__query_free(aq);
        return ASSAY_ESYNTAX;
    }
    aq->npatterns = ts_query_pattern_count(aq->q);
    aq->preds = assay__calloc(aq->npatterns ? aq->npatterns : 1, sizeof(pred *));
    aq->npreds = assay__calloc(aq->npatterns ? aq->npatterns : 1, sizeof(size_t));
    if (!aq->preds || !aq->npreds) {
        assay__query_free(aq);
        return ASSAY_ENOMEM;
    }
    for (uint32_t i = 0; i < aq->npatterns && !err; i++) {
        err = compile_preds(aq, r, i, lang, cb, payload);
        if (!err && !pattern_has_capture(aq->q, i)) {
            qdiag(r, ts_query_start_byte_for_pattern(aq->q, i), cb, payload,
                  "a query pattern without a capture matches everything: "
                  "add @match%s", NULL);
            err = ASSAY_ESYNTAX;
        }
    }
    ncap = ts_query_capture_count(aq->q);
    for (uint32_t i = 0; i < ncap; i++) {
        uint32_t len;
        const char *n = ts_query_capture_name_for_id(aq->q, i, &len);
        if (len == 5 && !memcmp(n, "match", 5))
            aq->match_cap = i;
    }
    if (!err && ncap == 0) {
        qdiag(r, 0, cb, payload, "query has no capture: add @match%s", NULL);
        err = ASSAY_ESYNTAX;
    }
    if (err) {
        assay__query_free(aq);
        return err;
    }
    r->query = aq;
    return 0;
}

/* ---- evaluation -------------------------------------------------------- */

static int re_test(const pcre2_code *re, const char *s, size_t len)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int rc;
    if (!md)
        return 0;
    rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

static int find_cap(const TSQueryMatch *m, uint32_t cap, TSNode *out)
{
    for (uint16_t i = 0; i < m->capture_count; i++)
        if (m->captures[i].index == cap) {
            *out = m->captures[i].node;
            return 1;
        }
    return 0;
}

/* Does the subtree of n hold a node satisfying the predicate? The node
 * (the whole call for #has-call?) goes to *hit when hit is not NULL. */
static int subtree_has(TSNode n, const pred *p, const assay__lang *lang,
                       const char *src, TSNode *hit)
{
    TSTreeCursor c = ts_tree_cursor_new(n);
    uint32_t budget = WALK_BUDGET;
    int found = 0, depth = 0;

    for (;;) {
        TSNode cur = ts_tree_cursor_current_node(&c);
        const char *type = ts_node_type(cur);
        TSNode target = {{0}, 0, 0};
        int want = 0;

        if (p->op == P_HAS_CALL || p->op == P_NOT_HAS_CALL) {
            if (!strcmp(type, lang->call_type)) {
                target = ts_node_child_by_field_name(
                    cur, lang->call_field, (uint32_t)strlen(lang->call_field));
                want = !ts_node_is_null(target);
            }
        } else if (!strcmp(type, p->str)) {
            target = cur;
            want = 1;
        }
        if (want) {
            uint32_t a = ts_node_start_byte(target), b = ts_node_end_byte(target);
            if (re_test(p->re, src + a, b - a)) {
                found = 1;
                if (hit)
                    *hit = cur;
                break;
            }
        }
        if (!--budget)
            break;
        if (ts_tree_cursor_goto_first_child(&c)) {
            depth++;
            continue;
        }
        while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&c)) {
            ts_tree_cursor_goto_parent(&c);
            depth--;
        }
        if (depth == 0)
            break;
    }
    ts_tree_cursor_delete(&c);
    return found;
}

/* Whether every predicate of the match holds; *found gets the node the
 * last positive #has?/#has-call? found (the guarded action, in the rules
 * that guard one), or stays null. */
static int preds_ok(const assay__query *aq, const assay__rule *r,
                    const TSQueryMatch *m, const char *src, TSNode *found)
{
    const pred *ps = aq->preds[m->pattern_index];
    size_t np = aq->npreds[m->pattern_index];
    const assay__lang *lang = &assay__langs[r->lang];

    for (size_t i = 0; i < np; i++) {
        const pred *p = &ps[i];
        TSNode n, o;
        uint32_t a, b;
        int ok = 0;

        if (!find_cap(m, p->cap, &n))
            continue; /* an optional capture that did not match */
        a = ts_node_start_byte(n);
        b = ts_node_end_byte(n);
        switch (p->op) {
        case P_EQ:
        case P_NOT_EQ:
            if (p->other_cap >= 0) {
                uint32_t c, d;
                if (!find_cap(m, (uint32_t)p->other_cap, &o))
                    continue;
                c = ts_node_start_byte(o);
                d = ts_node_end_byte(o);
                ok = (b - a == d - c) && !memcmp(src + a, src + c, b - a);
            } else {
                ok = strlen(p->str) == b - a && !memcmp(src + a, p->str, b - a);
            }
            if (p->op == P_NOT_EQ)
                ok = !ok;
            break;
        case P_MATCH:
        case P_NOT_MATCH:
            ok = re_test(p->re, src + a, b - a);
            if (p->op == P_NOT_MATCH)
                ok = !ok;
            break;
        case P_ANY_OF:
            for (size_t k = 0; k < p->nany && !ok; k++)
                ok = strlen(p->any[k]) == b - a &&
                     !memcmp(src + a, p->any[k], b - a);
            break;
        case P_HAS_CALL:
        case P_HAS:
            ok = subtree_has(n, p, lang, src, found);
            break;
        case P_NOT_HAS_CALL:
        case P_NOT_HAS:
            ok = !subtree_has(n, p, lang, src, NULL);
            break;
        }
        if (!ok)
            return 0;
    }
    return 1;
}

static bool query_progress(TSQueryCursorState *st)
{
    assay__deadline *dl = st->payload;
    if (assay__now_ns() > dl->at_ns)
        dl->hit = 1;
    return dl->hit; /* true cancels the query */
}

int assay__query_run(const assay__rule *r, TSTree *tree, TSQueryCursor *cur,
                     const char *src, size_t len, assay__deadline *dl,
                     assay__qmatch_cb cb, void *payload)
{
    const assay__query *aq = r->query;
    TSQueryCursorOptions qo = {dl, query_progress};
    TSQueryMatch m;
    (void)len;

    ts_query_cursor_exec_with_options(cur, aq->q, ts_tree_root_node(tree), &qo);
    while (!dl->hit && ts_query_cursor_next_match(cur, &m)) {
        if (assay__now_ns() > dl->at_ns) {
            dl->hit = 1; /* predicates can cost time too */
            break;
        }
        TSNode n, found = {{0}, 0, 0};
        int err;
        if (!preds_ok(aq, r, &m, src, &found))
            continue;
        if (aq->match_cap < 0 || !find_cap(&m, (uint32_t)aq->match_cap, &n)) {
            if (!m.capture_count)
                continue; /* cannot happen: compile rejects such patterns */
            n = m.captures[0].node;
        }
        err = cb(r, ts_node_start_byte(n), ts_node_end_byte(n), &m, aq->q,
                 ts_node_is_null(found) ? NULL : &found, payload);
        if (err)
            return err;
    }
    return 0;
}
