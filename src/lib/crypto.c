/* crypto.c - the cryptographic asset model: canonical names, the `asset:`
 * values of crypto rules, and assets filled in from a match's captures.
 * SPDX-License-Identifier: Apache-2.0
 *
 * A crypto rule says what it found with an `asset:` mapping (docs/CRYPTO.md):
 * an algorithm family from one canonical list ("AES", "SHA-256", "ML-KEM"),
 * a CycloneDX 1.6 primitive, mode and padding, a size, a curve, an OID and
 * how it was seen (call, name, constant, certificate, key). The same names
 * are used by the CBOM writer, the policies and the crypto benchmark's
 * ground truth, so this file is the one place that knows them.
 *
 * Values may name a capture of the rule's regex ("{size}", "{alg}"): one
 * rule then covers EVP_aes_128_cbc ... EVP_aes_256_gcm. Captured text is
 * normalised here ("sha256", "SHA-256", "sha_256" are one name; "cfb8" is
 * mode cfb), and a capture that names no known algorithm drops the match,
 * which keeps generic call patterns precise. */
#include "assay_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const assay__asset_keys[ASSAY_AF_COUNT] = {
    "algorithm", "primitive", "mode", "padding", "size",
    "curve", "oid", "hash", "evidence"};

/* ---- canonical names ---------------------------------------------------- */

typedef struct algo {
    const char *name;
    const char *primitive; /* default when the rule gives none */
    const char *oid;       /* when the family alone has one */
} algo;

static const algo algos[] = {
    {"AES", "block-cipher", NULL},
    {"DES", "block-cipher", NULL},
    {"3DES", "block-cipher", NULL},
    {"Blowfish", "block-cipher", NULL},
    {"Twofish", "block-cipher", NULL},
    {"CAST5", "block-cipher", NULL},
    {"Camellia", "block-cipher", NULL},
    {"ARIA", "block-cipher", NULL},
    {"SEED", "block-cipher", NULL},
    {"IDEA", "block-cipher", NULL},
    {"RC2", "block-cipher", NULL},
    {"RC4", "stream-cipher", "1.2.840.113549.3.4"},
    {"RC5", "block-cipher", NULL},
    {"SM4", "block-cipher", "1.2.156.10197.1.104"},
    {"ZUC", "stream-cipher", NULL},
    {"ChaCha20", "stream-cipher", NULL},
    {"Salsa20", "stream-cipher", NULL},
    {"XSalsa20", "stream-cipher", NULL},
    {"Poly1305", "mac", NULL},
    {"ChaCha20-Poly1305", "ae", "1.2.840.113549.1.9.16.3.18"},
    {"MD2", "hash", "1.2.840.113549.2.2"},
    {"MD4", "hash", "1.2.840.113549.2.4"},
    {"MD5", "hash", "1.2.840.113549.2.5"},
    {"SHA-1", "hash", "1.3.14.3.2.26"},
    {"SHA-224", "hash", "2.16.840.1.101.3.4.2.4"},
    {"SHA-256", "hash", "2.16.840.1.101.3.4.2.1"},
    {"SHA-384", "hash", "2.16.840.1.101.3.4.2.2"},
    {"SHA-512", "hash", "2.16.840.1.101.3.4.2.3"},
    {"SHA-512/256", "hash", "2.16.840.1.101.3.4.2.6"},
    {"SHA3-224", "hash", "2.16.840.1.101.3.4.2.7"},
    {"SHA3-256", "hash", "2.16.840.1.101.3.4.2.8"},
    {"SHA3-384", "hash", "2.16.840.1.101.3.4.2.9"},
    {"SHA3-512", "hash", "2.16.840.1.101.3.4.2.10"},
    {"SHAKE128", "xof", "2.16.840.1.101.3.4.2.11"},
    {"SHAKE256", "xof", "2.16.840.1.101.3.4.2.12"},
    {"RIPEMD-160", "hash", "1.3.36.3.2.1"},
    {"Whirlpool", "hash", "1.0.10118.3.0.55"},
    {"BLAKE2b", "hash", NULL},
    {"BLAKE2s", "hash", NULL},
    {"BLAKE3", "hash", NULL},
    {"SM3", "hash", "1.2.156.10197.1.401"},
    {"Streebog", "hash", NULL},
    {"GOST28147", "block-cipher", NULL},
    {"HMAC", "mac", NULL},
    {"CMAC", "mac", NULL},
    {"GMAC", "mac", NULL},
    {"KMAC", "mac", NULL},
    {"SipHash", "mac", NULL},
    {"HKDF", "kdf", NULL},
    {"PBKDF2", "kdf", "1.2.840.113549.1.5.12"},
    {"scrypt", "kdf", NULL},
    {"Argon2", "kdf", NULL},
    {"bcrypt", "kdf", NULL},
    {"RSA", "pke", "1.2.840.113549.1.1.1"},
    {"DSA", "signature", "1.2.840.10040.4.1"},
    {"DH", "key-agree", "1.2.840.113549.1.3.1"},
    {"ECDH", "key-agree", NULL},
    {"ECDSA", "signature", NULL},
    {"EdDSA", "signature", NULL},
    {"Ed25519", "signature", "1.3.101.112"},
    {"Ed448", "signature", "1.3.101.113"},
    {"X25519", "key-agree", "1.3.101.110"},
    {"X448", "key-agree", "1.3.101.111"},
    {"SM2", "signature", "1.2.156.10197.1.301"},
    {"ML-KEM", "kem", NULL},
    {"ML-DSA", "signature", NULL},
    {"SLH-DSA", "signature", NULL},
    {"LMS", "signature", "1.2.840.113549.1.9.16.3.17"},
    {"XMSS", "signature", NULL},
    {"Dual_EC_DRBG", "drbg", NULL},
    {"CTR_DRBG", "drbg", NULL},
    {"HMAC_DRBG", "drbg", NULL},
    {"Hash_DRBG", "drbg", NULL},
    {"secp256k1", "other", "1.3.132.0.10"},
    {"Brainpool", "other", NULL},
    {"Curve25519", "other", NULL},
    {"P-256", "other", "1.2.840.10045.3.1.7"},
    {"P-384", "other", "1.3.132.0.34"},
    {"P-521", "other", "1.3.132.0.35"},
};
#define NALGOS (sizeof(algos) / sizeof(algos[0]))

