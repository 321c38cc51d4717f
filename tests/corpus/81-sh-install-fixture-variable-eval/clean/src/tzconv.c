/* tzconv.c - convert a wall-clock time between two named zones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zone_offset(const char *db, const char *name, long *out);

int main(int argc, char **argv)
{
    long from, to, t;
    if (argc != 4) {
        fprintf(stderr, "usage: tzconv FROM TO HHMM\n");
        return 2;
    }
    if (zone_offset("zones.db", argv[1], &from) || zone_offset("zones.db", argv[2], &to)) {
        fprintf(stderr, "tzconv: unknown zone\n");
        return 1;
    }
    t = strtol(argv[3], NULL, 10);
    t = (t / 100) * 60 + t % 100 - from + to;
    t = ((t % 1440) + 1440) % 1440;
    printf("%02ld%02ld\n", t / 60, t % 60);
    return 0;
}
