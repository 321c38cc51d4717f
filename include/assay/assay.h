/* assay.h - public API of libassay, the library behind the `assay` scanner.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The flow is: compile rules (assay_rules), give each thread an
 * assay_scanner, scan files into assay_file_result objects, hand those to an
 * assay_report, finish it (sort, filter, baseline) and write it with one of
 * the writers. The library starts no threads and has no mutable globals.
 *
 * Ownership: `**out` results belong to the caller and are released with the
 * type's _free() function, which accepts NULL. Pointers returned by getters
 * are borrowed from their parent and live as long as it does.
 *
 * Thread safety: an assay_rules is immutable once compiled and may be shared
 * by any number of scanners on any threads. An assay_scanner, an
 * assay_file_result and an assay_report are used by one thread at a time. */
#ifndef ASSAY_ASSAY_H
#define ASSAY_ASSAY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ASSAY_API __attribute__((visibility("default")))

/** Error codes: 0 on success, negative on failure. */
typedef enum assay_error_code {
    ASSAY_OK = 0,
    ASSAY_ENOMEM = -1,  /* out of memory */
    ASSAY_EINVAL = -2,  /* caller broke a documented precondition */
    ASSAY_ESYNTAX = -3, /* rule text did not compile; see diagnostics */
    ASSAY_ELIMIT = -4,  /* a size, depth or time limit was reached */
    ASSAY_EIO = -5,     /* a file could not be read or written */
    ASSAY_EFORMAT = -6  /* an input file (baseline...) is malformed */
} assay_error_code;

/** A human-readable message for an error code. Never NULL. */
ASSAY_API const char *assay_strerror(int code);

/** The library version, "MAJOR.MINOR.PATCH". */
ASSAY_API const char *assay_version(void);

typedef enum assay_severity {
    ASSAY_SEV_INFO = 0,
    ASSAY_SEV_LOW,
    ASSAY_SEV_MEDIUM,
    ASSAY_SEV_HIGH,
    ASSAY_SEV_CRITICAL
} assay_severity;

typedef enum assay_confidence {
    ASSAY_CONF_LOW = 0,
    ASSAY_CONF_MEDIUM,
    ASSAY_CONF_HIGH
} assay_confidence;

typedef enum assay_category {
    ASSAY_CAT_BACKDOOR = 0,
    ASSAY_CAT_BUILD,
    ASSAY_CAT_OBFUSCATION,
    ASSAY_CAT_CAPABILITY,
    ASSAY_CAT_SECRET,
    ASSAY_CAT_CRYPTO,
    ASSAY_CAT_ENDPOINT,
    ASSAY_CAT_PROVENANCE,
    ASSAY_CAT_COUNT
} assay_category;

/** Names ("high", "backdoor"...) and their parsers; parsers return -1 for an
 * unknown name. */
ASSAY_API const char *assay_severity_name(assay_severity s);
ASSAY_API const char *assay_confidence_name(assay_confidence c);
ASSAY_API const char *assay_category_name(assay_category c);
ASSAY_API int assay_severity_parse(const char *name);
ASSAY_API int assay_category_parse(const char *name);

/* ===================================================================
 * Rules
 * =================================================================== */

typedef struct assay_rules assay_rules;

/** One compiler message. Strings are borrowed: valid only in the callback. */
typedef struct assay_diag {
    int is_error;
    const char *file;
    uint32_t line, column; /* 1-based; 0 when unknown */
    const char *message;
} assay_diag;

typedef void (*assay_diag_cb)(const assay_diag *diag, void *payload);

/** A rule file's text. `name` is used in diagnostics ("rules/x.yaml"). */
typedef struct assay_rule_source {
    const char *name;
    const char *text; /* not NUL-terminated; not retained */
    size_t len;
} assay_rule_source;

typedef struct assay_compile_options {
    unsigned int version;  /* always set via ASSAY_COMPILE_OPTIONS_INIT */
    int include_builtin;   /* 1: start from the built-in pack */
    assay_diag_cb on_diag; /* may be NULL */
    void *payload;         /* handed to on_diag untouched */
    /* A directory for compiled Vectorscan databases, reused by later runs
     * with the same rules (NULL: no cache). Must exist or be creatable. */
    const char *cache_dir;
    /* Version 3: compile only the rules of these categories (bit mask of
     * 1u << ASSAY_CAT_*); 0: all. Fewer rules make a smaller, faster
     * database: a scan for secrets alone needs none of the parsing. */
    uint32_t categories;
} assay_compile_options;

