/* assay_int.h - libassay's internal umbrella: the rule model, file kinds,
 * languages and the per-file scan state shared by the library's modules.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Module map (see docs/ARCHITECTURE.md):
 *   rules.c  YAML rule files -> assay__rule (libyaml), diagnostics
 *   engine.c compile rules (Vectorscan db, PCRE2, queries); scan a buffer
 *   query.c  tree-sitter queries and assay's predicates
 *   kind.c   file kind detection (name, #! line, binary sniffing)
 *   walk.c   directory walking (no symlink escape, loop detection)
 *   rank.c   context around a finding and its 0-100 score
 *   report.c collecting results, sorting, filters, baselines
 *   output.c text, JSON and SARIF writers */
#ifndef ASSAY_INT_H
#define ASSAY_INT_H

#include <assay/assay.h>

#include "util/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <hs/hs.h>
#include <pcre2.h>
#include <pthread.h>
#include <tree_sitter/api.h>

/* ---- file kinds -------------------------------------------------------- */

enum {
    ASSAY_K_C = 0, ASSAY_K_CPP, ASSAY_K_SHELL, ASSAY_K_M4, ASSAY_K_MAKE,
    ASSAY_K_CMAKE, ASSAY_K_PYTHON, ASSAY_K_PHP, ASSAY_K_JAVASCRIPT,
    ASSAY_K_TYPESCRIPT, ASSAY_K_PERL, ASSAY_K_RUBY, ASSAY_K_GO, ASSAY_K_JAVA,
    ASSAY_K_CONFIG, ASSAY_K_MARKUP, ASSAY_K_BINARY, ASSAY_K_OTHER,
    ASSAY_K_BUILD, /* a flag: build or install logic, on top of a language */
    ASSAY_K_COUNT
};
#define KBIT(k) (1u << (k))
#define ASSAY_KINDS_SOURCE                                                     \
    (KBIT(ASSAY_K_C) | KBIT(ASSAY_K_CPP) | KBIT(ASSAY_K_SHELL) |               \
     KBIT(ASSAY_K_M4) | KBIT(ASSAY_K_MAKE) | KBIT(ASSAY_K_CMAKE) |             \
     KBIT(ASSAY_K_PYTHON) | KBIT(ASSAY_K_PHP) | KBIT(ASSAY_K_JAVASCRIPT) |     \
     KBIT(ASSAY_K_TYPESCRIPT) | KBIT(ASSAY_K_PERL) | KBIT(ASSAY_K_RUBY) |      \
     KBIT(ASSAY_K_GO) | KBIT(ASSAY_K_JAVA))
#define ASSAY_KINDS_ALL ((1u << ASSAY_K_COUNT) - 1)
#define ASSAY_KINDS_TEXT (ASSAY_KINDS_ALL & ~KBIT(ASSAY_K_BINARY))

/* Name ("c", "source", "any"...) -> bit mask; 0 if unknown. */
uint32_t assay__kind_mask(const char *name);
/* Kind of a file from its name and first bytes: a bit mask. */
uint32_t assay__kind_detect(const char *path, const char *data, size_t len);
/* The primary kind's name, for reports ("c", "shell", "binary"...). */
const char *assay__kind_name(uint32_t mask);

/* ---- languages --------------------------------------------------------- */

typedef struct assay__lang {
    const char *name;
    const TSLanguage *(*language)(void);
    const char *call_type;   /* node type of a call */
    const char *call_field;  /* its field naming the callee */
} assay__lang;

enum {
#define ASSAY_LANG(name, sym, ct, cf) ASSAY_LANG_##name,
#include "lang_list.h"
#undef ASSAY_LANG
    ASSAY_LANG_COUNT
};
extern const assay__lang assay__langs[ASSAY_LANG_COUNT];
int assay__lang_find(const char *name); /* index or -1 */

/* ---- rules ------------------------------------------------------------- */

typedef enum { MATCH_REGEX, MATCH_LITERAL, MATCH_QUERY, MATCH_FLOW,
               MATCH_CORRELATE } assay__match_type;
/* Rules that need a parse tree: gated by `requires`, run in run_queries. */
#define ASSAY_STRUCTURAL(r) ((r)->type == MATCH_QUERY || (r)->type == MATCH_FLOW)

