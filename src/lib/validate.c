/* validate.c - offline validators for secret findings.
 * SPDX-License-Identifier: Apache-2.0
 *
 * A rule names a validator with `validate: {check: NAME}` (docs/RULES.md).
 * After the regex matched and the value passed the generic bounds (entropy,
 * length, placeholders), the validator looks at the value, and where the
 * format needs it at the bytes around the match, and decides one of three
 * things:
 *   - the value cannot be a secret of this kind: drop it (a GitHub token
 *     whose CRC32 suffix does not match is a made-up string);
 *   - it is one, and we can say more: keep it, with a note such as
 *     "RSA 2048 bits" added to the message;
 *   - it looks like one but does not parse: keep it at low confidence.
 *
 * Nothing here contacts any service, and nothing tries passwords on a key,
 * except the empty password on a PKCS#12 MAC whose iteration count is
 * capped. Every parse is bounded: blocks are cut at 64 KiB, structures are
 * walked with explicit length checks, entry counts are capped. */
#include "assay_int.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/objects.h>
#include <stdio.h>
#include <string.h>

#define BLOCK_MAX (64u * 1024) /* longest key block looked at */

static const struct {
    const char *name;
    int check;
} check_names[] = {
    {"github-checksum", ASSAY__CHECK_CRC32_BASE62},
    {"npm-checksum", ASSAY__CHECK_CRC32_BASE62},
    {"jwt", ASSAY__CHECK_JWT},
    {"private-key", ASSAY__CHECK_PRIVATE_KEY},
    {"gcp-service-account", ASSAY__CHECK_GCP_SA},
    {"pypi-macaroon", ASSAY__CHECK_PYPI},
    {"bech32", ASSAY__CHECK_BECH32},
    {"credential", ASSAY__CHECK_CREDENTIAL},
    {"basic-auth", ASSAY__CHECK_BASIC_AUTH},
};

int assay__check_find(const char *name)
{
    for (size_t i = 0; i < sizeof(check_names) / sizeof(check_names[0]); i++)
        if (!strcmp(name, check_names[i].name))
            return check_names[i].check;
    return -1;
}

/* ====================================================================
 * Small decoders
 * ==================================================================== */

static int b64val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

/* Base64 or base64url, padding optional; stops at '=' or the end. Returns
 * the decoded length, or -1 on a bad character. `out` holds len*3/4+3. */
static long b64_decode(const char *s, size_t len, unsigned char *out)
{
    uint32_t acc = 0;
    int bits = 0;
    long n = 0;
    for (size_t i = 0; i < len; i++) {
        int v;
        if (s[i] == '=')
            break;
        if ((v = b64val((unsigned char)s[i])) < 0)
            return -1;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (unsigned char)(acc >> bits);
        }
    }
    return n;
}