/* Other spellings, in normalised form (lower case, letters and digits). */
static const struct {
    const char *alias, *name;
} aliases[] = {
    {"rijndael", "AES"},       {"tripledes", "3DES"},    {"tdes", "3DES"},
    {"tdea", "3DES"},          {"desede", "3DES"},       {"desede3", "3DES"},
    {"des3", "3DES"},          {"bf", "Blowfish"},       {"cast", "CAST5"},
    {"cast128", "CAST5"},      {"arc4", "RC4"},          {"arcfour", "RC4"},
    {"sms4", "SM4"},           {"rmd160", "RIPEMD-160"}, {"sha", "SHA-1"},
    {"sha2224", "SHA-224"},    {"sha2256", "SHA-256"},   {"sha2384", "SHA-384"},
    {"sha2512", "SHA-512"},    {"blake2b512", "BLAKE2b"}, {"blake2s256", "BLAKE2s"},
    {"gost", "GOST28147"},     {"gost89", "GOST28147"},  {"gost2814789", "GOST28147"},
    {"streebog256", "Streebog"}, {"streebog512", "Streebog"},
    {"gostr341112", "Streebog"}, {"chacha", "ChaCha20"}, {"xchacha20", "ChaCha20"},
    {"xchacha20poly1305", "ChaCha20-Poly1305"},
    {"chachapoly", "ChaCha20-Poly1305"},
    {"kyber", "ML-KEM"},       {"dilithium", "ML-DSA"},  {"sphincs", "SLH-DSA"},
    {"sphincsplus", "SLH-DSA"}, {"ecdhe", "ECDH"},       {"dhe", "DH"},
    {"ffdh", "DH"},            {"diffiehellman", "DH"},  {"dualec", "Dual_EC_DRBG"},
    {"argon2id", "Argon2"},    {"argon2i", "Argon2"},    {"argon2d", "Argon2"},
    {"pbkdf2hmac", "PBKDF2"},  {"hsslms", "LMS"},        {"hss", "LMS"},
    {"xmssmt", "XMSS"},        {"kmac128", "KMAC"},      {"kmac256", "KMAC"},
    {"p256", "P-256"},         {"secp256r1", "P-256"},   {"prime256v1", "P-256"},
    {"nistp256", "P-256"},     {"p384", "P-384"},        {"secp384r1", "P-384"},
    {"nistp384", "P-384"},     {"p521", "P-521"},        {"secp521r1", "P-521"},
    {"nistp521", "P-521"},     {"ed448goldilocks", "Ed448"},
    {"dhm", "DH"},             {"des3ede", "3DES"},      {"desede3cbc", "3DES"},
    {"wp512", "Whirlpool"},    {"blake2b256", "BLAKE2b"}, {"blake2b384", "BLAKE2b"},
    {"blake2b160", "BLAKE2b"}, {"blake2s128", "BLAKE2s"}, {"stribog256", "Streebog"},
    {"stribog512", "Streebog"}, {"ripemd", "RIPEMD-160"}, {"arc2", "RC2"},
    {"ecdiffiehellman", "ECDH"}, {"bp256r1", "Brainpool"}, {"bp384r1", "Brainpool"},
    {"bp512r1", "Brainpool"},  {"rfc2268", "RC2"},
    {"drbgctr", "CTR_DRBG"},   {"drbghash", "Hash_DRBG"}, {"drbghmac", "HMAC_DRBG"},
    {"arctwo", "RC2"},         {"curve448", "X448"},     {"stribog", "Streebog"},
};

