/* cbom.c - the cryptography inventory of a report: CycloneDX 1.6 CBOM and
 * policy verdicts.
 * SPDX-License-Identifier: Apache-2.0
 *
 * A finished report's crypto findings carry assets (crypto.c). Here they are
 * grouped into an inventory: one item per distinct asset (same name,
 * primitive and OID), each with its occurrences in report order. Private
 * keys found by the secret rules join it as related crypto material.
 *
 * The inventory is written as a CycloneDX 1.6 JSON BOM (one
 * `cryptographic-asset` component per item; docs/CRYPTO.md) and judged
 * against policies: YAML files (the policies folder, embedded at build time
 * like the rules) whose rules are conditions on asset fields. Output is
 * deterministic: items are sorted, and the BOM's serial number is a UUID
 * derived from its own content. */
#include "report.h"
#include "yaml_read.h"

#include "builtin.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OCCURRENCES 1000 /* per component in the CBOM */

/* ====================================================================
 * Inventory
 * ==================================================================== */

typedef struct item {
    char *key;               /* sort and identity key */
    const assay_asset *asset; /* of the first occurrence */
    const char *key_type;    /* related material: "private-key"; else NULL */
    const char *key_alg;     /* its algorithm family, if known */
    char *key_name;          /* its component name */
    assay__finding **occ;
    size_t nocc, cap;
    size_t nlive; /* occurrences not suppressed inline */
} item;

typedef struct inventory {
    item *items;
    size_t n, cap;
} inventory;

/* Private keys from the secret rules: rule id suffix -> algorithm. */
static const struct {
    const char *rule, *alg, *name;
} key_rules[] = {
    {"secret.private-key.rsa", "RSA", "RSA private key"},
    {"secret.private-key.ec", "ECDSA", "EC private key"},
    {"secret.private-key.dsa", "DSA", "DSA private key"},
    {"secret.private-key.pkcs8", NULL, "PKCS#8 private key"},
    {"secret.private-key.pkcs8-encrypted", NULL,
     "PKCS#8 private key (encrypted)"},
    {"secret.private-key.openssh", NULL, "OpenSSH private key"},
    {"secret.private-key.putty", NULL, "PuTTY private key"},
    {"secret.private-key.pgp", NULL, "PGP private key"},
};

static void inventory_free(inventory *inv)
{
    for (size_t i = 0; i < inv->n; i++) {
        assay__free(inv->items[i].key);
        assay__free(inv->items[i].key_name);
        assay__free(inv->items[i].occ);
    }
    assay__free(inv->items);
    memset(inv, 0, sizeof(*inv));
}

static int cmp_item(const void *a, const void *b)
{
    return strcmp(((const item *)a)->key, ((const item *)b)->key);
}

static item *inv_get(inventory *inv, const char *key)
{
    item *it;
    for (size_t i = inv->n; i > 0; i--) /* recent items first */
        if (!strcmp(inv->items[i - 1].key, key))
            return &inv->items[i - 1];
    if (ASSAY_GROW(inv->items, inv->n + 1, inv->cap, 32) < 0)
        return NULL;
    it = &inv->items[inv->n];
    memset(it, 0, sizeof(*it));
    if (!(it->key = assay__strdup(key)))
        return NULL;
    inv->n++;
    return it;
}

static int inv_add(item *it, assay__finding *f)
{
    /* two rules naming one asset at one place are one occurrence */
    if (it->nocc) {
        const assay_finding *l = &it->occ[it->nocc - 1]->pub;
        if (l->offset == f->pub.offset && !strcmp(l->path, f->pub.path))
            return 0;
    }
    if (ASSAY_GROW(it->occ, it->nocc + 1, it->cap, 8) < 0)
        return ASSAY_ENOMEM;
    it->occ[it->nocc++] = f;
    if (!f->pub.suppressed)
        it->nlive++;
    return 0;
}

/* Linear lookups keep this simple; a report holds at most a few hundred
 * distinct assets, so the cost is in the occurrences, which are appended. */
