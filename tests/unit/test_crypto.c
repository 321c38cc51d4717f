/* test_crypto.c - the crypto asset model, policies and the CBOM writer.
 * SPDX-License-Identifier: Apache-2.0 */
#include "harness.h"
#include "lib/assay_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char crypto_yaml[] =
    "rules:\n"
    "  - id: t.aes\n"
    "    title: AES\n"
    "    category: crypto\n"
    "    severity: info\n"
    "    files: [c]\n"
    "    why: w\n"
    "    message: '{asset} seen'\n"
    "    match: {regex: '\\bEVP_aes_(?<size>\\d+)_(?<mode>[a-z0-9]+)\\b'}\n"
    "    asset: {algorithm: AES, size: '{size}', mode: '{mode}', "
    "evidence: call}\n"
    "    examples: {match: ['EVP_aes_128_cbc()'], no_match: ['EVP_aes()']}\n"
    "  - id: t.md\n"
    "    title: digest by name\n"
    "    category: crypto\n"
    "    severity: info\n"
    "    files: [c]\n"
    "    why: w\n"
    "    match: {regex: 'digest\\(\"(?<alg>[\\w-]+)\"\\)'}\n"
    "    asset: {algorithm: '{alg}', evidence: call}\n"
    "    examples: {match: ['digest(\"sha1\")'], no_match: ['digest(\"x\")']}\n"
    "  - id: t.rsa\n"
    "    title: RSA bits\n"
    "    category: crypto\n"
    "    severity: info\n"
    "    files: [c]\n"
    "    why: w\n"
    "    match: {regex: 'rsa_bits\\((?<n>\\d+)\\)'}\n"
    "    asset: {algorithm: RSA, size: '{n}', evidence: call}\n"
    "    examples: {match: ['rsa_bits(1024)'], no_match: ['rsa_bits(n)']}\n";

typedef struct diags {
    int n;
    char first[256];
} diags;

static void on_diag(const assay_diag *d, void *payload)
{
    diags *g = payload;
    if (!g->n++)
        snprintf(g->first, sizeof(g->first), "%s", d->message);
}

static int write_buf(const char *data, size_t len, void *payload)
{
    return assay_buf_put(payload, data, len) < 0;
}

void test_crypto__canonical_names(void)
{
    CHECK_EQ_STR(assay__crypto_algorithm("sha256", 6), "SHA-256");
    CHECK_EQ_STR(assay__crypto_algorithm("SHA2-384", 8), "SHA-384");
    CHECK_EQ_STR(assay__crypto_algorithm("des-ede3", 8), "3DES");
    CHECK_EQ_STR(assay__crypto_algorithm("sha512_256", 10), "SHA-512/256");
    CHECK_EQ_STR(assay__crypto_algorithm("AES256", 6), "AES");
    CHECK_EQ_STR(assay__crypto_algorithm("prime256v1", 10), "P-256");
    CHECK_EQ_STR(assay__crypto_algorithm("Dual_EC_DRBG", 12), "Dual_EC_DRBG");
    CHECK(assay__crypto_algorithm("sha3", 4) == NULL);
    CHECK(assay__crypto_algorithm("rot13", 5) == NULL);
    CHECK(assay__crypto_algorithm("", 0) == NULL);
}

/* A value that is not canonical is a rule error, with the right spelling. */
void test_crypto__asset_is_strict(void)
{
    static const char bad[] =
        "rules:\n"
        "  - id: t.bad\n"
        "    title: t\n"
        "    category: crypto\n"
        "    severity: info\n"
        "    files: [c]\n"
        "    why: w\n"
        "    match: {literal: x}\n"
        "    asset: {algorithm: sha256, evidence: call}\n"
        "    examples: {match: [x], no_match: [y]}\n";
    static const char none[] =
        "rules:\n"
        "  - id: t.none\n"
        "    title: t\n"
        "    category: crypto\n"
        "    severity: info\n"
        "    files: [c]\n"
        "    why: w\n"
        "    match: {literal: x}\n"
        "    examples: {match: [x], no_match: [y]}\n";
    assay_compile_options o = ASSAY_COMPILE_OPTIONS_INIT;
    assay_rule_source s = {"b.yaml", bad, sizeof(bad) - 1};
    assay_rules *rs = NULL;
    diags g = {0};

    o.include_builtin = 0;
    o.on_diag = on_diag;
    o.payload = &g;
    CHECK_EQ_INT(assay_rules_compile(&rs, &s, 1, &o), ASSAY_ESYNTAX);
    CHECK(rs == NULL);
    CHECK(strstr(g.first, "SHA-256") != NULL);
    g.n = 0;
    s.text = none;
    s.len = sizeof(none) - 1;
    CHECK_EQ_INT(assay_rules_compile(&rs, &s, 1, &o), ASSAY_ESYNTAX);
    CHECK(strstr(g.first, "asset") != NULL);
}

