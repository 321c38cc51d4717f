/* tallyd - configuration file parser.
 *
 * The file holds "key = value" lines. Blank lines and lines starting with
 * '#' or ';' are ignored. Values may be quoted with double quotes. Unknown
 * keys are reported with their line number and otherwise ignored, so a
 * newer configuration file still works with an older daemon.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "tallyd.h"

enum value_kind { V_STRING, V_INT, V_BOOL };

struct option_def {
    const char *key;
    enum value_kind kind;
    size_t offset;
    size_t size;                /* string buffer size */
    int lo, hi;                 /* integer bounds */
};

#define STR_OPT(k, field) { k, V_STRING, offsetof(struct tally_config, field), \
                            sizeof(((struct tally_config *)0)->field), 0, 0 }
#define INT_OPT(k, field, lo, hi) { k, V_INT, offsetof(struct tally_config, field), 0, lo, hi }
#define BOOL_OPT(k, field) { k, V_BOOL, offsetof(struct tally_config, field), 0, 0, 1 }

static const struct option_def options[] = {
    STR_OPT("listen_address", listen_address),
    STR_OPT("allow_from", allow_from),
    INT_OPT("port", port, 1, 65535),
    INT_OPT("max_clients", max_clients, 1, 4096),
    INT_OPT("idle_timeout", idle_timeout, 0, 86400),
    STR_OPT("run_as", run_as),
    STR_OPT("state_file", state_file),
    STR_OPT("token_file", token_file),
    STR_OPT("log_ident", log_ident),
    STR_OPT("relay_host", relay_host),
    INT_OPT("relay_port", relay_port, 1, 65535),
    STR_OPT("update_url", update_url),
    BOOL_OPT("foreground", foreground),
    BOOL_OPT("verbose", verbose),
};

void config_defaults(struct tally_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->port = TALLYD_DEFAULT_PORT;
    cfg->max_clients = 64;
    cfg->idle_timeout = 300;
    strlcpy_safe(cfg->run_as, "tallyd", sizeof cfg->run_as);
    strlcpy_safe(cfg->state_file, "/var/lib/tallyd/counters", sizeof cfg->state_file);
    strlcpy_safe(cfg->token_file, "/etc/tallyd/tokens", sizeof cfg->token_file);
    strlcpy_safe(cfg->log_ident, "tallyd", sizeof cfg->log_ident);
}

static int parse_bool(const char *s, int *out)
{
    if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *out = 1;
    else if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

static char *unquote(char *s)
{
    size_t n = strlen(s);

    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        s[n - 1] = '\0';
        return s + 1;
    }
    return s;
}

static int apply(struct tally_config *cfg, const char *key, char *value,
                 const char *path, int lineno)
{
    size_t i;

    for (i = 0; i < sizeof options / sizeof options[0]; i++) {
        const struct option_def *o = &options[i];
        char *field = (char *)cfg + o->offset;

        if (strcmp(o->key, key) != 0)
            continue;
        switch (o->kind) {
        case V_STRING:
            if (strlen(value) >= o->size) {
                fprintf(stderr, "%s:%d: value of '%s' is too long\n", path, lineno, key);
                return -1;
            }
            strlcpy_safe(field, value, o->size);
            return 0;
        case V_INT:
            if (str_to_int(value, o->lo, o->hi, (int *)field) < 0) {
                fprintf(stderr, "%s:%d: '%s' must be a number from %d to %d\n",
                        path, lineno, key, o->lo, o->hi);
                return -1;
            }
            return 0;
        case V_BOOL:
            if (parse_bool(value, (int *)field) < 0) {
                fprintf(stderr, "%s:%d: '%s' must be yes or no\n", path, lineno, key);
                return -1;
            }
            return 0;
        }
    }
    fprintf(stderr, "%s:%d: unknown key '%s' ignored\n", path, lineno, key);
    return 0;
}

int config_load(struct tally_config *cfg, const char *path)
{
    char line[1024];
    FILE *f = fopen(path, "r");
    int lineno = 0, errors = 0;

    if (f == NULL) {
        if (errno == ENOENT)
            return 0;               /* defaults only */
        fprintf(stderr, "tallyd: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *key, *value, *eq;

        lineno++;
        key = str_trim(line);
        if (*key == '\0' || *key == '#' || *key == ';')
            continue;
        eq = strchr(key, '=');
        if (eq == NULL) {
            fprintf(stderr, "%s:%d: expected 'key = value'\n", path, lineno);
            errors++;
            continue;
        }
        *eq = '\0';
        key = str_trim(key);
        value = unquote(str_trim(eq + 1));
        if (apply(cfg, key, value, path, lineno) < 0)
            errors++;
    }
    fclose(f);
    return errors ? -1 : 0;
}
