/* test_scan.c - the scan pipeline and reports, on small hand-made rules.
 * SPDX-License-Identifier: Apache-2.0 */
#include "harness.h"
#include "lib/assay_int.h"

#include <stdlib.h>
#include <unistd.h>

static const char rules_yaml[] =
    "rules:\n"
    "  - id: t.token\n"
    "    title: Token\n"
    "    category: secret\n"
    "    severity: high\n"
    "    files: [any]\n"
    "    why: w\n"
    "    secret: true\n"
    "    message: 'token {1}'\n"
    "    match: {regex: 'tok_([A-Za-z0-9]{16,40})', capture: 1}\n"
    "    validate: {entropy: 3.0, not_placeholder: true}\n"
    "    examples: {match: ['tok_q8Vz2LmN0pRtA7cX'], no_match: "
    "['tok_aaaaaaaaaaaaaaaaaaaa']}\n"
    "  - id: t.word\n"
    "    title: Word {x}\n"
    "    category: endpoint\n"
    "    severity: info\n"
    "    files: [shell]\n"
    "    why: w\n"
    "    match: {literal: 'wordly'}\n"
    "    examples: {match: ['wordly'], no_match: ['word']}\n"
    "  - id: t.guard\n"
    "    title: Guarded system\n"
    "    category: backdoor\n"
    "    severity: critical\n"
    "    files: [c]\n"
    "    why: w\n"
    "    message: '{fn} guards {sink}'\n"
    "    match:\n"
    "      language: c\n"
    "      requires: [system]\n"
    "      query: |\n"
    "        (if_statement\n"
    "          condition: (_) @cond\n"
    "          consequence: (_) @body\n"
    "          (#has-call? @cond \"^strn?cmp$\")\n"
    "          (#has-call? @body \"^system$\")\n"
    "          (#has? @cond \"string_literal\" \".\")) @match\n"
    "    examples:\n"
    "      match: ['void f(char*u){ if (!strcmp(u, \"k\")) system(\"x\"); }']\n"
    "      no_match: ['void f(char*u){ if (!strcmp(u, v)) system(\"x\"); }']\n";

void test_scan__regex_span_and_lines(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *r;
    const assay_finding *f;
    CHECK(rs);
    r = harness_scan(rs, "a.txt", NULL, "line one\n  \xc3\xa9 tok_q8Vz2LmN0pRtA7cX end\n", 1);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 1);
    f = assay_file_result_get(r, 0);
    CHECK_EQ_STR(f->rule_id, "t.token");
    CHECK_EQ_INT(f->start_line, 2);
    CHECK_EQ_INT(f->start_col, 5); /* code points: two spaces, e-acute, space */
    CHECK_EQ_INT(f->end_line, 2);
    CHECK_EQ_STR(f->message, "token {1}"); /* secret values never in messages */
    CHECK_EQ_INT(strlen(f->fingerprint), 32);
    assay_file_result_free(r);
    assay_rules_free(rs);
}

void test_scan__fingerprint_survives_edits_above(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *a, *b, *c;
    CHECK(rs);
    a = harness_scan(rs, "x.cfg", NULL, "k = tok_q8Vz2LmN0pRtA7cX\n", 0);
    b = harness_scan(rs, "x.cfg", NULL, "# new\n\n\nk   =   tok_q8Vz2LmN0pRtA7cX\n", 0);
    c = harness_scan(rs, "y.cfg", NULL, "k = tok_q8Vz2LmN0pRtA7cX\n", 0);
    CHECK(a && b && c);
    CHECK_EQ_INT(assay_file_result_count(a), 1);
    CHECK_EQ_INT(assay_file_result_count(b), 1);
    CHECK_EQ_STR(assay_file_result_get(a, 0)->fingerprint,
                 assay_file_result_get(b, 0)->fingerprint);
    CHECK(strcmp(assay_file_result_get(a, 0)->fingerprint,
                 assay_file_result_get(c, 0)->fingerprint) != 0);
    assay_file_result_free(a);
    assay_file_result_free(b);
    assay_file_result_free(c);
    assay_rules_free(rs);
}