static int inventory_build(const assay_report *r, inventory *out)
{
    inventory inv = {0};
    assay_buf k = ASSAY_BUF_INIT;
    int err = 0;

    for (size_t i = 0; i < r->nfindings && !err; i++) {
        assay__finding *f = r->findings[i];
        const assay_asset *a = f->pub.asset;
        const char *ktype = NULL, *kalg = NULL, *kname = NULL;
        item *it;

        if (!a && f->pub.category == ASSAY_CAT_SECRET) {
            for (size_t j = 0; j < sizeof(key_rules) / sizeof(key_rules[0]);
                 j++)
                if (!strcmp(f->pub.rule_id, key_rules[j].rule)) {
                    ktype = "private-key";
                    kalg = key_rules[j].alg;
                    kname = key_rules[j].name;
                }
            if (!ktype)
                continue;
        } else if (!a) {
            continue;
        }
        k.len = 0;
        if (a)
            assay_buf_printf(&k, "%s\x1f%s\x1f%s\x1f%s", a->name, a->primitive,
                             a->oid ? a->oid : "",
                             !strcmp(a->evidence, "key") ? "key" : "");
        if (a && !strcmp(a->evidence, "certificate")) /* one per certificate */
            assay_buf_printf(&k, "\x1f%s\x1f%s\x1f%s\x1f%s",
                             a->subject ? a->subject : "",
                             a->issuer ? a->issuer : "",
                             a->not_before ? a->not_before : "",
                             a->not_after ? a->not_after : "");
        else
            assay_buf_printf(&k, "%s\x1fkey", kname);
        if (assay_buf_failed(&k) || !(it = inv_get(&inv, assay_buf_cstr(&k)))) {
            err = ASSAY_ENOMEM;
            break;
        }
        if (!it->nocc) {
            it->asset = a;
            it->key_type = ktype;
            it->key_alg = kalg;
            if (kname && !(it->key_name = assay__strdup(kname))) {
                err = ASSAY_ENOMEM;
                break;
            }
        }
        err = inv_add(it, f);
    }
    assay_buf_free(&k);
    if (err) {
        inventory_free(&inv);
        return err;
    }
    if (inv.n)
        qsort(inv.items, inv.n, sizeof(*inv.items), cmp_item);
    *out = inv;
    return 0;
}

static const char *item_name(const item *it)
{
    return it->asset ? it->asset->name : it->key_name;
}

/* ====================================================================
 * Policies
 * ==================================================================== */

enum {
    C_ALGORITHM, C_NOT_ALGORITHM, C_PRIMITIVE, C_NOT_PRIMITIVE, C_MODE,
    C_PADDING, C_HASH, C_NOT_HASH, C_CURVE, C_EVIDENCE, C_NLISTS
};
static const char *const cond_keys[C_NLISTS] = {
    "algorithm", "not_algorithm", "primitive", "not_primitive", "mode",
    "padding", "hash", "not_hash", "curve", "evidence"};

typedef struct prule {
    char *id, *message;
    char **list[C_NLISTS];
    size_t nlist[C_NLISTS];
    int has[C_NLISTS];
    uint32_t size_below;  /* 0: no condition */
    uint32_t *size_not;   /* sizes that are allowed */
    size_t nsize_not;
} prule;

struct assay_policy {
    char *name, *title, *description;
    prule *rules;
    size_t nrules;
};

static void prule_clear(prule *p)
{
    assay__free(p->id);
    assay__free(p->message);
    for (int c = 0; c < C_NLISTS; c++) {
        for (size_t i = 0; i < p->nlist[c]; i++)
            assay__free(p->list[c][i]);
        assay__free(p->list[c]);
    }
    assay__free(p->size_not);
}

void assay_policy_free(assay_policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nrules; i++)
        prule_clear(&p->rules[i]);
    assay__free(p->rules);
    assay__free(p->name);
    assay__free(p->title);
    assay__free(p->description);
    assay__free(p);
}

static const char *const builtin_names[] = {"weak", "fips-140-3", "cnsa-2.0",
                                            "gm-t", NULL};

const char *const *assay_policy_builtin_names(void) { return builtin_names; }

/* Check one value of a condition list against its vocabulary. */
static void check_value(assay__yctx *c, yaml_node_t *n, int cond, const char *v)
{
    switch (cond) {
    case C_ALGORITHM: case C_NOT_ALGORITHM: case C_HASH: case C_NOT_HASH: {
        const char *canon = assay__crypto_algorithm(v, strlen(v));
        if (!canon || strcmp(canon, v))
            assay__ydiag(c, n, "'%s': not a canonical algorithm name%s%s", v,
                  canon ? ", write " : "", canon ? canon : "");
        break;
    }
    case C_PRIMITIVE: case C_NOT_PRIMITIVE:
        if (!assay__in_list(v, assay__cdx_primitives))
            assay__ydiag(c, n, "'%s': not a CycloneDX primitive", v);
        break;
    case C_MODE:
        if (!assay__in_list(v, assay__cdx_modes))
            assay__ydiag(c, n, "'%s': not a CycloneDX mode", v);
        break;
    case C_PADDING:
        if (!assay__in_list(v, assay__cdx_paddings))
            assay__ydiag(c, n, "'%s': not a CycloneDX padding", v);
        break;
    case C_EVIDENCE:
        if (!assay__in_list(v, assay__asset_evidences))
            assay__ydiag(c, n, "'%s': not an evidence kind", v);
        break;
    default: break;
    }
}

