/* report.h - the report's internals, shared by report.c and output.c.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef ASSAY_REPORT_H
#define ASSAY_REPORT_H

#include "assay_int.h"

typedef struct assay__skip {
    char *path, *reason, *detail;
} assay__skip;

struct assay_report {
    const assay_rules *rules;
    assay_report_options opts;
    assay_vec results; /* assay_file_result*, owned */
    assay_vec targets; /* char*, owned */
    assay__skip *skips;
    size_t nskips, skipcap;
    char **baseline; /* fingerprints, sorted by finish */
    size_t nbaseline, basecap;
    /* after finish */
    int finished;
    assay__finding **findings; /* borrowed from results, sorted */
    size_t nfindings;
    uint64_t files_scanned, bytes_scanned;
    size_t suppressed, baselined;
    size_t by_severity[5];
    size_t by_category[ASSAY_CAT_COUNT];
    assay_vec policies; /* const assay_policy*, borrowed (cbom.c) */
    assay__corr *corr;  /* test data build steps may read (correlate.c) */
};

/* cbom.c: the crypto inventory as CycloneDX 1.6, and policy verdicts. */
int assay__write_cbom(const assay_report *r, assay_write_cb write,
                      void *payload);
void assay__verdicts_text(const assay_report *r, assay_buf *b);
void assay__verdicts_json(const assay_report *r, assay_buf *b);

#endif