/* Version 2 (no `categories`) is still accepted. */
#define ASSAY_COMPILE_OPTIONS_VERSION 3
#define ASSAY_COMPILE_OPTIONS_INIT                                             \
    {.version = ASSAY_COMPILE_OPTIONS_VERSION, .include_builtin = 1}

/**
 * Parse and compile rule files (and the built-in pack) into one immutable
 * rule set: one Vectorscan database for every literal and regex, PCRE2 code
 * for confirmation, tree-sitter queries for structure. A rule whose id is
 * already defined replaces the earlier one.
 *
 * @param[out] out  the new rule set; NULL on failure.
 * @return ASSAY_OK, ASSAY_ESYNTAX (details went to on_diag), ASSAY_ENOMEM,
 *         ASSAY_EINVAL.
 */
ASSAY_API int assay_rules_compile(assay_rules **out,
                                  const assay_rule_source *sources,
                                  size_t nsources,
                                  const assay_compile_options *opts);

/** Release a rule set. NULL is a no-op. */
ASSAY_API void assay_rules_free(assay_rules *rules);

/** What a rule is, for `rules list/show` and report metadata. Borrowed. */
typedef struct assay_rule_info {
    const char *id;
    const char *title;
    const char *why;
    const char *file; /* where the rule was defined */
    uint32_t line;
    assay_category category;
    assay_severity severity;
    assay_confidence confidence;
    const char *files;      /* the file kinds, as written: "c, cpp" */
    const char *match_kind; /* "regex", "literal" or "query" */
    const char *match_text; /* the regex, literals or query */
    const int *cwe;
    size_t ncwe;
    int secret;
    size_t nexamples_match, nexamples_nomatch;
    const struct assay_asset *asset; /* the rule's asset (may hold {capture}
                                        templates), or NULL */
} assay_rule_info;

ASSAY_API size_t assay_rules_count(const assay_rules *rules);
/** Rule i (0 <= i < count) in id order, or NULL. */
ASSAY_API const assay_rule_info *assay_rules_get(const assay_rules *rules,
                                                 size_t i);
/** Rule by id, or NULL. */
ASSAY_API const assay_rule_info *assay_rules_find(const assay_rules *rules,
                                                  const char *id);

/** Called once per failing example by assay_rules_test(). */
typedef void (*assay_example_cb)(const char *rule_id,
                                 int must_match,
                                 const char *example,
                                 const char *problem,
                                 void *payload);

/**
 * Run every rule's examples (or only those whose id starts with `prefix`,
 * if not NULL): each `match` example must make its rule fire, each
 * `no_match` example must not.
 *
 * @param[out] npassed, nfailed  counts of examples.
 * @return ASSAY_OK when the examples could be run (failures are counted,
 *         not errors), or a negative code.
 */
ASSAY_API int assay_rules_test(const assay_rules *rules,
                               const char *prefix,
                               size_t *npassed,
                               size_t *nfailed,
                               assay_example_cb on_fail,
                               void *payload);

/* ===================================================================
 * Scanning
 * =================================================================== */

typedef struct assay_scanner assay_scanner;
typedef struct assay_file_result assay_file_result;

typedef struct assay_scan_options {
    unsigned int version;     /* ASSAY_SCAN_OPTIONS_INIT */
    uint64_t max_file_size;   /* files larger are skipped; 0: default */
    uint64_t max_parse_size;  /* larger files are not parsed; 0: default */
    uint32_t parse_timeout_ms; /* tree-sitter budget per file; 0: default */
    int reveal_secrets;       /* 1: do not redact secret values */
} assay_scan_options;

#define ASSAY_SCAN_OPTIONS_VERSION 1
#define ASSAY_SCAN_OPTIONS_INIT {.version = ASSAY_SCAN_OPTIONS_VERSION}
#define ASSAY_DEFAULT_MAX_FILE_SIZE (64u * 1024 * 1024)

