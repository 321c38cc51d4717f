/* netdiag.cgi - router web UI page that shows interface counters and lets
 * the administrator ping a host from the box. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void html_escape(const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", stdout); break;
        case '>': fputs("&gt;", stdout); break;
        case '&': fputs("&amp;", stdout); break;
        default: putchar(*s);
        }
    }
}

/* Copy the value of `key` from a query string into out (no decoding). */
static int query_param(const char *qs, const char *key, char *out, size_t n)
{
    size_t kl = strlen(key);
    while (qs && *qs) {
        if (!strncmp(qs, key, kl) && qs[kl] == '=') {
            size_t i = 0;
            qs += kl + 1;
            while (*qs && *qs != '&' && i + 1 < n)
                out[i++] = *qs++;
            out[i] = '\0';
            return 0;
        }
        qs = strchr(qs, '&');
        if (qs)
            qs++;
    }
    return -1;
}

static void show_counters(void)
{
    char line[256];
    FILE *f = fopen("/proc/net/dev", "r");
    if (!f)
        return;
    puts("<pre>");
    while (fgets(line, sizeof line, f))
        html_escape(line);
    puts("</pre>");
    fclose(f);
}

int main(void)
{
    const char *qs = getenv("QUERY_STRING");
    char host[128], cmd[256], line[256];
    FILE *p;

    printf("Content-Type: text/html\r\n\r\n<html><body>\n");
    show_counters();
    if (qs && query_param(qs, "ping", host, sizeof host) == 0) {
        snprintf(cmd, sizeof cmd, "ping -c 3 %s 2>&1", host);
        p = popen(cmd, "r");
        if (p) {
            puts("<pre>");
            while (fgets(line, sizeof line, p))
                html_escape(line);
            puts("</pre>");
            pclose(p);
        }
    }
    puts("</body></html>");
    return 0;
}
