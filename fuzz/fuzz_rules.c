/* fuzz_rules.c - the rule compiler (libyaml + PCRE2 + Vectorscan +
 * tree-sitter queries) and the policy parser on arbitrary bytes. They must
 * reject, never crash.
 * SPDX-License-Identifier: Apache-2.0 */
#include <assay/assay.h>

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    assay_compile_options o = ASSAY_COMPILE_OPTIONS_INIT;
    assay_rule_source s = {"fuzz.yaml", (const char *)data, size};
    assay_rules *rs = NULL;

    o.include_builtin = 0;
    if (assay_rules_compile(&rs, &s, 1, &o) == ASSAY_OK) {
        size_t pass, fail;
        assay_rules_test(rs, NULL, &pass, &fail, NULL, NULL);
    }
    assay_rules_free(rs);
    {
        /* the same bytes as a crypto policy (docs/CRYPTO.md) */
        assay_policy *p = NULL;
        assay_policy_parse(&p, "fuzz-policy.yaml", (const char *)data, size,
                           NULL, NULL);
        assay_policy_free(p);
    }
    return 0;
}