/* Decode into a fresh buffer; NULL on a bad character or no memory. */
static unsigned char *b64_dup(const char *s, size_t len, size_t *outlen)
{
    unsigned char *o = assay__malloc(len / 4 * 3 + 4);
    long n;
    if (!o)
        return NULL;
    n = b64_decode(s, len, o);
    if (n < 0) {
        assay__free(o);
        return NULL;
    }
    *outlen = (size_t)n;
    return o;
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

/* A big-endian SSH wire-format reader (RFC 4251). */
typedef struct rd {
    const unsigned char *p;
    size_t n;
    int bad;
} rd;

static uint32_t rd_u32(rd *r)
{
    uint32_t v;
    if (r->bad || r->n < 4) {
        r->bad = 1;
        return 0;
    }
    v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
        (uint32_t)r->p[2] << 8 | r->p[3];
    r->p += 4;
    r->n -= 4;
    return v;
}

static const unsigned char *rd_str(rd *r, size_t *len)
{
    uint32_t l = rd_u32(r);
    const unsigned char *s;
    if (r->bad || l > r->n) {
        r->bad = 1;
        *len = 0;
        return NULL;
    }
    s = r->p;
    r->p += l;
    r->n -= l;
    *len = l;
    return s;
}

/* Skip n bytes, or a Java modified-UTF string (u16 length, then bytes). */
static void rd_skip(rd *r, size_t n)
{
    if (r->bad || n > r->n) {
        r->bad = 1;
        return;
    }
    r->p += n;
    r->n -= n;
}

static void rd_skip_utf(rd *r)
{
    if (r->bad || r->n < 2) {
        r->bad = 1;
        return;
    }
    rd_skip(r, 2 + (size_t)(r->p[0] << 8 | r->p[1]));
}

static int str_is(const unsigned char *s, size_t n, const char *lit)
{
    return s && n == strlen(lit) && !memcmp(s, lit, n);
}

/* Bits of a big-endian unsigned integer (an mpint without its sign byte). */
static unsigned bitlen(const unsigned char *s, size_t n)
{
    while (n && !*s) {
        s++;
        n--;
    }
    if (!n)
        return 0;
    {
        unsigned b = (unsigned)(n - 1) * 8;
        for (unsigned char c = *s; c; c >>= 1)
            b++;
        return b;
    }
}

/* "ssh-rsa 2048 bits" from an SSH public key blob. */
static int ssh_pubkey_desc(const unsigned char *p, size_t n, char *out,
                           size_t outlen)
{
    rd r = {p, n, 0};
    size_t tl, el, nl;
    const unsigned char *t = rd_str(&r, &tl), *x;
    char type[64];

    if (r.bad || !tl || tl >= sizeof(type))
        return -1;
    for (size_t i = 0; i < tl; i++)
        if (t[i] < 0x21 || t[i] > 0x7e)
            return -1;
    memcpy(type, t, tl);
    type[tl] = '\0';
    if (!strcmp(type, "ssh-rsa") || !strcmp(type, "ssh-dss")) {
        x = rd_str(&r, &el); /* rsa: e; dsa: p */
        if (!strcmp(type, "ssh-rsa"))
            x = rd_str(&r, &nl);
        else
            nl = el;
        if (r.bad || !x)
            return -1;
        snprintf(out, outlen, "%s %u bits", type, bitlen(x, nl));
    } else if (strstr(type, "ed25519")) {
        snprintf(out, outlen, "%s 256 bits", type);
    } else if (strstr(type, "nistp256")) {
        snprintf(out, outlen, "%s 256 bits", type);
    } else if (strstr(type, "nistp384")) {
        snprintf(out, outlen, "%s 384 bits", type);
    } else if (strstr(type, "nistp521")) {
        snprintf(out, outlen, "%s 521 bits", type);
    } else if (strstr(type, "ed448")) {
        snprintf(out, outlen, "%s 456 bits", type);
    } else {
        snprintf(out, outlen, "%s", type);
    }
    return 0;
}

/* ====================================================================
 * Token checksums
 * ==================================================================== */

/* GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens end with the
 * CRC32 of the random part, in base62 (0-9A-Za-z), left-padded to 6. */
static int check_crc32_base62(const char *v, size_t n)
{
    static const char alpha[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const char *us = NULL;
    uint64_t want = 0;
    size_t body;

    for (size_t i = 0; i < n; i++)
        if (v[i] == '_')
            us = v + i;
    if (!us)
        return 0;
    us++;
    body = (size_t)(v + n - us);
    if (body < 7)
        return 0;
    for (size_t i = body - 6; i < body; i++) {
        const char *c = memchr(alpha, us[i], 62);
        if (!c)
            return 0;
        want = want * 62 + (uint64_t)(c - alpha);
    }
    return crc32_of((const unsigned char *)us, body - 6) == want;
}

/* Bech32 (BIP 173) checksum, as age secret keys carry it. */
static int check_bech32(const char *v, size_t n)
{
    static const char cs[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
                                    0x3d4233dd, 0x2a1462b3};
    uint32_t chk = 1;
    size_t sep = 0;
    char low[512];

    if (n < 8 || n >= sizeof(low))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (c == '1')
            sep = i;
    }
    if (!sep || sep + 7 > n)
        return 0;
#define POLY(x)                                                                \
    do {                                                                       \
        uint32_t b_ = chk >> 25;                                               \
        chk = ((chk & 0x1ffffff) << 5) ^ (uint32_t)(x);                        \
        for (int k_ = 0; k_ < 5; k_++)                                         \
            if ((b_ >> k_) & 1)                                                \
                chk ^= gen[k_];                                                \
    } while (0)
    for (size_t i = 0; i < sep; i++)
        POLY((unsigned char)low[i] >> 5);
    POLY(0);
    for (size_t i = 0; i < sep; i++)
        POLY((unsigned char)low[i] & 31);
    for (size_t i = sep + 1; i < n; i++) {
        const char *p = memchr(cs, low[i], 32);
        if (!p)
            return 0;
        POLY(p - cs);
    }
#undef POLY
    return chk == 1;
}

/* ====================================================================
 * JWT and JSON documents
 * ==================================================================== */

static json_t *json_b64(const char *s, size_t n)
{
    size_t dl;
    unsigned char *d = b64_dup(s, n, &dl);
    json_t *j;
    if (!d)
        return NULL;
    j = json_loadb((const char *)d, dl, JSON_REJECT_DUPLICATES, NULL);
    assay__free(d);
    return j;
}

static void check_jwt(const char *v, size_t n, assay__check_result *out)
{
    const char *dot = memchr(v, '.', n), *dot2;
    json_t *h, *p;
    const char *alg;

    if (!dot) {
        out->keep = 0;
        return;
    }
    dot2 = memchr(dot + 1, '.', (size_t)(v + n - dot - 1));
    h = json_b64(v, (size_t)(dot - v));
    alg = h ? json_string_value(json_object_get(h, "alg")) : NULL;
    if (!json_is_object(h) || !alg) {
        out->keep = 0; /* eyJ... that is not a JOSE header */
        json_decref(h);
        return;
    }
    snprintf(out->note, sizeof(out->note), "alg %.20s", alg);
    p = dot2 ? json_b64(dot + 1, (size_t)(dot2 - dot - 1)) : NULL;
    if (!json_is_object(p))
        out->confidence = ASSAY_CONF_LOW; /* payload is not JSON */
    else if (json_is_integer(json_object_get(p, "exp")))
        snprintf(out->note + strlen(out->note),
                 sizeof(out->note) - strlen(out->note), ", with exp");
    json_decref(h);
    json_decref(p);
}

/* ====================================================================
 * Private keys and key stores
 * ==================================================================== */

static void describe_pkey(EVP_PKEY *k, const char *prefix, char *out,
                          size_t outlen)
{
    const char *t = EVP_PKEY_get0_type_name(k);
    snprintf(out, outlen, "%s%s %d bits", prefix, t ? t : "key",
             EVP_PKEY_get_bits(k));
}

/* DER private key (PKCS#1 RSA, SEC1 EC, DSA, PKCS#8): 0 if it parses. */
static int der_private_key(const unsigned char *d, size_t n, char *note,
                           size_t notelen)
{
    const unsigned char *p = d;
    EVP_PKEY *k;
    if (n > BLOCK_MAX)
        return -1;
    k = d2i_AutoPrivateKey(NULL, &p, (long)n);
    if (!k)
        return -1;
    describe_pkey(k, "", note, notelen);
    EVP_PKEY_free(k);
    return 0;
}

static int der_encrypted_pkcs8(const unsigned char *d, size_t n, char *note,
                               size_t notelen)
{
    const unsigned char *p = d;
    X509_SIG *sig = d2i_X509_SIG(NULL, &p, (long)n);
    const X509_ALGOR *alg = NULL;
    const ASN1_OBJECT *obj = NULL;
    char name[80] = "?";
    if (!sig)
        return -1;
    X509_SIG_get0(sig, &alg, NULL);
    if (alg) {
        X509_ALGOR_get0(&obj, NULL, NULL, alg);
        if (obj)
            OBJ_obj2txt(name, sizeof(name), obj, 0);
    }
    snprintf(note, notelen, "encrypted PKCS#8 (%s)", name);
    X509_SIG_free(sig);
    return 0;
}

/* PKCS#12: parse, and try the empty password on the MAC only. The MAC's
 * iteration count is capped and only a store that starts its file is
 * tried (probe = 1), so a hostile file full of headers cannot stall the
 * scan. */
static int der_pkcs12(const unsigned char *d, size_t n, int probe, char *note,
                      size_t notelen)
{
    const unsigned char *p = d;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)n);
    const ASN1_INTEGER *iter = NULL;
    int open = 0;
    if (!p12)
        return -1;
    if (PKCS12_mac_present(p12)) {
        long it = 1;
        PKCS12_get0_mac(NULL, NULL, NULL, &iter, p12);
        if (iter)
            it = ASN1_INTEGER_get(iter);
        if (probe && it > 0 && it <= 10000)
            open = PKCS12_verify_mac(p12, "", 0) ||
                   PKCS12_verify_mac(p12, NULL, 0);
    }
    snprintf(note, notelen, "%s",
             open ? "its MAC verifies with an empty password: anyone can "
                    "open it"
                  : "password-protected");
    PKCS12_free(p12);
    return 0;
}