typedef struct assay__rule {
    assay_rule_info info; /* public view; strings below are owned here */
    char *id, *title, *why, *message, *files_text, *match_text, *file;
    uint32_t line, column;
    uint32_t kinds;
    int *cwe;
    size_t ncwe;
    int secret;

    assay__match_type type;
    char *regex;       /* MATCH_REGEX */
    char *prefilter;   /* optional cheaper superset of regex, for Vectorscan */
    char **literals;   /* MATCH_LITERAL */
    size_t nliterals;
    int caseless, singleline;
    char *capture_name;
    int capture_num;   /* -1: none given; use group 0 */
    int lang;          /* MATCH_QUERY: ASSAY_LANG_* */
    char *query_src;
    char **requires;     /* every literal (or "re:" regex) of `requires` */
    uint8_t *req_clause; /* the clause each belongs to */
    size_t nrequires;
    uint32_t nclauses;   /* all clauses must hold; one item per clause */
    uint32_t within;     /* 0, or: the clauses must hold within this many
                          * bytes of each other (`within:`), e.g. a
                          * comparison and the call it guards */
    uint32_t match_line, match_col; /* of the match:/query text, for diags */

    double entropy;
    size_t min_length, max_length;
    int not_placeholder;
    int check; /* ASSAY__CHECK_*: a named offline validator (validate.c) */

    char **ex_match, **ex_nomatch;
    size_t nex_match, nex_nomatch;
    uint32_t ex_kinds; /* 0: from `kinds` */
    int ex_hex;        /* examples are written in hex (binary formats) */

    /* compiled */
    pcre2_code *re;
    struct assay__query *query;
    /* MATCH_FLOW (flow.c): sources, sinks, through, sanitizers as written */
    char **flow_lists[4];
    size_t nflow[4];
    struct assay__flow *flow;
    /* Built-in query and flow rules are compiled on first use (the pack's
     * own tests compile every one): 0 not yet, 1 ready, -1 failed. */
    int builtin;
    _Atomic int ready;
    int unfiltered; /* regex Vectorscan could not take: PCRE2 always runs */

    struct assay__asset_tpl *asset; /* `asset:` of crypto rules, or NULL */
    int x509; /* validate: x509: the match starts a certificate (crypto.c) */
    char *correlate; /* MATCH_CORRELATE: the correlator ("build-input"):
                      * findings made after the scan (correlate.c) */
} assay__rule;

/* Parse one YAML rule file, appending to `rules` (a vector of assay__rule*).
 * Problems go to on_diag; returns ASSAY_ESYNTAX if any was an error. */
int assay__rules_parse(assay_vec *rules, const char *name, const char *text,
                       size_t len, assay_diag_cb on_diag, void *payload);
void assay__rule_free(assay__rule *r);

/* The compiled-database cache (cache.c): 0 and *db on a hit. */
int assay__cache_load(const char *dir, const char *key, hs_database_t **db,
                      uint32_t **drops, size_t *ndrops);
void assay__cache_store(const char *dir, const char *key,
                        const hs_database_t *db, const uint32_t *drops,
                        size_t ndrops);

/* Where a Vectorscan pattern id leads. */
typedef struct assay__hs_slot {
    uint32_t rule;    /* index into rules */
    int32_t require;  /* -1: the rule's own pattern; else a requires clause */
} assay__hs_slot;

/* A Vectorscan database for one class of file (engine.c, db_get). */
enum {
    ASSAY_DBC_C, ASSAY_DBC_SCRIPT, ASSAY_DBC_DYNAMIC, ASSAY_DBC_DATA,
    ASSAY_DBC_BINARY, ASSAY_DBC_ALL, ASSAY_DBC_COMMON, ASSAY_DBC_COUNT
};
typedef struct assay__db {
    _Atomic int ready;
    pthread_mutex_t lock;
    hs_database_t *db;     /* NULL when the class has no expression */
    assay__hs_slot *slots; /* by expression id */
    size_t nslots;
    assay__hs_slot *always; /* left out of db: set on every scan */
    size_t nalways;
} assay__db;

struct assay_rules {
    assay__rule **rules; /* sorted by id */
    size_t nrules;
    /* every expression, checked alone; compiled per class on first use */
    char **exprs;
    unsigned *eflags;
    assay__hs_slot *slots;
    size_t nslots;
    char *cache_dir;
    assay__db dbs[ASSAY_DBC_COUNT];
    uint32_t *unfiltered; /* rule indexes with no prefilter */
    size_t nunfiltered;
    /* Expressions that are one long run of a class without a newline
     * (`[A-Za-z0-9+/]{400}`): kept out of the database, which they would
     * slow down on every letter, and "hit" when a line is that long. */
    assay__hs_slot *runs;
    uint32_t *run_min;
    size_t nruns;
    uint32_t run_need; /* the longest line any of them needs */
    uint32_t run_low;  /* the shortest */
    int merged; /* 1: every class's database holds the COMMON rules too */
    uint32_t *queries;    /* rule indexes of query rules */
    size_t nqueries;
    pthread_mutex_t lazy_lock; /* first use of a built-in query or flow */
};

