/* SPDX-License-Identifier: Apache-2.0
 *
 * rule-cost: what one rule file costs, through libassay's public API.
 *
 *   rule-cost RULES.yaml FILELIST     only the rules in RULES.yaml (no built-in pack)
 *   rule-cost - FILELIST              the built-in pack
 *
 * Compiles the rules, then scans every path in FILELIST (one per line) on one thread and
 * prints compile and scan CPU seconds, files, bytes and findings. Built by rule-costs.sh. */
#define _POSIX_C_SOURCE 200809L
#include <assay/assay.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void on_diag(const assay_diag *d, void *payload)
{
    (void)payload;
    fprintf(stderr, "%s:%u:%u: %s\n", d->file, d->line, d->column, d->message);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)n, f);
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    assay_compile_options co = ASSAY_COMPILE_OPTIONS_INIT;
    assay_scan_options so = ASSAY_SCAN_OPTIONS_INIT;
    assay_rule_source src = {0};
    assay_rules *rules = NULL;
    assay_scanner *sc = NULL;
    char *text = NULL, *line = NULL;
    size_t len = 0, cap = 0, files = 0, findings = 0;
    unsigned long long bytes = 0;
    double t0, t1, t2;
    FILE *list;
    int e;

    if (argc != 3) {
        fprintf(stderr, "usage: rule-cost RULES.yaml|- FILELIST\n");
        return 2;
    }
    co.on_diag = on_diag;
    /* databases are compiled per class of file on first use; with a cache
     * (ASSAY_CACHE_DIR) a second run measures the scan alone */
    co.cache_dir = getenv("ASSAY_CACHE_DIR");
    if (strcmp(argv[1], "-") != 0) {
        if (!(text = slurp(argv[1], &len))) {
            perror(argv[1]);
            return 2;
        }
        src.name = argv[1];
        src.text = text;
        src.len = len;
        co.include_builtin = 0;
    }
    t0 = cpu_now();
    if ((e = assay_rules_compile(&rules, text ? &src : NULL, text ? 1 : 0, &co)) != 0) {
        fprintf(stderr, "%s: compile error %d\n", argv[1], e);
        return 2;
    }
    t1 = cpu_now();
    if ((e = assay_scanner_new(&sc, rules, &so)) != 0) {
        fprintf(stderr, "scanner: error %d\n", e);
        return 2;
    }
    if (!(list = fopen(argv[2], "r"))) {
        perror(argv[2]);
        return 2;
    }
    while (getline(&line, &cap, list) > 0) {
        assay_file_result *res = NULL;
        line[strcspn(line, "\n")] = 0;
        if ((e = assay_scan_file(sc, line, NULL, NULL, &res)) != 0) {
            fprintf(stderr, "%s: scan error %d\n", line, e);
            return 2;
        }
        bytes += assay_file_result_bytes(res);
        findings += assay_file_result_count(res);
        assay_file_result_free(res);
        files++;
    }
    t2 = cpu_now();
    printf("%-56s compile %7.3f s  scan %7.3f s  files %zu  MB %.1f  findings %zu\n", argv[1],
           t1 - t0, t2 - t1, files, (double)bytes / 1e6, findings);
    fclose(list);
    free(line);
    assay_scanner_free(sc);
    assay_rules_free(rules);
    free(text);
    return 0;
}
