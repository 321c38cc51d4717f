/* unit.c - runs the unit tests: `assay_unit [NAME-PREFIX]`.
 * SPDX-License-Identifier: Apache-2.0 */
#include "harness.h"

int harness_failed;

assay_rules *harness_rules(const char *name, const char *yaml, size_t len)
{
    assay_compile_options o = ASSAY_COMPILE_OPTIONS_INIT;
    assay_rule_source s = {name, yaml, len};
    assay_rules *rs = NULL;
    o.include_builtin = 0;
    if (assay_rules_compile(&rs, &s, 1, &o) < 0)
        return NULL;
    return rs;
}

assay_file_result *harness_scan(const assay_rules *rs, const char *path,
                                const char *kind, const char *text, int reveal)
{
    assay_scan_options so = ASSAY_SCAN_OPTIONS_INIT;
    assay_scanner *sc = NULL;
    assay_file_result *res = NULL;
    so.reveal_secrets = reveal;
    if (assay_scanner_new(&sc, rs, &so) < 0)
        return NULL;
    assay_scan_buffer(sc, path, kind, text, strlen(text), &res);
    assay_scanner_free(sc);
    return res;
}

#define TESTS(X)                                                               \
    X(test_util__json_escape_invalid_utf8)                                     \
    X(test_util__uri_escape)                                                   \
    X(test_util__buf_cap)                                                      \
    X(test_util__entropy)                                                      \
    X(test_kind__by_name_and_content)                                          \
    X(test_kind__scripting_languages)                                          \
    X(test_lang__every_grammar_loads)                                          \
    X(test_rules__yaml_syntax_error_position)                                  \
    X(test_rules__unknown_key_position)                                        \
    X(test_rules__missing_examples)                                            \
    X(test_rules__bad_regex)                                                   \
    X(test_rules__bad_query_predicate)                                         \
    X(test_rules__override_builtin)                                            \
    X(test_rules__builtin_pack_is_valid)                                       \
    X(test_scan__regex_span_and_lines)                                         \
    X(test_scan__fingerprint_survives_edits_above)                             \
    X(test_scan__inline_suppression)                                           \
    X(test_scan__secret_redaction)                                             \
    X(test_scan__validators)                                                   \
    X(test_scan__requires_gates_parsing)                                       \
    X(test_scan__requires_within_window)                                       \
    X(test_scan__query_found_in_message)                                       \
    X(test_scan__merged_databases)                                             \
    X(test_scan__query_predicates)                                             \
    X(test_scan__kind_filter)                                                  \
    X(test_rank__context_moves_score)                                          \
    X(test_scan__long_run_gate)                                                \
    X(test_report__baseline_and_filters)                                       \
    X(test_report__json_is_deterministic)                                      \
    X(test_crypto__canonical_names)                                            \
    X(test_crypto__asset_is_strict)                                            \
    X(test_crypto__templated_asset)                                            \
    X(test_crypto__builtin_policies_load)                                      \
    X(test_crypto__policy_is_strict)                                           \
    X(test_crypto__verdicts_and_cbom)                                          \
    X(test_flow__path_through_assignments_and_formatting)                      \
    X(test_flow__source_order_and_loops)                                       \
    X(test_flow__through_sanitizer_and_unrelated)                              \
    X(test_flow__pointer_alias)                                                \
    X(test_flow__macro_hides_sink)                                             \
    X(test_flow__shell_streams)                                                \
    X(test_flow__bad_specs_are_reported)                                       \
    X(test_flow__hostile_input_is_bounded)                                     \
    X(test_flow__tables_match_grammars)                                        \
    X(test_correlate__references_in_build_lines)                               \
    X(test_correlate__data_read_by_build_is_a_finding)                         \
    X(test_correlate__fingerprint_is_release_independent)

#define DECLARE(name) void name(void);
TESTS(DECLARE)

int main(int argc, char **argv)
{
    struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
#define ENTRY(name) {#name, name},
        TESTS(ENTRY)};
    int pass = 0, fail = 0;

    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (argc > 1 && strncmp(tests[i].name, argv[1], strlen(argv[1])))
            continue;
        harness_failed = 0;
        tests[i].fn();
        printf("%s %s\n", harness_failed ? "FAIL" : "ok  ", tests[i].name);
        if (harness_failed)
            fail++;
        else
            pass++;
    }
    printf("%d passed, %d failed\n", pass, fail);
    return fail ? 1 : 0;
}
