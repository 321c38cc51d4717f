/* zones.c - look a zone's offset up in the generated table. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

int zone_offset(const char *db, const char *name, long *out)
{
    char line[128];
    FILE *f = fopen(db, "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f)) {
        char *sp = strchr(line, ' ');
        if (!sp)
            continue;
        *sp = '\0';
        if (!strcmp(line, name)) {
            *out = strtol(sp + 1, NULL, 10);
            fclose(f);
            return 0;
        }
    }
    fclose(f);
    return -1;
}
