/* fuzz_scan.c - one file through the whole scan pipeline with the built-in
 * pack: Vectorscan, PCRE2, tree-sitter parsing and queries, validators,
 * line/column, snippets, suppression comments. The first byte picks the
 * file kind so every language path is reached.
 * SPDX-License-Identifier: Apache-2.0 */
#include <assay/assay.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static assay_rules *rules;
static assay_scanner *scanner;

static void fuzz_cleanup(void)
{
    assay_scanner_free(scanner);
    assay_rules_free(rules);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const kinds[] = {"c", "shell", "make", "m4", "config",
                                        "python", "other", "binary"};
    assay_file_result *res = NULL;

    if (!rules) {
        if (assay_rules_compile(&rules, NULL, 0, NULL) < 0 ||
            assay_scanner_new(&scanner, rules, NULL) < 0)
            abort();
        atexit(fuzz_cleanup);
    }
    if (size < 1)
        return 0;
    assay_scan_buffer(scanner, "fuzz/input", kinds[data[0] % 8], data + 1,
                      size - 1, &res);
    for (size_t i = 0; i < assay_file_result_count(res); i++) {
        const assay_finding *f = assay_file_result_get(res, i);
        if (!f->fingerprint || f->start_line < 1 || f->end_line < f->start_line)
            abort();
    }
    assay_file_result_free(res);
    return 0;
}