/* Java KeyStore (0xFEEDFEED) and JCEKS (0xCECECECE): walk the entries and
 * count private keys. A store with trusted certificates only is a trust
 * store: public data. Returns 1 with private keys, 0 without, -1 broken. */
static int java_keystore(const unsigned char *d, size_t n, char *note,
                         size_t notelen)
{
    rd r = {d, n, 0};
    uint32_t magic = rd_u32(&r), ver = rd_u32(&r), cnt = rd_u32(&r);
    uint32_t keys = 0, certs = 0, secret = 0, i;

    if (r.bad || (magic != 0xfeedfeedu && magic != 0xcecececeu))
        return -1;
    if (ver != 1 && ver != 2)
        return -1;
    for (i = 0; i < cnt && i < 10000 && !r.bad; i++) {
        uint32_t tag = rd_u32(&r);
        size_t l;
        rd_skip_utf(&r); /* alias */
        rd_skip(&r, 8);  /* timestamp */
        if (r.bad)
            break;
        if (tag == 1) { /* private key + certificate chain */
            uint32_t chain;
            keys++;
            rd_str(&r, &l);
            chain = rd_u32(&r);
            for (uint32_t c = 0; c < chain && c < 100 && !r.bad; c++) {
                if (ver == 2) {
                    rd_skip_utf(&r); /* certificate type */
                    if (r.bad)
                        break;
                }
                rd_str(&r, &l);
            }
        } else if (tag == 2) { /* trusted certificate */
            certs++;
            if (ver == 2) {
                rd_skip_utf(&r); /* certificate type */
                if (r.bad)
                    break;
            }
            rd_str(&r, &l);
        } else if (tag == 3) { /* JCEKS secret key: serialized object */
            secret++;
            break; /* Java serialization: stop walking, it is a secret */
        } else {
            r.bad = 1;
        }
    }
    if (r.bad && !keys && !secret)
        return -1;
    snprintf(note, notelen, "%u private key%s, %u certificate%s%s", keys,
             keys == 1 ? "" : "s", certs, certs == 1 ? "" : "s",
             secret ? ", secret keys" : "");
    return keys || secret ? 1 : 0;
}

/* OpenSSH's own format: "openssh-key-v1\0", cipher, kdf, kdf options,
 * number of keys, then the public key of the first. */
static int openssh_key(const unsigned char *d, size_t n, char *note,
                       size_t notelen)
{
    static const char magic[] = "openssh-key-v1";
    rd r;
    size_t cl, kl, ol, pl;
    const unsigned char *ciph, *pub;
    char desc[96];

    if (n < sizeof(magic) || memcmp(d, magic, sizeof(magic)))
        return -1;
    r.p = d + sizeof(magic);
    r.n = n - sizeof(magic);
    r.bad = 0;
    ciph = rd_str(&r, &cl);
    rd_str(&r, &kl);
    rd_str(&r, &ol);
    if (rd_u32(&r) < 1 || r.bad)
        return -1;
    pub = rd_str(&r, &pl);
    if (r.bad || ssh_pubkey_desc(pub, pl, desc, sizeof(desc)) < 0)
        return -1;
    snprintf(note, notelen, "OpenSSH %s, %s", desc,
             str_is(ciph, cl, "none") ? "not encrypted"
                                      : "encrypted with a passphrase");
    return 0;
}

