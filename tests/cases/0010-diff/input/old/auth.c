/* release 1.0 */
#include <string.h>
#include <unistd.h>

int check_password(const char *user, const char *pass);

int handle_login(const char *user, const char *pass)
{
    return check_password(user, pass);
}

void spawn_helper(void)
{
    execl("/bin/sh", "sh", "-c", "true", (char *)0);
}
