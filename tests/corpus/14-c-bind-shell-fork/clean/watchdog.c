/* watchdog.c - restarts the service when it stops answering. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "svc.h"

static pid_t child;

static void start_service(const struct svc_conf *cf)
{
    child = fork();
    if (child == 0) {
        execv(cf->binary, cf->argv);
        _exit(127);
    }
}


int watchdog_run(const struct svc_conf *cf)
{
    start_service(cf);
    for (;;) {
        sleep(cf->interval);
        if (!svc_alive(cf)) {
            kill(child, SIGTERM);
            waitpid(child, NULL, 0);
            start_service(cf);
        }
    }
}