/** A scanner holds one thread's scratch space. `rules` must outlive it. */
ASSAY_API int assay_scanner_new(assay_scanner **out,
                                const assay_rules *rules,
                                const assay_scan_options *opts);
ASSAY_API void assay_scanner_free(assay_scanner *scanner);

/**
 * Scan one file. Never follows a symbolic link at `path`, never blocks on a
 * FIFO or device: those, unreadable and too-large files produce a result
 * holding a skip reason instead of findings.
 *
 * @param display_path  the path written in reports (NULL: `path`).
 * @param identity_path the path that enters fingerprints: relative to the
 *                      scan target, so that a baseline made in one checkout
 *                      works in another (NULL: display_path).
 * @return ASSAY_OK (the result may still say "skipped") or ASSAY_ENOMEM.
 */
ASSAY_API int assay_scan_file(assay_scanner *scanner,
                              const char *path,
                              const char *display_path,
                              const char *identity_path,
                              assay_file_result **out);

/**
 * Scan a buffer as if it were a file named `display_path`. `kind` is a file
 * kind name ("c", "shell"...) or NULL to guess it from the name and bytes.
 */
ASSAY_API int assay_scan_buffer(assay_scanner *scanner,
                                const char *display_path,
                                const char *kind,
                                const void *data,
                                size_t len,
                                assay_file_result **out);

ASSAY_API void assay_file_result_free(assay_file_result *result);

/** A finding, borrowed from its result or report. */
typedef struct assay_finding {
    const char *rule_id;
    const char *title;
    const char *message;
    const char *path;
    assay_category category;
    assay_severity severity;
    assay_confidence confidence;
    int score; /* 0-100, higher is more suspicious */
    uint32_t start_line, start_col, end_line, end_col; /* 1-based */
    uint64_t offset, length;                           /* bytes */
    const char *snippet;     /* the line, secrets redacted unless revealed */
    const char *fingerprint; /* 32 hex digits, stable across edits above */
    int suppressed;          /* 1: an assay:ignore comment covers it */
    const char *suppress_reason;
    uint32_t context; /* ASSAY_CTX_* bits: why the score moved */
    const struct assay_asset *asset; /* crypto: what was found, else NULL */
    const char *group; /* secrets: 16 hex digits shared by every finding of
                          the same value (never the value); else NULL */
} assay_finding;

/** Context that moves a finding's score up or down from what its severity
 * and confidence give (see docs/OUTPUT.md, "Ranking"). The first four are
 * read from the file around the finding; the last two from the whole
 * report (assay_report_finish). */
enum {
    ASSAY_CTX_INPUT = 1u << 0,       /* network or request input, same function */
    ASSAY_CTX_AUTH = 1u << 1,        /* authentication code, same function */
    ASSAY_CTX_OBFUSCATION = 1u << 2, /* obfuscation found in the same file */
    ASSAY_CTX_CLUSTER = 1u << 3,     /* another suspicious rule within 60 lines */
    ASSAY_CTX_TEST = 1u << 4,        /* under a test, example or docs folder */
    ASSAY_CTX_UNIQUE = 1u << 5,      /* the only file of the report with this rule */
    ASSAY_CTX_COMMON = 1u << 6,      /* the rule fires in many files: an idiom */
    ASSAY_CTX_COUNT = 7
};
/** "input", "auth", "near-obfuscation", "cluster", "test-code", "unique",
 * "common" for one bit; NULL for anything else. */
ASSAY_API const char *assay_context_name(uint32_t bit);

ASSAY_API size_t assay_file_result_count(const assay_file_result *result);
ASSAY_API const assay_finding *
assay_file_result_get(const assay_file_result *result, size_t i);
/** NULL when the file was scanned, else a reason ("too-large", "fifo"...). */
ASSAY_API const char *assay_file_result_skipped(const assay_file_result *r);
/** Bytes scanned (0 when skipped). */
ASSAY_API uint64_t assay_file_result_bytes(const assay_file_result *r);

/* ===================================================================
 * Archives
 * =================================================================== */

/** 1 when the name of `path` says it is an archive assay opens: tar and
 * its compressed forms, zip (jar, whl, apk...), 7z, cpio, ar (.deb), rpm,
 * iso, cab, rar. */
ASSAY_API int assay_is_archive(const char *path);