void test_scan__inline_suppression(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *r;
    CHECK(rs);
    r = harness_scan(rs, "s.sh", NULL,
                     "# assay:ignore[t.token] documented test key\n"
                     "A=tok_q8Vz2LmN0pRtA7cX\n"
                     "B=tok_Zp3Lq9Wm2Xr7Tn4V # assay:ignore[t.*]\n"
                     "C=tok_Hk4Nw8Qs1Vb6Mj3Y # assay:ignore[t.other] no\n",
                     0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 3);
    CHECK(assay_file_result_get(r, 0)->suppressed);
    CHECK_EQ_STR(assay_file_result_get(r, 0)->suppress_reason,
                 "documented test key");
    CHECK(assay_file_result_get(r, 1)->suppressed);
    CHECK(!assay_file_result_get(r, 2)->suppressed);
    assay_file_result_free(r);
    assay_rules_free(rs);
}

void test_scan__secret_redaction(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *r, *v;
    CHECK(rs);
    r = harness_scan(rs, "a.env", NULL, "KEY=tok_q8Vz2LmN0pRtA7cX\n", 0);
    v = harness_scan(rs, "a.env", NULL, "KEY=tok_q8Vz2LmN0pRtA7cX\n", 1);
    CHECK(r && v);
    CHECK_EQ_STR(assay_file_result_get(r, 0)->snippet, "KEY=tok_q8Vz****");
    CHECK_EQ_STR(assay_file_result_get(v, 0)->snippet,
                 "KEY=tok_q8Vz2LmN0pRtA7cX");
    assay_file_result_free(r);
    assay_file_result_free(v);
    /* another finding on the same line must not show the secret either */
    r = harness_scan(rs, "x.sh", NULL, "wordly tok_q8Vz2LmN0pRtA7cX\n", 0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 2);
    CHECK_EQ_STR(assay_file_result_get(r, 0)->rule_id, "t.word");
    CHECK_EQ_STR(assay_file_result_get(r, 0)->snippet, "wordly tok_q8Vz****");
    assay_file_result_free(r);
    assay_rules_free(rs);
}

void test_scan__validators(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *r;
    CHECK(rs);
    r = harness_scan(rs, "a.env", NULL,
                     "A=tok_aaaaaaaaaaaaaaaaaaaa\nB=tok_ExampleExampleExample\n", 0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 0);
    assay_file_result_free(r);
    assay_rules_free(rs);
}

void test_scan__requires_gates_parsing(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *r;
    CHECK(rs);
    /* the literal 'system' is absent: the query must not run at all, even
     * though the structure is the same */
    r = harness_scan(rs, "g.c", NULL,
                     "void f(char*u){ if (!strcmp(u, \"k\")) popen(\"x\", \"r\"); }\n",
                     0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 0);
    assay_file_result_free(r);
    assay_rules_free(rs);
}

/* `within`: the clauses must hold near each other, not just in the file. */
void test_scan__requires_within_window(void)
{
    static const char y[] =
        "rules:\n"
        "  - id: t.near\n"
        "    title: Near\n"
        "    category: backdoor\n"
        "    severity: high\n"
        "    files: [c]\n"
        "    why: w\n"
        "    match:\n"
        "      language: c\n"
        "      requires: [[strcmp], [system]]\n"
        "      within: 64\n"
        "      query: |\n"
        "        ((function_definition) @match\n"
        "         (#has-call? @match \"^strcmp$\")\n"
        "         (#has-call? @match \"^system$\"))\n"
        "    examples:\n"
        "      match: ['void f(char*u){ if (!strcmp(u, \"k\")) system(u); }']\n"
        "      no_match: ['void f(char*u){ if (!strcmp(u, \"k\")) puts(u); }']\n";
    static const char bad[] =
        "rules:\n"
        "  - id: t.bad\n"
        "    title: Bad\n"
        "    category: backdoor\n"
        "    severity: high\n"
        "    files: [c]\n"
        "    why: w\n"
        "    match: {language: c, requires: [system], within: 64, "
        "query: '(call_expression) @match'}\n";
    assay_compile_options o = ASSAY_COMPILE_OPTIONS_INIT;
    assay_rule_source bsrc = {"b.yaml", bad, sizeof(bad) - 1};
    assay_rules *rs = HARNESS_RULES("w.yaml", y), *brs = NULL;
    assay_file_result *r;
    char far[512];
    CHECK(rs);
    /* one clause cannot have a window */
    o.include_builtin = 0;
    CHECK(assay_rules_compile(&brs, &bsrc, 1, &o) == ASSAY_ESYNTAX);
    assay_rules_free(brs);

    r = harness_scan(rs, "n.c", NULL,
                     "void f(char *u) {\n  if (!strcmp(u, \"k\")) system(u);\n}\n", 0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 1);
    assay_file_result_free(r);

    /* the same function with 200 bytes between the two calls: the query
     * alone would match, the window keeps the file from being parsed */
    snprintf(far, sizeof(far),
             "void f(char *u) {\n  if (!strcmp(u, \"k\")) {\n    /* %0200d */\n"
             "    system(u);\n  }\n}\n", 0);
    r = harness_scan(rs, "n.c", NULL, far, 0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 0);
    assay_file_result_free(r);

    /* a later pair that is near counts, whatever came before */
    snprintf(far, sizeof(far),
             "int g(char *u) { return strcmp(u, \"a\"); }\n/* %0200d */\n"
             "void f(char *u) {\n  if (!strcmp(u, \"k\")) system(u);\n}\n", 0);
    r = harness_scan(rs, "n.c", NULL, far, 0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 1);
    assay_file_result_free(r);
    assay_rules_free(rs);
}

