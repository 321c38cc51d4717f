/* main.c - the assay command line: arguments, threads, progress, exit codes.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The CLI uses only the public header (plus src/util): it walks the
 * targets into a list, starts -j workers that each own an assay_scanner and
 * take files by an atomic index, stores each result in its file's slot, and
 * hands the slots to the report in walk order, so the output is the same
 * for any thread count. The main thread draws the progress line.
 *
 * Exit codes: 0 no finding at or above the threshold, 1 findings, 2 usage
 * or fatal error (bad rule file, unreadable baseline, out of memory). */
#include <assay/assay.h>

#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#define EXIT_CLEAN 0
#define EXIT_FINDINGS 1
#define EXIT_FATAL 2

static void usage(FILE *f)
{
    fputs(
        "usage: assay scan [OPTIONS] [PATH...]   scan files and directories\n"
        "       assay diff [OPTIONS] OLD NEW     only what NEW introduces\n"
        "       assay history [OPTIONS] REPO     every blob of a git history,\n"
        "                                        each scanned once for secrets\n"
        "                                        (--only all: everything; --since\n"
        "                                        REV: only what came after REV)\n"
        "       assay cbom [OPTIONS] [PATH...]   cryptography inventory (CycloneDX\n"
        "                                        1.6 CBOM); same options as scan\n"
        "       assay rules list|show ID|test [PREFIX] [--rules PATH]\n"
        "       assay version\n"
        "\n"
        "scan options:\n"
        "  -f, --format FMT        text (default), json, sarif or cbom\n"
        "  -o, --output FILE       write the report to FILE\n"
        "  -j, --jobs N            worker threads (default: all cores)\n"
        "      --rules PATH        add rules from a YAML file or folder\n"
        "      --exclude GLOB      skip paths matching GLOB (repeatable)\n"
        "      --max-file-size N   skip larger files (default 64M; K/M/G)\n"
        "      --min-severity S    report only S and above: info, low,\n"
        "                          medium, high, critical (default info)\n"
        "      --fail-on S         exit 1 only for findings at S or above\n"
        "                          (default low; never below --min-severity)\n"
        "      --only CAT[,CAT]    only these categories: backdoor, build,\n"
        "                          obfuscation, capability, secret, crypto,\n"
        "                          endpoint, provenance, or all (the rules\n"
        "                          of the others are not even compiled)\n"
        "      --baseline FILE     hide findings present in a previous JSON\n"
        "                          report\n"
        "      --show-secrets      do not redact secret values\n"
        "      --policy NAME       judge the crypto inventory: weak, fips-140-3,\n"
        "                          cnsa-2.0, gm-t or a policy YAML file\n"
        "                          (repeatable); exit 1 if one fails\n"
        "      --color WHEN        auto (default), always, never\n"
        "      --no-archives       scan archives (tar, zip, deb...) as plain\n"
        "                          files instead of reading their members\n"
        "      --no-cache          compile the rules without the on-disk\n"
        "                          cache (ASSAY_CACHE_DIR, ~/.cache/assay)\n"
        "  -q, --quiet             no progress line\n"
        "  -v, --verbose           list every info finding and skip\n"
        "\n"
        "exit status: 0 nothing at or above the threshold, 1 findings,\n"
        "2 usage or fatal error\n",
        f);
}

/* ---- rules ------------------------------------------------------------- */

typedef struct rule_files {
    assay_rule_source *src;
    char **names, **texts;
    size_t n;
} rule_files;

static void on_diag(const assay_diag *d, void *payload)
{
    (void)payload;
    if (d->line)
        fprintf(stderr, "%s:%u:%u: %s: %s\n", d->file, d->line, d->column,
                d->is_error ? "error" : "warning", d->message);
    else
        fprintf(stderr, "%s: %s: %s\n", d->file,
                d->is_error ? "error" : "warning", d->message);
}

static int read_whole(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assay_buf b = ASSAY_BUF_INIT;
    char chunk[65536];
    size_t n;

    if (!f)
        return -1;
    b.max = 64u << 20;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (assay_buf_put(&b, chunk, n) < 0)
            break;
    fclose(f);
    if (assay_buf_failed(&b)) {
        assay_buf_free(&b);
        errno = EFBIG;
        return -1;
    }
    *len = b.len;
    *out = assay_buf_take(&b);
    return 0;
}