/* The first OpenPGP packet must be a secret key (tag 5). */
static int pgp_secret_key(const unsigned char *d, size_t n, char *note,
                          size_t notelen)
{
    size_t i = 0, blen;
    unsigned tag, ver, algo;
    const char *an;

    if (n < 8 || !(d[0] & 0x80))
        return -1;
    if (d[0] & 0x40) { /* new format */
        tag = d[0] & 0x3f;
        if (d[1] < 192) {
            i = 2;
        } else if (d[1] < 224) {
            i = 3;
        } else if (d[1] == 255) {
            i = 6;
        } else {
            return -1;
        }
    } else {
        static const size_t hl[4] = {2, 3, 5, 1};
        tag = (d[0] >> 2) & 0xf;
        i = hl[d[0] & 3];
    }
    if (tag != 5 || i + 6 > n)
        return -1;
    ver = d[i];
    if (ver < 4 || ver > 6)
        return -1;
    algo = d[i + 5];
    i += 6;
    if (ver == 5 || ver == 6)
        i += 4; /* key material length */
    switch (algo) {
    case 1: case 2: case 3: an = "RSA"; break;
    case 16: an = "ElGamal"; break;
    case 17: an = "DSA"; break;
    case 18: an = "ECDH"; break;
    case 19: an = "ECDSA"; break;
    case 22: an = "EdDSA"; break;
    case 25: an = "X25519"; break;
    case 26: an = "X448"; break;
    case 27: an = "Ed25519"; break;
    case 28: an = "Ed448"; break;
    default: return -1;
    }
    blen = 0;
    if ((algo <= 3 || algo == 16 || algo == 17) && i + 2 <= n)
        blen = (size_t)d[i] << 8 | d[i + 1];
    if (blen)
        snprintf(note, notelen, "OpenPGP v%u %s %zu bits secret key", ver,
                 an, blen);
    else
        snprintf(note, notelen, "OpenPGP v%u %s secret key", ver, an);
    return 0;
}

/* The body of a PEM-like block starting at `p` (the "-----BEGIN" line),
 * with the usual wrappings undone: real line breaks, escaped "\n" inside
 * string literals, quotes, '+' and ',' between string pieces. Header lines
 * ("Proc-Type: ...") are skipped and reported. */
typedef struct pem_block {
    char label[48];
    assay_buf body; /* base64 (or hex) characters only */
    int encrypted;  /* a Proc-Type: 4,ENCRYPTED header */
    int ended;      /* the END line was found */
    int junk;       /* a line held something else than key characters */
} pem_block;

static int pem_parse(const char *p, const char *end, pem_block *pb)
{
    const char *q, *lab;
    size_t ll;

    memset(pb, 0, sizeof(*pb));
    if (end - p > BLOCK_MAX)
        end = p + BLOCK_MAX;
    if (end - p < 16 || memcmp(p, "-----BEGIN ", 11))
        return -1;
    lab = p + 11;
    q = lab;
    while (q < end && q - lab < 47 && *q != '-' && *q != '\n')
        q++;
    ll = (size_t)(q - lab);
    memcpy(pb->label, lab, ll);
    pb->label[ll] = '\0';
    while (q < end && *q == '-')
        q++;
    while (q < end) {
        /* one line: up to a real newline or an escaped one */
        const char *ls = q, *le;
        int colon = 0, bad = 0;
        size_t start = pb->body.len;
        while (q < end && *q != '\n' &&
               !(*q == '\\' && q + 1 < end && (q[1] == 'n' || q[1] == 'r')))
            q++;
        le = q;
        if (q < end)
            q += *q == '\n' ? 1 : 2;
        {
            const char *t = ls;
            while (t < le && (*t == ' ' || *t == '\t' || *t == '"' ||
                              *t == '\'' || *t == '+' || *t == ',' ||
                              *t == '\r' || *t == '\\'))
                t++;
            if (le - t >= 8 && !memcmp(t, "-----END", 8)) {
                pb->ended = 1;
                break;
            }
        }
        for (const char *t = ls; t < le; t++) {
            unsigned char c = (unsigned char)*t;
            if (b64val(c) >= 0 && c != '-' && c != '_')
                assay_buf_putc(&pb->body, (char)c);
            else if (c == ':')
                colon = 1;
            else if (c == '=' || c == ' ' || c == '\t' || c == '"' ||
                     c == '\'' || c == '+' || c == ',' || c == ';' ||
                     c == '\r' || c == '\\' || c == '(' || c == ')')
                ;
            else
                bad = 1;
        }
        if (colon) { /* a header line */
            if (memmem(ls, (size_t)(le - ls), "ENCRYPTED", 9))
                pb->encrypted = 1;
            pb->body.len = start;
            continue;
        }
        if (le > ls && *ls == '=' && le - ls <= 8) {
            pb->body.len = start; /* PGP armor checksum: the body is over */
            pb->ended = 1;
            break;
        }
        if (bad) {
            pb->junk = 1;
            pb->body.len = start;
        }
    }
    return assay_buf_failed(&pb->body) ? -1 : 0;
}