/** Receives one result (and owns it); non-zero stops the archive. */
typedef int (*assay_result_cb)(assay_file_result *result, void *payload);

/**
 * Scan every regular member of the archive at `path`, in memory (nothing
 * is extracted to disk), and of archives inside it up to 3 levels deep.
 * Each member's result goes to `cb`, in archive order; its path is
 * "DISPLAY!/member" and its fingerprint identity the member's path without
 * the release folder (`proj-1.2/`), so two releases of a project compare.
 * Members over the scanner's size cap, links, devices and encrypted
 * members come back as skipped results; at most 2 GiB are decompressed and
 * 1,000,000 members read per archive ("archive-limit"); a damaged archive
 * yields an "archive-error" skip after the members it could read.
 */
ASSAY_API int assay_scan_archive(assay_scanner *scanner, const char *path,
                                 const char *display, assay_result_cb cb,
                                 void *payload);

/* ===================================================================
 * Walking a tree
 * =================================================================== */

typedef struct assay_walk_options {
    unsigned int version;      /* ASSAY_WALK_OPTIONS_INIT */
    const char *const *exclude; /* globs matched against each path and name */
    size_t nexclude;
    uint32_t max_depth; /* 0: default (256) */
} assay_walk_options;

#define ASSAY_WALK_OPTIONS_VERSION 1
#define ASSAY_WALK_OPTIONS_INIT {.version = ASSAY_WALK_OPTIONS_VERSION}

/** For each regular file to scan, with its path relative to the target it
 * was found under (the file's name when the target is the file itself).
 * Return non-zero to stop the walk. */
typedef int (*assay_walk_file_cb)(const char *path, const char *rel_path,
                                  uint64_t size, void *payload);
/** For each entry passed over, with a reason ("symlink-loop"...). */
typedef void (*assay_walk_skip_cb)(const char *path,
                                   const char *reason,
                                   const char *detail,
                                   void *payload);

/**
 * Walk files and directories in a deterministic (byte-sorted) order.
 * Symbolic links inside a tree are never followed (a link to a place inside
 * the target is scanned at its real path; one leading out of it, a loop or
 * a dangling link is reported through on_skip). A symbolic link named
 * directly in `paths` is followed. Special files are reported, not opened.
 */
ASSAY_API int assay_walk(const char *const *paths,
                         size_t npaths,
                         const assay_walk_options *opts,
                         assay_walk_file_cb on_file,
                         assay_walk_skip_cb on_skip,
                         void *payload);

/* ===================================================================
 * Reports
 * =================================================================== */

typedef struct assay_report assay_report;

typedef enum assay_format {
    ASSAY_FORMAT_TEXT = 0,
    ASSAY_FORMAT_JSON,
    ASSAY_FORMAT_SARIF,
    ASSAY_FORMAT_CBOM /* CycloneDX 1.6 cryptography bill of materials */
} assay_format;

/** Parse "text", "json", "sarif", "cbom"; -1 if unknown. */
ASSAY_API int assay_format_parse(const char *name);

typedef struct assay_report_options {
    unsigned int version;       /* ASSAY_REPORT_OPTIONS_INIT */
    assay_severity min_severity; /* findings below are dropped */
    uint32_t only_categories;   /* bit mask of 1u << category; 0: all */
    int color;                  /* text: ANSI colours */
    int verbose;                /* text: list every info finding */
} assay_report_options;

#define ASSAY_REPORT_OPTIONS_VERSION 1
#define ASSAY_REPORT_OPTIONS_INIT                                              \
    {.version = ASSAY_REPORT_OPTIONS_VERSION, .min_severity = ASSAY_SEV_INFO}

ASSAY_API int assay_report_new(assay_report **out,
                               const assay_rules *rules,
                               const assay_report_options *opts);
ASSAY_API void assay_report_free(assay_report *report);

/** Record a scan target as given on the command line. */
ASSAY_API int assay_report_add_target(assay_report *report, const char *path);

/** Take a file's result (ownership moves to the report, even on error). */
ASSAY_API int assay_report_add_result(assay_report *report,
                                      assay_file_result *result);

/** Record an entry that was not scanned. */
ASSAY_API int assay_report_add_skip(assay_report *report,
                                    const char *path,
                                    const char *reason,
                                    const char *detail);

