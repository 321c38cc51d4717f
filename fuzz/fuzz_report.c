/* fuzz_report.c - untrusted JSON (a --baseline file) and hostile strings in
 * every report writer: baseline parsing, JSON/SARIF escaping, URI encoding,
 * and the cross-file correlation of build steps with their test data.
 * SPDX-License-Identifier: Apache-2.0 */
#include <assay/assay.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static assay_rules *rules;

static void fuzz_cleanup(void) { assay_rules_free(rules); }

static int sink(const char *d, size_t n, void *p)
{
    (void)d, (void)n, (void)p;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/assay-fuzz-baselineXXXXXX";
    char err[256], name[64];
    assay_report *rep = NULL;
    assay_scanner *sc = NULL;
    assay_file_result *res = NULL;
    int fd;

    if (!rules) {
        if (assay_rules_compile(&rules, NULL, 0, NULL) < 0)
            abort();
        atexit(fuzz_cleanup);
    }
    if (assay_report_new(&rep, rules, NULL) < 0)
        abort();
    fd = mkstemp(path);
    if (fd < 0)
        abort();
    if (write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);
    assay_report_load_baseline(rep, path, err, sizeof(err));
    unlink(path);

    /* the input also becomes a file name and a file's contents */
    snprintf(name, sizeof(name), "%.*s", (int)(size < 40 ? size : 40),
             (const char *)data);
    if (!name[0])
        strcpy(name, "x");
    if (assay_scanner_new(&sc, rules, NULL) < 0)
        abort();
    if (assay_scan_buffer(sc, name, NULL, data, size, &res) == ASSAY_OK)
        assay_report_add_result(rep, res);
    /* ... and a build script and binary test data of one project, so that
     * the build-input correlation (correlate.c) reads hostile references
     * and resolves them against hostile names */
    {
        static const char *const as[] = {"proj/configure.ac", "proj/Makefile",
                                         "proj/setup.py",
                                         "proj/tests/files/a.xz",
                                         "proj/tests/data/x.bin"};
        for (size_t k = 0; k < sizeof(as) / sizeof(*as); k++) {
            res = NULL;
            if (assay_scan_buffer(sc, as[k], NULL, data, size, &res) ==
                ASSAY_OK)
                assay_report_add_result(rep, res);
        }
    }
    assay_report_add_skip(rep, name, "fuzz", name);
    assay_report_finish(rep);
    for (int f = ASSAY_FORMAT_TEXT; f <= ASSAY_FORMAT_SARIF; f++)
        assay_report_write(rep, (assay_format)f, sink, NULL);
    assay_scanner_free(sc);
    assay_report_free(rep);
    return 0;
}
