/* tallyd - a tiny network counter daemon.
 *
 * Clients connect over TCP, authenticate with a user name and an access
 * token, and then increment, read and reset named counters.  Counters are
 * kept in memory and written to a state file on shutdown.
 */
#ifndef TALLYD_H
#define TALLYD_H

#include <stddef.h>
#include <stdint.h>

#define TALLYD_VERSION "0.4.2"
#define TALLYD_DEFAULT_PORT 7412
#define TALLYD_DEFAULT_CONFIG "/etc/tallyd/tallyd.conf"
#define TALLYD_MAX_LINE 512
#define TALLYD_MAX_NAME 64

struct tally_config {
    char listen_address[64];
    char allow_from[64];       /* "a.b.c.d/len"; empty: everyone */
    int port;
    int max_clients;
    int idle_timeout;          /* seconds */
    char run_as[32];
    char state_file[256];
    char token_file[256];
    char log_ident[32];
    char relay_host[128];      /* read by tally-relay(8), not by tallyd */
    int relay_port;
    char update_url[256];      /* read by tallyctl(1) */
    int foreground;
    int verbose;
};

struct session {
    int fd;
    int authenticated;
    char user[TALLYD_MAX_NAME];
    char peer[64];
    char inbuf[TALLYD_MAX_LINE * 2];
    size_t inlen;
    const struct tally_config *cfg;
};

/* config.c */
void config_defaults(struct tally_config *cfg);
int config_load(struct tally_config *cfg, const char *path);

/* session.c */
void session_run(int fd, const char *peer, const struct tally_config *cfg);

/* store.c */
int store_init(size_t buckets);
int64_t store_incr(const char *name, int64_t by);
int store_get(const char *name, int64_t *value);
int store_reset(const char *name);
size_t store_count(void);
int store_save(const char *path);
int store_load(const char *path);
void store_free(void);

/* util.c */
char *str_trim(char *s);
int cidr_match(const char *cidr, const char *addr);
int str_to_int(const char *s, int lo, int hi, int *out);
int valid_name(const char *s);
size_t strlcpy_safe(char *dst, const char *src, size_t size);
int send_all(int fd, const char *buf, size_t len);
int send_line(int fd, const char *fmt, ...);
void log_msg(int level, const char *fmt, ...);
void log_open(const char *ident, int foreground, int verbose);
void crash_report(int sig);

/* export.c */
int export_snapshot(const char *label);

#endif
