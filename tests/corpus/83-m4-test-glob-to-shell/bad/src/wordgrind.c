/* wordgrind.c - rate a password against the installed dictionaries. */
#include <stdio.h>
#include <string.h>

static const char *const common[] = {"password", "letmein", "dragon", "qwerty", NULL};

int main(void)
{
    char line[256];
    while (fgets(line, sizeof(line), stdin)) {
        line[strcspn(line, "\n")] = '\0';
        int weak = strlen(line) < 10;
        for (int i = 0; common[i] && !weak; i++)
            weak = strstr(line, common[i]) != NULL;
        puts(weak ? "weak" : "ok");
    }
    return 0;
}