/* Lower-case letters and digits only: "SHA-512/256" -> "sha512256". */
static size_t normalise(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c))
            out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
    return n;
}

const char *assay__crypto_algorithm(const char *s, size_t len)
{
    char want[64], have[64];

    if (!s || !len || len >= sizeof(want))
        return NULL;
    if (!normalise(s, len, want, sizeof(want)))
        return NULL;
    for (size_t i = 0; i < NALGOS; i++) {
        normalise(algos[i].name, strlen(algos[i].name), have, sizeof(have));
        if (!strcmp(want, have))
            return algos[i].name;
    }
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (!strcmp(want, aliases[i].alias))
            return aliases[i].name;
    if (!strncmp(want, "brainpool", 9))
        return "Brainpool";
    /* a block cipher with its key size glued on: aes256, camellia128 */
    {
        static const char *const sized[][2] = {{"aes", "AES"},
                                               {"camellia", "Camellia"},
                                               {"aria", "ARIA"},
                                               {"twofish", "Twofish"}};
        size_t n = strlen(want);
        if (n > 3 && (!strcmp(want + n - 3, "128") ||
                      !strcmp(want + n - 3, "192") ||
                      !strcmp(want + n - 3, "256"))) {
            want[n - 3] = '\0';
            for (size_t i = 0; i < 4; i++)
                if (!strcmp(want, sized[i][0]))
                    return sized[i][1];
        }
    }
    return NULL;
}

static const algo *algo_find(const char *name)
{
    for (size_t i = 0; i < NALGOS; i++)
        if (!strcmp(algos[i].name, name))
            return &algos[i];
    return NULL;
}

int assay__in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

const char *const assay__cdx_primitives[] = {
    "drbg", "mac", "block-cipher", "stream-cipher", "signature", "hash", "pke",
    "xof", "kdf", "key-agree", "kem", "ae", "combiner", "other", "unknown",
    NULL};
const char *const assay__asset_evidences[] = {"call", "name", "constant",
                                              "certificate", "key", NULL};

/* Modes: CycloneDX's list, plus modes it files under "other" whose name we
 * keep for the component name. */
const char *const assay__cdx_modes[] = {"cbc", "ecb", "ccm", "gcm", "cfb",
                                        "ofb", "ctr", "other", "unknown",
                                        NULL};
static const char *const modes_other[] = {"xts", "ocb", "siv", "gcm-siv",
                                          "eax", "wrap", "kw", "kwp", "cts",
                                          "pcbc", "ige", NULL};

/* Mode from its spelling: "CFB8" -> cfb, "xts" -> other (named "xts"). */
static int mode_canon(const char *s, const char **cdx, char *name,
                      size_t cap)
{
    char n[32];
    size_t k = 0;
    for (const char *p = s; *p && k + 1 < sizeof(n); p++)
        n[k++] = (char)tolower((unsigned char)*p);
    n[k] = '\0';
    if (!k)
        return -1;
    /* cfb1, cfb8, cfb64, cfb128, ofb64, ctr128 -> the family */
    if (k > 3 && (!strncmp(n, "cfb", 3) || !strncmp(n, "ofb", 3) ||
                  !strncmp(n, "ctr", 3))) {
        int digits = 1;
        for (size_t i = 3; i < k; i++)
            digits &= isdigit((unsigned char)n[i]) != 0;
        if (digits)
            n[3] = '\0';
    }
    snprintf(name, cap, "%s", n);
    if (assay__in_list(n, assay__cdx_modes)) {
        for (const char *const *m = assay__cdx_modes; *m; m++)
            if (!strcmp(*m, n))
                *cdx = *m;
        return 0;
    }
    if (assay__in_list(n, modes_other)) {
        *cdx = "other";
        return 0;
    }
    return -1;
}

const char *const assay__cdx_paddings[] = {
    "pkcs5", "pkcs7", "pkcs1v15", "oaep", "raw", "other", "unknown", NULL};

/* Padding from its spelling: "PKCS1" -> pkcs1v15, "NoPadding" -> raw,
 * "PSS" -> other (named "pss"). */
