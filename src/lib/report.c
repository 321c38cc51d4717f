/* report.c - collect file results into one report: filters, baseline, order.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The CLI's workers finish files in any order; the report makes the output
 * independent of that by sorting everything (findings by path, line,
 * column, rule; skips by path) in assay_report_finish(). The report owns
 * the file results handed to it, and findings point into them. Writers
 * (output.c) only read a finished report. */
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int assay_format_parse(const char *name)
{
    if (!strcmp(name, "text"))
        return ASSAY_FORMAT_TEXT;
    if (!strcmp(name, "json"))
        return ASSAY_FORMAT_JSON;
    if (!strcmp(name, "sarif"))
        return ASSAY_FORMAT_SARIF;
    if (!strcmp(name, "cbom"))
        return ASSAY_FORMAT_CBOM;
    return -1;
}

int assay_report_new(assay_report **out, const assay_rules *rules,
                     const assay_report_options *opts)
{
    assay_report_options defaults = ASSAY_REPORT_OPTIONS_INIT;
    assay_report *r;

    if (!out || !rules)
        return ASSAY_EINVAL;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != ASSAY_REPORT_OPTIONS_VERSION)
        return ASSAY_EINVAL;
    if (!(r = assay__calloc(1, sizeof(*r))))
        return ASSAY_ENOMEM;
    r->rules = rules;
    r->opts = *opts;
    *out = r;
    return 0;
}

void assay_report_free(assay_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->results.len; i++)
        assay_file_result_free(r->results.items[i]);
    assay_vec_free(&r->results);
    for (size_t i = 0; i < r->nskips; i++) {
        assay__free(r->skips[i].path);
        assay__free(r->skips[i].reason);
        assay__free(r->skips[i].detail);
    }
    assay__free(r->skips);
    for (size_t i = 0; i < r->targets.len; i++)
        assay__free(r->targets.items[i]);
    assay_vec_free(&r->targets);
    assay__free(r->findings);
    for (size_t i = 0; i < r->nbaseline; i++)
        assay__free(r->baseline[i]);
    assay__free(r->baseline);
    assay_vec_free(&r->policies);
    assay__correlate_free(r->corr);
    assay__free(r);
}

int assay_report_add_target(assay_report *r, const char *path)
{
    char *p = assay__strdup(path);
    if (!p || assay_vec_push(&r->targets, p) < 0) {
        assay__free(p);
        return ASSAY_ENOMEM;
    }
    return 0;
}

int assay_report_add_skip(assay_report *r, const char *path,
                          const char *reason, const char *detail)
{
    assay__skip *s;
    if (ASSAY_GROW(r->skips, r->nskips + 1, r->skipcap, 16) < 0)
        return ASSAY_ENOMEM;
    s = &r->skips[r->nskips];
    s->path = assay__strdup(path);
    s->reason = assay__strdup(reason);
    s->detail = detail ? assay__strdup(detail) : NULL;
    if (!s->path || !s->reason) {
        assay__free(s->path);
        assay__free(s->reason);
        assay__free(s->detail);
        return ASSAY_ENOMEM;
    }
    r->nskips++;
    return 0;
}

int assay_report_add_result(assay_report *r, assay_file_result *res)
{
    int err = 0;
    if (!res)
        return ASSAY_EINVAL;
    /* test data a build step may read (correlate.c), findings or not */
    if (assay__correlate_note(r, res) < 0) {
        assay_file_result_free(res);
        return ASSAY_ENOMEM;
    }
    if (res->skipped) {
        err = assay_report_add_skip(r, res->path, res->skipped,
                                    res->skip_detail);
        assay_file_result_free(res);
        return err;
    }
    r->files_scanned++;
    r->bytes_scanned += res->bytes;
    if (res->partial) {
        const char *colon = strchr(res->partial, ':');
        char reason[64];
        size_t n = colon ? (size_t)(colon - res->partial) : strlen(res->partial);
        if (n >= sizeof(reason))
            n = sizeof(reason) - 1;
        memcpy(reason, res->partial, n);
        reason[n] = '\0';
        err = assay_report_add_skip(r, res->path, reason,
                                    colon ? colon + 2 : NULL);
    }
    if (!res->nfindings) {
        assay_file_result_free(res);
        return err;
    }
    if (assay_vec_push(&r->results, res) < 0) {
        assay_file_result_free(res);
        return ASSAY_ENOMEM;
    }
    return err;
}