static int parse_sizes(assay__yctx *c, yaml_node_t *v, uint32_t **out, size_t *n)
{
    size_t cnt;
    if (v->type != YAML_SEQUENCE_NODE) {
        assay__ydiag(c, v, "'size_not' must be a list of sizes");
        return -1;
    }
    cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (!(*out = assay__calloc(cnt ? cnt : 1, sizeof(uint32_t))))
        return ASSAY_ENOMEM;
    for (yaml_node_item_t *it = v->data.sequence.items.start;
         it < v->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(c->doc, *it);
        const char *s = assay__yscalar(e);
        char *end = NULL;
        unsigned long x = s ? strtoul(s, &end, 10) : 0;
        if (!s || *end || !x || x > 1000000)
            assay__ydiag(c, e, "a size is a number of bits");
        else
            (*out)[(*n)++] = (uint32_t)x;
    }
    return 0;
}

static int parse_when(assay__yctx *c, prule *p, yaml_node_t *m)
{
    int any = 0;
    if (m->type != YAML_MAPPING_NODE) {
        assay__ydiag(c, m, "'when' must be a mapping");
        return -1;
    }
    ASSAY__YPAIRS(c, m, k, v)
    {
        const char *key = assay__yscalar(k);
        int cond;
        for (cond = 0; key && cond < C_NLISTS; cond++)
            if (!strcmp(key, cond_keys[cond]))
                break;
        any = 1;
        if (key && cond < C_NLISTS) {
            size_t cnt;
            if (v->type != YAML_SEQUENCE_NODE) {
                assay__ydiag(c, v, "'%s' must be a list", key);
                continue;
            }
            cnt = (size_t)(v->data.sequence.items.top -
                           v->data.sequence.items.start);
            p->list[cond] = assay__calloc(cnt ? cnt : 1, sizeof(char *));
            if (!p->list[cond])
                return ASSAY_ENOMEM;
            p->has[cond] = 1;
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *e = yaml_document_get_node(c->doc, *it);
                const char *s = assay__yscalar(e);
                if (!s) {
                    assay__ydiag(c, e, "'%s' holds strings", key);
                    continue;
                }
                check_value(c, e, cond, s);
                if (!(p->list[cond][p->nlist[cond]++] = assay__strdup(s)))
                    return ASSAY_ENOMEM;
            }
        } else if (key && !strcmp(key, "size_below")) {
            const char *s = assay__yscalar(v);
            char *end = NULL;
            unsigned long x = s ? strtoul(s, &end, 10) : 0;
            if (!s || *end || !x || x > 1000000)
                assay__ydiag(c, v, "'size_below' is a number of bits");
            p->size_below = (uint32_t)x;
        } else if (key && !strcmp(key, "size_not")) {
            if (parse_sizes(c, v, &p->size_not, &p->nsize_not) ==
                ASSAY_ENOMEM)
                return ASSAY_ENOMEM;
        } else {
            assay__ydiag(c, k, "unknown condition '%s' (algorithm, not_algorithm, "
                        "primitive, not_primitive, mode, padding, hash, "
                        "not_hash, curve, evidence, size_below, size_not)",
                  key ? key : "");
        }
    }
    if (!any)
        assay__ydiag(c, m, "'when' needs at least one condition");
    return 0;
}

static int parse_prule(assay__yctx *c, prule *p, yaml_node_t *n)
{
    int have_when = 0, e;
    if (n->type != YAML_MAPPING_NODE) {
        assay__ydiag(c, n, "a policy rule must be a mapping");
        return -1;
    }
    ASSAY__YPAIRS(c, n, k, v)
    {
        const char *key = assay__yscalar(k);
        if (key && !strcmp(key, "id")) {
            if ((e = assay__ystr(c, v, key, &p->id)) == ASSAY_ENOMEM)
                return e;
        } else if (key && !strcmp(key, "message")) {
            if ((e = assay__ystr(c, v, key, &p->message)) == ASSAY_ENOMEM)
                return e;
        } else if (key && !strcmp(key, "when")) {
            have_when = 1;
            if ((e = parse_when(c, p, v)) == ASSAY_ENOMEM)
                return e;
        } else {
            assay__ydiag(c, k, "unknown key '%s' in a policy rule (id, message, "
                        "when)", key ? key : "");
        }
    }
    if (!p->id || !p->message || !have_when)
        assay__ydiag(c, n, "a policy rule needs 'id', 'message' and 'when'");
    return 0;
}