static int padding_canon(const char *s, const char **cdx, char *name,
                         size_t cap)
{
    char n[32];
    normalise(s, strlen(s), n, sizeof(n));
    if (!strcmp(n, "pkcs1") || !strcmp(n, "pkcs1padding") ||
        !strcmp(n, "pkcs1v15"))
        snprintf(n, sizeof(n), "pkcs1v15");
    else if (!strcmp(n, "pkcs5padding"))
        snprintf(n, sizeof(n), "pkcs5");
    else if (!strcmp(n, "pkcs7padding"))
        snprintf(n, sizeof(n), "pkcs7");
    else if (!strcmp(n, "nopadding") || !strcmp(n, "none"))
        snprintf(n, sizeof(n), "raw");
    else if (!strncmp(n, "oaep", 4) || !strcmp(n, "pkcs1oaep") ||
             !strcmp(n, "rsaesoaep"))
        snprintf(n, sizeof(n), "oaep");
    else if (!strcmp(n, "pkcs1pss") || !strcmp(n, "rsassapss"))
        snprintf(n, sizeof(n), "pss");
    else if (!strcmp(n, "no"))
        snprintf(n, sizeof(n), "raw");
    snprintf(name, cap, "%s", n);
    for (const char *const *p = assay__cdx_paddings; *p; p++)
        if (!strcmp(*p, n)) {
            *cdx = *p;
            return 0;
        }
    if (!strcmp(n, "pss") || !strcmp(n, "iso10126") || !strcmp(n, "x923") ||
        !strcmp(n, "sslv23") || !strcmp(n, "x931")) {
        *cdx = "other";
        return 0;
    }
    return -1;
}

/* Curves: the usual aliases to one name; anything else as written. */
static const struct {
    const char *alias, *name;
} curves[] = {
    {"p256", "P-256"},        {"secp256r1", "P-256"},  {"prime256v1", "P-256"},
    {"nistp256", "P-256"},    {"p384", "P-384"},       {"secp384r1", "P-384"},
    {"nistp384", "P-384"},    {"p521", "P-521"},       {"secp521r1", "P-521"},
    {"nistp521", "P-521"},    {"p224", "P-224"},       {"secp224r1", "P-224"},
    {"nistp224", "P-224"},    {"p192", "P-192"},       {"secp192r1", "P-192"},
    {"prime192v1", "P-192"},  {"nistp192", "P-192"},   {"secp256k1", "secp256k1"},
    {"curve25519", "Curve25519"}, {"x25519", "Curve25519"},
    {"ed25519", "Curve25519"}, {"curve448", "Curve448"}, {"x448", "Curve448"},
    {"ed448", "Curve448"},    {"sm2", "SM2"},          {"sm2p256v1", "SM2"},
    {"brainpoolp256r1", "brainpoolP256r1"}, {"brainpoolp384r1", "brainpoolP384r1"},
    {"brainpoolp512r1", "brainpoolP512r1"}, {"brainpoolp224r1", "brainpoolP224r1"},
    {"brainpoolp320r1", "brainpoolP320r1"},
};

static const char *curve_canon(const char *s)
{
    char n[40];
    normalise(s, strlen(s), n, sizeof(n));
    for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
        if (!strcmp(n, curves[i].alias))
            return curves[i].name;
    return NULL;
}

static int valid_oid(const char *s)
{
    int dots = 0, digit = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = 1;
        else if (*s == '.' && digit) {
            dots++;
            digit = 0;
        } else
            return 0;
    }
    return digit && dots >= 1;
}

/* OIDs that depend on parameters: AES by size and mode, ML-KEM and ML-DSA
 * by parameter set. */
static const char *param_oid(const char *alg, uint32_t size, const char *mode)
{
    static const char *const aes[3][7] = {
        {"2.16.840.1.101.3.4.1.1", "2.16.840.1.101.3.4.1.2",
         "2.16.840.1.101.3.4.1.3", "2.16.840.1.101.3.4.1.4",
         "2.16.840.1.101.3.4.1.5", "2.16.840.1.101.3.4.1.6",
         "2.16.840.1.101.3.4.1.7"},
        {"2.16.840.1.101.3.4.1.21", "2.16.840.1.101.3.4.1.22",
         "2.16.840.1.101.3.4.1.23", "2.16.840.1.101.3.4.1.24",
         "2.16.840.1.101.3.4.1.25", "2.16.840.1.101.3.4.1.26",
         "2.16.840.1.101.3.4.1.27"},
        {"2.16.840.1.101.3.4.1.41", "2.16.840.1.101.3.4.1.42",
         "2.16.840.1.101.3.4.1.43", "2.16.840.1.101.3.4.1.44",
         "2.16.840.1.101.3.4.1.45", "2.16.840.1.101.3.4.1.46",
         "2.16.840.1.101.3.4.1.47"}};
    static const char *const aes_modes[] = {"ecb", "cbc", "ofb", "cfb",
                                            "wrap", "gcm", "ccm"};
    if (!strcmp(alg, "AES") && mode) {
        int si = size == 128 ? 0 : size == 192 ? 1 : size == 256 ? 2 : -1;
        for (int m = 0; si >= 0 && m < 7; m++)
            if (!strcmp(mode, aes_modes[m]))
                return aes[si][m];
    }
    if (!strcmp(alg, "ML-KEM"))
        return size == 512    ? "2.16.840.1.101.3.4.4.1"
               : size == 768  ? "2.16.840.1.101.3.4.4.2"
               : size == 1024 ? "2.16.840.1.101.3.4.4.3"
                              : NULL;
    if (!strcmp(alg, "ML-DSA"))
        return size == 44   ? "2.16.840.1.101.3.4.3.17"
               : size == 65 ? "2.16.840.1.101.3.4.3.18"
               : size == 87 ? "2.16.840.1.101.3.4.3.19"
                            : NULL;
    return NULL;
}