/* Captures fill the asset; an unknown captured algorithm drops the match. */
void test_crypto__templated_asset(void)
{
    assay_rules *rs = HARNESS_RULES("c.yaml", crypto_yaml);
    assay_file_result *r;
    const assay_finding *f;
    CHECK(rs);
    r = harness_scan(rs, "x.c", "c",
                     "c = EVP_aes_192_cbc();\nd = digest(\"nothing\");\n"
                     "e = digest(\"SHA3-256\");\n",
                     0);
    CHECK(r);
    CHECK_EQ_INT(assay_file_result_count(r), 2);
    f = assay_file_result_get(r, 0);
    CHECK(f->asset != NULL);
    CHECK_EQ_STR(f->asset->name, "AES-192-CBC");
    CHECK_EQ_STR(f->asset->mode, "cbc");
    CHECK_EQ_INT(f->asset->size, 192);
    CHECK_EQ_STR(f->asset->oid, "2.16.840.1.101.3.4.1.22");
    CHECK_EQ_STR(f->message, "AES-192-CBC seen");
    f = assay_file_result_get(r, 1);
    CHECK_EQ_STR(f->asset->algorithm, "SHA3-256");
    CHECK_EQ_STR(f->asset->primitive, "hash");
    assay_file_result_free(r);
    assay_rules_free(rs);
}

void test_crypto__builtin_policies_load(void)
{
    for (const char *const *n = assay_policy_builtin_names(); *n; n++) {
        assay_policy *p = NULL;
        CHECK_EQ_INT(assay_policy_load(&p, *n, NULL, NULL), 0);
        CHECK(p != NULL);
        assay_policy_free(p);
    }
    {
        assay_policy *p = NULL;
        CHECK_EQ_INT(assay_policy_load(&p, "no-such-policy", NULL, NULL),
                     ASSAY_EINVAL);
        CHECK(p == NULL);
    }
}

/* A policy file naming a non-canonical algorithm is rejected. */
void test_crypto__policy_is_strict(void)
{
    char path[] = "/tmp/assay-policy-XXXXXX.yaml";
    static const char text[] = "policy:\n  name: p\n  title: t\n  rules:\n"
                               "    - id: r\n      message: m\n"
                               "      when: {algorithm: [md5]}\n";
    assay_policy *p = NULL;
    diags g = {0};
    int fd = mkstemps(path, 5);
    CHECK(fd >= 0);
    CHECK(write(fd, text, sizeof(text) - 1) == (ssize_t)(sizeof(text) - 1));
    close(fd);
    CHECK_EQ_INT(assay_policy_load(&p, path, on_diag, &g), ASSAY_ESYNTAX);
    unlink(path);
    CHECK(p == NULL);
    CHECK(strstr(g.first, "MD5") != NULL);
}

/* weak fails on RSA-1024 and passes without it; the CBOM is byte-stable. */
void test_crypto__verdicts_and_cbom(void)
{
    assay_rules *rs = HARNESS_RULES("c.yaml", crypto_yaml);
    assay_policy *weak = NULL;
    assay_report *rep = NULL;
    assay_buf a = ASSAY_BUF_INIT, b = ASSAY_BUF_INIT, v = ASSAY_BUF_INIT;
    CHECK(rs);
    CHECK_EQ_INT(assay_policy_load(&weak, "weak", NULL, NULL), 0);
    CHECK_EQ_INT(assay_report_new(&rep, rs, NULL), 0);
    CHECK_EQ_INT(assay_report_add_policy(rep, weak), 0);
    CHECK_EQ_INT(assay_report_add_result(
                     rep, harness_scan(rs, "x.c", "c",
                                       "rsa_bits(1024); EVP_aes_256_gcm();\n", 0)),
                 0);
    CHECK_EQ_INT(assay_report_finish(rep), 0);
    CHECK_EQ_INT(assay_report_policies_failed(rep), 1);
    CHECK_EQ_INT(assay_report_write_verdicts(rep, write_buf, &v), 0);
    CHECK(strstr(assay_buf_cstr(&v), "policy weak: FAIL") != NULL);
    CHECK(strstr(assay_buf_cstr(&v), "RSA-1024") != NULL);
    CHECK_EQ_INT(assay_report_write(rep, ASSAY_FORMAT_CBOM, write_buf, &a), 0);
    CHECK_EQ_INT(assay_report_write(rep, ASSAY_FORMAT_CBOM, write_buf, &b), 0);
    CHECK_EQ_STR(assay_buf_cstr(&a), assay_buf_cstr(&b));
    CHECK(strstr(assay_buf_cstr(&a), "\"specVersion\": \"1.6\"") != NULL);
    CHECK(strstr(assay_buf_cstr(&a), "urn:uuid:") != NULL);
    CHECK(strstr(assay_buf_cstr(&a), "\"name\":\"AES-256-GCM\"") != NULL);
    assay_report_free(rep);
    assay_buf_free(&a);
    assay_buf_free(&b);
    assay_buf_free(&v);

    CHECK_EQ_INT(assay_report_new(&rep, rs, NULL), 0);
    CHECK_EQ_INT(assay_report_add_policy(rep, weak), 0);
    CHECK_EQ_INT(assay_report_add_result(
                     rep, harness_scan(rs, "x.c", "c", "rsa_bits(3072);\n", 0)),
                 0);
    CHECK_EQ_INT(assay_report_finish(rep), 0);
    CHECK_EQ_INT(assay_report_policies_failed(rep), 0);
    assay_report_free(rep);
    assay_policy_free(weak);
    assay_rules_free(rs);
}