/* {found} and {found_line}: what the last positive #has?/#has-call? found. */
void test_scan__query_found_in_message(void)
{
    static const char y[] =
        "rules:\n"
        "  - id: t.found\n"
        "    title: Guard\n"
        "    category: backdoor\n"
        "    severity: high\n"
        "    files: [c]\n"
        "    why: w\n"
        "    message: 'guards {found} (line {found_line})'\n"
        "    match:\n"
        "      language: c\n"
        "      requires: [system]\n"
        "      query: |\n"
        "        ((if_statement consequence: (_) @body) @match\n"
        "         (#has-call? @body \"^system$\"))\n"
        "    examples:\n"
        "      match: ['void f(int a){ if (a) system(\"x\"); }']\n"
        "      no_match: ['void f(int a){ if (a) puts(\"x\"); }']\n";
    assay_rules *rs = HARNESS_RULES("f.yaml", y);
    assay_file_result *r;
    CHECK(rs);
    r = harness_scan(rs, "f.c", NULL,
                     "int main(int c, char **v) {\n"
                     "    if (c > 2) {\n"
                     "        puts(\"go\");\n"
                     "        system(v[1]); }\n"
                     "    return 0;\n}\n",
                     0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 1);
    CHECK_EQ_STR(assay_file_result_get(r, 0)->message,
                 "guards system(v[1]) (line 4)");
    assay_file_result_free(r);
    assay_rules_free(rs);
}

/* The secret rules alone are scanned in one Vectorscan pass per file (their
 * shared part is merged into every class's database); the whole pack keeps
 * its shared part in a database of its own, compiled once. A pack that
 * grows past the threshold either way shows here first. */
void test_scan__merged_databases(void)
{
    assay_compile_options o = ASSAY_COMPILE_OPTIONS_INIT;
    assay_rules *all = NULL, *sec = NULL;
    CHECK(assay_rules_compile(&all, NULL, 0, &o) == 0 && all);
    o.categories = 1u << ASSAY_CAT_SECRET;
    CHECK(assay_rules_compile(&sec, NULL, 0, &o) == 0 && sec);
    if (all && sec) {
        CHECK_EQ_INT((int)all->merged, 0);
        CHECK_EQ_INT(sec->merged, 1);
    }
    assay_rules_free(all);
    assay_rules_free(sec);
}

void test_scan__query_predicates(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *r;
    const assay_finding *f;
    CHECK(rs);
    r = harness_scan(rs, "g.c", NULL,
                     "int main(int c, char **v) {\n"
                     "    if (c > 1 && strncmp(v[1], \"-magic\", 6) == 0) {\n"
                     "        system(v[2]);\n"
                     "    }\n"
                     "    if (strcmp(v[1], v[2]) == 0) system(\"ls\");\n"
                     "    return 0;\n}\n",
                     0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 1);
    f = assay_file_result_get(r, 0);
    CHECK_EQ_STR(f->rule_id, "t.guard");
    CHECK_EQ_INT(f->start_line, 2);
    CHECK_EQ_INT(f->end_line, 4);
    CHECK(strstr(f->message, "guards") != NULL);
    assay_file_result_free(r);
    assay_rules_free(rs);
}