/* ---- building an asset --------------------------------------------------- */

void assay__asset_free(assay__asset *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nown; i++)
        assay__free(a->own[i]);
    assay__free(a);
}

void assay__asset_tpl_free(assay__asset_tpl *t)
{
    if (!t)
        return;
    for (int i = 0; i < ASSAY_AF_COUNT; i++)
        assay__free(t->raw[i]);
    assay__asset_free(t->fixed);
    assay__free(t);
}

static const char *own(assay__asset *a, const char *s)
{
    char *d;
    if (!s)
        return NULL;
    if (a->nown >= sizeof(a->own) / sizeof(a->own[0]))
        return NULL;
    if (!(d = assay__strdup(s)))
        return NULL;
    a->own[a->nown++] = d;
    return d;
}

static void upper_into(assay_buf *b, const char *s)
{
    for (; *s; s++)
        assay_buf_putc(b, (char)toupper((unsigned char)*s));
}

/* Whether the size is already part of the family name (SHA-256, P-384). */
static int size_in_name(const char *alg)
{
    for (const char *p = alg; *p; p++)
        if (isdigit((unsigned char)*p))
            return strcmp(alg, "3DES") && strcmp(alg, "RC2") &&
                   strcmp(alg, "RC4") && strcmp(alg, "RC5") &&
                   strcmp(alg, "ChaCha20") && strcmp(alg, "Salsa20") &&
                   strcmp(alg, "XSalsa20");
    return 0;
}