/* ---- queries (query.c) ------------------------------------------------- */

typedef struct assay__query assay__query;
/* Compile r->query_src for r->lang; problems go to the diag callback. */
int assay__query_compile(assay__rule *r, assay_diag_cb on_diag, void *payload);
void assay__query_free(assay__query *q);

/* A match of a query: byte span and named capture texts for messages. */
/* A wall-clock budget; `hit` is set once it is spent. */
typedef struct assay__deadline {
    uint64_t at_ns;
    int hit;
} assay__deadline;
uint64_t assay__now_ns(void);

/* `found`: what the last positive #has?/#has-call? found, or NULL. */
typedef int (*assay__qmatch_cb)(const assay__rule *r, uint32_t start,
                                uint32_t end, const TSQueryMatch *m,
                                const TSQuery *q, const TSNode *found,
                                void *payload);
/* Run a rule's query over a parsed tree; calls cb for each accepted match. */
int assay__query_run(const assay__rule *r, TSTree *tree, TSQueryCursor *cur,
                     const char *src, size_t len, assay__deadline *dl,
                     assay__qmatch_cb cb, void *payload);

/* ---- data flow (flow.c) ---------------------------------------------- */

typedef struct assay__flow assay__flow;
enum { ASSAY_FLOW_SOURCES, ASSAY_FLOW_SINKS, ASSAY_FLOW_THROUGH,
       ASSAY_FLOW_SANITIZERS };
/* Compile r->flow_lists for r->lang into r->flow; problems go to on_diag. */
int assay__flow_compile(assay__rule *r, assay_diag_cb on_diag, void *payload);
void assay__flow_free(assay__flow *f);
/* What a finding of a flow rule says: each a NUL-terminated string. */
typedef struct assay__flow_hit {
    const char *source, *source_line, *sink, *sink_line, *path, *trace;
} assay__flow_hit;
typedef int (*assay__flow_cb)(const assay__rule *r, uint32_t start,
                              uint32_t end, const assay__flow_hit *h,
                              void *payload);
/* Run a flow rule over a parsed tree; cb gets each source-to-sink flow,
 * spanning the sink call. Returns 0, ASSAY_ENOMEM or cb's non-zero value. */
int assay__flow_run(const assay__rule *r, TSTree *tree, const char *src,
                    size_t len, assay__deadline *dl, assay__flow_cb cb,
                    void *payload);
/* Node types (and fields) of flow.c's tables unknown to the linked grammars:
 * "lang:type " words in out; returns how many (0 when all are known). */
int assay__flow_check_tables(char *out, size_t n);

/* ---- results ----------------------------------------------------------- */

typedef struct assay__finding {
    assay_finding pub;
    const assay__rule *rule;
    char *owned_path, *owned_message, *owned_snippet, *owned_reason;
    char fingerprint[33];
    /* `assay history` only (history.c): where the finding came from */
    const struct assay__git_origin *git; /* the result's; NULL otherwise */
    uint32_t *git_refs; /* indexes into git->refnames, owned */
    uint32_t ngit_refs;
    struct assay__asset *owned_asset; /* resolved from {capture}s, or NULL */
    char group[17]; /* secret findings: the value's group id */
    char *refs; /* build findings: the files their lines name, each
                 * NUL-terminated, ending with "" (correlate.c); or NULL */
} assay__finding;

struct assay_file_result {
    char *path;
    char *identity; /* path used in fingerprints */
    char *skipped; /* reason, or NULL */
    char *skip_detail;
    char *partial; /* scanned, but not wholly (e.g. "not-parsed: ...") */
    assay__finding *findings;
    size_t nfindings, cap;
    uint64_t bytes;
    struct assay__git_origin *git; /* `assay history` only; owned */
    int test_data; /* binary or compressed, under a test folder */
};

void assay__finding_clear(assay__finding *f);
int assay__severity_weight(assay_severity s);
int assay__score(assay_severity s, assay_confidence c);

/* ---- git history (history.c) ------------------------------------------- */

/* Ref names of one history scan, shared (refcounted) by its results. */
typedef struct assay__git_refnames {
    size_t refcount;
    char **names; /* full names ("refs/heads/main"), sorted */
    size_t n;
} assay__git_refnames;

