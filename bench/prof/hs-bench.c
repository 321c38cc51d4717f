/* SPDX-License-Identifier: Apache-2.0
 *
 * hs-bench: Vectorscan-only cost of a set of expressions (as written by hs-dump.so) over the
 * files in FILELIST, held in memory, scanned one file per hs_scan() call like assay does.
 *
 *   hs-bench EXPRS.tsv FILELIST                   the whole set
 *   hs-bench EXPRS.tsv FILELIST --alone           and each expression compiled alone
 *   hs-bench EXPRS.tsv FILELIST --leave-one-out   and the set minus each expression
 *   hs-bench EXPRS.tsv FILELIST --drop 3,17       and the set minus those (0-based lines)
 *   hs-bench EXPRS.tsv FILELIST --replace 3 'RE'  and the set with line 3 replaced
 *
 * Reports CPU seconds, MB/s and the number of match callbacks (hits). */
#define _POSIX_C_SOURCE 200809L
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char **bufs;
static size_t *lens, nfiles, total;

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to,
                    unsigned flags, void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    (*(long *)ctx)++;
    return 0;
}

static void *xrealloc(void *p, size_t n)
{
    if (!(p = realloc(p, n))) {
        perror("realloc");
        exit(2);
    }
    return p;
}

/* Compile exprs[0..n) minus `skip` (-1: none) and scan every file. */
static double run(const char **exprs, const unsigned *flags, size_t n, long skip, long *hits)
{
    const char **e = xrealloc(NULL, (n ? n : 1) * sizeof(*e));
    unsigned *f = xrealloc(NULL, (n ? n : 1) * sizeof(*f));
    unsigned *ids = xrealloc(NULL, (n ? n : 1) * sizeof(*ids));
    hs_database_t *db = NULL;
    hs_scratch_t *scratch = NULL;
    hs_compile_error_t *err = NULL;
    size_t k = 0;
    double t;

    for (size_t i = 0; i < n; i++) {
        if ((long)i == skip)
            continue;
        e[k] = exprs[i], f[k] = flags[i], ids[k] = (unsigned)i, k++;
    }
    *hits = 0;
    if (hs_compile_multi(e, f, ids, (unsigned)k, HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
        fprintf(stderr, "compile: %s\n", err ? err->message : "?");
        hs_free_compile_error(err);
        free(e), free(f), free(ids);
        return -1;
    }
    hs_alloc_scratch(db, &scratch);
    t = cpu_now();
    for (size_t i = 0; i < nfiles; i++)
        hs_scan(db, bufs[i], (unsigned)lens[i], 0, scratch, on_match, hits);
    t = cpu_now() - t;
    hs_free_scratch(scratch);
    hs_free_database(db);
    free(e), free(f), free(ids);
    return t;
}

int main(int argc, char **argv)
{
    const char **exprs = NULL;
    unsigned *flags = NULL;
    size_t n = 0, cap = 0, lcap = 0;
    char *line = NULL;
    FILE *in, *list;
    long hits;
    double all;

    if (argc < 3 || !(in = fopen(argv[1], "r")) || !(list = fopen(argv[2], "r"))) {
        fprintf(stderr, "usage: hs-bench EXPRS.tsv FILELIST [--alone|--leave-one-out|"
                        "--drop I,J|--replace I RE]\n");
        return 2;
    }
    while (getline(&line, &lcap, in) > 0) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        line[strcspn(line, "\n")] = 0;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            exprs = xrealloc(exprs, cap * sizeof(*exprs));
            flags = xrealloc(flags, cap * sizeof(*flags));
        }
        *tab = 0;
        flags[n] = (unsigned)strtoul(line, NULL, 10);
        exprs[n++] = strdup(tab + 1);
    }
    cap = 0;
    while (getline(&line, &lcap, list) > 0) {
        FILE *f;
        long sz;
        line[strcspn(line, "\n")] = 0;
        if (!(f = fopen(line, "rb")))
            continue;
        if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
            if (nfiles == cap) {
                cap = cap ? 2 * cap : 1024;
                bufs = xrealloc(bufs, cap * sizeof(*bufs));
                lens = xrealloc(lens, cap * sizeof(*lens));
            }
            bufs[nfiles] = xrealloc(NULL, (size_t)sz + 1);
            lens[nfiles] = fread(bufs[nfiles], 1, (size_t)sz, f);
            total += lens[nfiles++];
        }
        fclose(f);
    }
    all = run(exprs, flags, n, -1, &hits);
    printf("all %zu expressions: %.3f s CPU, %.1f MB/s, %ld hits, %zu files, %.1f MB\n", n, all,
           (double)total / all / 1e6, hits, nfiles, (double)total / 1e6);
    if (argc > 3 && !strcmp(argv[3], "--alone")) {
        for (size_t i = 0; i < n; i++) {
            double t = run(&exprs[i], &flags[i], 1, -1, &hits);
            printf("alone %3zu: %.3f s %7ld hits  %.100s\n", i, t, hits, exprs[i]);
        }
    } else if (argc > 3 && !strcmp(argv[3], "--leave-one-out")) {
        for (size_t i = 0; i < n; i++) {
            double t = run(exprs, flags, n, (long)i, &hits);
            printf("without %3zu: %.3f s (saves %5.1f%%) %7ld hits  %.100s\n", i, t,
                   100 * (all - t) / all, hits, exprs[i]);
        }
    } else if (argc > 4 && !strcmp(argv[3], "--drop")) {
        char *p = argv[4];
        while (*p) {
            long i = strtol(p, &p, 10);
            if (i >= 0 && (size_t)i < n)
                exprs[i] = "\\x00\\xff\\x00\\xff\\x00never";
            if (*p == ',')
                p++;
            else if (*p)
                break;
        }
        all = run(exprs, flags, n, -1, &hits);
        printf("dropped %s: %.3f s CPU, %.1f MB/s, %ld hits\n", argv[4], all,
               (double)total / all / 1e6, hits);
    } else if (argc > 5 && !strcmp(argv[3], "--replace")) {
        long i = strtol(argv[4], NULL, 10);
        if (i >= 0 && (size_t)i < n)
            exprs[i] = argv[5];
        all = run(exprs, flags, n, -1, &hits);
        printf("replaced %ld: %.3f s CPU, %.1f MB/s, %ld hits\n", i, all,
               (double)total / all / 1e6, hits);
    }
    return 0;
}