static int policy_parse(assay_policy *pol, const char *file, const char *text,
                        size_t len, assay_diag_cb on_diag, void *payload)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_node_t *root, *body = NULL, *rules = NULL;
    assay__yctx c = {&doc, file, on_diag, payload, 0};
    int err = 0;

    if (!yaml_parser_initialize(&parser))
        return ASSAY_ENOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        char msg[256];
        assay_diag d = {1, file, (uint32_t)parser.problem_mark.line + 1,
                        (uint32_t)parser.problem_mark.column + 1, msg};
        snprintf(msg, sizeof(msg), "YAML: %s",
                 parser.problem ? parser.problem : "syntax error");
        if (on_diag)
            on_diag(&d, payload);
        yaml_parser_delete(&parser);
        return ASSAY_ESYNTAX;
    }
    root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        ASSAY__YPAIRS(&c, root, k, v)
        {
            const char *key = assay__yscalar(k);
            if (key && !strcmp(key, "policy") && v->type == YAML_MAPPING_NODE)
                body = v;
            else
                assay__ydiag(&c, k, "expected one top-level 'policy:' mapping");
        }
    }
    if (!body) {
        assay__ydiag(&c, root, "expected 'policy:' with name, title, rules");
        goto done;
    }
    ASSAY__YPAIRS(&c, body, k, v)
    {
        const char *key = assay__yscalar(k);
        if (key && !strcmp(key, "name"))
            err = assay__ystr(&c, v, key, &pol->name);
        else if (key && !strcmp(key, "title"))
            err = assay__ystr(&c, v, key, &pol->title);
        else if (key && !strcmp(key, "description"))
            err = assay__ystr(&c, v, key, &pol->description);
        else if (key && !strcmp(key, "rules"))
            rules = v;
        else
            assay__ydiag(&c, k, "unknown key '%s' in policy (name, title, "
                         "description, rules)", key ? key : "");
        if (err == ASSAY_ENOMEM)
            goto done;
        err = 0;
    }
    if (!pol->name || !pol->title || !rules ||
        rules->type != YAML_SEQUENCE_NODE) {
        assay__ydiag(&c, body, "a policy needs 'name', 'title' and a list of 'rules'");
        goto done;
    }
    {
        size_t cnt = (size_t)(rules->data.sequence.items.top -
                              rules->data.sequence.items.start);
        pol->rules = assay__calloc(cnt ? cnt : 1, sizeof(prule));
        if (!pol->rules) {
            err = ASSAY_ENOMEM;
            goto done;
        }
        for (yaml_node_item_t *it = rules->data.sequence.items.start;
             it < rules->data.sequence.items.top; it++) {
            err = parse_prule(&c, &pol->rules[pol->nrules++],
                              yaml_document_get_node(&doc, *it));
            if (err == ASSAY_ENOMEM)
                goto done;
            err = 0;
        }
    }
done:
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (!err && c.errors)
        err = ASSAY_ESYNTAX;
    return err;
}

int assay_policy_parse(assay_policy **out, const char *name, const char *text,
                       size_t len, assay_diag_cb on_diag, void *payload)
{
    assay_policy *p;
    int err;
    if (!out || !name || (!text && len))
        return ASSAY_EINVAL;
    *out = NULL;
    if (!(p = assay__calloc(1, sizeof(*p))))
        return ASSAY_ENOMEM;
    err = policy_parse(p, name, text ? text : "", len, on_diag, payload);
    if (err) {
        assay_policy_free(p);
        return err;
    }
    *out = p;
    return 0;
}

int assay_policy_load(assay_policy **out, const char *name,
                      assay_diag_cb on_diag, void *payload)
{
    assay_policy *p;
    char want[128], *text = NULL;
    const char *src = NULL, *file = name;
    size_t len = 0;
    int err;

    if (!out || !name)
        return ASSAY_EINVAL;
    *out = NULL;
    snprintf(want, sizeof(want), "builtin:policies/%s.yaml", name);
    for (const assay__builtin_file *b = assay__builtin_policies; b->name; b++)
        if (!strcmp(b->name, want)) {
            src = b->text;
            len = b->len;
            file = b->name;
        }
    if (!src) {
        /* not a built-in name: a file, if it looks like a path */
        FILE *f;
        assay_buf buf = ASSAY_BUF_INIT;
        char chunk[8192];
        size_t n;
        if (!strchr(name, '/') && !strstr(name, ".yaml") &&
            !strstr(name, ".yml"))
            return ASSAY_EINVAL;
        if (!(f = fopen(name, "rb")))
            return ASSAY_EIO;
        buf.max = 1u << 20;
        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
            if (assay_buf_put(&buf, chunk, n) < 0)
                break;
        fclose(f);
        if (assay_buf_failed(&buf)) {
            assay_buf_free(&buf);
            return buf.oom ? ASSAY_ENOMEM : ASSAY_ELIMIT;
        }
        len = buf.len;
        text = assay_buf_take(&buf);
        if (!text)
            return ASSAY_ENOMEM;
        src = text;
    }
    if (!(p = assay__calloc(1, sizeof(*p)))) {
        assay__free(text);
        return ASSAY_ENOMEM;
    }
    err = policy_parse(p, file, src, len, on_diag, payload);
    assay__free(text);
    if (err) {
        assay_policy_free(p);
        return err;
    }
    *out = p;
    return 0;
}

