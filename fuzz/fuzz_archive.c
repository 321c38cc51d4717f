/* fuzz_archive.c - arbitrary bytes as a release archive: libarchive's
 * readers driven through assay's member walk (names, links, nesting,
 * size caps, damaged streams), every member scanned with the built-in
 * pack. The bytes go to a memfd so the real path-based entry point runs.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <assay/assay.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static assay_rules *rules;
static assay_scanner *scanner;

static void fuzz_cleanup(void)
{
    assay_scanner_free(scanner);
    assay_rules_free(rules);
}

static int on_result(assay_file_result *res, void *payload)
{
    (void)payload;
    for (size_t i = 0; i < assay_file_result_count(res); i++) {
        const assay_finding *f = assay_file_result_get(res, i);
        if (!f->fingerprint || f->start_line < 1 || !f->path)
            abort();
    }
    assay_file_result_free(res);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    assay_scan_options so = ASSAY_SCAN_OPTIONS_INIT;
    char path[64];
    int fd;

    if (!rules) {
        so.max_file_size = 1 << 20;
        if (assay_rules_compile(&rules, NULL, 0, NULL) < 0 ||
            assay_scanner_new(&scanner, rules, &so) < 0)
            abort();
        atexit(fuzz_cleanup);
    }
    fd = memfd_create("fuzz.tar", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) == (ssize_t)size) {
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
        assay_scan_archive(scanner, path, "fuzz.tar.gz", on_result, NULL);
    }
    close(fd);
    return 0;
}