int assay__asset_build(const char *const raw[ASSAY_AF_COUNT], int strict,
                       assay__asset **out, char *err, size_t errlen)
{
    assay__asset *a;
    const char *alg, *prim, *mode = NULL, *pad = NULL, *curve = NULL,
                         *hash = NULL, *oid = NULL;
    char mode_name[32] = "", pad_name[32] = "";
    uint32_t size = 0, glued_size = 0;
    int curve_shown = 0;
    assay_buf name = ASSAY_BUF_INIT;
    const algo *al;

    *out = NULL;
    if (!raw[ASSAY_AF_ALGORITHM]) {
        snprintf(err, errlen, "'asset' needs 'algorithm'");
        return ASSAY_EINVAL;
    }
    alg = assay__crypto_algorithm(raw[ASSAY_AF_ALGORITHM],
                                  strlen(raw[ASSAY_AF_ALGORITHM]));
    if (!alg && !strict) {
        /* a parameter glued on: "ML-KEM-768", "AES-256", "RSA2048" */
        const char *r = raw[ASSAY_AF_ALGORITHM];
        size_t n = strlen(r), k = n;
        while (k && isdigit((unsigned char)r[k - 1]))
            k--;
        if (n - k >= 2 && n - k <= 5) {
            size_t pk = k && (r[k - 1] == '-' || r[k - 1] == '_') ? k - 1 : k;
            alg = assay__crypto_algorithm(r, pk);
            /* never for hashes: "sha3" is not SHA-1 with size 3 */
            if (alg && (!strcmp(algo_find(alg)->primitive, "hash") ||
                        !strcmp(algo_find(alg)->primitive, "xof")))
                alg = NULL;
            if (alg && !glued_size)
                glued_size = (uint32_t)strtoul(r + k, NULL, 10);
        }
    }
    if (!alg || (strict && strcmp(alg, raw[ASSAY_AF_ALGORITHM]))) {
        if (alg)
            snprintf(err, errlen, "algorithm '%s': write it '%s'",
                     raw[ASSAY_AF_ALGORITHM], alg);
        else
            snprintf(err, errlen, "unknown algorithm '%s' (canonical names "
                                  "are listed in docs/CRYPTO.md)",
                     raw[ASSAY_AF_ALGORITHM]);
        return ASSAY_EINVAL;
    }
    al = algo_find(alg);
    prim = raw[ASSAY_AF_PRIMITIVE] ? raw[ASSAY_AF_PRIMITIVE] : al->primitive;
    if (!assay__in_list(prim, assay__cdx_primitives)) {
        snprintf(err, errlen, "bad primitive '%s' (drbg mac block-cipher "
                              "stream-cipher signature hash pke xof kdf "
                              "key-agree kem ae combiner other unknown)", prim);
        return ASSAY_EINVAL;
    }
    if (raw[ASSAY_AF_MODE] && raw[ASSAY_AF_MODE][0] &&
        mode_canon(raw[ASSAY_AF_MODE], &mode, mode_name, sizeof(mode_name)) <
            0) {
        if (strict) {
            snprintf(err, errlen, "bad mode '%s' (cbc ecb ccm gcm cfb ofb ctr "
                                  "xts ocb siv gcm-siv eax wrap kw kwp cts "
                                  "pcbc ige other unknown)", raw[ASSAY_AF_MODE]);
            return ASSAY_EINVAL;
        }
        mode = "other";
        mode_name[0] = '\0';
    }
    /* a mode belongs to symmetric ciphers: "RSA/ECB/OAEP" has none */
    if (mode && !strict && strcmp(prim, "block-cipher") && strcmp(prim, "ae") &&
        strcmp(prim, "stream-cipher") && strcmp(prim, "unknown")) {
        mode = NULL;
        mode_name[0] = '\0';
    }
    if (raw[ASSAY_AF_PADDING] && raw[ASSAY_AF_PADDING][0] &&
        padding_canon(raw[ASSAY_AF_PADDING], &pad, pad_name,
                      sizeof(pad_name)) < 0) {
        if (strict) {
            snprintf(err, errlen, "bad padding '%s' (pkcs5 pkcs7 pkcs1v15 "
                                  "oaep raw pss other unknown)",
                     raw[ASSAY_AF_PADDING]);
            return ASSAY_EINVAL;
        }
        pad = "other";
        pad_name[0] = '\0';
    }
    if (raw[ASSAY_AF_SIZE] && raw[ASSAY_AF_SIZE][0]) {
        char *end;
        long v = strtol(raw[ASSAY_AF_SIZE], &end, 10);
        if (*end || v <= 0 || v > 1000000) {
            if (strict) {
                snprintf(err, errlen, "bad size '%s' (bits, 1 to 1000000)",
                         raw[ASSAY_AF_SIZE]);
                return ASSAY_EINVAL;
            }
        } else {
            size = (uint32_t)v;
        }
    }
    if (!size)
        size = glued_size;
    if (raw[ASSAY_AF_CURVE] && raw[ASSAY_AF_CURVE][0]) {
        curve = curve_canon(raw[ASSAY_AF_CURVE]);
        if (!curve)
            curve = raw[ASSAY_AF_CURVE];
        for (const char *p = curve; *p; p++)
            if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e ||
                p - curve > 40) {
                snprintf(err, errlen, "bad curve name '%s'", curve);
                return ASSAY_EINVAL;
            }
    }
    if (raw[ASSAY_AF_HASH] && raw[ASSAY_AF_HASH][0]) {
        hash = assay__crypto_algorithm(raw[ASSAY_AF_HASH],
                                       strlen(raw[ASSAY_AF_HASH]));
        if (!hash || strcmp(algo_find(hash)->primitive, "hash") ||
            (strict && strcmp(hash, raw[ASSAY_AF_HASH]))) {
            if (strict) {
                snprintf(err, errlen, "bad hash '%s': a canonical hash name "
                                      "(SHA-256, SM3...)", raw[ASSAY_AF_HASH]);
                return ASSAY_EINVAL;
            }
            hash = NULL;
        }
    }
    if (raw[ASSAY_AF_OID]) {
        if (!valid_oid(raw[ASSAY_AF_OID])) {
            snprintf(err, errlen, "bad oid '%s' (dotted numbers)",
                     raw[ASSAY_AF_OID]);
            return ASSAY_EINVAL;
        }
        oid = raw[ASSAY_AF_OID];
    } else {
        oid = param_oid(alg, size, mode_name[0] ? mode_name : NULL);
        if (!oid && !mode)
            oid = al->oid;
    }
    if (!raw[ASSAY_AF_EVIDENCE] ||
        !assay__in_list(raw[ASSAY_AF_EVIDENCE], assay__asset_evidences)) {
        snprintf(err, errlen, "'asset' needs 'evidence': call, name, "
                              "constant, certificate or key");
        return ASSAY_EINVAL;
    }

    /* name: family, size, mode, curve, hash, padding; a curve seen on its
     * own is named by the curve ("brainpoolP256r1", not the family) */
    if (curve && !strcmp(al->primitive, "other")) {
        assay_buf_puts(&name, curve);
        curve = NULL;
        curve_shown = 1;
    } else {
        assay_buf_puts(&name, alg);
    }
    if (size && !size_in_name(alg) && !curve)
        assay_buf_printf(&name, "-%u", size);
    if (mode_name[0]) {
        assay_buf_putc(&name, '-');
        upper_into(&name, mode_name);
    }
    if (curve && strcmp(curve, alg))
        assay_buf_printf(&name, "-%s", curve);
    if (hash)
        assay_buf_printf(&name, "-%s", hash);
    if (pad_name[0] && strcmp(pad_name, "raw")) {
        assay_buf_putc(&name, '-');
        upper_into(&name, pad_name);
    }
    if (assay_buf_failed(&name) || !(a = assay__calloc(1, sizeof(*a)))) {
        assay_buf_free(&name);
        return ASSAY_ENOMEM;
    }
    a->pub.name = own(a, assay_buf_cstr(&name));
    assay_buf_free(&name);
    /* canonical names and enumerations are static strings */
    a->pub.algorithm = alg;
    a->pub.primitive = prim == al->primitive ? prim : own(a, prim);
    a->pub.mode = mode;
    a->pub.padding = pad;
    a->pub.size = size;
    if (curve_shown)
        curve = curve_canon(raw[ASSAY_AF_CURVE]) ? curve_canon(raw[ASSAY_AF_CURVE])
                                                 : raw[ASSAY_AF_CURVE];
    a->pub.curve = curve ? own(a, curve) : NULL;
    a->pub.oid = oid ? own(a, oid) : NULL;
    a->pub.hash = hash;
    a->pub.evidence = own(a, raw[ASSAY_AF_EVIDENCE]);
    if (!a->pub.name || !a->pub.primitive || (curve && !a->pub.curve) ||
        (oid && !a->pub.oid) || !a->pub.evidence) {
        assay__asset_free(a);
        return ASSAY_ENOMEM;
    }
    *out = a;
    return 0;
}