static int list_has(char *const *list, size_t n, const char *v)
{
    for (size_t i = 0; v && i < n; i++)
        if (!strcmp(list[i], v))
            return 1;
    return 0;
}

/* Does an asset meet every condition of a policy rule? Conditions on a
 * field the asset does not have are not met (an unknown size is not "below
 * 2048"), so a rule only fires on what was actually seen. */
static int prule_matches(const prule *p, const assay_asset *a)
{
    const char *field[C_NLISTS] = {a->algorithm, a->algorithm, a->primitive,
                                   a->primitive, a->mode,      a->padding,
                                   a->hash,      a->hash,      a->curve,
                                   a->evidence};
    for (int c = 0; c < C_NLISTS; c++) {
        int negated = c == C_NOT_ALGORITHM || c == C_NOT_PRIMITIVE ||
                      c == C_NOT_HASH;
        if (!p->has[c])
            continue;
        if (!field[c])
            return 0;
        if (list_has(p->list[c], p->nlist[c], field[c]) == negated)
            return 0;
    }
    if (p->size_below && (!a->size || a->size >= p->size_below))
        return 0;
    if (p->nsize_not) {
        if (!a->size)
            return 0;
        for (size_t i = 0; i < p->nsize_not; i++)
            if (p->size_not[i] == a->size)
                return 0;
    }
    return 1;
}

/* The asset a private key stands for, for policy purposes. */
static const assay_asset *item_asset(const item *it, assay_asset *tmp)
{
    if (it->asset)
        return it->asset;
    memset(tmp, 0, sizeof(*tmp));
    tmp->name = it->key_name;
    tmp->algorithm = it->key_alg ? it->key_alg : "unknown";
    tmp->primitive = "unknown";
    tmp->evidence = "key";
    return tmp;
}

typedef void (*violation_cb)(const assay_policy *pol, const prule *p,
                             const item *it, void *payload);

/* Call cb for each (rule, item) violation; return the count. */
static size_t judge(const assay_policy *pol, const inventory *inv,
                    violation_cb cb, void *payload)
{
    size_t n = 0;
    for (size_t r = 0; r < pol->nrules; r++)
        for (size_t i = 0; i < inv->n; i++) {
            assay_asset tmp;
            const item *it = &inv->items[i];
            if (!it->nlive)
                continue; /* every occurrence was accepted inline */
            if (prule_matches(&pol->rules[r], item_asset(it, &tmp))) {
                n++;
                if (cb)
                    cb(pol, &pol->rules[r], it, payload);
            }
        }
    return n;
}

int assay_report_add_policy(assay_report *r, const assay_policy *p)
{
    if (!r || !p || r->finished)
        return ASSAY_EINVAL;
    return assay_vec_push(&r->policies, (void *)p) < 0 ? ASSAY_ENOMEM : 0;
}

size_t assay_report_policies_failed(const assay_report *r)
{
    inventory inv;
    size_t failed = 0;
    if (!r || !r->finished || !r->policies.len)
        return 0;
    if (inventory_build(r, &inv) < 0)
        return r->policies.len; /* cannot tell: count them as failing */
    for (size_t i = 0; i < r->policies.len; i++)
        failed += judge(r->policies.items[i], &inv, NULL, NULL) > 0;
    inventory_free(&inv);
    return failed;
}

static const assay__finding *first_live(const item *it)
{
    for (size_t i = 0; i < it->nocc; i++)
        if (!it->occ[i]->pub.suppressed)
            return it->occ[i];
    return it->occ[0];
}

/* ---- verdicts as text and JSON --------------------------------------------- */

static void text_violation(const assay_policy *pol, const prule *p,
                           const item *it, void *payload)
{
    assay_buf *b = payload;
    const assay__finding *f = first_live(it);
    (void)pol;
    assay_buf_puts(b, "    ");
    assay_text_sanitize(b, item_name(it), strlen(item_name(it)));
    assay_buf_printf(b, "  [%s] ", p->id);
    assay_text_sanitize(b, p->message, strlen(p->message));
    assay_buf_printf(b, "  (%zu occurrence%s, first ", it->nlive,
                     it->nlive == 1 ? "" : "s");
    assay_text_sanitize(b, f->pub.path, strlen(f->pub.path));
    assay_buf_printf(b, ":%u)\n", f->pub.start_line);
}

