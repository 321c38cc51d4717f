/* test_core.c - utilities, file kinds and the rule compiler.
 * SPDX-License-Identifier: Apache-2.0 */
#include "harness.h"
#include "lib/assay_int.h"

#include <stdlib.h>

/* ---- util -------------------------------------------------------------- */

void test_util__json_escape_invalid_utf8(void)
{
    assay_buf b = ASSAY_BUF_INIT;
    assay_json_escape(&b, "a\"\\\n\x01\xff\xc3\xa9z", 9);
    CHECK_EQ_STR(assay_buf_cstr(&b), "a\\\"\\\\\\n\\u0001\xef\xbf\xbd\xc3\xa9z");
    assay_buf_free(&b);
}

void test_util__uri_escape(void)
{
    assay_buf b = ASSAY_BUF_INIT;
    assay_uri_escape(&b, "src/a b%\xff.c");
    CHECK_EQ_STR(assay_buf_cstr(&b), "src/a%20b%25%FF.c");
    assay_buf_free(&b);
}

void test_util__buf_cap(void)
{
    assay_buf b = ASSAY_BUF_INIT;
    b.max = 16;
    CHECK_EQ_INT(assay_buf_puts(&b, "0123456789"), 0);
    CHECK(assay_buf_puts(&b, "0123456789") < 0);
    CHECK(b.toobig);
    CHECK(assay_buf_puts(&b, "x") < 0); /* sticky */
    CHECK_EQ_INT(b.len, 10);
    assay_buf_free(&b);
}

void test_util__entropy(void)
{
    CHECK(assay_entropy("aaaaaaaa", 8) < 0.01);
    CHECK(assay_entropy("abcdefgh", 8) > 2.99);
    CHECK(assay__is_placeholder("${DB_PASSWORD}", 14));
    CHECK(assay__is_placeholder("your_api_key_here", 17));
    CHECK(assay__is_placeholder("xxxxxxxxxxxx", 12));
    CHECK(!assay__is_placeholder("q8Vz2LmN0pRt", 12));
}

/* ---- kinds ------------------------------------------------------------- */

void test_kind__by_name_and_content(void)
{
    CHECK(assay__kind_detect("a/b.c", "int x;", 6) & KBIT(ASSAY_K_C));
    CHECK(assay__kind_detect("Makefile", "all:", 4) & KBIT(ASSAY_K_BUILD));
    CHECK(assay__kind_detect("configure.ac", "AC_INIT", 7) &
          KBIT(ASSAY_K_M4));
    CHECK(assay__kind_detect("tool", "#!/bin/sh\necho", 14) &
          KBIT(ASSAY_K_SHELL));
    CHECK(assay__kind_detect("scripts/install.sh", "echo", 4) &
          KBIT(ASSAY_K_BUILD));
    CHECK_EQ_INT(assay__kind_detect("x.c", "ab\0cd", 5), KBIT(ASSAY_K_BINARY));
    CHECK(assay__kind_detect(".env.production", "A=b", 3) &
          KBIT(ASSAY_K_CONFIG));
    CHECK_EQ_INT(assay__kind_mask("nope"), 0);
}

void test_kind__scripting_languages(void)
{
    CHECK(assay__kind_detect("web/index.php", "<?php", 5) & KBIT(ASSAY_K_PHP));
    CHECK(assay__kind_detect("Rakefile", "task", 4) & KBIT(ASSAY_K_RUBY));
    CHECK(assay__kind_detect("Rakefile", "task", 4) & KBIT(ASSAY_K_BUILD));
    CHECK(assay__kind_detect("x.gemspec", "Gem", 3) & KBIT(ASSAY_K_BUILD));
    CHECK(assay__kind_detect("Makefile.PL", "use", 3) & KBIT(ASSAY_K_PERL));
    CHECK(assay__kind_detect("setup.py", "import", 6) & KBIT(ASSAY_K_BUILD));
    CHECK(assay__kind_detect("lib/a.mts", "x", 1) & KBIT(ASSAY_K_TYPESCRIPT));
    CHECK(assay__kind_detect("cgi", "#!/usr/bin/perl -w\n", 19) &
          KBIT(ASSAY_K_PERL));
    CHECK(assay__kind_detect("run", "#!/usr/bin/env node\n", 20) &
          KBIT(ASSAY_K_JAVASCRIPT));
    CHECK(assay__kind_detect("run", "#!/usr/bin/env ts-node\n", 23) &
          KBIT(ASSAY_K_TYPESCRIPT));
}

/* Every linked grammar has an ABI the runtime accepts (13-15): a grammar
 * package bumped to an incompatible version fails here, not in a scan. */
void test_lang__every_grammar_loads(void)
{
    static const char *const names[] = {"c", "bash", "php", "python",
                                        "javascript", "typescript", "ruby",
                                        "perl"};
    TSParser *p = ts_parser_new();
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        int l = assay__lang_find(names[i]);
        CHECK(l >= 0);
        if (l >= 0)
            CHECK(ts_parser_set_language(p, assay__langs[l].language()));
    }
    ts_parser_delete(p);
}

/* ---- rule compiler ----------------------------------------------------- */

typedef struct diags {
    int n;
    unsigned line, col;
    char msg[512];
} diags;

static void record(const assay_diag *d, void *payload)
{
    diags *g = payload;
    if (g->n++ == 0) {
        g->line = d->line;
        g->col = d->column;
        snprintf(g->msg, sizeof(g->msg), "%s", d->message);
    }
}

