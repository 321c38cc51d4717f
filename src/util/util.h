/* util.h - helpers shared by libassay and the CLI: allocation, a growable
 * byte buffer with a hard cap, overflow-checked arithmetic, hashing and text
 * escaping.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Every allocation in assay goes through assay__malloc and friends so a test
 * build can swap in a failing or capped allocator. A NULL return is an
 * ordinary error that callers turn into ASSAY_ENOMEM. */
#ifndef ASSAY_UTIL_H
#define ASSAY_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *assay__malloc(size_t n);
void *assay__calloc(size_t n, size_t size);
void *assay__realloc(void *p, size_t n);
/* Make array p (capacity cap, in items) hold at least n items, doubling
 * from `first`: 0, or -1 out of memory with p and cap unchanged. The
 * realloc-and-double that every growing array needs, written once. */
int assay__grow(void *pp, size_t *cap, size_t n, size_t elem, size_t first);
#define ASSAY_GROW(p, n, cap, first)                                           \
    ((size_t)(n) <= (cap) ? 0                                                  \
                          : assay__grow(&(p), &(cap), (n), sizeof(*(p)), (first)))
void assay__free(void *p);
char *assay__strdup(const char *s);
char *assay__strndup(const char *s, size_t n);

/* Overflow-checked size arithmetic (libgit2's integer.h): 1 on overflow. */
#define ASSAY_ADD_OVERFLOW(out, a, b) __builtin_add_overflow((a), (b), (out))
#define ASSAY_MUL_OVERFLOW(out, a, b) __builtin_mul_overflow((a), (b), (out))

/* A growable buffer. `max` (0: 1 GiB) caps its size, so hostile input cannot
 * make it grow without bound; past it, appends fail with `toobig` set. */
typedef struct assay_buf {
    char *ptr;
    size_t len, cap, max;
    int oom, toobig; /* sticky: once set, appends are ignored */
} assay_buf;

#define ASSAY_BUF_INIT {0}
int assay_buf_grow(assay_buf *b, size_t extra);
int assay_buf_put(assay_buf *b, const void *data, size_t len);
int assay_buf_puts(assay_buf *b, const char *s);
int assay_buf_putc(assay_buf *b, char c);
int assay_buf_printf(assay_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* NUL-terminated contents (never NULL); "" for an empty buffer. */
const char *assay_buf_cstr(assay_buf *b);
/* Hand the contents over to the caller (NUL-terminated) and reset. */
char *assay_buf_take(assay_buf *b);
void assay_buf_free(assay_buf *b);
int assay_buf_failed(const assay_buf *b);

/* A vector of pointers. */
typedef struct assay_vec {
    void **items;
    size_t len, cap;
} assay_vec;
int assay_vec_push(assay_vec *v, void *item);
void assay_vec_free(assay_vec *v); /* frees the array, not the items */

/* JSON string body (no quotes), with invalid UTF-8 replaced by U+FFFD so
 * the output is always valid JSON whatever bytes a file name holds. */
void assay_json_escape(assay_buf *b, const char *s, size_t len);
/* Quoted JSON string of a NUL-terminated string (NULL writes null). */
void assay_json_str(assay_buf *b, const char *s);
/* Same, for text output: control bytes and invalid UTF-8 become '?'. */
void assay_text_sanitize(assay_buf *b, const char *s, size_t len);
/* Percent-encode a path as a relative URI reference (SARIF). */
void assay_uri_escape(assay_buf *b, const char *path);

/* Number of UTF-8 code points in s[0..len) (invalid bytes count as one). */
size_t assay_utf8_count(const char *s, size_t len);

/* qsort/bsearch comparator for an array of `char *`: bytewise order. */
int assay_strptr_cmp(const void *a, const void *b);

/* SHA-256 of data, as 64 lower-case hex digits plus NUL. */
void assay_sha256_hex(const void *data, size_t len, char out[65]);

/* Shannon entropy in bits per byte. */
double assay_entropy(const char *s, size_t len);

#endif