void assay__verdicts_text(const assay_report *r, assay_buf *b)
{
    inventory inv;
    if (!r->policies.len)
        return;
    if (inventory_build(r, &inv) < 0) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < r->policies.len; i++) {
        const assay_policy *pol = r->policies.items[i];
        size_t n = judge(pol, &inv, NULL, NULL);
        assay_buf_printf(b, "policy %s: %s", pol->name, n ? "FAIL" : "PASS");
        assay_buf_puts(b, " - ");
        assay_text_sanitize(b, pol->title, strlen(pol->title));
        if (n)
            assay_buf_printf(b, " (%zu violation%s)", n, n == 1 ? "" : "s");
        assay_buf_putc(b, '\n');
        judge(pol, &inv, text_violation, b);
    }
    inventory_free(&inv);
}

typedef struct jv {
    assay_buf *b;
    int first;
} jv;

static void json_violation(const assay_policy *pol, const prule *p,
                           const item *it, void *payload)
{
    jv *j = payload;
    const assay__finding *f = first_live(it);
    (void)pol;
    assay_buf_puts(j->b, j->first ? "\n      {" : ",\n      {");
    j->first = 0;
    assay_buf_puts(j->b, "\"rule\":");
    assay_json_str(j->b, p->id);
    assay_buf_puts(j->b, ",\"message\":");
    assay_json_str(j->b, p->message);
    assay_buf_puts(j->b, ",\"asset\":");
    assay_json_str(j->b, item_name(it));
    assay_buf_printf(j->b, ",\"occurrences\":%zu,\"path\":", it->nlive);
    assay_json_str(j->b, f->pub.path);
    assay_buf_printf(j->b, ",\"line\":%u}", f->pub.start_line);
}

void assay__verdicts_json(const assay_report *r, assay_buf *b)
{
    inventory inv;
    if (!r->policies.len)
        return;
    if (inventory_build(r, &inv) < 0) {
        b->oom = 1;
        return;
    }
    assay_buf_puts(b, ",\n  \"policies\": [");
    for (size_t i = 0; i < r->policies.len; i++) {
        const assay_policy *pol = r->policies.items[i];
        size_t n = judge(pol, &inv, NULL, NULL);
        jv j = {b, 1};
        assay_buf_puts(b, i ? ",\n    {" : "\n    {");
        assay_buf_puts(b, "\"policy\":");
        assay_json_str(b, pol->name);
        assay_buf_puts(b, ",\"title\":");
        assay_json_str(b, pol->title);
        assay_buf_printf(b, ",\"verdict\":\"%s\",\"violations\":[",
                         n ? "fail" : "pass");
        judge(pol, &inv, json_violation, &j);
        assay_buf_puts(b, n ? "\n    ]}" : "]}");
    }
    assay_buf_puts(b, "\n  ]");
    inventory_free(&inv);
}

int assay_report_write_verdicts(const assay_report *r, assay_write_cb write,
                                void *payload)
{
    assay_buf b = ASSAY_BUF_INIT;
    int err = 0;
    if (!r || !write || !r->finished)
        return ASSAY_EINVAL;
    assay__verdicts_text(r, &b);
    if (assay_buf_failed(&b))
        err = ASSAY_ENOMEM;
    else if (b.len && write(b.ptr, b.len, payload))
        err = ASSAY_EIO;
    assay_buf_free(&b);
    return err;
}

/* ====================================================================
 * CycloneDX 1.6
 * ==================================================================== */

static const char *const *functions_of(const char *primitive)
{
    static const char *const enc[] = {"encrypt", "decrypt", NULL};
    static const char *const dig[] = {"digest", NULL};
    static const char *const tag[] = {"tag", NULL};
    static const char *const kdf[] = {"keyderive", NULL};
    static const char *const sig[] = {"sign", "verify", NULL};
    static const char *const kem[] = {"encapsulate", "decapsulate", NULL};
    static const char *const gen[] = {"generate", NULL};
    static const char *const kgen[] = {"keygen", NULL};
    if (!strcmp(primitive, "block-cipher") ||
        !strcmp(primitive, "stream-cipher") || !strcmp(primitive, "ae") ||
        !strcmp(primitive, "pke"))
        return enc;
    if (!strcmp(primitive, "hash") || !strcmp(primitive, "xof"))
        return dig;
    if (!strcmp(primitive, "mac"))
        return tag;
    if (!strcmp(primitive, "kdf"))
        return kdf;
    if (!strcmp(primitive, "signature"))
        return sig;
    if (!strcmp(primitive, "kem"))
        return kem;
    if (!strcmp(primitive, "drbg"))
        return gen;
    if (!strcmp(primitive, "key-agree"))
        return kgen;
    return NULL;
}