/* The note for a PEM block; 0 when the key parsed, -1 when it did not. */
static int pem_key(const char *p, const char *end, char *note, size_t notelen)
{
    pem_block pb;
    unsigned char *der = NULL;
    size_t dl = 0;
    int rc = -1;
    const char *L;

    if (pem_parse(p, end, &pb) < 0) {
        assay_buf_free(&pb.body);
        return -1;
    }
    L = pb.label;
    if (!strncmp(L, "OpenVPN Static key", 18)) {
        size_t hex = 0;
        for (size_t i = 0; i < pb.body.len; i++)
            hex += !!strchr("0123456789abcdefABCDEF", pb.body.ptr[i]);
        if (hex == pb.body.len && hex >= 256) {
            snprintf(note, notelen, "OpenVPN static key, %zu bits", hex * 4);
            rc = 0;
        }
        goto done;
    }
    if (!pb.body.len ||
        !(der = b64_dup(pb.body.ptr, pb.body.len, &dl)) || !dl)
        goto done;
    if (pb.encrypted) {
        /* legacy PEM encryption: the type is in the label; the structure
         * cannot be checked without the passphrase */
        snprintf(note, notelen, "%s, encrypted with a passphrase", L);
        rc = 0;
    } else if (!strcmp(L, "ENCRYPTED PRIVATE KEY")) {
        rc = der_encrypted_pkcs8(der, dl, note, notelen);
    } else if (!strcmp(L, "OPENSSH PRIVATE KEY")) {
        rc = openssh_key(der, dl, note, notelen);
    } else if (!strcmp(L, "PGP PRIVATE KEY BLOCK")) {
        rc = pgp_secret_key(der, dl, note, notelen);
    } else if (!strcmp(L, "SSH2 ENCRYPTED PRIVATE KEY")) {
        if (dl >= 8 && der[0] == 0x3f && der[1] == 0x6f && der[2] == 0xf9 &&
            der[3] == 0xeb) {
            snprintf(note, notelen, "SSH2 (SECSH) private key");
            rc = 0;
        }
    } else {
        rc = der_private_key(der, dl, note, notelen);
    }
done:
    if (rc < 0 && !pb.ended)
        snprintf(note, notelen, "truncated key block");
    else if (rc < 0)
        snprintf(note, notelen, "%s", pb.junk ? "not key material"
                                              : "does not parse as a key");
    assay__free(der);
    assay_buf_free(&pb.body);
    return rc;
}

/* PuTTY PPK: the type and the encryption are in the header; the public
 * lines give the size. */
static int putty_key(const char *p, const char *end, char *note,
                     size_t notelen)
{
    const char *enc = NULL, *pl;
    char desc[96], encname[32] = "?";
    assay_buf b64 = ASSAY_BUF_INIT;
    unsigned char *blob;
    size_t bl = 0;
    long lines;
    int rc = -1;

    if (end - p > BLOCK_MAX)
        end = p + BLOCK_MAX;
    enc = memmem(p, (size_t)(end - p), "\nEncryption: ", 13);
    pl = memmem(p, (size_t)(end - p), "\nPublic-Lines: ", 15);
    if (!pl)
        return -1;
    if (enc) {
        size_t i = 0;
        enc += 13;
        while (enc + i < end && i < sizeof(encname) - 1 &&
               enc[i] != '\n' && enc[i] != '\r') {
            encname[i] = enc[i];
            i++;
        }
        encname[i] = '\0';
    }
    pl += 15;
    lines = 0; /* the buffer need not end with a NUL: no strtol */
    while (pl < end && *pl >= '0' && *pl <= '9' && lines < 1000)
        lines = lines * 10 + (*pl++ - '0');
    pl = memchr(pl, '\n', (size_t)(end - pl));
    for (long i = 0; pl && i < lines && i < 64; i++) {
        const char *e = memchr(pl + 1, '\n', (size_t)(end - pl - 1));
        if (!e)
            e = end;
        for (const char *t = pl + 1; t < e; t++)
            if (b64val((unsigned char)*t) >= 0)
                assay_buf_putc(&b64, *t);
        pl = e < end ? e : NULL;
    }
    if (!assay_buf_failed(&b64) && b64.len &&
        (blob = b64_dup(b64.ptr, b64.len, &bl))) {
        if (ssh_pubkey_desc(blob, bl, desc, sizeof(desc)) == 0) {
            snprintf(note, notelen, "PuTTY %s, %s", desc,
                     !strcmp(encname, "none") ? "not encrypted"
                                              : "encrypted with a passphrase");
            rc = 0;
        }
        assay__free(blob);
    }
    if (rc < 0)
        snprintf(note, notelen, "does not parse as a key");
    assay_buf_free(&b64);
    return rc;
}

/* The length of a DER element starting at d (header included), or 0. */
static size_t der_len(const unsigned char *d, size_t n)
{
    size_t len, hl;
    if (n < 2 || d[0] != 0x30)
        return 0;
    if (d[1] < 0x80) {
        len = d[1];
        hl = 2;
    } else {
        unsigned k = d[1] & 0x7f;
        if (k == 0 || k > 3 || n < 2 + k)
            return k == 0 ? n : 0; /* indefinite (BER): up to the end */
        len = 0;
        for (unsigned i = 0; i < k; i++)
            len = len << 8 | d[2 + i];
        hl = 2 + k;
    }
    return hl + len <= n ? hl + len : 0;
}