/**
 * Load a previous JSON report; findings whose fingerprint it holds are
 * dropped from this report (and counted as "baselined").
 * @return ASSAY_OK, ASSAY_EIO, ASSAY_EFORMAT or ASSAY_ENOMEM.
 */
ASSAY_API int assay_report_load_baseline(assay_report *report,
                                         const char *path,
                                         char *errbuf,
                                         size_t errlen);

/**
 * Add one known fingerprint: a finding with it is dropped from this report
 * and counted as "baselined". Used by --baseline and by `assay diff` (the
 * fingerprints of the old version).
 */
ASSAY_API int assay_report_add_baseline(assay_report *report,
                                        const char *fingerprint);

/** Sort (deterministically), filter and count. Call once before writing. */
ASSAY_API int assay_report_finish(assay_report *report);

/** Receives the output bytes. Return non-zero to abort writing. */
typedef int (*assay_write_cb)(const char *data, size_t len, void *payload);

ASSAY_API int assay_report_write(const assay_report *report,
                                 assay_format format,
                                 assay_write_cb write,
                                 void *payload);

/** After finish: unsuppressed findings at or above `threshold`. */
ASSAY_API size_t assay_report_count_at_least(const assay_report *report,
                                             assay_severity threshold);
ASSAY_API size_t assay_report_count(const assay_report *report);
ASSAY_API const assay_finding *assay_report_get(const assay_report *report,
                                                size_t i);

/* ===================================================================
 * Git history
 * =================================================================== */

typedef struct assay_history assay_history;

/** Called now and then while the history is walked. */
typedef void (*assay_history_progress_cb)(size_t commits_done,
                                          size_t commits_total,
                                          size_t blobs,
                                          void *payload);

typedef struct assay_history_options {
    unsigned int version;   /* ASSAY_HISTORY_OPTIONS_INIT */
    const char *since;      /* a revision: only what commits not reachable
                               from it introduce; NULL: the whole history */
    uint64_t max_file_size; /* larger blobs are skipped; 0: default */
    assay_history_progress_cb on_progress; /* may be NULL */
    void *payload;          /* handed to on_progress untouched */
    /* Version 2: 1 = assay_history_open only lists the commits; the caller
     * walks them with assay_history_walk, and may scan the blobs already
     * counted while it does (the CLI overlaps the two). */
    int incremental;
} assay_history_options;

/* Version 1 (no `incremental`) is still accepted. */
#define ASSAY_HISTORY_OPTIONS_VERSION 2
#define ASSAY_HISTORY_OPTIONS_INIT {.version = ASSAY_HISTORY_OPTIONS_VERSION}

/**
 * Open a git repository (a work tree or a bare repository) and walk every
 * commit reachable from its refs, oldest first in topological order,
 * listing each blob once (by object id) with the first commit and path that
 * hold it. Blob contents are not read here. A missing or corrupt object met
 * on the way is recorded (see assay_history_finish) and the walk goes on.
 *
 * @param[out] out  the history; NULL on failure.
 * @param errbuf    receives a message on failure (may be NULL).
 * @return ASSAY_OK, ASSAY_EIO (not a repository, bad --since revision),
 *         ASSAY_ENOMEM or ASSAY_EINVAL.
 */
ASSAY_API int assay_history_open(assay_history **out,
                                 const char *repo,
                                 const assay_history_options *opts,
                                 char *errbuf,
                                 size_t errlen);

/**
 * With `incremental`: walk up to `max_commits` more commits, listing their
 * new blobs. Call from one thread at a time; assay_history_scan may run
 * meanwhile on any i below an assay_history_count() read before.
 * @return 1 if commits remain, 0 when the walk is done, or an error
 *         (ASSAY_ENOMEM, ASSAY_ELIMIT).
 */
ASSAY_API int assay_history_walk(assay_history *h, size_t max_commits);

/** The number of distinct blobs listed so far (all of them once the walk
 * is done), and of commits walked. */
ASSAY_API size_t assay_history_count(const assay_history *h);
ASSAY_API size_t assay_history_commits(const assay_history *h);

