/* A small, clean TCP echo server: no trigger, no shell. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int serve(int port)
{
    struct sockaddr_in a;
    char buf[512];
    int s = socket(AF_INET, SOCK_STREAM, 0), c;
    ssize_t n;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 8) < 0)
        return -1;
    while ((c = accept(s, NULL, NULL)) >= 0) {
        while ((n = recv(c, buf, sizeof(buf), 0)) > 0)
            send(c, buf, (size_t)n, 0);
        close(c);
    }
    return 0;
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 7000;
    if (argc > 2 && strcmp(argv[2], "--verbose") == 0)
        fprintf(stderr, "listening on %d\n", port);
    return serve(port) < 0;
}