static void check_private_key(const char *data, size_t len, size_t ms,
                              size_t vs, size_t ve, assay__check_result *out)
{
    const char *p = data + ms, *end = data + len;
    const unsigned char *u = (const unsigned char *)p;
    char *note = out->note;
    size_t nl = sizeof(out->note), rest = len - ms;
    int rc = -1;

    if (rest >= 11 && !memcmp(p, "-----BEGIN ", 11)) {
        rc = pem_key(p, end, note, nl);
    } else if (rest >= 20 && !memcmp(p, "PuTTY-User-Key-File-", 20)) {
        rc = putty_key(p, end, note, nl);
    } else if (rest >= 4 && ((u[0] == 0xfe && u[1] == 0xed && u[2] == 0xfe &&
                              u[3] == 0xed) ||
                             (u[0] == 0xce && u[1] == 0xce && u[2] == 0xce &&
                              u[3] == 0xce))) {
        rc = java_keystore(u, rest > (64u << 20) ? 64u << 20 : rest, note, nl);
        if (rc == 0) { /* a trust store: certificates are public */
            out->confidence = ASSAY_CONF_LOW;
            return;
        }
        rc = rc > 0 ? 0 : -1;
    } else if (u[0] == 0x30) {
        size_t dl = der_len(u, rest);
        if (dl >= 3 && dl <= (16u << 20)) {
            /* PKCS#12 has version 3 right after the outer header */
            const unsigned char *q = u + 2 + (u[1] & 0x80 ? (u[1] & 0x7f) : 0);
            if (q + 3 <= u + dl && q[0] == 2 && q[1] == 1 && q[2] == 3)
                rc = der_pkcs12(u, dl, ms == 0, note, nl);
            else
                rc = der_private_key(u, dl, note, nl);
        }
        if (rc < 0)
            snprintf(note, nl, "does not parse as a key");
    } else if (ve - vs >= 16) {
        /* base64 of a PEM block or of a key store, as in kubeconfig
         * `client-key-data`, Kubernetes secrets or CI variables */
        size_t n = ve - vs, dl = 0;
        unsigned char *d;
        if (n > BLOCK_MAX)
            n = BLOCK_MAX;
        d = b64_dup(data + vs, n & ~(size_t)3, &dl);
        if (d && dl > 11 && !memcmp(d, "-----BEGIN ", 11)) {
            rc = pem_key((const char *)d, (const char *)d + dl, note, nl);
        } else if (d && dl > 4 && ((d[0] == 0xfe && d[1] == 0xed) ||
                                   (d[0] == 0xce && d[1] == 0xce))) {
            rc = java_keystore(d, dl, note, nl);
            if (rc == 0) {
                out->confidence = ASSAY_CONF_LOW;
                assay__free(d);
                return;
            }
            rc = rc > 0 ? 0 : -1;
        } else if (d && dl > 4 && d[0] == 0x30) {
            size_t el = der_len(d, dl);
            rc = el ? der_pkcs12(d, el, 0, note, nl) : -1;
        }
        if (rc < 0 && !note[0])
            snprintf(note, nl, "does not parse as a key");
        assay__free(d);
    }
    if (rc < 0)
        out->confidence = ASSAY_CONF_LOW;
}

/* ====================================================================
 * GCP service account JSON
 * ==================================================================== */

static void check_gcp_sa(const char *data, size_t len, size_t ms,
                         assay__check_result *out)
{
    size_t a = ms, lim = ms > 4096 ? ms - 4096 : 0;
    json_t *j = NULL;
    json_error_t err;
    const char *pk;

    while (a > lim && data[a] != '{')
        a--;
    if (data[a] == '{')
        j = json_loadb(data + a, len - a > BLOCK_MAX ? BLOCK_MAX : len - a,
                       JSON_DISABLE_EOF_CHECK, &err);
    if (!json_is_object(j)) {
        /* not plain JSON (escaped in a string, YAML...): look for the
         * fields by name */
        size_t w = len - ms > 4096 ? 4096 : len - ms;
        int fields = !!memmem(data + a, ms - a + w, "\"client_email\"", 14) +
                     !!memmem(data + a, ms - a + w, "\"project_id\"", 12);
        if (fields < 2)
            out->confidence = ASSAY_CONF_LOW;
        json_decref(j);
        return;
    }
    if (!json_string_value(json_object_get(j, "project_id")) ||
        !json_string_value(json_object_get(j, "client_email"))) {
        out->confidence = ASSAY_CONF_LOW;
        snprintf(out->note, sizeof(out->note), "incomplete key file");
    }
    pk = json_string_value(json_object_get(j, "private_key"));
    if (pk) {
        char kn[sizeof(out->note)];
        kn[0] = '\0';
        if (pem_key(pk, pk + strlen(pk), kn, sizeof(kn)) == 0)
            snprintf(out->note, sizeof(out->note), "%s", kn);
        else
            out->confidence = ASSAY_CONF_LOW;
    }
    json_decref(j);
}

/* ====================================================================
 * PyPI tokens: a macaroon (v2 binary format) for pypi.org
 * ==================================================================== */