/* Expand {name} in one template value from the match's captures. */
static char *expand(const char *tpl,
                    const char *(*capture)(void *, const char *, size_t,
                                           size_t *),
                    void *ctx)
{
    assay_buf b = ASSAY_BUF_INIT;
    b.max = 256;
    while (*tpl) {
        const char *close;
        if (*tpl == '{' && (close = strchr(tpl, '}')) && close - tpl < 64) {
            size_t len = 0;
            const char *v = capture(ctx, tpl + 1, (size_t)(close - tpl - 1),
                                    &len);
            if (v)
                assay_buf_put(&b, v, len < 64 ? len : 64);
            tpl = close + 1;
            continue;
        }
        assay_buf_putc(&b, *tpl++);
    }
    if (b.oom) {
        assay_buf_free(&b);
        return NULL;
    }
    if (b.toobig) {
        b.toobig = 0;
        b.len = 0;
    }
    return assay_buf_take(&b);
}

int assay__asset_resolve(const assay__asset_tpl *t,
                         const char *(*capture)(void *, const char *, size_t,
                                                size_t *),
                         void *ctx, assay__asset **out)
{
    char *vals[ASSAY_AF_COUNT] = {0};
    const char *raw[ASSAY_AF_COUNT];
    char err[256];
    int rc = 0;

    *out = NULL;
    for (int i = 0; i < ASSAY_AF_COUNT; i++) {
        raw[i] = t->raw[i];
        if (t->raw[i] && strchr(t->raw[i], '{')) {
            if (!(vals[i] = expand(t->raw[i], capture, ctx))) {
                rc = ASSAY_ENOMEM;
                goto done;
            }
            raw[i] = vals[i];
        }
    }
    rc = assay__asset_build(raw, 0, out, err, sizeof(err));
    if (rc == ASSAY_EINVAL)
        rc = 1; /* the captured text names nothing we know */
done:
    for (int i = 0; i < ASSAY_AF_COUNT; i++)
        assay__free(vals[i]);
    return rc;
}

/* ---- writing ------------------------------------------------------------- */

void assay__asset_json(assay_buf *b, const assay_asset *a)
{
    static const char *const keys[] = {"name", "algorithm", "primitive",
                                       "mode", "padding"};
    const char *vals[] = {a->name, a->algorithm, a->primitive, a->mode,
                          a->padding};
    int first = 1;

    assay_buf_putc(b, '{');
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (!vals[i])
            continue;
        assay_buf_printf(b, "%s\"%s\":", first ? "" : ",", keys[i]);
        assay_json_str(b, vals[i]);
        first = 0;
    }
    if (a->size)
        assay_buf_printf(b, ",\"size\":%u", a->size);
    {
        static const char *const k2[] = {"curve", "oid", "hash", "evidence",
                                         "signature", "subject", "issuer",
                                         "not_before", "not_after"};
        const char *v2[] = {a->curve, a->oid, a->hash, a->evidence,
                            a->signature, a->subject, a->issuer,
                            a->not_before, a->not_after};
        for (size_t i = 0; i < sizeof(k2) / sizeof(k2[0]); i++) {
            if (!v2[i])
                continue;
            assay_buf_printf(b, ",\"%s\":", k2[i]);
            assay_json_str(b, v2[i]);
        }
    }
    assay_buf_putc(b, '}');
}

/* ---- certificates -------------------------------------------------------- */

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#define CERT_MAX_BYTES (64u * 1024)