static int add_rule_file(rule_files *rf, const char *path)
{
    char *text;
    size_t len;
    assay_rule_source *s;

    if (read_whole(path, &text, &len) < 0) {
        fprintf(stderr, "assay: cannot read rules %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    s = realloc(rf->src, (rf->n + 1) * sizeof(*s));
    if (!s) {
        free(text);
        return -1;
    }
    rf->src = s;
    rf->names = realloc(rf->names, (rf->n + 1) * sizeof(char *));
    rf->texts = realloc(rf->texts, (rf->n + 1) * sizeof(char *));
    if (!rf->names || !rf->texts) {
        free(text);
        return -1;
    }
    rf->names[rf->n] = assay__strdup(path);
    rf->texts[rf->n] = text;
    s[rf->n].name = rf->names[rf->n];
    s[rf->n].text = text;
    s[rf->n].len = len;
    rf->n++;
    return 0;
}

static int add_rules_path(rule_files *rf, const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *de;
    assay_vec names = {0};
    int err = 0;

    if (stat(path, &st) < 0) {
        fprintf(stderr, "assay: --rules %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return add_rule_file(rf, path);
    if (!(d = opendir(path))) {
        fprintf(stderr, "assay: --rules %s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if ((n > 5 && !strcmp(de->d_name + n - 5, ".yaml")) ||
            (n > 4 && !strcmp(de->d_name + n - 4, ".yml"))) {
            assay_buf p = ASSAY_BUF_INIT;
            assay_buf_printf(&p, "%s/%s", path, de->d_name);
            assay_vec_push(&names, assay_buf_take(&p));
        }
    }
    closedir(d);
    if (names.items)
        qsort(names.items, names.len, sizeof(void *), assay_strptr_cmp);
    for (size_t i = 0; i < names.len; i++) {
        if (!err)
            err = add_rule_file(rf, names.items[i]);
        free(names.items[i]);
    }
    assay_vec_free(&names);
    return err;
}

static void rule_files_free(rule_files *rf)
{
    for (size_t i = 0; i < rf->n; i++) {
        free(rf->names[i]);
        free(rf->texts[i]);
    }
    free(rf->names);
    free(rf->texts);
    free(rf->src);
}

/* Where compiled rule databases are kept between runs: $ASSAY_CACHE_DIR
 * (empty: no cache), else $XDG_CACHE_HOME/assay, else ~/.cache/assay.
 * `--no-cache` turns it off for one run. NULL when there is none. */
static int g_no_cache;

static const char *cache_dir(char *buf, size_t len)
{
    const char *env = getenv("ASSAY_CACHE_DIR"), *base;
    int n;
    if (g_no_cache)
        return NULL;
    if (env)
        return *env ? env : NULL;
    if ((base = getenv("XDG_CACHE_HOME")) && *base == '/')
        n = snprintf(buf, len, "%s/assay", base);
    else if ((base = getenv("HOME")) && *base == '/') {
        n = snprintf(buf, len, "%s/.cache", base);
        if (n > 0 && (size_t)n < len)
            mkdir(buf, 0700);
        n = snprintf(buf, len, "%s/.cache/assay", base);
    } else
        return NULL;
    return n > 0 && (size_t)n < len ? buf : NULL;
}

/* The categories worth compiling for a report of `only` (0: all). The four
 * categories that describe a mechanism rank one another (a backdoor near
 * obfuscation scores higher), so they are compiled together. */
static uint32_t compiled_categories(uint32_t only)
{
    const uint32_t mech = (1u << ASSAY_CAT_BACKDOOR) | (1u << ASSAY_CAT_BUILD) |
                          (1u << ASSAY_CAT_OBFUSCATION) |
                          (1u << ASSAY_CAT_CAPABILITY);
    if (only & mech)
        only |= mech;
    return only;
}

static int load_rules(char **paths, size_t npaths, uint32_t only,
                      assay_rules **out)
{
    rule_files rf = {0};
    assay_compile_options co = ASSAY_COMPILE_OPTIONS_INIT;
    char cbuf[4096];
    int err;

    for (size_t i = 0; i < npaths; i++)
        if (add_rules_path(&rf, paths[i]) < 0) {
            rule_files_free(&rf);
            return -1;
        }
    co.on_diag = on_diag;
    co.cache_dir = cache_dir(cbuf, sizeof(cbuf));
    co.categories = compiled_categories(only);
    err = assay_rules_compile(out, rf.src, rf.n, &co);
    rule_files_free(&rf);
    if (err < 0) {
        fprintf(stderr, "assay: rules: %s\n", assay_strerror(err));
        return -1;
    }
    return 0;
}

/* ---- scanning ---------------------------------------------------------- */

typedef struct job {
    char *path;
    char *rel;
    uint64_t size;
    assay_file_result *result;
    assay_file_result **more; /* an archive's members */
    size_t nmore, capmore;
    int err;
} job;

static int g_no_archives;

static int on_member(assay_file_result *res, void *payload)
{
    job *j = payload;
    if (ASSAY_GROW(j->more, j->nmore + 1, j->capmore, 16) < 0) {
        assay_file_result_free(res);
        return 1;
    }
    j->more[j->nmore++] = res;
    return 0;
}

typedef struct scan_state {
    const assay_rules *rules;
    assay_scan_options sopts;
    job *jobs;
    size_t njobs, capjobs;
    atomic_size_t next, done;
    atomic_ullong bytes_done;
    assay_report *report;
    int fatal;
} scan_state;

static int on_walk_file(const char *path, const char *rel, uint64_t size,
                        void *payload)
{
    scan_state *st = payload;
    if (ASSAY_GROW(st->jobs, st->njobs + 1, st->capjobs, 1024) < 0) {
        st->fatal = 1;
        return 1;
    }
    st->jobs[st->njobs].path = assay__strdup(path);
    st->jobs[st->njobs].rel = assay__strdup(rel);
    st->jobs[st->njobs].size = size;
    st->jobs[st->njobs].result = NULL;
    st->jobs[st->njobs].more = NULL;
    st->jobs[st->njobs].nmore = st->jobs[st->njobs].capmore = 0;
    st->jobs[st->njobs].err = 0;
    if (!st->jobs[st->njobs].path || !st->jobs[st->njobs].rel) {
        st->fatal = 1;
        return 1;
    }
    st->njobs++;
    return 0;
}

static void on_walk_skip(const char *path, const char *reason,
                         const char *detail, void *payload)
{
    scan_state *st = payload;
    if (assay_report_add_skip(st->report, path, reason, detail) < 0)
        st->fatal = 1;
}

static void *worker(void *arg)
{
    scan_state *st = arg;
    assay_scanner *sc = NULL;

    if (assay_scanner_new(&sc, st->rules, &st->sopts) < 0) {
        st->fatal = 1;
        return NULL;
    }
    for (;;) {
        size_t i = atomic_fetch_add(&st->next, 1);
        job *j;
        if (i >= st->njobs)
            break;
        j = &st->jobs[i];
        if (!g_no_archives && assay_is_archive(j->path))
            j->err = assay_scan_archive(sc, j->path, j->path, on_member, j);
        else
            j->err = assay_scan_file(sc, j->path, j->path, j->rel, &j->result);
        atomic_fetch_add(&st->bytes_done, j->size);
        atomic_fetch_add(&st->done, 1);
    }
    assay_scanner_free(sc);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_file_cb(const char *data, size_t len, void *payload)
{
    return fwrite(data, 1, len, payload) == len ? 0 : -1;
}

static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v == 0 || v > 0xffffffffull)
        return -1;
    *out = v;
    return 0;
}

/* Walk `targets` and scan every file into `report`, on `jobs` threads
 * (0: all cores). Results are handed over in walk order. */
static int scan_targets(const assay_rules *rules,
                        const assay_scan_options *sopts,
                        const char *const *targets,
                        size_t ntargets,
                        const assay_walk_options *wopts,
                        int jobs,
                        int quiet,
                        const char *label,
                        assay_report *report)
{
    scan_state st;
    pthread_t *threads = NULL;
    double t0 = now_s();
    int rc = -1;

    memset(&st, 0, sizeof(st));
    st.rules = rules;
    st.sopts = *sopts;
    st.report = report;
    if (assay_walk(targets, ntargets, wopts, on_walk_file, on_walk_skip,
                   &st) < 0 || st.fatal) {
        fprintf(stderr, "assay: out of memory while walking\n");
        goto done;
    }
    if (!jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (int)(n > 64 ? 64 : n) : 1;
    }
    if ((size_t)jobs > st.njobs)
        jobs = st.njobs ? (int)st.njobs : 1;
    threads = calloc((size_t)jobs, sizeof(*threads));
    if (!threads)
        goto done;
    for (int i = 0; i < jobs; i++)
        if (pthread_create(&threads[i], NULL, worker, &st)) {
            fprintf(stderr, "assay: cannot start threads\n");
            st.fatal = 1;
            jobs = i;
            break;
        }
    {
        int tty = !quiet && isatty(STDERR_FILENO), drawn = 0;
        uint64_t total = 0;
        for (size_t i = 0; i < st.njobs; i++)
            total += st.jobs[i].size;
        /* Without a progress line there is nothing to wake up for: join at
         * once rather than notice the end up to 100 ms late. */
        while (tty && atomic_load(&st.done) < st.njobs && !st.fatal) {
            struct timespec ts = {0, 100 * 1000 * 1000};
            nanosleep(&ts, NULL);
            if (tty && now_s() - t0 > 1.0) {
                fprintf(stderr, "\r\033[K[assay%s%s] %zu/%zu files, "
                                "%.1f/%.1f MB, %.1f s",
                        label ? " " : "", label ? label : "",
                        atomic_load(&st.done), st.njobs,
                        (double)atomic_load(&st.bytes_done) / 1e6,
                        (double)total / 1e6, now_s() - t0);
                drawn = 1;
            }
        }
        for (int i = 0; i < jobs; i++)
            pthread_join(threads[i], NULL);
        if (drawn)
            fprintf(stderr, "\r\033[K");
    }
    if (st.fatal) {
        fprintf(stderr, "assay: out of memory\n");
        goto done;
    }
    for (size_t i = 0; i < st.njobs; i++) {
        job *j = &st.jobs[i];
        if (j->err < 0) {
            fprintf(stderr, "assay: %s: %s\n", j->path, assay_strerror(j->err));
            goto done;
        }
        if (j->result && assay_report_add_result(report, j->result) < 0) {
            j->result = NULL;
            goto done;
        }
        j->result = NULL;
        for (size_t k = 0; k < j->nmore; k++) {
            assay_file_result *m = j->more[k];
            j->more[k] = NULL;
            if (assay_report_add_result(report, m) < 0)
                goto done;
        }
    }
    if (!quiet && isatty(STDERR_FILENO))
        fprintf(stderr, "[assay%s%s] %zu files in %.2f s\n", label ? " " : "",
                label ? label : "", st.njobs, now_s() - t0);
    rc = 0;
done:
    for (size_t i = 0; i < st.njobs; i++) {
        free(st.jobs[i].path);
        free(st.jobs[i].rel);
        assay_file_result_free(st.jobs[i].result);
        for (size_t k = 0; k < st.jobs[i].nmore; k++)
            assay_file_result_free(st.jobs[i].more[k]);
        free(st.jobs[i].more);
    }
    free(st.jobs);
    free(threads);
    return rc;
}

/* ---- options and report handling shared by scan, diff, cbom, history -- */

enum { O_RULES = 256, O_EXCLUDE, O_MAXSIZE, O_MINSEV, O_FAILON, O_ONLY,
       O_BASELINE, O_SHOW, O_COLOR, O_NOCACHE, O_NOARCHIVES, O_POLICY,
       O_SINCE };

typedef struct report_cli {
    int format, jobs, quiet, fail_on, reveal;
    const char *output, *baseline, *color;
    uint64_t max_file_size; /* 0: the library's default */
    assay_report_options ropts;
    assay_vec rules_paths;
} report_cli;

#define REPORT_CLI_INIT                                                        \
    {.format = ASSAY_FORMAT_TEXT, .fail_on = ASSAY_SEV_LOW, .color = "auto",   \
     .ropts = ASSAY_REPORT_OPTIONS_INIT}

/* The long options report_option takes, for each command's table. */
#define REPORT_LONG_OPTIONS                                                    \
    {"format", required_argument, 0, 'f'},                                     \
    {"output", required_argument, 0, 'o'},                                     \
    {"jobs", required_argument, 0, 'j'},                                       \
    {"rules", required_argument, 0, O_RULES},                                  \
    {"max-file-size", required_argument, 0, O_MAXSIZE},                        \
    {"min-severity", required_argument, 0, O_MINSEV},                          \
    {"fail-on", required_argument, 0, O_FAILON},                               \
    {"only", required_argument, 0, O_ONLY},                                    \
    {"baseline", required_argument, 0, O_BASELINE},                            \
    {"show-secrets", no_argument, 0, O_SHOW},                                  \
    {"color", required_argument, 0, O_COLOR},                                  \
    {"quiet", no_argument, 0, 'q'},                                            \
    {"verbose", no_argument, 0, 'v'}

/* One option every report-writing command takes: 1 taken, 0 not one of
 * them, -1 a bad value (already said on stderr). */
static int report_option(report_cli *o, int c, const char *arg)
{
    switch (c) {
    case 'f':
        if ((o->format = assay_format_parse(arg)) < 0) {
            fprintf(stderr, "assay: unknown format '%s' (text, json, "
                            "sarif, cbom)\n", arg);
            return -1;
        }
        return 1;
    case 'o': o->output = arg; return 1;
    case 'j':
        o->jobs = (int)strtol(arg, NULL, 10);
        if (o->jobs < 1 || o->jobs > 256) {
            fprintf(stderr, "assay: -j wants 1 to 256\n");
            return -1;
        }
        return 1;
    case O_RULES:
        return assay_vec_push(&o->rules_paths, (void *)arg) < 0 ? -1 : 1;
    case O_MAXSIZE:
        if (parse_size(arg, &o->max_file_size) < 0) {
            fprintf(stderr, "assay: bad --max-file-size '%s' (e.g. 64M, "
                            "at most 4G)\n", arg);
            return -1;
        }
        return 1;
    case O_MINSEV:
    case O_FAILON: {
        int s = assay_severity_parse(arg);
        if (s < 0) {
            fprintf(stderr, "assay: unknown severity '%s' (info, low, "
                            "medium, high, critical)\n", arg);
            return -1;
        }
        if (c == O_MINSEV)
            o->ropts.min_severity = (assay_severity)s;
        else
            o->fail_on = s;
        return 1;
    }
    case O_ONLY: {
        char *list = assay__strdup(arg), *save = NULL, *tok;
        if (!list)
            return -1;
        for (tok = strtok_r(list, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            int cat = assay_category_parse(tok);
            if (!strcmp(tok, "all")) {
                o->ropts.only_categories |= (1u << ASSAY_CAT_COUNT) - 1;
                continue;
            }
            if (cat < 0) {
                fprintf(stderr, "assay: unknown category '%s'\n", tok);
                free(list);
                return -1;
            }
            o->ropts.only_categories |= 1u << cat;
        }
        free(list);
        return 1;
    }
    case O_BASELINE: o->baseline = arg; return 1;
    case O_SHOW: o->reveal = 1; return 1;
    case O_COLOR:
        if (strcmp(arg, "auto") && strcmp(arg, "always") &&
            strcmp(arg, "never")) {
            fprintf(stderr, "assay: --color wants auto, always or never\n");
            return -1;
        }
        o->color = arg;
        return 1;
    case 'q': o->quiet = 1; return 1;
    case 'v': o->ropts.verbose = 1; return 1;
    default: return 0;
    }
}

/* After the options: colour only for text on a terminal (NO_COLOR, dumb
 * terminals), and --fail-on never below --min-severity. */
static void report_settle(report_cli *o)
{
    if (!strcmp(o->color, "always"))
        o->ropts.color = 1;
    else if (!strcmp(o->color, "auto"))
        o->ropts.color = o->format == ASSAY_FORMAT_TEXT && !o->output &&
                         isatty(STDOUT_FILENO) && !getenv("NO_COLOR") &&
                         (!getenv("TERM") || strcmp(getenv("TERM"), "dumb"));
    if (o->fail_on < (int)o->ropts.min_severity)
        o->fail_on = (int)o->ropts.min_severity;
}

/* A new report with the options' filters and baseline. */
static int report_open(const report_cli *o, const assay_rules *rules,
                       assay_report **out)
{
    if (assay_report_new(out, rules, &o->ropts) < 0)
        return -1;
    if (o->baseline) {
        char err[1024];
        if (assay_report_load_baseline(*out, o->baseline, err,
                                       sizeof(err)) < 0) {
            fprintf(stderr, "assay: baseline: %s\n", err);
            return -1;
        }
    }
    return 0;
}

/* Write the finished report to -o FILE (left open in *outf for the caller
 * to close and check) or stdout. */
static int report_emit(const report_cli *o, const assay_report *report,
                       FILE **outf)
{
    if (o->output && !(*outf = fopen(o->output, "w"))) {
        fprintf(stderr, "assay: cannot write %s: %s\n", o->output,
                strerror(errno));
        return -1;
    }
    if (assay_report_write(report, (assay_format)o->format, write_file_cb,
                           *outf ? *outf : stdout) < 0 ||
        fflush(*outf ? *outf : stdout) != 0) {
        fprintf(stderr, "assay: cannot write the report\n");
        return -1;
    }
    return 0;
}

static int cmd_scan(int argc, char **argv, int diff)
{
    static const struct option lopts[] = {
        REPORT_LONG_OPTIONS,
        {"exclude", required_argument, 0, O_EXCLUDE},
        {"no-cache", no_argument, 0, O_NOCACHE},
        {"no-archives", no_argument, 0, O_NOARCHIVES},
        {"policy", required_argument, 0, O_POLICY},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    assay_scan_options sopts = ASSAY_SCAN_OPTIONS_INIT;
    assay_report *report = NULL;
    report_cli o = REPORT_CLI_INIT;
    assay_walk_options wopts = ASSAY_WALK_OPTIONS_INIT;
    assay_vec excludes = {0};
    assay_rules *rules = NULL;
    const char *default_target[] = {"."};
    const char *const *targets;
    size_t ntargets;
    int c, rc = EXIT_FATAL;
    FILE *outf = NULL;
    assay_vec policy_names = {0}, policies = {0};
    int cbom = diff == 2; /* `assay cbom`: an inventory, not a verdict */

    if (cbom) {
        diff = 0;
        o.format = ASSAY_FORMAT_CBOM;
        o.ropts.only_categories = (1u << ASSAY_CAT_CRYPTO) |
                                  (1u << ASSAY_CAT_SECRET);
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:j:qvh", lopts, NULL)) != -1) {
        int taken = report_option(&o, c, optarg);
        if (taken < 0)
            goto done;
        if (taken)
            continue;
        switch (c) {
        case O_NOCACHE: g_no_cache = 1; break;
        case O_NOARCHIVES: g_no_archives = 1; break;
        case O_EXCLUDE: assay_vec_push(&excludes, optarg); break;
        case O_POLICY: assay_vec_push(&policy_names, optarg); break;
        case 'h': usage(stdout); rc = EXIT_CLEAN; goto done;
        default: usage(stderr); goto done;
        }
    }
    if (diff && argc - optind != 2) {
        fprintf(stderr, "assay: diff takes two paths: OLD NEW\n");
        goto done;
    }
    if (optind < argc) {
        targets = (const char *const *)argv + optind;
        ntargets = (size_t)(argc - optind);
    } else {
        targets = default_target;
        ntargets = 1;
    }
    for (size_t i = 0; i < ntargets; i++) {
        struct stat sb;
        if (stat(targets[i], &sb) < 0) {
            fprintf(stderr, "assay: %s: %s\n", targets[i], strerror(errno));
            goto done;
        }
    }
    if (load_rules((char **)o.rules_paths.items, o.rules_paths.len,
                   o.ropts.only_categories, &rules) < 0)
        goto done;
    report_settle(&o);
    sopts.max_file_size = o.max_file_size;
    sopts.reveal_secrets = o.reveal;
    if (report_open(&o, rules, &report) < 0)
        goto done;
    for (size_t i = 0; i < policy_names.len; i++) {
        assay_policy *pol = NULL;
        int e = assay_policy_load(&pol, policy_names.items[i], on_diag, NULL);
        if (e < 0) {
            if (e == ASSAY_EINVAL) {
                fprintf(stderr, "assay: unknown policy '%s' (built in:",
                        (char *)policy_names.items[i]);
                for (const char *const *n = assay_policy_builtin_names(); *n;
                     n++)
                    fprintf(stderr, " %s", *n);
                fprintf(stderr, "; or a .yaml file)\n");
            } else if (e != ASSAY_ESYNTAX) {
                fprintf(stderr, "assay: policy %s: %s\n",
                        (char *)policy_names.items[i], assay_strerror(e));
            }
            goto done;
        }
        if (assay_vec_push(&policies, pol) < 0 ||
            assay_report_add_policy(report, pol) < 0) {
            assay_policy_free(pol);
            goto done;
        }
    }
    wopts.exclude = (const char *const *)excludes.items;
    wopts.nexclude = excludes.len;
    if (diff) {
        /* Everything the old version already had is known. */
        assay_report *old = NULL;
        assay_report_options oo = ASSAY_REPORT_OPTIONS_INIT;
        int e = assay_report_new(&old, rules, &oo);
        if (!e)
            e = scan_targets(rules, &sopts, targets, 1, &wopts, o.jobs,
                             o.quiet, "old", old);
        if (!e)
            e = assay_report_finish(old);
        for (size_t i = 0; !e && i < assay_report_count(old); i++)
            e = assay_report_add_baseline(
                report, assay_report_get(old, i)->fingerprint);
        assay_report_free(old);
        if (e < 0)
            goto done;
        targets++;
        ntargets--;
    }
    for (size_t i = 0; i < ntargets; i++)
        assay_report_add_target(report, targets[i]);
    if (scan_targets(rules, &sopts, targets, ntargets, &wopts, o.jobs,
                     o.quiet, diff ? "new" : NULL, report) < 0)
        goto done;
    if (assay_report_finish(report) < 0)
        goto done;
    if (report_emit(&o, report, &outf) < 0)
        goto done;
    rc = !cbom && assay_report_count_at_least(report, (assay_severity)o.fail_on)
             ? EXIT_FINDINGS
             : EXIT_CLEAN;
    if (policies.len) {
        /* text has the verdicts in it; machine formats keep stdout clean */
        if (o.format != ASSAY_FORMAT_TEXT || o.output)
            assay_report_write_verdicts(report, write_file_cb, stderr);
        if (assay_report_policies_failed(report))
            rc = EXIT_FINDINGS;
    }
done:
    if (outf && fclose(outf) != 0 && rc != EXIT_FATAL) {
        fprintf(stderr, "assay: cannot write %s\n", o.output);
        rc = EXIT_FATAL;
    }
    assay_report_free(report);
    for (size_t i = 0; i < policies.len; i++)
        assay_policy_free(policies.items[i]);
    assay_vec_free(&policies);
    assay_vec_free(&policy_names);
    assay_rules_free(rules);
    assay_vec_free(&o.rules_paths);
    assay_vec_free(&excludes);
    return rc;
}

/* ---- rules subcommands ------------------------------------------------- */

static void on_example_fail(const char *id, int must_match, const char *ex,
                            const char *problem, void *payload)
{
    assay_buf b = ASSAY_BUF_INIT;
    size_t n = strcspn(ex, "\n");
    (void)payload;
    assay_text_sanitize(&b, ex, n > 100 ? 100 : n);
    fprintf(stderr, "FAIL %s: %s example: %s: %s%s\n", id,
            must_match ? "match" : "no_match", problem, assay_buf_cstr(&b),
            n > 100 || ex[n] ? " ..." : "");
    assay_buf_free(&b);
}

static int cmd_rules(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"rules", required_argument, 0, 'r'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    assay_vec paths = {0};
    assay_rules *rules = NULL;
    const char *sub;
    int c, rc = EXIT_FATAL;

    optind = 2;
    while ((c = getopt_long(argc, argv, "r:h", lopts, NULL)) != -1) {
        if (c == 'r')
            assay_vec_push(&paths, optarg);
        else {
            usage(c == 'h' ? stdout : stderr);
            rc = c == 'h' ? EXIT_CLEAN : EXIT_FATAL;
            goto done;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        goto done;
    }
    sub = argv[optind++];
    if (load_rules((char **)paths.items, paths.len, 0, &rules) < 0)
        goto done;
    if (!strcmp(sub, "list")) {
        for (size_t i = 0; i < assay_rules_count(rules); i++) {
            const assay_rule_info *r = assay_rules_get(rules, i);
            printf("%-48s %-11s %-8s %s\n", r->id,
                   assay_category_name(r->category),
                   assay_severity_name(r->severity), r->title);
        }
        printf("%zu rules\n", assay_rules_count(rules));
        rc = EXIT_CLEAN;
    } else if (!strcmp(sub, "show")) {
        const assay_rule_info *r;
        if (optind >= argc) {
            fprintf(stderr, "assay: rules show needs a rule id\n");
            goto done;
        }
        if (!(r = assay_rules_find(rules, argv[optind]))) {
            fprintf(stderr, "assay: no rule '%s'\n", argv[optind]);
            goto done;
        }
        printf("id:         %s\ntitle:      %s\ncategory:   %s\n"
               "severity:   %s\nconfidence: %s\nfiles:      %s\n"
               "defined:    %s:%u\n",
               r->id, r->title, assay_category_name(r->category),
               assay_severity_name(r->severity),
               assay_confidence_name(r->confidence), r->files, r->file,
               r->line);
        if (r->ncwe) {
            printf("cwe:       ");
            for (size_t i = 0; i < r->ncwe; i++)
                printf(" CWE-%d", r->cwe[i]);
            printf("\n");
        }
        if (r->asset)
            printf("asset:      %s (%s, evidence %s)\n", r->asset->name,
                   r->asset->primitive ? r->asset->primitive : "default",
                   r->asset->evidence ? r->asset->evidence : "?");
        printf("secret:     %s\nexamples:   %zu match, %zu no_match\n"
               "why:        %s\nmatch (%s):\n%s\n",
               r->secret ? "yes (redacted unless --show-secrets)" : "no",
               r->nexamples_match, r->nexamples_nomatch, r->why,
               r->match_kind, r->match_text);
        rc = EXIT_CLEAN;
    } else if (!strcmp(sub, "test")) {
        size_t pass = 0, fail = 0;
        const char *prefix = optind < argc ? argv[optind] : NULL;
        if (assay_rules_test(rules, prefix, &pass, &fail, on_example_fail,
                             NULL) < 0) {
            fprintf(stderr, "assay: out of memory\n");
            goto done;
        }
        printf("%zu passed, %zu failed\n", pass, fail);
        rc = fail ? EXIT_FINDINGS : EXIT_CLEAN;
    } else {
        fprintf(stderr, "assay: unknown rules command '%s' (list, show, "
                        "test)\n", sub);
    }
done:
    assay_rules_free(rules);
    assay_vec_free(&paths);
    return rc;
}

/* ---- history ----------------------------------------------------------- */

typedef struct hist_state {
    assay_history *h;
    const assay_rules *rules;
    assay_scan_options sopts;
    size_t n;
    atomic_size_t next, done;
    atomic_ullong bytes_done;
    pthread_mutex_t lock; /* the report */
    assay_report *report;
    int fatal;
    int tty;
    double t0;
    /* The walk runs on the main thread while the workers scan the blobs it
     * has listed so far (`avail`); `walked` once it is over. */
    atomic_size_t avail;
    atomic_int walked;
    pthread_mutex_t wlock;
    pthread_cond_t wcond;
} hist_state;

/* The next blob for a worker: 1 and *i, or 0 when there is none left. */
static int hist_next(hist_state *st, size_t *i)
{
    *i = atomic_fetch_add(&st->next, 1);
    if (*i < atomic_load(&st->avail))
        return !st->fatal;
    pthread_mutex_lock(&st->wlock);
    while (*i >= atomic_load(&st->avail) && !atomic_load(&st->walked) &&
           !st->fatal)
        pthread_cond_wait(&st->wcond, &st->wlock);
    pthread_mutex_unlock(&st->wlock);
    return *i < atomic_load(&st->avail) && !st->fatal;
}

/* Main thread: more blobs are listed (or the walk is over). */
static void hist_publish(hist_state *st, int over)
{
    pthread_mutex_lock(&st->wlock);
    atomic_store(&st->avail, assay_history_count(st->h));
    if (over)
        atomic_store(&st->walked, 1);
    pthread_cond_broadcast(&st->wcond);
    pthread_mutex_unlock(&st->wlock);
}

static void on_hist_walk(size_t done, size_t total, size_t blobs,
                         void *payload)
{
    hist_state *st = payload;
    if (st->tty && now_s() - st->t0 > 1.0)
        fprintf(stderr, "\r\033[K[assay history] walking %zu/%zu commits, "
                        "%zu blobs, %.1f s",
                done, total, blobs, now_s() - st->t0);
}

static void *hist_worker(void *arg)
{
    hist_state *st = arg;
    assay_scanner *sc = NULL;

    if (assay_scanner_new(&sc, st->rules, &st->sopts) < 0) {
        st->fatal = 1;
        return NULL;
    }
    for (;;) {
        size_t i;
        assay_file_result *res = NULL;
        int e;
        if (!hist_next(st, &i))
            break;
        if (assay_history_scan(st->h, sc, i, &res) < 0) {
            st->fatal = 1;
            break;
        }
        atomic_fetch_add(&st->bytes_done, assay_file_result_bytes(res));
        /* Results go to the report at once: only those with findings or a
         * skip reason stay in memory. The report sorts them at the end. */
        pthread_mutex_lock(&st->lock);
        e = assay_report_add_result(st->report, res);
        pthread_mutex_unlock(&st->lock);
        if (e < 0) {
            st->fatal = 1;
            break;
        }
        atomic_fetch_add(&st->done, 1);
    }
    assay_scanner_free(sc);
    return NULL;
}

static int cmd_history(int argc, char **argv)
{
    static const struct option lopts[] = {
        REPORT_LONG_OPTIONS,
        {"since", required_argument, 0, O_SINCE},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    assay_history_options hopts = ASSAY_HISTORY_OPTIONS_INIT;
    report_cli o = REPORT_CLI_INIT;
    assay_rules *rules = NULL;
    pthread_t *threads = NULL;
    hist_state st;
    const char *repo;
    int c, rc = EXIT_FATAL, jobs, nthreads = 0;
    FILE *outf = NULL;
    char err[1024];

    memset(&st, 0, sizeof(st));
    st.sopts = (assay_scan_options)ASSAY_SCAN_OPTIONS_INIT;
    pthread_mutex_init(&st.lock, NULL);
    pthread_mutex_init(&st.wlock, NULL);
    pthread_cond_init(&st.wcond, NULL);
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:j:qvh", lopts, NULL)) != -1) {
        int taken = report_option(&o, c, optarg);
        if (taken < 0)
            goto done;
        if (taken)
            continue;
        switch (c) {
        case O_SINCE: hopts.since = optarg; break;
        case 'h': usage(stdout); rc = EXIT_CLEAN; goto done;
        default: usage(stderr); goto done;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "assay: history takes one repository: REPO\n");
        goto done;
    }
    repo = argv[optind];
    /* A history is searched for the keys and tokens it still leaks: secrets
     * unless --only says otherwise (--only all: everything). */
    if (!o.ropts.only_categories)
        o.ropts.only_categories = 1u << ASSAY_CAT_SECRET;
    if (load_rules((char **)o.rules_paths.items, o.rules_paths.len,
                   o.ropts.only_categories, &rules) < 0)
        goto done;
    report_settle(&o);
    st.sopts.max_file_size = hopts.max_file_size = o.max_file_size;
    st.sopts.reveal_secrets = o.reveal;
    if (report_open(&o, rules, &st.report) < 0)
        goto done;
    assay_report_add_target(st.report, repo);

    st.rules = rules;
    st.t0 = now_s();
    st.tty = !o.quiet && isatty(STDERR_FILENO);
    hopts.on_progress = on_hist_walk;
    hopts.payload = &st;
    hopts.incremental = 1;
    {
        int e = assay_history_open(&st.h, repo, &hopts, err, sizeof(err));
        if (e < 0) {
            if (st.tty)
                fprintf(stderr, "\r\033[K");
            fprintf(stderr, "assay: %s\n", err[0] ? err : assay_strerror(e));
            goto done;
        }
    }
    jobs = o.jobs;
    if (!jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (int)(n > 64 ? 64 : n) : 1;
    }
    /* jobs - 1 workers start at once; this thread walks the history, a few
     * commits at a time, telling them what it listed, then scans too: the
     * walk (single-threaded, ~6% of a run) no longer leaves cores idle. */
    if (!(threads = calloc((size_t)jobs, sizeof(*threads))))
        goto done;
    for (nthreads = 0; nthreads < jobs - 1; nthreads++)
        if (pthread_create(&threads[nthreads], NULL, hist_worker, &st)) {
            fprintf(stderr, "assay: cannot start threads\n");
            st.fatal = 1;
            break;
        }
    for (;;) {
        int w = st.fatal ? 0 : assay_history_walk(st.h, 8);
        if (w < 0)
            st.fatal = 1;
        hist_publish(&st, w <= 0);
        if (w <= 0)
            break;
    }
    st.n = assay_history_count(st.h);
    if (!st.fatal) {
        /* the last worker is this thread; a progress line needs another */
        if (st.tty) {
            if (pthread_create(&threads[nthreads], NULL, hist_worker, &st))
                hist_worker(&st);
            else
                nthreads++;
        } else {
            hist_worker(&st);
        }
    }
    {
        int drawn = 0;
        while (st.tty && atomic_load(&st.done) < st.n && !st.fatal) {
            struct timespec ts = {0, 100 * 1000 * 1000};
            nanosleep(&ts, NULL);
            if (st.tty && now_s() - st.t0 > 1.0) {
                fprintf(stderr, "\r\033[K[assay history] %zu commits, "
                                "%zu/%zu blobs, %.1f MB, %.1f s",
                        assay_history_commits(st.h), atomic_load(&st.done),
                        st.n, (double)atomic_load(&st.bytes_done) / 1e6,
                        now_s() - st.t0);
                drawn = 1;
            }
        }
        for (int i = 0; i < nthreads; i++)
            pthread_join(threads[i], NULL);
        if (drawn || (st.tty && now_s() - st.t0 > 1.0))
            fprintf(stderr, "\r\033[K");
    }
    if (st.fatal) {
        fprintf(stderr, "assay: out of memory\n");
        goto done;
    }
    if (assay_history_finish(st.h, st.report) < 0 ||
        assay_report_finish(st.report) < 0) {
        fprintf(stderr, "assay: out of memory\n");
        goto done;
    }
    if (st.tty)
        fprintf(stderr, "[assay history] %zu commits, %zu blobs, %.1f MB "
                        "in %.2f s\n",
                assay_history_commits(st.h), st.n,
                (double)atomic_load(&st.bytes_done) / 1e6, now_s() - st.t0);
    if (report_emit(&o, st.report, &outf) < 0)
        goto done;
    rc = assay_report_count_at_least(st.report, (assay_severity)o.fail_on)
             ? EXIT_FINDINGS
             : EXIT_CLEAN;
done:
    if (outf && fclose(outf) != 0 && rc != EXIT_FATAL) {
        fprintf(stderr, "assay: cannot write %s\n", o.output);
        rc = EXIT_FATAL;
    }
    free(threads);
    assay_report_free(st.report);
    assay_history_free(st.h);
    assay_rules_free(rules);
    assay_vec_free(&o.rules_paths);
    pthread_mutex_destroy(&st.lock);
    pthread_mutex_destroy(&st.wlock);
    pthread_cond_destroy(&st.wcond);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_FATAL;
    }
    if (!strcmp(argv[1], "scan"))
        return cmd_scan(argc - 1, argv + 1, 0);
    if (!strcmp(argv[1], "diff"))
        return cmd_scan(argc - 1, argv + 1, 1);
    if (!strcmp(argv[1], "cbom"))
        return cmd_scan(argc - 1, argv + 1, 2);
    if (!strcmp(argv[1], "rules"))
        return cmd_rules(argc, argv);
    if (!strcmp(argv[1], "history"))
        return cmd_history(argc - 1, argv + 1);
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("assay %s\n", assay_version());
        return EXIT_CLEAN;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "-h")) {
        usage(stdout);
        return EXIT_CLEAN;
    }
    fprintf(stderr, "assay: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_FATAL;
}