/**
 * Read blob `i` (0 <= i < count) and scan it with `scanner`. The result's
 * path is `git:<commit>:<path>`; fingerprints use the path inside the tree,
 * so they match a scan of a checkout. May be called from several threads at
 * once, each with its own scanner and distinct `i`.
 * @return ASSAY_OK (the result may say "skipped"), ASSAY_ENOMEM, ASSAY_EINVAL.
 */
ASSAY_API int assay_history_scan(assay_history *h,
                                 assay_scanner *scanner,
                                 size_t i,
                                 assay_file_result **out);

/**
 * After every blob's result went to `report`, and before
 * assay_report_finish(): record the walk's problems as skipped entries,
 * keep only the oldest finding of each fingerprint (an unchanged secret in
 * a file edited later is reported once, at the commit that introduced it),
 * and list for each finding the refs whose tip still holds its blob.
 */
ASSAY_API int assay_history_finish(assay_history *h, assay_report *report);

/** Release a history. NULL is a no-op. */
ASSAY_API void assay_history_free(assay_history *h);

/* ===================================================================
 * Cryptographic assets and policies (docs/CRYPTO.md)
 * =================================================================== */

/**
 * One cryptographic asset: what a crypto rule (or a parsed certificate)
 * found. Names follow docs/CRYPTO.md: `algorithm` is a canonical family
 * ("AES", "SHA-256", "ML-KEM"), the enumerations are CycloneDX 1.6's.
 * Strings are borrowed from the finding or rule; NULL when not known.
 */
typedef struct assay_asset {
    const char *name;      /* CBOM component name: "AES-256-GCM" */
    const char *algorithm; /* canonical family name */
    const char *primitive; /* block-cipher, hash, signature, ... */
    const char *mode;      /* cbc ecb ccm gcm cfb ofb ctr other unknown */
    const char *padding;   /* pkcs5 pkcs7 pkcs1v15 oaep raw other unknown */
    uint32_t size;         /* key or parameter size in bits; 0: unknown */
    const char *curve;     /* "P-256", "Curve25519"... */
    const char *oid;       /* dotted object identifier */
    const char *hash;      /* digest used with a signature, MAC or KDF */
    const char *evidence;  /* call, name, constant, certificate, key */
    /* certificates (evidence "certificate"): `algorithm`/`size`/`curve`
     * describe the subject key, `hash` the signature's digest */
    const char *signature; /* family of the signature: "RSA", "ECDSA" */
    const char *subject, *issuer;
    const char *not_before, *not_after; /* RFC 3339, UTC */
} assay_asset;

typedef struct assay_policy assay_policy;

/**
 * Load a policy: a built-in one by name ("weak", "fips-140-3", "cnsa-2.0",
 * "gm-t") or a YAML file by path (docs/CRYPTO.md). Problems go to on_diag.
 * @return ASSAY_OK, ASSAY_EINVAL (no such policy), ASSAY_ESYNTAX, ASSAY_EIO
 *         or ASSAY_ENOMEM.
 */
ASSAY_API int assay_policy_load(assay_policy **out,
                                const char *name_or_path,
                                assay_diag_cb on_diag,
                                void *payload);
/** Parse a policy from YAML text (not retained); `name` is for diagnostics. */
ASSAY_API int assay_policy_parse(assay_policy **out,
                                 const char *name,
                                 const char *text,
                                 size_t len,
                                 assay_diag_cb on_diag,
                                 void *payload);
ASSAY_API void assay_policy_free(assay_policy *policy);
/** The built-in policy names, NULL-terminated. */
ASSAY_API const char *const *assay_policy_builtin_names(void);

/**
 * Judge a report's assets against a policy (before assay_report_finish).
 * The report borrows the policy: it must outlive the report. Verdicts are
 * written by every format (text, JSON "policies", CBOM properties).
 */
ASSAY_API int assay_report_add_policy(assay_report *report,
                                      const assay_policy *policy);

/** After finish: how many policies the report's assets break. */
ASSAY_API size_t assay_report_policies_failed(const assay_report *report);

/** After finish: the verdicts as text lines ("policy weak: FAIL ..."). */
ASSAY_API int assay_report_write_verdicts(const assay_report *report,
                                          assay_write_cb write,
                                          void *payload);

#ifdef __cplusplus
}
#endif
#endif /* ASSAY_ASSAY_H */
