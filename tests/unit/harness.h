/* harness.h - a tiny unit-test harness (Redis testhelp.h, libgit2 clar names).
 * SPDX-License-Identifier: Apache-2.0
 *
 * Tests are `void test_<area>__<case>(void)`, listed in unit.c. CHECK()
 * records a failure and returns from the test. */
#ifndef ASSAY_HARNESS_H
#define ASSAY_HARNESS_H

#include <assay/assay.h>

#include <stdio.h>
#include <string.h>

extern int harness_failed;

/* The rules of one YAML text alone (no built-in pack), or NULL if they do
 * not compile. */
assay_rules *harness_rules(const char *name, const char *yaml, size_t len);
#define HARNESS_RULES(name, yaml) harness_rules((name), (yaml), sizeof(yaml) - 1)

/* One text scanned as the file `path` (kind: NULL to detect it), with a
 * scanner of its own; NULL if it could not be scanned. */
assay_file_result *harness_scan(const assay_rules *rs, const char *path,
                                const char *kind, const char *text,
                                int reveal);

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
                    #cond);                                                    \
            harness_failed = 1;                                                \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                     \
    do {                                                                       \
        long long a_ = (long long)(a), b_ = (long long)(b);                    \
        if (a_ != b_) {                                                        \
            fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__,  \
                    __LINE__, #a, a_, b_);                                     \
            harness_failed = 1;                                                \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                     \
    do {                                                                       \
        const char *a_ = (a), *b_ = (b);                                       \
        if (!a_ || !b_ || strcmp(a_, b_)) {                                    \
            fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n",        \
                    __FILE__, __LINE__, #a, a_ ? a_ : "(null)",                \
                    b_ ? b_ : "(null)");                                       \
            harness_failed = 1;                                                \
            return;                                                            \
        }                                                                      \
    } while (0)

#endif