static void check_pypi(const char *v, size_t n, assay__check_result *out)
{
    size_t dl = 0, i = 1, fields = 0;
    unsigned char *d;
    int loc = 0, ident = 0;

    if (n < 6 || memcmp(v, "pypi-", 5)) {
        out->keep = 0;
        return;
    }
    d = b64_dup(v + 5, n - 5, &dl);
    if (!d || dl < 4 || d[0] != 2) {
        out->confidence = ASSAY_CONF_LOW;
        assay__free(d);
        return;
    }
    /* first section: fields (type, varint length, data) up to EOS (0) */
    while (i < dl && d[i] != 0 && fields < 8) {
        unsigned type = d[i++];
        size_t flen = 0;
        unsigned shift = 0;
        while (i < dl && shift < 28) {
            flen |= (size_t)(d[i] & 0x7f) << shift;
            shift += 7;
            if (!(d[i++] & 0x80))
                break;
        }
        if (i + flen > dl)
            break;
        if (type == 1 && (flen == 8 || flen == 13) &&
            memmem(d + i, flen, "pypi.org", 8))
            loc = 1;
        if (type == 2 && flen >= 16)
            ident = 1;
        i += flen;
        fields++;
    }
    if (loc && ident)
        snprintf(out->note, sizeof(out->note), "macaroon for pypi.org");
    else
        out->confidence = ASSAY_CONF_LOW;
    assay__free(d);
}

/* ====================================================================
 * Generic credentials: the value must look like a secret, not like a
 * reference to one, a placeholder or a piece of code.
 * ==================================================================== */

static int has_word(const char *low, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strstr(low, words[i]))
            return 1;
    return 0;
}

