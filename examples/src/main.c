/* tallyd - command line, listener and accept loop. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "tallyd.h"

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t children;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: tallyd [options]\n"
            "  -c, --config FILE   configuration file (default %s)\n"
            "  -p, --port N        TCP port to listen on (default %d)\n"
            "  -f, --foreground    do not detach, log to stderr\n"
            "  -v, --verbose       log every command\n"
            "  -h, --help          show this help\n"
            "      --version       print the version\n",
            TALLYD_DEFAULT_CONFIG, TALLYD_DEFAULT_PORT);
}

static void on_signal(int sig)
{
    if (sig == SIGCHLD) {
        int saved = errno;
        while (waitpid(-1, NULL, WNOHANG) > 0)
            children--;
        errno = saved;
        return;
    }
    stop_requested = 1;
}

static void install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGSEGV, crash_report);
    signal(SIGBUS, crash_report);
}

static int open_listener(const struct tally_config *cfg)
{
    struct sockaddr_in addr;
    int fd, one = 1;

    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)cfg->port);
    if (cfg->listen_address[0] == '\0')
        addr.sin_addr.s_addr = htonl(INADDR_ANY);
    else if (inet_pton(AF_INET, cfg->listen_address, &addr.sin_addr) != 1) {
        log_msg(LOG_ERR, "invalid listen_address '%s'", cfg->listen_address);
        return -1;
    }

    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        log_msg(LOG_ERR, "socket: %s", strerror(errno));
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0) {
        log_msg(LOG_ERR, "cannot listen on port %d: %s", cfg->port, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int drop_privileges(const char *user)
{
    struct passwd *pw;

    if (getuid() != 0 || user[0] == '\0')
        return 0;
    pw = getpwnam(user);
    if (pw == NULL) {
        log_msg(LOG_ERR, "run_as user '%s' does not exist", user);
        return -1;
    }
    if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
        log_msg(LOG_ERR, "cannot drop privileges to '%s': %s", user, strerror(errno));
        return -1;
    }
    return 0;
}

static void serve(int lfd, const struct tally_config *cfg)
{
    while (!stop_requested) {
        struct sockaddr_in peer;
        socklen_t plen = sizeof peer;
        char name[64];
        pid_t pid;
        int cfd = accept(lfd, (struct sockaddr *)&peer, &plen);

        if (cfd < 0) {
            if (errno != EINTR)
                log_msg(LOG_WARNING, "accept: %s", strerror(errno));
            continue;
        }
        if (children >= cfg->max_clients) {
            send_line(cfd, "ERR busy");
            close(cfd);
            continue;
        }
        inet_ntop(AF_INET, &peer.sin_addr, name, sizeof name);
        if (cfg->allow_from[0] != '\0' && !cidr_match(cfg->allow_from, name)) {
            log_msg(LOG_NOTICE, "refused connection from %s", name);
            close(cfd);
            continue;
        }
        pid = fork();
        if (pid == 0) {
            close(lfd);
            session_run(cfd, name, cfg);
            _exit(0);
        }
        if (pid > 0)
            children++;
        else
            log_msg(LOG_ERR, "fork: %s", strerror(errno));
        close(cfd);
    }
}

int main(int argc, char **argv)
{
    struct tally_config cfg;
    const char *config_path = TALLYD_DEFAULT_CONFIG;
    int port = 0, foreground = 0, verbose = 0, lfd, i;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(arg, "--version") == 0) {
            printf("tallyd %s\n", TALLYD_VERSION);
            return 0;
        } else if (strcmp(arg, "-f") == 0 || strcmp(arg, "--foreground") == 0) {
            foreground = 1;
        } else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
            verbose = 1;
        } else if ((strcmp(arg, "-c") == 0 || strcmp(arg, "--config") == 0) && i + 1 < argc) {
            config_path = argv[++i];
        } else if ((strcmp(arg, "-p") == 0 || strcmp(arg, "--port") == 0) && i + 1 < argc) {
            if (str_to_int(argv[++i], 1, 65535, &port) < 0) {
                fprintf(stderr, "tallyd: invalid port '%s'\n", argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "tallyd: unknown option '%s'\n", arg);
            usage(stderr);
            return 2;
        }
    }

    config_defaults(&cfg);
    if (config_load(&cfg, config_path) < 0)
        return 1;
    if (port)
        cfg.port = port;
    cfg.foreground |= foreground;
    cfg.verbose |= verbose;

    log_open(cfg.log_ident, cfg.foreground, cfg.verbose);
    if (store_init(1024) < 0 || store_load(cfg.state_file) < 0)
        return 1;

    lfd = open_listener(&cfg);
    if (lfd < 0)
        return 1;
    if (!cfg.foreground && daemon(0, 0) < 0) {
        log_msg(LOG_ERR, "daemon: %s", strerror(errno));
        return 1;
    }
    if (drop_privileges(cfg.run_as) < 0)
        return 1;

    install_signals();
    log_msg(LOG_INFO, "tallyd %s listening on port %d", TALLYD_VERSION, cfg.port);
    serve(lfd, &cfg);

    log_msg(LOG_INFO, "shutting down, saving %zu counters", store_count());
    store_save(cfg.state_file);
    export_snapshot("shutdown");
    store_free();
    close(lfd);
    return 0;
}