int assay_report_load_baseline(assay_report *r, const char *path, char *errbuf,
                               size_t errlen)
{
    json_error_t jerr;
    json_t *root, *arr, *item;
    size_t i;

    root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(errbuf, errlen, "%s:%d:%d: %s", path, jerr.line, jerr.column,
                 jerr.text);
        return jerr.line <= 0 && jerr.position == 0 ? ASSAY_EIO : ASSAY_EFORMAT;
    }
    arr = json_object_get(root, "findings");
    if (!json_is_array(arr)) {
        snprintf(errbuf, errlen, "%s: not an assay JSON report (no 'findings')",
                 path);
        json_decref(root);
        return ASSAY_EFORMAT;
    }
    json_array_foreach(arr, i, item)
    {
        const char *fp = json_string_value(json_object_get(item, "fingerprint"));
        if (fp && assay_report_add_baseline(r, fp) < 0) {
            json_decref(root);
            return ASSAY_ENOMEM;
        }
    }
    json_decref(root);
    return 0;
}

int assay_report_add_baseline(assay_report *r, const char *fp)
{
    if (ASSAY_GROW(r->baseline, r->nbaseline + 1, r->basecap, 64) < 0)
        return ASSAY_ENOMEM;
    if (!(r->baseline[r->nbaseline] = assay__strdup(fp)))
        return ASSAY_ENOMEM;
    r->nbaseline++;
    return 0;
}

static int in_baseline(const assay_report *r, const char *fp)
{
    return r->nbaseline &&
           bsearch(&fp, r->baseline, r->nbaseline, sizeof(char *), assay_strptr_cmp);
}

static int cmp_finding(const void *a, const void *b)
{
    const assay_finding *x = &(*(assay__finding *const *)a)->pub;
    const assay_finding *y = &(*(assay__finding *const *)b)->pub;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->start_line != y->start_line)
        return x->start_line < y->start_line ? -1 : 1;
    if (x->start_col != y->start_col)
        return x->start_col < y->start_col ? -1 : 1;
    c = strcmp(x->rule_id, y->rule_id);
    if (c)
        return c;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int cmp_skip(const void *a, const void *b)
{
    const assay__skip *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->reason, y->reason);
}

int assay_report_finish(assay_report *r)
{
    size_t total = 0, n = 0;

    if (r->finished)
        return ASSAY_EINVAL;
    /* findings across files first: filters and ranking see them too */
    if (assay__correlate_finish(r) < 0)
        return ASSAY_ENOMEM;
    if (r->baseline)
        qsort(r->baseline, r->nbaseline, sizeof(char *), assay_strptr_cmp);
    for (size_t i = 0; i < r->results.len; i++)
        total += ((assay_file_result *)r->results.items[i])->nfindings;
    /* project context (before filters: an idiom is an idiom even when
     * the baseline hides its older instances) */
    if (assay__rank_report(r->rules, (assay_file_result *const *)r->results.items,
                           r->results.len) < 0)
        return ASSAY_ENOMEM;
    r->findings = assay__calloc(total ? total : 1, sizeof(*r->findings));
    if (!r->findings)
        return ASSAY_ENOMEM;
    for (size_t i = 0; i < r->results.len; i++) {
        assay_file_result *res = r->results.items[i];
        for (size_t k = 0; k < res->nfindings; k++) {
            assay__finding *f = &res->findings[k];
            if (f->pub.severity < r->opts.min_severity)
                continue;
            if (r->opts.only_categories &&
                !(r->opts.only_categories & (1u << f->pub.category)))
                continue;
            if (in_baseline(r, f->pub.fingerprint)) {
                r->baselined++;
                continue;
            }
            r->findings[n++] = f;
        }
    }
    r->nfindings = n;
    if (r->findings)
        qsort(r->findings, n, sizeof(*r->findings), cmp_finding);
    if (r->skips)
        qsort(r->skips, r->nskips, sizeof(*r->skips), cmp_skip);
    for (size_t i = 0; i < n; i++) {
        const assay_finding *f = &r->findings[i]->pub;
        if (f->suppressed) {
            r->suppressed++;
            continue;
        }
        r->by_severity[f->severity]++;
        r->by_category[f->category]++;
    }
    r->finished = 1;
    return 0;
}

size_t assay_report_count_at_least(const assay_report *r,
                                   assay_severity threshold)
{
    size_t n = 0;
    for (int s = (int)threshold; s <= ASSAY_SEV_CRITICAL; s++)
        n += r->by_severity[s];
    return n;
}

size_t assay_report_count(const assay_report *r) { return r->nfindings; }

const assay_finding *assay_report_get(const assay_report *r, size_t i)
{
    return i < r->nfindings ? &r->findings[i]->pub : NULL;
}