int assay__credential_is_noise(const char *v, size_t n)
{
    static const char *const refs[] = {
        "${", "#{", "{{", "}}", "%s", "%d", "%(", "%v", "$(", "os.environ",
        "getenv", "process.env", "env[", "env.", "env(", "environ",
        "settings.", "config.", "secrets.", "vault:", "parameter:", "ssm:",
        "keyvault", "secretkeyref", "valuefrom", "()", "->", "::",
        "enc[", "enc(", "aes256_gcm", "vault:v", "!vault", NULL};
    static const char *const fillers[] = {
        "changeme", "change_me", "change-me", "changeit", "example",
        "sample", "placeholder", "dummy", "fake", "mock", "test", "xxx",
        "***", "...", "your", "redacted", "hidden", "masked", "insert",
        "enter", "replace", "todo", "fixme", "tbd", "notset", "not_set",
        "undefined", "password", "passwd", "secret", "qwerty", "letmein",
        "abc123", "123456", "abcdef", "foobar", "hunter2", "lorem", NULL};
    /* the example values of the OAuth RFCs (5849, 6749, 6750), copied into
     * many libraries' documentation and tests */
    static const char *const doc_values[] = {
        "ad180jjd733klru7", "nnch734d00sl2jdk", "hh5s93j4hdidpola",
        "kllo9940pd9333jh", "9djdj82h48djs9d2", "wIjqoS", "dh893hdasih9",
        "2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA",
        "SplxlOBeZQQYbYS6WxSbIA", "mF_9.B5f-4.1JqM", "gX1fBat3bV",
        "s6BhdRkqt3", "8xLOxBtZp8", "7Fjfp0ZBr1KtDRbnfVdmIw", NULL};
    char low[256];
    size_t m = n < sizeof(low) - 1 ? n : sizeof(low) - 1;
    int lower = 0, upper = 0, digit = 0, other = 0, under = 0, dots = 0;

    if (n < 6)
        return 1;
    for (size_t i = 0; doc_values[i]; i++)
        if (n == strlen(doc_values[i]) && !memcmp(v, doc_values[i], n))
            return 1;
    for (size_t i = 0; i < m; i++) {
        char c = v[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (c >= 'a' && c <= 'z')
            lower++;
        else if (c >= 'A' && c <= 'Z')
            upper++;
        else if (c >= '0' && c <= '9')
            digit++;
        else if (c == '_')
            under++;
        else if (c == '.')
            dots++;
        else
            other++;
    }
    low[m] = '\0';
    if (has_word(low, refs) || has_word(low, fillers))
        return 1;
    {
        size_t same = 0; /* mostly one character: aaaaaaaa, 00000000 */
        for (size_t i = 0; i < m; i++)
            same += low[i] == low[0];
        if (same * 10 >= m * 8)
            return 1;
    }
    /* <password>, <your key here>: a placeholder in angle brackets (a
     * salt full of punctuation may hold '<' and '>' elsewhere) */
    for (size_t i = 0; i < m; i++) {
        size_t j = i + 1;
        if (low[i] != '<')
            continue;
        while (j < m && ((low[j] >= 'a' && low[j] <= 'z') || low[j] == '_' ||
                         low[j] == '-' || low[j] == ' ' || low[j] == '.'))
            j++;
        if (j > i + 1 && j < m && low[j] == '>')
            return 1;
    }
    /* a GitHub or npm token whose checksum fails is a made-up one */
    if (n >= 40 && ((low[0] == 'g' && low[1] == 'h' && low[3] == '_' &&
                     strchr("pousr", low[2])) ||
                    !strncmp(low, "npm_", 4)) &&
        !check_crc32_base62(v, n))
        return 1;
    if (v[0] == '$' || v[0] == '%' || v[0] == '@' || v[0] == '/' ||
        v[0] == '~' || (v[0] == '.' && v[1] == '/'))
        return 1; /* $VAR, %VAR%, @var@, a path */
    /* CONSTANT_CASE or snake_case names: a variable, not a value */
    if (under && !digit && !other && !dots && (!lower || !upper))
        return 1;
    /* dotted identifiers (a.b.c) and file names (key.pem) */
    if (dots && !other && !under && !upper && digit * 4 < (int)m)
        return 1;
    /* one character class of letters only: a word, not a secret */
    if (!digit && !other && !under && !dots && (!lower || !upper) && n < 24)
        return 1;
    return 0;
}

/* HTTP Basic credentials: base64 of "user:password", both printable, and
 * a password that is not a placeholder. */
static void check_basic_auth(const char *v, size_t n, assay__check_result *out)
{
    size_t dl = 0;
    unsigned char *d = b64_dup(v, n, &dl);
    const unsigned char *colon;
    out->keep = 0;
    if (!d)
        return;
    colon = memchr(d, ':', dl);
    if (colon && colon > d && (size_t)(colon - d) + 1 < dl) {
        int printable = 1;
        for (size_t i = 0; i < dl; i++)
            if (d[i] < 0x20 || d[i] == 0x7f)
                printable = 0;
        if (printable &&
            !assay__credential_is_noise((const char *)colon + 1,
                                        dl - (size_t)(colon - d) - 1))
            out->keep = 1;
    }
    assay__free(d);
}

/* Paths of tests, fixtures, examples and documentation: a generic
 * credential there is most often a fixture. */
int assay__path_is_fixture(const char *path)
{
    static const char *const parts[] = {
        "/test/", "/tests/", "/testdata/", "/testing/", "/fixtures/",
        "/fixture/", "/__tests__/", "/spec/", "/specs/", "/mock/",
        "/mocks/", "/example/", "/examples/", "/samples/", "/sample/",
        "/docs/", "/doc/", "_test.", ".test.", ".spec.", "/test_", NULL};
    char buf[1024];
    size_t n = strlen(path);
    if (n > sizeof(buf) - 2)
        n = sizeof(buf) - 2;
    buf[0] = '/';
    for (size_t i = 0; i < n; i++)
        buf[i + 1] = (char)(path[i] >= 'A' && path[i] <= 'Z' ? path[i] + 32
                            : path[i] == ':' || path[i] == '!' ? '/'
                                                               : path[i]);
    buf[n + 1] = '\0';
    return has_word(buf, parts);
}

/* ====================================================================
 * Entry point
 * ==================================================================== */

void assay__check_run(int check, const char *data, size_t len, size_t ms,
                      size_t me, size_t vs, size_t ve,
                      assay__check_result *out)
{
    const char *v = data + vs;
    size_t n = ve - vs;

    (void)me;
    out->keep = 1;
    out->confidence = -1;
    out->note[0] = '\0';
    switch (check) {
    case ASSAY__CHECK_CRC32_BASE62:
        if (check_crc32_base62(v, n))
            snprintf(out->note, sizeof(out->note), "checksum valid");
        else
            out->keep = 0;
        break;
    case ASSAY__CHECK_BECH32:
        if (check_bech32(v, n))
            snprintf(out->note, sizeof(out->note), "checksum valid");
        else
            out->keep = 0;
        break;
    case ASSAY__CHECK_JWT:
        check_jwt(v, n, out);
        break;
    case ASSAY__CHECK_PRIVATE_KEY:
        check_private_key(data, len, ms, vs, ve, out);
        break;
    case ASSAY__CHECK_GCP_SA:
        check_gcp_sa(data, len, ms, out);
        break;
    case ASSAY__CHECK_PYPI:
        check_pypi(v, n, out);
        break;
    case ASSAY__CHECK_CREDENTIAL:
        if (assay__credential_is_noise(v, n))
            out->keep = 0;
        break;
    case ASSAY__CHECK_BASIC_AUTH:
        check_basic_auth(v, n, out);
        break;
    default:
        break;
    }
}

/* Rule family: "secret.github.pat" -> "secret.github". A short tag and a
 * NUL separate the parts, so that no family/value pair can collide with
 * another. The id is a hash of the value: like any unsalted hash of a weak
 * password it can be reversed by guessing, which is why the value itself
 * is redacted and only 64 bits of the hash are kept. */
void assay__secret_group(const char *rule_id, const char *value, size_t len,
                         char out[17])
{
    assay_buf b = ASSAY_BUF_INIT;
    const char *d1 = strchr(rule_id, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    size_t fl = d2 ? (size_t)(d2 - rule_id) : strlen(rule_id);
    char hex[65];

    assay_buf_puts(&b, "assay-group-v1");
    assay_buf_putc(&b, '\0');
    assay_buf_put(&b, rule_id, fl);
    assay_buf_putc(&b, '\0');
    assay_buf_put(&b, value, len);
    if (assay_buf_failed(&b)) {
        /* no memory: a group of the value alone is still consistent */
        assay_sha256_hex(value, len, hex);
    } else {
        assay_sha256_hex(b.ptr, b.len, hex);
    }
    assay_buf_free(&b);
    memcpy(out, hex, 16);
    out[16] = '\0';
}

char *assay__check_message(char *msg, const assay__check_result *cr)
{
    assay_buf b = ASSAY_BUF_INIT;
    if (!msg || !cr->note[0])
        return msg;
    assay_buf_puts(&b, msg);
    assay_buf_puts(&b, "; ");
    assay_buf_puts(&b, cr->note);
    assay__free(msg);
    if (assay_buf_failed(&b)) {
        assay_buf_free(&b);
        return NULL;
    }
    return assay_buf_take(&b);
}