void test_scan__kind_filter(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *a, *b;
    CHECK(rs);
    a = harness_scan(rs, "run.sh", NULL, "echo wordly\n", 0);
    b = harness_scan(rs, "run.py", NULL, "print('wordly')\n", 0);
    CHECK(a && b);
    CHECK_EQ_INT(assay_file_result_count(a), 1);
    CHECK_EQ_STR(assay_file_result_get(a, 0)->message, "Word {x}");
    CHECK_EQ_INT(assay_file_result_count(b), 0);
    assay_file_result_free(a);
    assay_file_result_free(b);
    assay_rules_free(rs);
}

/* ---- reports ----------------------------------------------------------- */

static int to_buf(const char *d, size_t n, void *p)
{
    return assay_buf_put(p, d, n);
}

static char *report_json(assay_rules *rs, assay_file_result **res, size_t n,
                         const char *baseline, assay_severity min)
{
    assay_report_options ro = ASSAY_REPORT_OPTIONS_INIT;
    assay_report *rep = NULL;
    assay_buf b = ASSAY_BUF_INIT;
    char err[256];
    ro.min_severity = min;
    if (assay_report_new(&rep, rs, &ro) < 0)
        return NULL;
    if (baseline && assay_report_load_baseline(rep, baseline, err, sizeof(err)))
        fprintf(stderr, "%s\n", err);
    for (size_t i = 0; i < n; i++)
        assay_report_add_result(rep, res[i]);
    assay_report_finish(rep);
    assay_report_write(rep, ASSAY_FORMAT_JSON, to_buf, &b);
    assay_report_free(rep);
    return assay_buf_take(&b);
}

void test_report__baseline_and_filters(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *res[2];
    char *first, *second, *third;
    char path[] = "/tmp/assay-unit-baselineXXXXXX";
    int fd;
    FILE *f;
    CHECK(rs);
    res[0] = harness_scan(rs, "a.sh", NULL, "wordly tok_q8Vz2LmN0pRtA7cX\n", 0);
    first = report_json(rs, res, 1, NULL, ASSAY_SEV_INFO);
    CHECK(first && strstr(first, "\"findings\": 2"));
    fd = mkstemp(path);
    CHECK(fd >= 0);
    f = fdopen(fd, "w");
    fputs(first, f);
    fclose(f);
    /* same findings plus one new: only the new one remains */
    res[0] = harness_scan(rs, "a.sh", NULL,
                          "# moved down\nwordly tok_q8Vz2LmN0pRtA7cX\n"
                          "tok_Hk4Nw8Qs1Vb6Mj3Y\n", 0);
    second = report_json(rs, res, 1, path, ASSAY_SEV_INFO);
    CHECK(second && strstr(second, "\"findings\": 1"));
    CHECK(strstr(second, "\"baselined\": 2"));
    res[0] = harness_scan(rs, "a.sh", NULL, "wordly tok_q8Vz2LmN0pRtA7cX\n", 0);
    third = report_json(rs, res, 1, NULL, ASSAY_SEV_HIGH);
    CHECK(third && strstr(third, "\"findings\": 1"));
    CHECK(strstr(third, "t.word") == NULL);
    unlink(path);
    free(first);
    free(second);
    free(third);
    assay_rules_free(rs);
}

void test_report__json_is_deterministic(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *a[2], *b[2];
    char *x, *y;
    CHECK(rs);
    a[0] = harness_scan(rs, "b.sh", NULL, "wordly\n", 0);
    a[1] = harness_scan(rs, "a.sh", NULL, "wordly\n", 0);
    b[0] = harness_scan(rs, "a.sh", NULL, "wordly\n", 0);
    b[1] = harness_scan(rs, "b.sh", NULL, "wordly\n", 0);
    x = report_json(rs, a, 2, NULL, ASSAY_SEV_INFO);
    y = report_json(rs, b, 2, NULL, ASSAY_SEV_INFO);
    CHECK(x && y);
    CHECK_EQ_STR(x, y);
    CHECK(strstr(x, "a.sh") < strstr(x, "b.sh"));
    free(x);
    free(y);
    assay_rules_free(rs);
}