/* The commit that introduced a scanned blob. */
typedef struct assay__git_origin {
    char commit[41]; /* hex id */
    char blob[41];
    char date[32];   /* ISO 8601 with the author's offset */
    char *author;    /* "Name <email>" */
    size_t job;      /* the blob's rank in the walk: oldest first */
    char **also;     /* git:<commit>:<path> of the same blob elsewhere */
    size_t nalso;
    assay__git_refnames *refnames; /* set by assay_history_finish */
} assay__git_origin;

void assay__git_origin_free(assay__git_origin *o);

/* ---- packed git objects, inflated with libdeflate (gitpack.c) ----------- */

/* The pack files of one repository (indexes mapped, packs open for pread),
 * read-only and shared by all its handles (refcounted). */
typedef struct assay__packset assay__packset;
/* One reader of a packset: decompressor, delta-base cache; one thread. */
typedef struct assay__packreader assay__packreader;
struct git_odb;

/* The version-2 indexed packs under objects_dir/pack; *out NULL (and 0
 * returned) when there are none it can read. */
int assay__packset_open(const char *objects_dir, assay__packset **out);
/* One index and pack held in memory by the caller (tests, fuzzing). */
int assay__packset_from_memory(const void *idx, size_t idxlen,
                               const void *pack, size_t packlen,
                               assay__packset **out);
void assay__packset_release(assay__packset *ps);
/* Objects listed by the first index, and the id of its i-th. */
size_t assay__packset_objects(const assay__packset *ps);
void assay__packset_oid(const assay__packset *ps, size_t i, uint8_t out[20]);
/* Puts a backend reading from `ps` ahead of libgit2's own in `odb`;
 * objects over max_size are left to libgit2. ps NULL: nothing to do. */
int assay__packset_attach(assay__packset *ps, struct git_odb *odb,
                          uint64_t max_size);

assay__packreader *assay__packreader_new(assay__packset *ps, uint64_t max_size);
void assay__packreader_free(assay__packreader *r);
/* 0: *data (assay__free it), *len and *type (git's object type) are set;
 * 1: no index lists oid; 2: a delta chain too long or producing too much;
 * < 0: ASSAY_EFORMAT (malformed entry), ASSAY_ELIMIT (over max_size),
 * ASSAY_ENOMEM. */
int assay__packreader_read(assay__packreader *r, const uint8_t oid[20],
                           void **data, size_t *len, int *type);

/* Position of rule `id` in rs->rules (sorted by id), or rs->nrules. */
size_t assay__rule_pos(const assay_rules *rs, const char *id);

/* Ranking (rank.c): context bits and the score they move. */
int assay__score_ctx(assay_severity s, assay_confidence c, uint32_t ctx);
void assay__rank_file(assay_file_result *res, const char *data, size_t len);
int assay__rank_report(const assay_rules *rs, assay_file_result *const *res,
                       size_t nres);

/* Scanning entries that are not files on disk (engine.c; archive.c). */
assay_file_result *assay__result_skipped(const char *path, const char *reason,
                                         const char *detail);
int assay__scan_buffer_as(assay_scanner *s, const char *display_path,
                          const char *identity, const void *data, size_t len,
                          assay_file_result **out);
uint64_t assay__scanner_max_file_size(const assay_scanner *s);

/* Validators (engine.c). */
int assay__is_placeholder(const char *s, size_t len);

/* ---- cryptographic assets (crypto.c, docs/CRYPTO.md) ------------------- */

/* The keys of a rule's `asset:` mapping, in this order. */
enum {
    ASSAY_AF_ALGORITHM, ASSAY_AF_PRIMITIVE, ASSAY_AF_MODE, ASSAY_AF_PADDING,
    ASSAY_AF_SIZE, ASSAY_AF_CURVE, ASSAY_AF_OID, ASSAY_AF_HASH,
    ASSAY_AF_EVIDENCE, ASSAY_AF_COUNT
};
extern const char *const assay__asset_keys[ASSAY_AF_COUNT];
/* The vocabularies asset values are checked against (NULL-terminated):
 * CycloneDX 1.6 primitives, modes and paddings, and how an asset was
 * found. Rules and policies share them. */
extern const char *const assay__cdx_primitives[];
extern const char *const assay__cdx_modes[];
extern const char *const assay__cdx_paddings[];
extern const char *const assay__asset_evidences[];
int assay__in_list(const char *s, const char *const *list);

/* A resolved asset: the public view and the strings it points to. */
typedef struct assay__asset {
    assay_asset pub;
    char *own[16]; /* strings owned here (pub points into them) */
    size_t nown;
} assay__asset;

/* A rule's asset as written: values may hold {capture} templates, filled
 * in per match (docs/CRYPTO.md). */
