/* Clean twin: literal comparisons that only parse options. */
#include <stdio.h>
#include <string.h>

static void usage(void) { puts("usage: tool [--help] [--version]"); }

int parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage();
            return 1;
        }
        if (strcmp(argv[i], "--version") == 0) {
            puts("tool 1.0");
            return 1;
        }
    }
    return 0;
}