/* The score moves with context: input in the same function, a test path,
 * and (over a report) a rule that fires in many files. */
void test_rank__context_moves_score(void)
{
    assay_rules *rs = HARNESS_RULES("t.yaml", rules_yaml);
    assay_file_result *a, *b, *c, *many[9];
    const assay_finding *f;
    char *json;
    CHECK(rs);
    a = harness_scan(rs, "srv.c", NULL,
                     "int serve(int s) {\n  char b[64];\n  recv(s, b, 63, 0);\n"
                     "  if (!strcmp(b, \"k\")) system(\"x\");\n}\n",
                     0);
    b = harness_scan(rs, "tests/t.c", NULL,
                     "void f(char *u) {\n  if (!strcmp(u, \"k\")) system(\"x\");\n}\n",
                     0);
    c = harness_scan(rs, "lib.c", NULL,
                     "int other(int s) {\n  return recv(s, 0, 0, 0);\n}\n"
                     "void f(char *u) {\n  if (!strcmp(u, \"k\")) system(\"x\");\n}\n",
                     0);
    CHECK(a && b && c);
    CHECK_EQ_INT(assay_file_result_count(a), 1);
    f = assay_file_result_get(a, 0);
    CHECK(f->context & ASSAY_CTX_INPUT);
    CHECK_EQ_INT(f->score, 98); /* critical, medium confidence: 90 */
    f = assay_file_result_get(b, 0);
    CHECK_EQ_INT(f->context, ASSAY_CTX_TEST);
    CHECK_EQ_INT(f->score, 80);
    /* recv is in another function: no input context */
    f = assay_file_result_get(c, 0);
    CHECK_EQ_INT(f->context, 0);
    CHECK_EQ_INT(f->score, 90);
    CHECK_EQ_STR(assay_context_name(ASSAY_CTX_COMMON), "common");
    CHECK(assay_context_name(3) == NULL);
    assay_file_result_free(a);
    assay_file_result_free(b);
    assay_file_result_free(c);
    /* nine files with the same rule: an idiom of the project */
    for (int i = 0; i < 9; i++) {
        char name[16];
        snprintf(name, sizeof(name), "f%d.c", i);
        many[i] = harness_scan(rs, name, NULL,
                               "void f(char *u) {\n  if (!strcmp(u, \"k\")) "
                               "system(\"x\");\n}\n", 0);
        CHECK(many[i]);
    }
    json = report_json(rs, many, 9, NULL, ASSAY_SEV_INFO);
    CHECK(json && strstr(json, "\"context\":[\"common\"]"));
    CHECK(strstr(json, "\"score\":78"));
    free(json);
    assay_rules_free(rs);
}

/* A long run of one class is kept out of Vectorscan and gated on the
 * longest line; the exact regex still decides. */
void test_scan__long_run_gate(void)
{
    static const char y[] =
        "rules:\n"
        "  - id: t.run\n"
        "    title: Run\n"
        "    category: obfuscation\n"
        "    severity: low\n"
        "    files: [any]\n"
        "    why: w\n"
        "    match: {regex: '(?:^|[^A-Za-z0-9])([A-Za-z0-9]{100})'}\n"
        "    examples: {match: ['x'], no_match: ['y']}\n";
    assay_rules *rs = HARNESS_RULES("r.yaml", y);
    assay_file_result *a, *b, *c;
    char run[128], split[160];
    CHECK(rs);
    CHECK(rs->nruns == 1 && rs->run_need == 100);
    memset(run, 'k', 120);
    run[120] = '\0';
    memcpy(split, run, 60);
    split[60] = '\n';
    memcpy(split + 61, run, 60);
    split[121] = '\0';
    a = harness_scan(rs, "a.txt", NULL, run, 0);
    run[99] = '\0';
    b = harness_scan(rs, "b.txt", NULL, run, 0);
    c = harness_scan(rs, "c.txt", NULL, split, 0);
    CHECK(a && b && c);
    CHECK_EQ_INT(assay_file_result_count(a), 1);
    CHECK_EQ_INT(assay_file_result_count(b), 0);
    CHECK_EQ_INT(assay_file_result_count(c), 0);
    assay_file_result_free(a);
    assay_file_result_free(b);
    assay_file_result_free(c);
    assay_rules_free(rs);
}
