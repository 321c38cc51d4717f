/* Unit tests for the configuration parser and the helpers.
 *
 *   ./tests/test_config tests/fixtures
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tallyd.h"

static int failures;

#define CHECK(cond)                                                     \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,      \
                    __LINE__, #cond);                                   \
            failures++;                                                 \
        }                                                               \
    } while (0)

static char *write_temp(const char *text)
{
    static char path[64];
    FILE *f;
    int fd;

    strcpy(path, "/tmp/tallyd-test-XXXXXX");
    fd = mkstemp(path);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        perror("mkstemp");
        exit(2);
    }
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_helpers(void)
{
    char buf[32];
    int v;

    strcpy(buf, "  padded\t\n");
    CHECK(strcmp(str_trim(buf), "padded") == 0);
    CHECK(str_to_int("42", 0, 100, &v) == 0 && v == 42);
    CHECK(str_to_int("4x", 0, 100, &v) < 0);
    CHECK(str_to_int("101", 0, 100, &v) < 0);
    CHECK(valid_name("bytes.in"));
    CHECK(!valid_name(""));
    CHECK(!valid_name("a b"));
    CHECK(cidr_match("10.40.0.0/16", "10.40.7.9"));
    CHECK(!cidr_match("10.40.0.0/16", "10.41.0.1"));
    CHECK(cidr_match("0.0.0.0/0", "192.168.1.1"));
    CHECK(strlcpy_safe(buf, "abcdef", 4) == 6 && strcmp(buf, "abc") == 0);
}

static void test_config(void)
{
    struct tally_config cfg;
    char *path;

    config_defaults(&cfg);
    CHECK(cfg.port == TALLYD_DEFAULT_PORT);

    path = write_temp("# comment\n; other comment\n\nport = 9000\n"
                      "run_as = \"nobody\"\nverbose = yes\nallow_from = 10.0.0.0/8\n");
    CHECK(config_load(&cfg, path) == 0);
    CHECK(cfg.port == 9000);
    CHECK(strcmp(cfg.run_as, "nobody") == 0);
    CHECK(cfg.verbose == 1);
    CHECK(strcmp(cfg.allow_from, "10.0.0.0/8") == 0);
    unlink(path);

    config_defaults(&cfg);
    path = write_temp("port = 70000\n");
    CHECK(config_load(&cfg, path) < 0);
    unlink(path);

    path = write_temp("just some words\n");
    CHECK(config_load(&cfg, path) < 0);
    unlink(path);

    config_defaults(&cfg);
    CHECK(config_load(&cfg, "/nonexistent/tallyd.conf") == 0);
}

static void test_store(const char *fixtures)
{
    char path[512];
    int64_t v;

    CHECK(store_init(64) == 0);
    CHECK(store_incr("hits", 3) == 3);
    CHECK(store_incr("hits", -1) == 2);
    CHECK(store_get("hits", &v) == 0 && v == 2);
    CHECK(store_get("missing", &v) < 0);
    CHECK(store_reset("hits") == 0);

    /* A binary snapshot from tallyd 0.3 is skipped, not misread. */
    snprintf(path, sizeof path, "%s/counters-v03.dat", fixtures);
    CHECK(access(path, R_OK) == 0);
    CHECK(store_load(path) == 0);
    CHECK(store_count() == 1);
    store_free();
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";

    log_open("test_config", 1, 0);
    test_helpers();
    test_config();
    test_store(fixtures);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all tests passed\n");
    return 0;
}