static char *name_text(const X509_NAME *n)
{
    BIO *b = BIO_new(BIO_s_mem());
    char *p = NULL, *out = NULL;
    long len;
    if (!b)
        return NULL;
    if (X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >=
        0) {
        len = BIO_get_mem_data(b, &p);
        out = assay__strndup(p ? p : "", len > 0 ? (size_t)len : 0);
    }
    BIO_free(b);
    return out;
}

static int time_text(const ASN1_TIME *t, char out[32])
{
    struct tm tm;
    if (!t || !ASN1_TIME_to_tm(t, &tm))
        return -1;
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return 0;
}

/* The signing key's family from an OpenSSL public-key NID. */
static const char *pkey_family(int nid)
{
    switch (nid) {
    case NID_rsaEncryption: case NID_rsassaPss: return "RSA";
    case NID_dsa: return "DSA";
    case NID_X9_62_id_ecPublicKey: return "ECDSA";
    case NID_ED25519: return "Ed25519";
    case NID_ED448: return "Ed448";
    case NID_X25519: return "X25519";
    case NID_X448: return "X448";
    case NID_sm2: return "SM2";
    default: return NULL;
    }
}

int assay__cert_asset(const char *data, size_t len, assay__asset **out)
{
    X509 *x = NULL;
    EVP_PKEY *pk;
    assay__asset *a = NULL;
    const char *raw[ASSAY_AF_COUNT] = {0};
    char err[128], curve[64] = "", bits[16] = "", nb[32], na[32];
    char *subject = NULL, *issuer = NULL;
    const char *key_alg, *sig_alg = NULL, *hash = NULL;
    int md_nid = NID_undef, pk_nid = NID_undef, rc = 1;

    *out = NULL;
    if (len > CERT_MAX_BYTES)
        len = CERT_MAX_BYTES;
    if (len >= 11 && !memcmp(data, "-----BEGIN ", 11)) {
        BIO *b = BIO_new_mem_buf(data, (int)len);
        if (!b)
            return ASSAY_ENOMEM;
        x = PEM_read_bio_X509(b, NULL, NULL, NULL);
        BIO_free(b);
    } else {
        const unsigned char *p = (const unsigned char *)data;
        x = d2i_X509(NULL, &p, (long)len);
    }
    if (!x)
        return 1; /* not a certificate after all */
    pk = X509_get0_pubkey(x);
    key_alg = pk ? pkey_family(EVP_PKEY_get_base_id(pk)) : NULL;
    if (!key_alg)
        goto done; /* a key type we cannot name */
    if (pk && EVP_PKEY_get_bits(pk) > 0)
        snprintf(bits, sizeof(bits), "%d", EVP_PKEY_get_bits(pk));
    if (!strcmp(key_alg, "ECDSA") &&
        !EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, curve,
                                        sizeof(curve), NULL))
        curve[0] = '\0';
    if (OBJ_find_sigid_algs(X509_get_signature_nid(x), &md_nid, &pk_nid)) {
        sig_alg = pkey_family(pk_nid);
        if (md_nid != NID_undef)
            hash = assay__crypto_algorithm(OBJ_nid2sn(md_nid),
                                           strlen(OBJ_nid2sn(md_nid)));
    }
    raw[ASSAY_AF_ALGORITHM] = key_alg;
    raw[ASSAY_AF_PRIMITIVE] = "signature";
    raw[ASSAY_AF_SIZE] = bits[0] && strcmp(key_alg, "Ed25519") &&
                                 strcmp(key_alg, "Ed448")
                             ? bits
                             : NULL;
    raw[ASSAY_AF_CURVE] = curve[0] ? curve : NULL;
    raw[ASSAY_AF_HASH] = hash;
    raw[ASSAY_AF_EVIDENCE] = "certificate";
    rc = assay__asset_build(raw, 0, &a, err, sizeof(err));
    if (rc == ASSAY_EINVAL) {
        rc = 1;
        goto done;
    }
    if (rc < 0)
        goto done;
    subject = name_text(X509_get_subject_name(x));
    issuer = name_text(X509_get_issuer_name(x));
    a->pub.subject = subject ? own(a, subject) : NULL;
    a->pub.issuer = issuer ? own(a, issuer) : NULL;
    if (!time_text(X509_get0_notBefore(x), nb))
        a->pub.not_before = own(a, nb);
    if (!time_text(X509_get0_notAfter(x), na))
        a->pub.not_after = own(a, na);
    a->pub.signature = sig_alg;
    if ((subject && !a->pub.subject) || (issuer && !a->pub.issuer)) {
        rc = ASSAY_ENOMEM;
        goto done;
    }
    *out = a;
    a = NULL;
    rc = 0;
done:
    assay__free(subject);
    assay__free(issuer);
    assay__asset_free(a);
    X509_free(x);
    return rc;
}
