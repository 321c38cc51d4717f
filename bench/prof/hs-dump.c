/* SPDX-License-Identifier: Apache-2.0
 *
 * hs-dump.so: LD_PRELOAD shim that writes every expression handed to hs_compile_multi()
 * to $HS_DUMP (default hs-exprs.tsv) as "FLAGS<TAB>EXPRESSION" lines, and reports the
 * compile's CPU time and database size on stderr. Profiling aid for hs-bench. A "%d" in
 * $HS_DUMP is replaced by the compile's number (0, 1, ...): assay compiles one database per
 * class of file, and the common one first. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef hs_error_t (*compile_fn)(const char *const *, const unsigned *, const unsigned *,
                                 unsigned, unsigned, const hs_platform_info_t *,
                                 hs_database_t **, hs_compile_error_t **);

hs_error_t hs_compile_multi(const char *const *exprs, const unsigned *flags,
                            const unsigned *ids, unsigned n, unsigned mode,
                            const hs_platform_info_t *platform, hs_database_t **db,
                            hs_compile_error_t **err)
{
    compile_fn real = (compile_fn)dlsym(RTLD_NEXT, "hs_compile_multi");
    static int count;
    const char *fmt = getenv("HS_DUMP") ? getenv("HS_DUMP") : "hs-exprs.tsv";
    char path[4096];
    FILE *out;

    if (strstr(fmt, "%d") && !strchr(strstr(fmt, "%d") + 2, '%'))
        snprintf(path, sizeof(path), fmt, count++);
    else
        snprintf(path, sizeof(path), "%s", strchr(fmt, '%') ? "hs-exprs.tsv" : fmt);
    out = fopen(path, "w");
    struct timespec a, b;
    hs_error_t r;
    size_t size = 0;

    if (out) {
        for (unsigned i = 0; i < n; i++)
            fprintf(out, "%u\t%s\n", flags ? flags[i] : 0, exprs[i]);
        fclose(out);
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    r = real(exprs, flags, ids, n, mode, platform, db, err);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    if (r == HS_SUCCESS)
        hs_database_size(*db, &size);
    fprintf(stderr, "hs-dump: %u expressions -> %s; compile %.3f s CPU, rc %d, database %zu bytes\n",
            n, path, (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9, r,
            size);
    return r;
}