static void prop(assay_buf *b, int *first, const char *name, const char *value)
{
    assay_buf_puts(b, *first ? "{\"name\":" : ",{\"name\":");
    *first = 0;
    assay_json_str(b, name);
    assay_buf_puts(b, ",\"value\":");
    assay_json_str(b, value);
    assay_buf_putc(b, '}');
}

/* bom-ref: the component name, made unique with a counter. */
static void bom_ref(assay_buf *b, const inventory *inv, size_t i)
{
    const char *name = item_name(&inv->items[i]);
    size_t dup = 0;
    for (size_t k = 0; k < i; k++)
        if (!strcmp(item_name(&inv->items[k]), name))
            dup++;
    assay_buf_puts(b, "crypto/");
    assay_buf_puts(b, inv->items[i].asset &&
                          !strcmp(inv->items[i].asset->evidence, "certificate")
                      ? "certificate/"
                  : inv->items[i].asset &&
                          strcmp(inv->items[i].asset->evidence, "key")
                      ? "algorithm/"
                      : "key/");
    assay_buf_puts(b, name);
    if (dup)
        assay_buf_printf(b, "#%zu", dup + 1);
}

typedef struct pv_ctx {
    const item *target;
    assay_buf *b;
    int *first;
} pv_ctx;

static void prop_violation(const assay_policy *pol, const prule *p,
                           const item *it, void *payload)
{
    pv_ctx *c = payload;
    char name[160];
    if (it != c->target)
        return;
    snprintf(name, sizeof(name), "assay:policy:%s:%s", pol->name, p->id);
    prop(c->b, c->first, name, p->message);
}

static void write_component(const assay_report *r, const inventory *inv,
                            size_t i, assay_buf *b)
{
    const item *it = &inv->items[i];
    const assay_asset *a = it->asset;
    int first = 1, is_cert = a && !strcmp(a->evidence, "certificate");
    int is_key = !a || !strcmp(a->evidence, "key");
    size_t nocc = it->nocc < MAX_OCCURRENCES ? it->nocc : MAX_OCCURRENCES;

    assay_buf_puts(b, "\n    {\"type\":\"cryptographic-asset\",\"bom-ref\":");
    {
        assay_buf ref = ASSAY_BUF_INIT;
        bom_ref(&ref, inv, i);
        assay_json_str(b, assay_buf_cstr(&ref));
        assay_buf_free(&ref);
    }
    assay_buf_puts(b, ",\"name\":");
    assay_json_str(b, is_cert && a->subject ? a->subject : item_name(it));
    assay_buf_puts(b, ",\"cryptoProperties\":{\"assetType\":");
    if (is_cert) {
        assay_buf_puts(b, "\"certificate\",\"certificateProperties\":{");
        assay_buf_puts(b, "\"subjectName\":");
        assay_json_str(b, a->subject ? a->subject : "");
        assay_buf_puts(b, ",\"issuerName\":");
        assay_json_str(b, a->issuer ? a->issuer : "");
        if (a->not_before) {
            assay_buf_puts(b, ",\"notValidBefore\":");
            assay_json_str(b, a->not_before);
        }
        if (a->not_after) {
            assay_buf_puts(b, ",\"notValidAfter\":");
            assay_json_str(b, a->not_after);
        }
        assay_buf_puts(b, ",\"certificateFormat\":\"X.509\"}");
    } else if (is_key) {
        assay_buf_puts(b, "\"related-crypto-material\","
                          "\"relatedCryptoMaterialProperties\":{\"type\":");
        assay_json_str(b, it->key_type ? it->key_type : "key");
        if (a && a->size)
            assay_buf_printf(b, ",\"size\":%u", a->size);
        assay_buf_puts(b, "}");
    } else {
        const char *const *fn = functions_of(a->primitive);
        assay_buf_puts(b, "\"algorithm\",\"algorithmProperties\":{"
                          "\"primitive\":");
        assay_json_str(b, a->primitive);
        if (a->mode) {
            assay_buf_puts(b, ",\"mode\":");
            assay_json_str(b, a->mode);
        }
        if (a->padding) {
            assay_buf_puts(b, ",\"padding\":");
            assay_json_str(b, a->padding);
        }
        if (a->size)
            assay_buf_printf(b, ",\"parameterSetIdentifier\":\"%u\"", a->size);
        if (a->curve) {
            assay_buf_puts(b, ",\"curve\":");
            assay_json_str(b, a->curve);
        }
        if (fn) {
            assay_buf_puts(b, ",\"cryptoFunctions\":[");
            for (size_t k = 0; fn[k]; k++)
                assay_buf_printf(b, "%s\"%s\"", k ? "," : "", fn[k]);
            assay_buf_putc(b, ']');
        }
        assay_buf_putc(b, '}');
    }
    if (a && a->oid && !is_cert) {
        assay_buf_puts(b, ",\"oid\":");
        assay_json_str(b, a->oid);
    }
    assay_buf_puts(b, "},\"evidence\":{\"occurrences\":[");
    for (size_t k = 0; k < nocc; k++) {
        const assay_finding *f = &it->occ[k]->pub;
        assay_buf ctx = ASSAY_BUF_INIT;
        assay_buf_puts(b, k ? ",{\"location\":" : "{\"location\":");
        assay_json_str(b, f->path);
        assay_buf_printf(b, ",\"line\":%u,\"offset\":%llu", f->start_line,
                         (unsigned long long)f->offset);
        assay_buf_printf(&ctx, "%s: %s", f->rule_id, f->message);
        assay_buf_puts(b, ",\"additionalContext\":");
        assay_json_str(b, assay_buf_cstr(&ctx));
        assay_buf_free(&ctx);
        assay_buf_putc(b, '}');
    }
    assay_buf_puts(b, "]},\"properties\":[");
    if (a) {
        prop(b, &first, "assay:algorithm", a->algorithm);
        prop(b, &first, "assay:evidence", a->evidence);
        if (a->hash)
            prop(b, &first, "assay:hash", a->hash);
        if (is_cert && a->signature)
            prop(b, &first, "assay:signature", a->signature);
    } else if (it->key_alg) {
        prop(b, &first, "assay:algorithm", it->key_alg);
    }
    {
        char n[32];
        snprintf(n, sizeof(n), "%zu", it->nocc);
        prop(b, &first, "assay:occurrences", n);
    }
    for (size_t p = 0; p < r->policies.len; p++) {
        pv_ctx c = {it, b, &first};
        judge(r->policies.items[p], inv, prop_violation, &c);
    }
    assay_buf_puts(b, "]}");
}

