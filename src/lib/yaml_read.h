/* yaml_read.h - reading libyaml documents with file:line:col diagnostics,
 * shared by the rule parser (rules.c, which defines the functions) and the
 * policy parser (cbom.c).
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef ASSAY_YAML_READ_H
#define ASSAY_YAML_READ_H

#include "assay_int.h"

#include <yaml.h>

typedef struct assay__yctx {
    yaml_document_t *doc;
    const char *file; /* for diagnostics */
    assay_diag_cb on_diag;
    void *payload;
    int errors;
} assay__yctx;

/* An error at node n (line and column 1-based; 0 without a node). */
void assay__ydiag(assay__yctx *c, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A scalar string value, or an error naming the key: 0, or -1. */
int assay__ystr(assay__yctx *c, const yaml_node_t *n, const char *key,
                char **out);

static inline const char *assay__yscalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                            : NULL;
}

/* for each key k and value v of mapping node `map` */
#define ASSAY__YPAIRS(c, map, k, v)                                            \
    for (yaml_node_pair_t *p_ = (map)->data.mapping.pairs.start;              \
         p_ < (map)->data.mapping.pairs.top; p_++)                             \
        for (yaml_node_t *k = yaml_document_get_node((c)->doc, p_->key),       \
                         *v = yaml_document_get_node((c)->doc, p_->value),     \
                         *once_ = k;                                           \
             once_; once_ = NULL)

#endif
