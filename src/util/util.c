/* util.c - allocation, buffers, escaping and hashing (see util.h).
 * SPDX-License-Identifier: Apache-2.0 */
#include "util.h"

#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocation -------------------------------------------------------- */

void *assay__malloc(size_t n) { return malloc(n ? n : 1); }
void *assay__calloc(size_t n, size_t size) { return calloc(n ? n : 1, size ? size : 1); }
void *assay__realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }

int assay__grow(void *pp, size_t *cap, size_t n, size_t elem, size_t first)
{
    size_t ncap = *cap ? *cap : first;
    void *old, *v;
    while (ncap < n) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elem)
        return -1;
    memcpy(&old, pp, sizeof(old)); /* pp points at some T*: no aliasing */
    if (!(v = assay__realloc(old, ncap * elem)))
        return -1;
    memcpy(pp, &v, sizeof(v));
    *cap = ncap;
    return 0;
}
void assay__free(void *p) { free(p); }

char *assay__strndup(const char *s, size_t n)
{
    char *r;
    if (!s)
        return NULL;
    r = assay__malloc(n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

char *assay__strdup(const char *s)
{
    return s ? assay__strndup(s, strlen(s)) : NULL;
}

/* ---- buffers ----------------------------------------------------------- */

#define BUF_DEFAULT_MAX ((size_t)1 << 30)

int assay_buf_grow(assay_buf *b, size_t extra)
{
    size_t need, ncap, max = b->max ? b->max : BUF_DEFAULT_MAX;
    char *p;

    if (b->oom || b->toobig)
        return -1;
    if (ASSAY_ADD_OVERFLOW(&need, b->len, extra) ||
        ASSAY_ADD_OVERFLOW(&need, need, (size_t)1) || need > max) {
        b->toobig = 1;
        return -1;
    }
    if (need <= b->cap)
        return 0;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > max / 2 ? max : ncap * 2;
    p = assay__realloc(b->ptr, ncap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->ptr = p;
    b->cap = ncap;
    return 0;
}

int assay_buf_put(assay_buf *b, const void *data, size_t len)
{
    if (assay_buf_grow(b, len) < 0)
        return -1;
    if (len)
        memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return 0;
}

int assay_buf_puts(assay_buf *b, const char *s) { return assay_buf_put(b, s, strlen(s)); }
int assay_buf_putc(assay_buf *b, char c) { return assay_buf_put(b, &c, 1); }

int assay_buf_printf(assay_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char small[256];

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof(small))
        return assay_buf_put(b, small, (size_t)n);
    if (assay_buf_grow(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

const char *assay_buf_cstr(assay_buf *b) { return b->ptr ? b->ptr : ""; }
int assay_buf_failed(const assay_buf *b) { return b->oom || b->toobig; }

char *assay_buf_take(assay_buf *b)
{
    char *p = b->ptr;
    if (!p)
        p = assay__strdup("");
    memset(b, 0, sizeof(*b));
    return p;
}

void assay_buf_free(assay_buf *b)
{
    assay__free(b->ptr);
    memset(b, 0, sizeof(*b));
}

int assay_vec_push(assay_vec *v, void *item)
{
    if (v->len == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 16;
        void **p = assay__realloc(v->items, ncap * sizeof(*p));
        if (!p)
            return -1;
        v->items = p;
        v->cap = ncap;
    }
    v->items[v->len++] = item;
    return 0;
}

void assay_vec_free(assay_vec *v)
{
    assay__free(v->items);
    memset(v, 0, sizeof(*v));
}

/* ---- UTF-8 and escaping ------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    size_t n, i;
    uint32_t cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (len < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

size_t assay_utf8_count(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        size_t k = utf8_seq((const unsigned char *)s + i, len - i);
        i += k ? k : 1;
        n++;
    }
    return n;
}

void assay_json_escape(assay_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t k;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            run++;
            i++;
            continue;
        }
        assay_buf_put(b, s + i - run, run);
        run = 0;
        if (c < 0x80) {
            char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            switch (c) {
            case '"': assay_buf_puts(b, "\\\""); break;
            case '\\': assay_buf_puts(b, "\\\\"); break;
            case '\n': assay_buf_puts(b, "\\n"); break;
            case '\r': assay_buf_puts(b, "\\r"); break;
            case '\t': assay_buf_puts(b, "\\t"); break;
            default: assay_buf_put(b, esc, 6);
            }
            i++;
            continue;
        }
        k = utf8_seq((const unsigned char *)s + i, len - i);
        if (k) {
            assay_buf_put(b, s + i, k);
            i += k;
        } else {
            assay_buf_puts(b, "\xef\xbf\xbd"); /* U+FFFD */
            i++;
        }
    }
    assay_buf_put(b, s + i - run, run);
}

void assay_json_str(assay_buf *b, const char *s)
{
    if (!s) {
        assay_buf_puts(b, "null");
        return;
    }
    assay_buf_putc(b, '"');
    assay_json_escape(b, s, strlen(s));
    assay_buf_putc(b, '"');
}

void assay_text_sanitize(assay_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t k;
        if (c == '\t') {
            assay_buf_putc(b, ' ');
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7f) {
            assay_buf_putc(b, '?');
            i++;
            continue;
        }
        k = utf8_seq((const unsigned char *)s + i, len - i);
        if (k) {
            assay_buf_put(b, s + i, k);
            i += k;
        } else {
            assay_buf_putc(b, '?');
            i++;
        }
    }
}

void assay_uri_escape(assay_buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)path;
    for (; *p; p++) {
        unsigned c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("-._~/!$&'()*+,;=@", (int)c)) {
            assay_buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            assay_buf_put(b, e, 3);
        }
    }
}

int assay_strptr_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- hashing and entropy ----------------------------------------------- */

void assay_sha256_hex(const void *data, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[32];
    unsigned int mdlen = 0, i;

    if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
        memset(md, 0, sizeof(md));
    for (i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

double assay_entropy(const char *s, size_t len)
{
    size_t counts[256] = {0}, i;
    double h = 0;

    if (!len)
        return 0;
    for (i = 0; i < len; i++)
        counts[(unsigned char)s[i]]++;
    for (i = 0; i < 256; i++) {
        if (counts[i]) {
            double p = (double)counts[i] / (double)len;
            h -= p * log2(p);
        }
    }
    return h;
}