/* A name-based UUID (RFC 9562 version 5, SHA-1) of the BOM's content, so
 * the same inventory always gets the same serial number. */
static void content_uuid(const char *data, size_t len, char out[37])
{
    /* namespace: the URL namespace of RFC 9562 */
    static const unsigned char ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                         0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                         0x4f, 0xd4, 0x30, 0xc8};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    char hex[65];

    assay_sha256_hex(data, len, hex); /* the name: "assay-cbom:" + digest */
    memset(md, 0, sizeof(md));
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) &&
        EVP_DigestUpdate(ctx, ns, sizeof(ns)) &&
        EVP_DigestUpdate(ctx, "assay-cbom:", 11) &&
        EVP_DigestUpdate(ctx, hex, 64))
        EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
    snprintf(out, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x"
             "%02x",
             md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8],
             md[9], md[10], md[11], md[12], md[13], md[14], md[15]);
}

int assay__write_cbom(const assay_report *r, assay_write_cb write,
                      void *payload)
{
    inventory inv;
    assay_buf comps = ASSAY_BUF_INIT, head = ASSAY_BUF_INIT;
    char uuid[37];
    int err, first = 1;

    if ((err = inventory_build(r, &inv)) < 0)
        return err;
    for (size_t i = 0; i < inv.n; i++) {
        if (i)
            assay_buf_putc(&comps, ',');
        write_component(r, &inv, i, &comps);
    }
    content_uuid(assay_buf_cstr(&comps), comps.len, uuid);
    assay_buf_printf(&head, "{\n  \"bomFormat\": \"CycloneDX\",\n"
                            "  \"specVersion\": \"1.6\",\n"
                            "  \"serialNumber\": \"urn:uuid:%s\",\n"
                            "  \"version\": 1,\n"
                            "  \"metadata\": {\n    \"tools\": {\"components\": "
                            "[{\"type\": \"application\", \"name\": \"assay\", "
                            "\"version\": \"%s\"}]},\n    \"properties\": [",
                     uuid, assay_version());
    for (size_t i = 0; i < r->targets.len; i++)
        prop(&head, &first, "assay:target", r->targets.items[i]);
    for (size_t p = 0; p < r->policies.len; p++) {
        const assay_policy *pol = r->policies.items[p];
        char name[160];
        snprintf(name, sizeof(name), "assay:policy:%s", pol->name);
        prop(&head, &first, name,
             judge(pol, &inv, NULL, NULL) ? "fail" : "pass");
    }
    assay_buf_puts(&head, "]\n  },\n  \"components\": [");
    if (assay_buf_failed(&head) || assay_buf_failed(&comps))
        err = ASSAY_ENOMEM;
    else if (write(head.ptr, head.len, payload) ||
             (comps.len && write(comps.ptr, comps.len, payload)) ||
             write(inv.n ? "\n  ]\n}\n" : "]\n}\n", inv.n ? 7 : 4, payload))
        err = ASSAY_EIO;
    assay_buf_free(&head);
    assay_buf_free(&comps);
    inventory_free(&inv);
    return err;
}