static int compile_text(const char *text, diags *g, assay_rules **out)
{
    assay_compile_options o = ASSAY_COMPILE_OPTIONS_INIT;
    assay_rule_source s = {"t.yaml", text, strlen(text)};
    assay_rules *rs = NULL;
    int err;
    o.include_builtin = 0;
    o.on_diag = record;
    o.payload = g;
    err = assay_rules_compile(&rs, &s, 1, &o);
    if (out)
        *out = rs;
    else
        assay_rules_free(rs);
    return err;
}

#define RULE_HEAD                                                              \
    "rules:\n"                                                                 \
    "  - id: t.one\n"                                                          \
    "    title: T\n"                                                           \
    "    category: secret\n"                                                   \
    "    severity: high\n"                                                     \
    "    files: [any]\n"                                                       \
    "    why: because\n"

void test_rules__yaml_syntax_error_position(void)
{
    diags g = {0};
    CHECK_EQ_INT(compile_text("rules:\n  - id: [unclosed\n", &g, NULL),
                 ASSAY_ESYNTAX);
    CHECK(g.n >= 1);
    CHECK(g.line >= 2);
    CHECK(strstr(g.msg, "YAML") != NULL);
}

void test_rules__unknown_key_position(void)
{
    diags g = {0};
    CHECK_EQ_INT(compile_text(RULE_HEAD "    severty: low\n"
                                        "    match: {regex: 'abc'}\n"
                                        "    examples: {match: [abc], "
                                        "no_match: [abd]}\n",
                              &g, NULL),
                 ASSAY_ESYNTAX);
    CHECK_EQ_INT(g.line, 8);
    CHECK_EQ_INT(g.col, 5);
    CHECK(strstr(g.msg, "severty") != NULL);
}

void test_rules__missing_examples(void)
{
    diags g = {0};
    CHECK_EQ_INT(compile_text(RULE_HEAD "    match: {regex: 'abc'}\n", &g, NULL),
                 ASSAY_ESYNTAX);
    CHECK(strstr(g.msg, "examples") != NULL);
}

void test_rules__bad_regex(void)
{
    diags g = {0};
    CHECK_EQ_INT(compile_text(RULE_HEAD "    match: {regex: 'a(b'}\n"
                                        "    examples: {match: [ab], "
                                        "no_match: [x]}\n",
                              &g, NULL),
                 ASSAY_ESYNTAX);
    CHECK_EQ_INT(g.line, 8);
    CHECK(strstr(g.msg, "regex") != NULL);
}

void test_rules__bad_query_predicate(void)
{
    diags g = {0};
    CHECK_EQ_INT(
        compile_text("rules:\n  - id: t.q\n    title: T\n    category: backdoor\n"
                     "    severity: high\n    files: [c]\n    why: w\n"
                     "    match:\n      language: c\n      query: |\n"
                     "        ((identifier) @match (#frobnicate? @match \"x\"))\n"
                     "    examples: {match: [x], no_match: [y]}\n",
                     &g, NULL),
        ASSAY_ESYNTAX);
    CHECK(strstr(g.msg, "frobnicate") != NULL);
    CHECK(g.line >= 10);

    /* a predicate outside its pattern's parentheses is its own pattern,
     * with no capture: rejected, not run against every node */
    memset(&g, 0, sizeof(g));
    CHECK_EQ_INT(
        compile_text("rules:\n  - id: t.q\n    title: T\n    category: backdoor\n"
                     "    severity: high\n    files: [c]\n    why: w\n"
                     "    match:\n      language: c\n      query: |\n"
                     "        (call_expression function: (identifier) @f) @match\n"
                     "        (#eq? @f \"x\")\n"
                     "    examples: {match: [x], no_match: [y]}\n",
                     &g, NULL),
        ASSAY_ESYNTAX);
    CHECK(strstr(g.msg, "does not capture") != NULL);
}

void test_rules__override_builtin(void)
{
    assay_compile_options o = ASSAY_COMPILE_OPTIONS_INIT;
    assay_rules *base = NULL, *rs = NULL;
    const assay_rule_info *first;
    char text[2048];
    assay_rule_source s;

    CHECK_EQ_INT(assay_rules_compile(&base, NULL, 0, NULL), 0);
    first = assay_rules_get(base, 0);
    CHECK(first != NULL);
    snprintf(text, sizeof(text),
             "rules:\n  - id: %s\n    title: Replaced\n    category: secret\n"
             "    severity: low\n    files: [any]\n    why: w\n"
             "    match: {literal: zzqq}\n"
             "    examples: {match: [zzqq], no_match: [zzq]}\n",
             first->id);
    s.name = "override.yaml";
    s.text = text;
    s.len = strlen(text);
    CHECK_EQ_INT(assay_rules_compile(&rs, &s, 1, &o), 0);
    CHECK_EQ_INT(assay_rules_count(rs), assay_rules_count(base));
    CHECK_EQ_STR(assay_rules_find(rs, first->id)->title, "Replaced");
    assay_rules_free(rs);
    assay_rules_free(base);
}

void test_rules__builtin_pack_is_valid(void)
{
    assay_rules *rs = NULL;
    size_t pass = 0, fail = 0;
    CHECK_EQ_INT(assay_rules_compile(&rs, NULL, 0, NULL), 0);
    CHECK(assay_rules_count(rs) >= 15);
    CHECK_EQ_INT(assay_rules_test(rs, NULL, &pass, &fail, NULL, NULL), 0);
    CHECK_EQ_INT(fail, 0);
    CHECK(pass >= 2 * assay_rules_count(rs));
    assay_rules_free(rs);
}