typedef struct assay__asset_tpl {
    char *raw[ASSAY_AF_COUNT]; /* NULL when absent */
    int templated;             /* some value holds a {capture} */
    assay__asset *fixed;       /* the asset when not templated */
    assay_asset shown;         /* raw values, for rule info */
} assay__asset_tpl;

/* Build an asset from raw values. strict: an unknown name is an error
 * (rule files); else (captured text) mode/padding become "other" and an
 * unknown algorithm drops the match. Returns 0, ASSAY_EINVAL with `err`
 * filled, or ASSAY_ENOMEM. */
int assay__asset_build(const char *const raw[ASSAY_AF_COUNT], int strict,
                       assay__asset **out, char *err, size_t errlen);
/* Fill a templated asset from a match's captures. Returns 0 (asset in
 * *out), 1 (the match names no known algorithm: drop it) or ASSAY_ENOMEM. */
int assay__asset_resolve(const assay__asset_tpl *t,
                         const char *(*capture)(void *ctx, const char *name,
                                                size_t nlen, size_t *len),
                         void *ctx, assay__asset **out);
void assay__asset_free(assay__asset *a);
void assay__asset_tpl_free(assay__asset_tpl *t);
/* Canonical algorithm family for a spelling ("sha256", "des-ede3"), or NULL. */
const char *assay__crypto_algorithm(const char *s, size_t len);
/* An X.509 certificate (PEM from "-----BEGIN", else DER) at data[0..len)
 * as an asset with evidence "certificate": 0, 1 (not one) or ENOMEM. */
int assay__cert_asset(const char *data, size_t len, assay__asset **out);
/* The asset as a JSON object (report "asset", SARIF result property). */
void assay__asset_json(assay_buf *b, const assay_asset *a);

/* ---- offline validators (validate.c) ----------------------------------- */

enum {
    ASSAY__CHECK_NONE = 0,
    ASSAY__CHECK_CRC32_BASE62, /* github-checksum, npm-checksum */
    ASSAY__CHECK_JWT,
    ASSAY__CHECK_PRIVATE_KEY,
    ASSAY__CHECK_GCP_SA,
    ASSAY__CHECK_PYPI,
    ASSAY__CHECK_BECH32,
    ASSAY__CHECK_CREDENTIAL,
    ASSAY__CHECK_BASIC_AUTH
};

/* What a validator decided about one match. */
typedef struct assay__check_result {
    int keep;       /* 0: not a secret of this kind; drop the match */
    int confidence; /* -1: the rule's; else an assay_confidence */
    char note[160]; /* added to the message: "RSA 2048 bits" */
} assay__check_result;

/* Check name ("github-checksum") -> ASSAY__CHECK_*, or -1. */
int assay__check_find(const char *name);
/* Run a validator on a match: [ms, me) is the match, [vs, ve) the value,
 * inside data[0, len). Never contacts anything; bounded work. */
void assay__check_run(int check, const char *data, size_t len, size_t ms,
                      size_t me, size_t vs, size_t ve,
                      assay__check_result *out);
/* msg + "; note"; frees msg; NULL when out of memory. */
char *assay__check_message(char *msg, const assay__check_result *cr);
/* A generic credential value that is a reference, placeholder or code. */
int assay__credential_is_noise(const char *v, size_t n);
/* A path under tests, fixtures, examples or documentation. */
int assay__path_is_fixture(const char *path);
/* The group id of a secret value: 16 hex digits of sha256 over the rule
 * family (the id's first two parts) and the value. */
void assay__secret_group(const char *rule_id, const char *value, size_t len,
                         char out[17]);

/* ---- findings across files (correlate.c) ------------------------------ */

typedef struct assay__corr assay__corr;
/* A file that is binary or compressed (by kinds or name) under a test-like
 * folder (by its path relative to the scan root). */
int assay__correlate_is_data(const char *identity, uint32_t kinds);
/* The file names, globs and folders the lines of data[start, end) name,
 * as a list of NUL-terminated strings ending with ""; NULL when none. */
char *assay__correlate_refs(const char *data, size_t len, uint64_t start,
                            uint64_t end);
/* `assay rules test` of a correlate rule: a build finding of res names a
 * file under a test folder. */
int assay__correlate_example(const assay_file_result *res);
struct assay_report;
/* assay_report_add_result: remember a test-data result (or an archive
 * under a test folder). assay_report_finish: turn the build findings'
 * references to them into findings. */
int assay__correlate_note(struct assay_report *r, const assay_file_result *res);
int assay__correlate_finish(struct assay_report *r);
void assay__correlate_free(assay__corr *c);

#endif
