/* flow.c - intra-procedural taint analysis over tree-sitter trees.
 * SPDX-License-Identifier: Apache-2.0
 *
 * A flow rule names sources (calls whose result or output argument carries
 * untrusted data, or values such as `$_GET` that are untrusted themselves),
 * sinks (calls where such data must not arrive), `through` calls that copy
 * data from some arguments to others, and sanitizers (calls whose result is
 * clean). See docs/RULES.md for the syntax.
 *
 * The analysis is one core for every language. A per-language table maps
 * grammar node types to a handful of shapes: function, call (callee and
 * arguments fields), assignment (target and value), loop, for-each,
 * identifier, member access, subscript, comparison, clean value, pipeline and
 * redirection (shell). Anything else is treated as "its value is made of its
 * children", which is what concatenation, interpolation, formatting, casts,
 * pointer arithmetic and parentheses have in common.
 *
 * Each function body (and the top level of the file, for scripts) is
 * evaluated once in source order. A variable becomes tainted when a tainted
 * value is assigned to it, or when a source or `through` call writes into it;
 * taint is never removed (the analysis is monotone, so branches need no
 * merging), and the first taint a variable receives is the one it keeps, so
 * every path it reports is real and acyclic. Loop bodies are evaluated again
 * until no new variable is tainted (at most FLOW_LOOP_PASSES times). A call
 * whose argument at a sink position is tainted is a finding, spanning the
 * call; its message names the source call and line, the variables on the
 * way and the sink and its line.
 *
 * C macros that hide a sink (`#define RUN(c) system(c)`, `#define X system`)
 * become sinks themselves when the definition is in the same file.
 *
 * Bounds: a node budget per file, a recursion depth cap (deeper expressions
 * are treated as clean), a cap on variables per function and on findings
 * per rule, and the scanner's per-file deadline. Nothing here allocates per
 * node: variables and origins point into the scanned text. */
#include "assay_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define FLOW_BUDGET 2000000u  /* node visits per file and rule */
#define FLOW_DEPTH 256        /* deeper nodes are not evaluated */
#define FLOW_MAX_VARS 4096    /* tainted variables per function */
#define FLOW_LOOP_PASSES 6    /* evaluations of one loop body */
#define FLOW_MAX_ARGS 24      /* arguments of a call we look at */
#define FLOW_MAX_FINDINGS 100 /* per rule and file */
#define FLOW_MAX_FUNCS 65536  /* function scopes per file */
#define FLOW_PATH_MAX 8       /* variables named in a message */
#define FLOW_MAX_ORIGINS 65536 /* source sites per function */
#define FLOW_MACRO_MAX 4096   /* bytes of a macro body we look into */

/* ====================================================================
 * Language tables
 * ==================================================================== */

/* Node kinds the core understands. */
enum {
    K_NONE = 0, /* value = union of its named children */
    K_FUNC,     /* a function scope: analysed alone, skipped when nested */
    K_CALL,     /* fa: callee field, fb: arguments field (0: "argument") */
    K_ASSIGN,   /* fa: target field, fb: value field */
    K_FOREACH,  /* fa: variable field, fb: collection field */
    K_LOOP,     /* body evaluated to a fixpoint */
    K_IDENT,    /* reads a variable */
    K_LIDENT,   /* a word that names a variable only as a target (shell) */
    K_MEMBER,   /* fa: object field; its text is also a variable key */
    K_SUBSCRIPT,/* fa: object field; the index does not taint */
    K_COMPARE,  /* fa: operator field; comparisons yield clean values */
    K_CLEAN,    /* children evaluated for their effects, value clean */
    K_KWARG,    /* fa: name field, fb: value field (keyword argument) */
    K_ARGWRAP,  /* an argument wrapper: value = its first named child */
    K_PIPE,     /* shell pipeline: stdout of one is stdin of the next */
    K_REDIR,    /* fa: body field, fb: redirect field */
    K_MACRO_FN, /* C function-like macro definition */
    K_MACRO_OBJ,/* C object-like macro definition */
    K_EXEC,     /* its content runs as a command (PHP/Ruby backticks) */
    K_VALUE,    /* a literal whose text value sources can match (shell) */
    K_COMMENT   /* ignored */
};

typedef struct fnode {
    const char *type;
    int kind;
    const char *a, *b; /* fields, by kind (see above) */
} fnode;

typedef struct flang {
    const char *lang;
    const fnode *nodes;
    int aliasing; /* `p = buf` makes p see what is later written to buf */
    /* Perl: the arguments field holds this list node, or else the only
     * argument itself (`system $cmd`, `system("x $y")`); NULL: always a
     * list */
    const char *arglist;
} flang;

static const fnode c_nodes[] = {
    {"function_definition", K_FUNC, NULL, NULL},
    {"call_expression", K_CALL, "function", "arguments"},
    {"assignment_expression", K_ASSIGN, "left", "right"},
    {"init_declarator", K_ASSIGN, "declarator", "value"},
    {"for_statement", K_LOOP, NULL, NULL},
    {"while_statement", K_LOOP, NULL, NULL},
    {"do_statement", K_LOOP, NULL, NULL},
    {"identifier", K_IDENT, NULL, NULL},
    {"field_expression", K_MEMBER, "argument", NULL},
    {"subscript_expression", K_SUBSCRIPT, "argument", NULL},
    {"binary_expression", K_COMPARE, "operator", NULL},
    {"sizeof_expression", K_CLEAN, NULL, NULL},
    {"alignof_expression", K_CLEAN, NULL, NULL},
    {"offsetof_expression", K_CLEAN, NULL, NULL},
    {"type_descriptor", K_CLEAN, NULL, NULL},
    {"preproc_function_def", K_MACRO_FN, NULL, NULL},
    {"preproc_def", K_MACRO_OBJ, NULL, NULL},
    {"comment", K_COMMENT, NULL, NULL},
    {NULL, 0, NULL, NULL}};

static const fnode bash_nodes[] = {
    {"function_definition", K_FUNC, NULL, NULL},
    {"command", K_CALL, "name", NULL},
    {"variable_assignment", K_ASSIGN, "name", "value"},
    {"for_statement", K_FOREACH, "variable", "value"},
    {"while_statement", K_LOOP, NULL, NULL},
    {"c_style_for_statement", K_LOOP, NULL, NULL},
    {"variable_name", K_IDENT, NULL, NULL},
    {"word", K_LIDENT, NULL, NULL},
    {"string", K_VALUE, NULL, NULL},
    {"raw_string", K_VALUE, NULL, NULL},
    {"concatenation", K_VALUE, NULL, NULL},
    {"pipeline", K_PIPE, NULL, NULL},
    {"redirected_statement", K_REDIR, "body", "redirect"},
    {"test_command", K_CLEAN, NULL, NULL},
    {"comment", K_COMMENT, NULL, NULL},
    {NULL, 0, NULL, NULL}};

static const fnode python_nodes[] = {
    {"function_definition", K_FUNC, NULL, NULL},
    {"lambda", K_FUNC, NULL, NULL},
    {"call", K_CALL, "function", "arguments"},
    {"assignment", K_ASSIGN, "left", "right"},
    {"augmented_assignment", K_ASSIGN, "left", "right"},
    {"named_expression", K_ASSIGN, "name", "value"},
    {"for_statement", K_FOREACH, "left", "right"},
    {"while_statement", K_LOOP, NULL, NULL},
    {"identifier", K_IDENT, NULL, NULL},
    {"attribute", K_MEMBER, "object", NULL},
    {"subscript", K_SUBSCRIPT, "value", NULL},
    {"comparison_operator", K_CLEAN, NULL, NULL},
    {"not_operator", K_CLEAN, NULL, NULL},
    {"keyword_argument", K_KWARG, "name", "value"},
    {"comment", K_COMMENT, NULL, NULL},
    {NULL, 0, NULL, NULL}};

static const fnode js_nodes[] = {
    {"function_declaration", K_FUNC, NULL, NULL},
    {"function_expression", K_FUNC, NULL, NULL},
    {"arrow_function", K_FUNC, NULL, NULL},
    {"method_definition", K_FUNC, NULL, NULL},
    {"generator_function_declaration", K_FUNC, NULL, NULL},
    {"call_expression", K_CALL, "function", "arguments"},
    {"new_expression", K_CALL, "constructor", "arguments"},
    {"assignment_expression", K_ASSIGN, "left", "right"},
    {"augmented_assignment_expression", K_ASSIGN, "left", "right"},
    {"variable_declarator", K_ASSIGN, "name", "value"},
    {"for_in_statement", K_FOREACH, "left", "right"},
    {"for_statement", K_LOOP, NULL, NULL},
    {"while_statement", K_LOOP, NULL, NULL},
    {"do_statement", K_LOOP, NULL, NULL},
    {"identifier", K_IDENT, NULL, NULL},
    {"shorthand_property_identifier_pattern", K_IDENT, NULL, NULL},
    {"member_expression", K_MEMBER, "object", NULL},
    {"subscript_expression", K_SUBSCRIPT, "object", NULL},
    {"binary_expression", K_COMPARE, "operator", NULL},
    {"comment", K_COMMENT, NULL, NULL},
    {NULL, 0, NULL, NULL}};

static const fnode php_nodes[] = {
    {"function_definition", K_FUNC, NULL, NULL},
    {"method_declaration", K_FUNC, NULL, NULL},
    {"anonymous_function", K_FUNC, NULL, NULL},
    {"arrow_function", K_FUNC, NULL, NULL},
    {"function_call_expression", K_CALL, "function", "arguments"},
    {"member_call_expression", K_CALL, "object", "arguments"},
    {"nullsafe_member_call_expression", K_CALL, "object", "arguments"},
    {"scoped_call_expression", K_CALL, "scope", "arguments"},
    {"assignment_expression", K_ASSIGN, "left", "right"},
    {"augmented_assignment_expression", K_ASSIGN, "left", "right"},
    {"foreach_statement", K_FOREACH, NULL, NULL},
    {"for_statement", K_LOOP, NULL, NULL},
    {"shell_command_expression", K_EXEC, NULL, NULL},
    {"while_statement", K_LOOP, NULL, NULL},
    {"do_statement", K_LOOP, NULL, NULL},
    {"variable_name", K_IDENT, NULL, NULL},
    {"member_access_expression", K_MEMBER, "object", NULL},
    {"subscript_expression", K_SUBSCRIPT, NULL, NULL},
    {"binary_expression", K_COMPARE, "operator", NULL},
    {"argument", K_ARGWRAP, NULL, NULL},
    {"comment", K_COMMENT, NULL, NULL},
    {NULL, 0, NULL, NULL}};

static const fnode ruby_nodes[] = {
    {"method", K_FUNC, NULL, NULL},
    {"singleton_method", K_FUNC, NULL, NULL},
    {"call", K_CALL, "receiver", "arguments"},
    {"assignment", K_ASSIGN, "left", "right"},
    {"operator_assignment", K_ASSIGN, "left", "right"},
    {"for", K_FOREACH, "pattern", "value"},
    {"while", K_LOOP, NULL, NULL},
    {"until", K_LOOP, NULL, NULL},
    {"identifier", K_IDENT, NULL, NULL},
    {"instance_variable", K_IDENT, NULL, NULL},
    {"element_reference", K_SUBSCRIPT, "object", NULL},
    {"binary", K_COMPARE, "operator", NULL},
    {"subshell", K_EXEC, NULL, NULL},
    {"comment", K_COMMENT, NULL, NULL},
    {NULL, 0, NULL, NULL}};

/* Perl: `eval EXPR`, backticks and qx() run their content (K_EXEC; an
 * `eval BLOCK` is code, not a string, and is evaluated like any block);
 * `<$sock>` is a value sources can name. */
static const fnode perl_nodes[] = {
    {"subroutine_declaration_statement", K_FUNC, NULL, NULL},
    {"method_declaration_statement", K_FUNC, NULL, NULL},
    {"anonymous_subroutine_expression", K_FUNC, NULL, NULL},
    {"function_call_expression", K_CALL, "function", "arguments"},
    {"ambiguous_function_call_expression", K_CALL, "function", "arguments"},
    {"method_call_expression", K_CALL, "method", "arguments"},
    /* `int $x`, `lc($x)`: the operand is the call's only named child */
    {"func1op_call_expression", K_CALL, "function", NULL},
    {"assignment_expression", K_ASSIGN, "left", "right"},
    {"for_statement", K_FOREACH, "variable", "list"},
    {"cstyle_for_statement", K_LOOP, NULL, NULL},
    {"loop_statement", K_LOOP, NULL, NULL},
    {"scalar", K_IDENT, NULL, NULL},
    {"hash_element_expression", K_SUBSCRIPT, "hash", NULL},
    {"array_element_expression", K_SUBSCRIPT, "array", NULL},
    {"readline_expression", K_VALUE, NULL, NULL},
    {"equality_expression", K_CLEAN, NULL, NULL},
    {"relational_expression", K_CLEAN, NULL, NULL},
    {"command_string", K_EXEC, NULL, NULL},
    {"eval_expression", K_EXEC, NULL, NULL},
    {"comment", K_COMMENT, NULL, NULL},
    {NULL, 0, NULL, NULL}};

static const flang flangs[] = {
    {"c", c_nodes, 1, NULL},           {"cpp", c_nodes, 1, NULL},
    {"bash", bash_nodes, 0, NULL},     {"python", python_nodes, 0, NULL},
    {"javascript", js_nodes, 0, NULL}, {"typescript", js_nodes, 0, NULL},
    {"tsx", js_nodes, 0, NULL},        {"php", php_nodes, 0, NULL},
    {"ruby", ruby_nodes, 0, NULL},
    {"perl", perl_nodes, 0, "list_expression"},
    {NULL, NULL, 0, NULL}};

static TSFieldId field(const TSLanguage *l, const char *name)
{
    return name ? ts_language_field_id_for_name(l, name,
                                                (uint32_t)strlen(name))
                : 0;
}

/* Node types of the tables that a linked grammar does not know, as
 * "lang:type " words in out (for the unit tests: a renamed node type in a
 * grammar upgrade must not silently switch a shape off). Returns how many. */
int assay__flow_check_tables(char *out, size_t n)
{
    int bad = 0;
    size_t used = 0;
    if (n)
        out[0] = '\0';
    for (const flang *l = flangs; l->lang; l++) {
        int li = assay__lang_find(l->lang);
        const TSLanguage *ts;
        if (li < 0)
            continue; /* grammar not linked */
        ts = assay__langs[li].language();
        for (const fnode *f = l->nodes; f->type; f++) {
            int found = 0;
            for (uint32_t sym = 0; sym < ts_language_symbol_count(ts) && !found;
                 sym++) {
                const char *nm = ts_language_symbol_name(ts, (TSSymbol)sym);
                found = nm && !strcmp(nm, f->type) &&
                        ts_language_symbol_type(ts, (TSSymbol)sym) ==
                            TSSymbolTypeRegular;
            }
            if ((f->a && !field(ts, f->a)) || (f->b && !field(ts, f->b)))
                found = 0;
            if (!found) {
                int w = snprintf(out + used, used < n ? n - used : 0, "%s:%s ",
                                 l->lang, f->type);
                if (w > 0)
                    used += (size_t)w;
                bad++;
            }
        }
    }
    return bad;
}

/* ====================================================================
 * Compiled rules
 * ==================================================================== */

/* A set of call positions: argument indexes, "all from N", the result,
 * standard input, or the argument after a literal flag (`sh:-c`). */
typedef struct argset {
    uint32_t mask; /* bit i: argument i */
    int from;      /* >= 0: every argument from this index on */
    int ret, in;   /* the result; standard input */
    char flag[16]; /* the argument after this literal word */
} argset;

typedef struct fspec {
    int list;           /* ASSAY_FLOW_* */
    const char *name;   /* callee or value text (not NUL-terminated when
                           derived from a macro) */
    size_t nlen;
    int value;          /* a value source rather than a call */
    int dynamic;        /* sink "(dynamic)": the callee itself is tainted */
    int backticks;      /* sink "(backticks)": a K_EXEC node's content */
    pcre2_code *re;     /* value source "re:..." */
    argset in, out;     /* sinks/through: in; sources/through: out */
    int cond_arg;       /* >= 0: argument cond_arg's text must match cond_re */
    int cond_not;       /* ... must not match */
    pcre2_code *cond_re;
    char *kw, *kwval;   /* a keyword argument that must be present */
} fspec;

struct assay__flow {
    const TSLanguage *ts;
    uint32_t nsym;
    uint8_t *kind;      /* per symbol */
    TSFieldId *fa, *fb; /* per symbol */
    TSFieldId f_value, f_argument, f_descriptor, f_destination, f_name,
        f_parameters, f_operator, f_function, f_method;
    fspec *specs;
    size_t nspecs;
    int has_dynamic, has_backticks;
    int aliasing;
    const char *arglist; /* flang.arglist */
};

static void spec_free(fspec *s)
{
    if (s->re)
        pcre2_code_free(s->re);
    if (s->cond_re)
        pcre2_code_free(s->cond_re);
    assay__free(s->kw);
    assay__free(s->kwval);
    assay__free((char *)s->name);
}

void assay__flow_free(assay__flow *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nspecs; i++)
        spec_free(&f->specs[i]);
    assay__free(f->specs);
    assay__free(f->kind);
    assay__free(f->fa);
    assay__free(f->fb);
    assay__free(f);
}

static const flang *flang_find(const char *name)
{
    for (const flang *l = flangs; l->lang; l++)
        if (!strcmp(l->lang, name))
            return l;
    return NULL;
}

static void fdiag(const assay__rule *r, assay_diag_cb cb, void *payload,
                  const char *fmt, const char *a, const char *b)
{
    char msg[512];
    assay_diag d;
    snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
    d.is_error = 1;
    d.file = r->file;
    d.line = r->match_line;
    d.column = r->match_col;
    d.message = msg;
    if (cb)
        cb(&d, payload);
}

/* Parse "1", "2*", "*", "ret", "stdin", "-c", comma-separated. */
static int parse_argset(const char *s, size_t n, argset *out)
{
    size_t i = 0;
    if (!n)
        return -1;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        if (j == i)
            return -1;
        if (j - i == 3 && !memcmp(s + i, "ret", 3)) {
            out->ret = 1;
        } else if (j - i == 5 && !memcmp(s + i, "stdin", 5)) {
            out->in = 1;
        } else if (j - i == 1 && s[i] == '*') {
            out->from = 0;
        } else if (s[i] == '-') {
            if (j - i >= sizeof(out->flag) || out->flag[0])
                return -1;
            memcpy(out->flag, s + i, j - i);
            out->flag[j - i] = '\0';
        } else {
            unsigned v = 0;
            size_t k = i;
            for (; k < j && isdigit((unsigned char)s[k]); k++)
                v = v * 10 + (unsigned)(s[k] - '0');
            if (k == i || v >= FLOW_MAX_ARGS)
                return -1;
            if (k < j && s[k] == '*' && k + 1 == j)
                out->from = (int)v;
            else if (k == j)
                out->mask |= 1u << v;
            else
                return -1;
        }
        i = j + 1;
    }
    return 0;
}

static pcre2_code *re_compile(const char *pat, size_t len)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len, 0, &code, &off,
                                   NULL);
    if (re)
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* One item of a list: see docs/RULES.md ("Data-flow rules"). */
static int parse_spec(const assay__rule *r, int list, const char *item,
                      fspec *sp, assay_diag_cb cb, void *payload)
{
    const char *s = item, *cond = NULL, *colon = NULL, *end;
    size_t n = strlen(item);

    memset(sp, 0, sizeof(*sp));
    sp->list = list;
    sp->cond_arg = -1;
    sp->in.from = sp->out.from = -1;
    /* " [condition]" at the end */
    if (n && s[n - 1] == ']') {
        const char *b = strstr(s, " [");
        if (b) {
            cond = b + 2;
            end = b;
        } else {
            end = s + n;
        }
    } else {
        end = s + n;
    }
    while (end > s && end[-1] == ' ')
        end--;
    if (list == ASSAY_FLOW_SOURCES && !strncmp(s, "re:", 3)) {
        sp->value = 1;
        if (!(sp->re = re_compile(s + 3, (size_t)(end - s - 3)))) {
            fdiag(r, cb, payload, "flow: bad regex in '%s'%s", item, NULL);
            return ASSAY_ESYNTAX;
        }
        sp->name = assay__strdup("(pattern)");
        sp->nlen = sp->name ? strlen(sp->name) : 0;
        return sp->name ? 0 : ASSAY_ENOMEM;
    }
    if (list == ASSAY_FLOW_SINKS &&
        (!strcmp(item, "(dynamic)") || !strcmp(item, "(backticks)"))) {
        sp->dynamic = item[1] == 'd';
        sp->backticks = item[1] == 'b';
        sp->name = assay__strdup(item);
        sp->nlen = strlen(item);
        return sp->name ? 0 : ASSAY_ENOMEM;
    }
    for (const char *p = end; p > s; p--)
        if (p[-1] == ':') {
            colon = p - 1;
            break;
        }
    /* A "::" belongs to the name (PHP Class::method). */
    if (colon && colon > s && colon[-1] == ':')
        colon = NULL;
    if (!colon) {
        if (list == ASSAY_FLOW_SOURCES)
            sp->value = 1;
        else if (list != ASSAY_FLOW_SANITIZERS) {
            fdiag(r, cb, payload, "flow: '%s' needs ':positions' (e.g. "
                                  "system:0, strcpy:1>0)%s", item, NULL);
            return ASSAY_ESYNTAX;
        }
        colon = end;
    }
    if (colon == s) {
        fdiag(r, cb, payload, "flow: '%s' has no name%s", item, NULL);
        return ASSAY_ESYNTAX;
    }
    sp->nlen = (size_t)(colon - s);
    if (!(sp->name = assay__strndup(s, sp->nlen)))
        return ASSAY_ENOMEM;
    if (colon < end) {
        const char *p = colon + 1, *gt = memchr(p, '>', (size_t)(end - p));
        int bad = 0;
        switch (list) {
        case ASSAY_FLOW_SOURCES:
            bad = gt || parse_argset(p, (size_t)(end - p), &sp->out) < 0 ||
                  sp->out.in || sp->out.flag[0];
            break;
        case ASSAY_FLOW_SINKS:
            bad = gt || parse_argset(p, (size_t)(end - p), &sp->in) < 0 ||
                  sp->in.ret;
            break;
        case ASSAY_FLOW_THROUGH:
            bad = !gt || parse_argset(p, (size_t)(gt - p), &sp->in) < 0 ||
                  parse_argset(gt + 1, (size_t)(end - gt - 1), &sp->out) < 0 ||
                  sp->in.ret || sp->out.in || sp->out.flag[0];
            break;
        default:
            bad = 1;
        }
        if (bad) {
            fdiag(r, cb, payload, "flow: bad positions in '%s'%s", item, NULL);
            return ASSAY_ESYNTAX;
        }
    }
    if (cond) {
        size_t cl = strlen(cond) - 1; /* without the closing ']' */
        const char *tilde = memchr(cond, '~', cl), *eq = memchr(cond, '=', cl);
        if (tilde && isdigit((unsigned char)cond[0]) &&
            (size_t)(tilde - cond) <= 3) {
            sp->cond_arg = cond[0] - '0';
            if (isdigit((unsigned char)cond[1]))
                sp->cond_arg = sp->cond_arg * 10 + cond[1] - '0';
            sp->cond_not = tilde[-1] == '!';
            sp->cond_re = re_compile(tilde + 1, cl - (size_t)(tilde + 1 - cond));
            if (!sp->cond_re) {
                fdiag(r, cb, payload, "flow: bad regex in '%s'%s", item, NULL);
                return ASSAY_ESYNTAX;
            }
        } else if (eq && eq > cond) {
            sp->kw = assay__strndup(cond, (size_t)(eq - cond));
            sp->kwval = assay__strndup(eq + 1, cl - (size_t)(eq + 1 - cond));
            if (!sp->kw || !sp->kwval)
                return ASSAY_ENOMEM;
        } else {
            fdiag(r, cb, payload, "flow: bad condition in '%s' (use "
                                  "[N~REGEX], [N!~REGEX] or [keyword=value])%s", item,
                  NULL);
            return ASSAY_ESYNTAX;
        }
    }
    return 0;
}

int assay__flow_compile(assay__rule *r, assay_diag_cb on_diag, void *payload)
{
    const char *lname = r->lang >= 0 ? assay__langs[r->lang].name : "";
    const flang *fl = flang_find(lname);
    assay__flow *f;
    size_t total = 0;
    int err = 0;

    if (!fl) {
        fdiag(r, on_diag, payload, "flow: no data-flow support for language "
                                   "'%s'%s", lname, NULL);
        return ASSAY_ESYNTAX;
    }
    if (!r->nflow[ASSAY_FLOW_SOURCES] || !r->nflow[ASSAY_FLOW_SINKS]) {
        fdiag(r, on_diag, payload, "flow: needs 'sources' and 'sinks'%s%s",
              NULL, NULL);
        return ASSAY_ESYNTAX;
    }
    if (!(f = assay__calloc(1, sizeof(*f))))
        return ASSAY_ENOMEM;
    f->ts = assay__langs[r->lang].language();
    f->aliasing = fl->aliasing;
    f->arglist = fl->arglist;
    f->nsym = ts_language_symbol_count(f->ts);
    f->kind = assay__calloc(f->nsym, 1);
    f->fa = assay__calloc(f->nsym, sizeof(TSFieldId));
    f->fb = assay__calloc(f->nsym, sizeof(TSFieldId));
    for (int l = 0; l < 4; l++)
        total += r->nflow[l];
    f->specs = assay__calloc(total, sizeof(fspec));
    if (!f->kind || !f->fa || !f->fb || !f->specs) {
        err = ASSAY_ENOMEM;
        goto done;
    }
    /* Every symbol with a listed name (aliases included) gets its kind. */
    for (uint32_t sym = 0; sym < f->nsym; sym++) {
        const char *nm = ts_language_symbol_name(f->ts, (TSSymbol)sym);
        if (!nm || ts_language_symbol_type(f->ts, (TSSymbol)sym) !=
                       TSSymbolTypeRegular)
            continue;
        for (const fnode *n = fl->nodes; n->type; n++) {
            if (!strcmp(n->type, nm)) {
                f->kind[sym] = (uint8_t)n->kind;
                f->fa[sym] = field(f->ts, n->a);
                f->fb[sym] = field(f->ts, n->b);
                break;
            }
        }
    }
    f->f_value = field(f->ts, "value");
    f->f_argument = field(f->ts, "argument");
    f->f_descriptor = field(f->ts, "descriptor");
    f->f_destination = field(f->ts, "destination");
    f->f_name = field(f->ts, "name");
    f->f_parameters = field(f->ts, "parameters");
    f->f_operator = field(f->ts, "operator");
    f->f_function = field(f->ts, "function");
    f->f_method = field(f->ts, "method");
    for (int l = 0; l < 4; l++) {
        for (size_t i = 0; i < r->nflow[l]; i++) {
            fspec *sp = &f->specs[f->nspecs];
            int e = parse_spec(r, l, r->flow_lists[l][i], sp, on_diag,
                               payload);
            f->nspecs++; /* freed either way */
            if (e == ASSAY_ENOMEM) {
                err = e;
                goto done;
            }
            if (e < 0)
                err = ASSAY_ESYNTAX;
            if (sp->dynamic)
                f->has_dynamic = 1;
            if (sp->backticks)
                f->has_backticks = 1;
        }
    }
done:
    if (err) {
        assay__flow_free(f);
        return err;
    }
    assay__flow_free(r->flow);
    r->flow = f;
    return 0;
}

/* ====================================================================
 * Analysis state
 * ==================================================================== */

typedef struct taint {
    int32_t origin; /* < 0: clean */
    int32_t var;    /* the variable that carried it here, or -1 */
} taint;

static const taint CLEAN = {-1, -1};

typedef struct fvar {
    const char *name;
    uint32_t len;
    uint32_t slot; /* in the hash table */
    taint t;
} fvar;

typedef struct forigin {
    const char *name;
    uint32_t len, line;
} forigin;

/* A sink made from a macro definition: macro name, the mapped spec. */
typedef struct fmacro {
    const char *name;
    uint32_t len;
    const fspec *spec;
    argset in; /* positions of the macro's own parameters */
} fmacro;

typedef struct fstate {
    const assay__rule *r;
    const assay__flow *f;
    const char *src;
    size_t len;
    assay__deadline *dl;
    assay__flow_cb cb;
    void *payload;
    int err;  /* ASSAY_ENOMEM or a callback's return */
    int stop; /* budget, deadline or error: unwind */
    uint64_t visits;
    int depth;
    TSTreeCursor cur[FLOW_DEPTH + 1];
    uint8_t cur_init[FLOW_DEPTH + 1];
    TSNode scope;
    pcre2_match_data *md; /* for value sources and conditions */

    fvar *vars;
    uint32_t nvars, vcap;
    uint32_t *htab; /* var index + 1; 0 = empty */
    uint32_t hcap;  /* power of two */
    forigin *origins;
    uint32_t norigins, ocap;
    taint in; /* shell: what standard input carries */

    struct falias {
        const char *dst, *src;
        uint32_t dlen, slen;
    } *aliases; /* C: `p = buf`, so a later write to buf reaches p */
    uint32_t naliases, acap;
    int alias_depth;

    uint32_t *reported; /* sink call start bytes */
    uint32_t nreported, repcap;
    fmacro *macros;
    uint32_t nmacros, mcap;
} fstate;

static int grow(void **p, uint32_t *cap, uint32_t need, size_t size)
{
    uint32_t n;
    void *q;
    if (need <= *cap)
        return 0;
    n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    if (!(q = assay__realloc(*p, (size_t)n * size)))
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static uint32_t hash(const char *s, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static int32_t var_find(const fstate *S, const char *name, uint32_t len)
{
    uint32_t m = S->hcap - 1, i = hash(name, len) & m;
    for (;;) {
        uint32_t v = S->htab[i];
        if (!v)
            return -1;
        if (S->vars[v - 1].len == len && !memcmp(S->vars[v - 1].name, name, len))
            return (int32_t)(v - 1);
        i = (i + 1) & m;
    }
}

/* Taint a variable; the first taint it receives is the one it keeps. */
static void var_taint(fstate *S, const char *name, uint32_t len, taint t)
{
    uint32_t m, i;
    if (t.origin < 0 || !len || var_find(S, name, len) >= 0 ||
        S->nvars >= FLOW_MAX_VARS)
        return;
    if (grow((void **)&S->vars, &S->vcap, S->nvars + 1, sizeof(fvar)) < 0) {
        S->err = ASSAY_ENOMEM;
        S->stop = 1;
        return;
    }
    m = S->hcap - 1;
    i = hash(name, len) & m;
    while (S->htab[i])
        i = (i + 1) & m;
    S->htab[i] = S->nvars + 1;
    S->vars[S->nvars].name = name;
    S->vars[S->nvars].len = len;
    S->vars[S->nvars].slot = i;
    S->vars[S->nvars].t = t;
    S->nvars++;
    /* pointers that alias this buffer see the data too */
    if (S->naliases && S->alias_depth < 32) {
        taint via = {t.origin, (int32_t)(S->nvars - 1)};
        S->alias_depth++;
        for (uint32_t a = 0; a < S->naliases && !S->stop; a++)
            if (S->aliases[a].slen == len &&
                !memcmp(S->aliases[a].src, name, len))
                var_taint(S, S->aliases[a].dst, S->aliases[a].dlen, via);
        S->alias_depth--;
    }
}

static void alias_add(fstate *S, const char *dst, uint32_t dlen,
                      const char *src, uint32_t slen)
{
    if (S->naliases >= 1024 || (dlen == slen && !memcmp(dst, src, dlen)))
        return;
    if (grow((void **)&S->aliases, &S->acap, S->naliases + 1,
             sizeof(*S->aliases)) < 0) {
        S->err = ASSAY_ENOMEM;
        S->stop = 1;
        return;
    }
    S->aliases[S->naliases].dst = dst;
    S->aliases[S->naliases].dlen = dlen;
    S->aliases[S->naliases].src = src;
    S->aliases[S->naliases].slen = slen;
    S->naliases++;
}

static void vars_reset(fstate *S)
{
    for (uint32_t i = 0; i < S->nvars; i++)
        S->htab[S->vars[i].slot] = 0;
    S->nvars = 0;
    S->norigins = 0;
    S->naliases = 0;
}

static taint origin_new(fstate *S, const char *name, size_t len, TSNode at)
{
    taint t = CLEAN;
    if (S->norigins >= FLOW_MAX_ORIGINS) {
        /* a hostile file naming a source over and over: reuse the last */
        t.origin = (int32_t)S->norigins - 1;
        return t;
    }
    if (grow((void **)&S->origins, &S->ocap, S->norigins + 1,
             sizeof(forigin)) < 0) {
        S->err = ASSAY_ENOMEM;
        S->stop = 1;
        return t;
    }
    S->origins[S->norigins].name = name;
    S->origins[S->norigins].len = (uint32_t)(len > 80 ? 80 : len);
    S->origins[S->norigins].line = ts_node_start_point(at).row + 1;
    t.origin = (int32_t)S->norigins++;
    return t;
}

static taint join(taint a, taint b)
{
    return a.origin >= 0 ? a : b;
}

/* ====================================================================
 * Node helpers
 * ==================================================================== */

static int kind_of(const fstate *S, TSNode n)
{
    TSSymbol sym = ts_node_symbol(n);
    return sym < S->f->nsym ? S->f->kind[sym] : K_NONE;
}

static TSFieldId fa_of(const fstate *S, TSNode n)
{
    TSSymbol sym = ts_node_symbol(n);
    return sym < S->f->nsym ? S->f->fa[sym] : 0;
}

static TSFieldId fb_of(const fstate *S, TSNode n)
{
    TSSymbol sym = ts_node_symbol(n);
    return sym < S->f->nsym ? S->f->fb[sym] : 0;
}

static TSNode child_f(TSNode n, TSFieldId f)
{
    TSNode none = {{0}, NULL, NULL};
    return f ? ts_node_child_by_field_id(n, f) : none;
}

static const char *text(const fstate *S, TSNode n, uint32_t *len)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (a > S->len)
        a = (uint32_t)S->len;
    if (b > S->len || b < a)
        b = a;
    *len = b - a;
    return S->src + a;
}

/* The cursor for iterating the children of a node at the current depth. */
static TSTreeCursor *cursor_at(fstate *S, TSNode n)
{
    int d = S->depth;
    if (!S->cur_init[d]) {
        S->cur[d] = ts_tree_cursor_new(n);
        S->cur_init[d] = 1;
    } else {
        ts_tree_cursor_reset(&S->cur[d], n);
    }
    return &S->cur[d];
}

static int spend(fstate *S)
{
    if (S->stop)
        return 0;
    if (++S->visits > FLOW_BUDGET) {
        S->stop = 1;
        return 0;
    }
    if (!(S->visits & 1023) && assay__now_ns() > S->dl->at_ns) {
        S->dl->hit = 1;
        S->stop = 1;
        return 0;
    }
    return 1;
}

/* Does a value source name this text? */
static taint value_source(fstate *S, TSNode n, const char *t, uint32_t len)
{
    const assay__flow *f = S->f;
    for (size_t i = 0; i < f->nspecs; i++) {
        const fspec *sp = &f->specs[i];
        if (sp->list != ASSAY_FLOW_SOURCES || !sp->value)
            continue;
        if (sp->re) {
            if (pcre2_match(sp->re, (PCRE2_SPTR)t, len, 0, 0, S->md, NULL) < 0)
                continue;
        } else if (sp->nlen != len || memcmp(sp->name, t, len)) {
            continue;
        }
        return origin_new(S, t, len, n);
    }
    return CLEAN;
}

/* The variable an assignment target writes: the identifier at the root of
 * `x`, `*x`, `x[i]`, `(T)x`, `x + 1`; a member access `a.b`, `p->f` is a key
 * of its own. Returns 0 when there is none. */
static int lvalue_key(fstate *S, TSNode n, const char **name, uint32_t *len)
{
    for (int i = 0; i < 16 && !ts_node_is_null(n); i++) {
        int k = kind_of(S, n);
        TSNode c;
        if (k == K_IDENT || k == K_LIDENT || k == K_MEMBER) {
            *name = text(S, n, len);
            return *len > 0;
        }
        if (k == K_SUBSCRIPT && fa_of(S, n))
            c = child_f(n, fa_of(S, n));
        else if (!ts_node_is_null(c = child_f(n, S->f->f_value)) ||
                 !ts_node_is_null(c = child_f(n, S->f->f_argument)))
            ;
        else if (ts_node_named_child_count(n))
            c = ts_node_named_child(n, 0);
        else
            return 0;
        n = c;
    }
    return 0;
}

/* The buffer a pointer expression points into: `buf`, `buf + n`, `&buf[i]`,
 * `(char *)buf`, `s->data`; none for calls, literals and arithmetic other
 * than + and -. */
static int alias_key(fstate *S, TSNode n, const char **name, uint32_t *len)
{
    for (int i = 0; i < 16 && !ts_node_is_null(n); i++) {
        int k = kind_of(S, n);
        TSNode c;
        if (k == K_IDENT || k == K_MEMBER) {
            *name = text(S, n, len);
            return *len > 0;
        }
        if (k == K_CALL || k == K_CLEAN || k == K_VALUE || k == K_LIDENT)
            return 0;
        if (k == K_COMPARE) {
            TSNode op = child_f(n, fa_of(S, n));
            const char *o = ts_node_is_null(op) ? "" : ts_node_type(op);
            if (strcmp(o, "+") && strcmp(o, "-"))
                return 0;
        }
        if (k == K_SUBSCRIPT && fa_of(S, n))
            c = child_f(n, fa_of(S, n));
        else if (!ts_node_is_null(c = child_f(n, S->f->f_value)) ||
                 !ts_node_is_null(c = child_f(n, S->f->f_argument)))
            ;
        else if (ts_node_named_child_count(n))
            c = ts_node_named_child(n, 0);
        else
            return 0;
        n = c;
    }
    return 0;
}

static void assign(fstate *S, TSNode target, taint t)
{
    const char *name;
    uint32_t len;
    if (t.origin < 0 || ts_node_is_null(target))
        return;
    if (lvalue_key(S, target, &name, &len))
        var_taint(S, name, len, t);
}

/* ====================================================================
 * Evaluation
 * ==================================================================== */

static taint eval(fstate *S, TSNode n);

static taint eval_children(fstate *S, TSNode n, int skip_field)
{
    taint t = CLEAN;
    TSTreeCursor *c = cursor_at(S, n);
    if (!ts_tree_cursor_goto_first_child(c))
        return t;
    do {
        TSNode ch = ts_tree_cursor_current_node(c);
        if (!ts_node_is_named(ch))
            continue;
        if (skip_field && ts_tree_cursor_current_field_id(c) == skip_field)
            continue;
        t = join(t, eval(S, ch));
    } while (!S->stop && ts_tree_cursor_goto_next_sibling(c));
    return t;
}

/* Evaluate a loop until no new variable is tainted. */
static taint eval_loop(fstate *S, TSNode n, int foreach)
{
    taint t = CLEAN;
    for (int pass = 0; pass < FLOW_LOOP_PASSES && !S->stop; pass++) {
        uint32_t before = S->nvars;
        if (foreach && !fb_of(S, n) && ts_node_named_child_count(n) >= 2) {
            /* PHP: foreach (COLLECTION as [$k =>] $v) BODY */
            TSNode coll = ts_node_named_child(n, 0);
            TSNode var = ts_node_named_child(n, 1);
            uint32_t nc = ts_node_named_child_count(var);
            taint c = eval(S, coll);
            if (nc >= 2)
                var = ts_node_named_child(var, nc - 1);
            assign(S, var, c);
            for (uint32_t i = 2; i < ts_node_named_child_count(n); i++)
                t = join(t, eval(S, ts_node_named_child(n, i)));
        } else if (foreach) {
            taint c = eval(S, child_f(n, fb_of(S, n)));
            assign(S, child_f(n, fa_of(S, n)), c);
            t = join(t, eval_children(S, n, fb_of(S, n)));
        } else {
            t = join(t, eval_children(S, n, 0));
        }
        if (S->nvars == before)
            break;
    }
    return t;
}

/* Does a spec name this callee? Dotted names also match at a `.`, `->` or
 * `::` boundary: `os.system` matches `os.system`; `child_process.exec`
 * matches `require("child_process").exec` only by its whole text. */
static int name_matches(const char *spec, size_t slen, const char *callee,
                        size_t clen)
{
    if (slen == clen)
        return !memcmp(spec, callee, clen);
    if (slen < clen && spec[0] == '.') /* `.to_i`: any receiver */
        return !memcmp(callee + clen - slen, spec, slen);
    if (slen < clen && memchr(spec, '.', slen) &&
        !memcmp(callee + clen - slen, spec, slen)) {
        char b = callee[clen - slen - 1];
        return b == '.' || b == '>' || b == ':';
    }
    return 0;
}

typedef struct callinfo {
    TSNode node, callee;
    TSNode args[FLOW_MAX_ARGS];
    taint targ[FLOW_MAX_ARGS];
    int nargs;
    TSNode kwname[8], kwval[8];
    int nkw;
    taint kwtaint; /* of the keyword arguments' values */
    char name[128]; /* callee text without spaces */
    size_t nlen;
    const char *raw; /* callee text in the source */
    uint32_t rawlen;
} callinfo;

static int cond_holds(fstate *S, const callinfo *ci, const fspec *sp)
{
    if (sp->cond_re) {
        const char *t;
        uint32_t len;
        if (sp->cond_arg >= ci->nargs)
            return 0;
        t = text(S, ci->args[sp->cond_arg], &len);
        if ((pcre2_match(sp->cond_re, (PCRE2_SPTR)t, len, 0, 0, S->md, NULL) <
             0) != sp->cond_not)
            return 0;
    }
    if (sp->kw) {
        int ok = 0;
        for (int i = 0; i < ci->nkw && !ok; i++) {
            uint32_t a, b;
            const char *ta = text(S, ci->kwname[i], &a);
            const char *tb = text(S, ci->kwval[i], &b);
            ok = a == strlen(sp->kw) && !memcmp(ta, sp->kw, a) &&
                 b == strlen(sp->kwval) && !memcmp(tb, sp->kwval, b);
        }
        if (!ok)
            return 0;
    }
    return 1;
}

/* The argument index a flag position refers to (`sh -c X`: X), or -1. */
static int flag_arg(fstate *S, const callinfo *ci, const char *flag)
{
    size_t fl = strlen(flag);
    for (int i = 0; i + 1 < ci->nargs; i++) {
        uint32_t len;
        const char *t = text(S, ci->args[i], &len);
        if (len == fl && !memcmp(t, flag, fl))
            return i + 1;
    }
    return -1;
}

static int in_set(const argset *a, int i)
{
    return (a->from >= 0 && i >= a->from) ||
           (i < 32 && (a->mask & (1u << i)));
}

/* The taint of a set of input positions, and which argument carried it. */
static taint set_taint(fstate *S, const callinfo *ci, const argset *a,
                       int *which)
{
    taint t = CLEAN;
    *which = -1;
    for (int i = 0; i < ci->nargs && t.origin < 0; i++)
        if (in_set(a, i) && ci->targ[i].origin >= 0) {
            t = ci->targ[i];
            *which = i;
        }
    if (t.origin < 0 && a->flag[0]) {
        int i = flag_arg(S, ci, a->flag);
        if (i >= 0 && ci->targ[i].origin >= 0) {
            t = ci->targ[i];
            *which = i;
        }
    }
    if (t.origin < 0 && a->in && S->in.origin >= 0) {
        t = S->in;
        *which = -2;
    }
    return t;
}

static void report(fstate *S, const callinfo *ci, taint t)
{
    const forigin *o;
    const char *path[FLOW_PATH_MAX];
    uint32_t plen[FLOW_PATH_MAX];
    int np = 0;
    uint32_t start = ts_node_start_byte(ci->node);
    uint32_t end = ts_node_end_byte(ci->node);
    char sl[16], kl[16];
    assay_buf pb = ASSAY_BUF_INIT, tb = ASSAY_BUF_INIT, on = ASSAY_BUF_INIT,
              kn = ASSAY_BUF_INIT;
    assay__flow_hit h;
    int e;

    if (t.origin < 0 || (uint32_t)t.origin >= S->norigins)
        return;
    for (uint32_t i = 0; i < S->nreported; i++)
        if (S->reported[i] == start)
            return;
    if (S->nreported >= FLOW_MAX_FINDINGS) {
        S->stop = 1;
        return;
    }
    if (grow((void **)&S->reported, &S->repcap, S->nreported + 1,
             sizeof(uint32_t)) < 0) {
        S->err = ASSAY_ENOMEM;
        S->stop = 1;
        return;
    }
    S->reported[S->nreported++] = start;
    o = &S->origins[t.origin];
    /* The variables, from the sink back to the source. */
    for (int32_t v = t.var; v >= 0 && (uint32_t)v < S->nvars; v = S->vars[v].t.var) {
        if (np == FLOW_PATH_MAX)
            break;
        path[np] = S->vars[v].name;
        plen[np] = S->vars[v].len > 60 ? 60 : S->vars[v].len;
        np++;
        if (S->vars[v].t.var >= v)
            break; /* cannot happen: a var is tainted by older ones */
    }
    for (int i = np - 1; i >= 0; i--) {
        assay_buf_put(&pb, path[i], plen[i]);
        if (i)
            assay_buf_puts(&pb, " -> ");
    }
    assay_buf_put(&on, o->name, o->len);
    assay_buf_put(&kn, ci->name, ci->nlen > 80 ? 80 : ci->nlen);
    snprintf(sl, sizeof(sl), "%u", o->line);
    snprintf(kl, sizeof(kl), "%u", ts_node_start_point(ci->node).row + 1);
    assay_buf_printf(&tb, "%s (line %s) -> ", assay_buf_cstr(&on), sl);
    if (np)
        assay_buf_printf(&tb, "%s -> ", assay_buf_cstr(&pb));
    assay_buf_printf(&tb, "%s (line %s)", assay_buf_cstr(&kn), kl);
    if (assay_buf_failed(&pb) || assay_buf_failed(&tb) ||
        assay_buf_failed(&on) || assay_buf_failed(&kn)) {
        S->err = ASSAY_ENOMEM;
        S->stop = 1;
    } else {
        h.source = assay_buf_cstr(&on);
        h.source_line = sl;
        h.sink = assay_buf_cstr(&kn);
        h.sink_line = kl;
        h.path = np ? assay_buf_cstr(&pb) : "(direct)";
        h.trace = assay_buf_cstr(&tb);
        if ((e = S->cb(S->r, start, end, &h, S->payload)) != 0) {
            S->err = e;
            S->stop = 1;
        }
    }
    assay_buf_free(&pb);
    assay_buf_free(&tb);
    assay_buf_free(&on);
    assay_buf_free(&kn);
}

/* A backtick expression whose content is tainted. */
static void report_exec(fstate *S, TSNode n, taint t)
{
    callinfo *ci = assay__calloc(1, sizeof(*ci));
    if (!ci) {
        S->err = ASSAY_ENOMEM;
        S->stop = 1;
        return;
    }
    ci->node = n;
    memcpy(ci->name, "`...`", 5);
    ci->nlen = 5;
    {
        /* `eval ...`, `qx(...)`: the keyword names the sink */
        uint32_t len, k = 0;
        const char *w = text(S, n, &len);
        while (k < len && k < 8 && isalpha((unsigned char)w[k]))
            k++;
        if (k >= 2 && k < 8) {
            memcpy(ci->name, w, k);
            ci->nlen = k;
        }
    }
    report(S, ci, t);
    assay__free(ci);
}

static void collect_arg(fstate *S, callinfo *ci, TSNode a)
{
    int k = kind_of(S, a);
    if (k == K_COMMENT)
        return;
    if (k == K_KWARG) {
        TSNode nm = child_f(a, fa_of(S, a)), v = child_f(a, fb_of(S, a));
        if (ci->nkw < 8 && !ts_node_is_null(nm) && !ts_node_is_null(v)) {
            ci->kwname[ci->nkw] = nm;
            ci->kwval[ci->nkw++] = v;
        }
        /* keyword values are not positions, but they make the result */
        if (!ts_node_is_null(v))
            ci->kwtaint = join(ci->kwtaint, eval(S, v));
        return;
    }
    if (ci->nargs < FLOW_MAX_ARGS) {
        ci->args[ci->nargs] = a;
        ci->targ[ci->nargs++] = eval(S, a);
    } else {
        (void)eval(S, a);
    }
}

static taint eval_call(fstate *S, TSNode n)
{
    const assay__flow *f = S->f;
    callinfo *ci;
    taint ret = CLEAN, tcallee, src_ret = CLEAN, thr_ret = CLEAN, extra;
    int sanitized = 0, have_src_ret = 0, have_thr_ret = 0, reported = 0;
    int known = 0;
    const fspec *wild = NULL;
    TSFieldId fargs = fb_of(S, n);
    uint32_t clen;
    const char *ct;

    /* callinfo is large; keep it off deep recursion stacks */
    if (!(ci = assay__calloc(1, sizeof(*ci)))) {
        S->err = ASSAY_ENOMEM;
        S->stop = 1;
        return CLEAN;
    }
    ci->node = n;
    for (int i = 0; i < FLOW_MAX_ARGS; i++)
        ci->targ[i] = CLEAN;
    ci->kwtaint = CLEAN;
    ci->callee = child_f(n, fa_of(S, n));
    if (ts_node_is_null(ci->callee))
        ci->callee = child_f(n, f->f_method); /* Ruby: a call without receiver */
    tcallee = ts_node_is_null(ci->callee) ? CLEAN : eval(S, ci->callee);
    if (!ts_node_is_null(ci->callee)) {
        TSNode an = fargs ? child_f(n, fargs) : ci->callee;
        /* the callee's text: up to the arguments (`$o->run`, `os.system`),
         * or the callee field alone (shell) */
        if (fargs && !ts_node_is_null(an) &&
            ts_node_start_byte(an) > ts_node_start_byte(ci->callee)) {
            ct = text(S, ci->callee, &clen);
            clen = ts_node_start_byte(an) - ts_node_start_byte(ci->callee);
        } else if (fargs) {
            /* no arguments (Ruby `io.read`): the whole call */
            ct = text(S, ci->callee, &clen);
            clen = ts_node_end_byte(n) > ts_node_start_byte(ci->callee)
                       ? ts_node_end_byte(n) - ts_node_start_byte(ci->callee)
                       : clen;
        } else {
            ct = text(S, ci->callee, &clen);
        }
        ci->raw = ct;
        ci->rawlen = clen;
        for (uint32_t i = 0; i < clen && ci->nlen < sizeof(ci->name) - 1; i++)
            if (!isspace((unsigned char)ct[i]))
                ci->name[ci->nlen++] = ct[i];
        /* Perl: the arguments node starts after the parenthesis */
        while (ci->nlen && ci->name[ci->nlen - 1] == '(')
            ci->nlen--;
        while (ci->rawlen && (ci->raw[ci->rawlen - 1] == '(' ||
                              isspace((unsigned char)ci->raw[ci->rawlen - 1])))
            ci->rawlen--;
    }
    /* The arguments, evaluated in order (their own calls have effects). */
    {
        TSNode an = fargs ? child_f(n, fargs) : n;
        TSTreeCursor *c;
        S->depth++;
        if (S->depth <= FLOW_DEPTH && !ts_node_is_null(an) && fargs &&
            f->arglist && strcmp(ts_node_type(an), f->arglist)) {
            collect_arg(S, ci, an); /* the only argument, not a list */
        } else if (S->depth <= FLOW_DEPTH && !ts_node_is_null(an)) {
            c = cursor_at(S, an);
            if (ts_tree_cursor_goto_first_child(c)) {
                do {
                    TSNode a = ts_tree_cursor_current_node(c);
                    if (!ts_node_is_named(a))
                        continue;
                    if (!fargs && ts_tree_cursor_current_field_id(c) !=
                                      f->f_argument &&
                        (!f->arglist || ts_node_eq(a, ci->callee)))
                        continue;
                    if (kind_of(S, a) == K_ARGWRAP &&
                        ts_node_named_child_count(a))
                        a = ts_node_named_child(a, 0);
                    collect_arg(S, ci, a);
                } while (!S->stop && ts_tree_cursor_goto_next_sibling(c));
            }
        }
        S->depth--;
    }
    /* Other parts of the call (a Ruby block) run in this scope too. */
    S->depth++;
    if (S->depth <= FLOW_DEPTH && !S->stop) {
        TSTreeCursor *c = cursor_at(S, n);
        if (ts_tree_cursor_goto_first_child(c)) {
            do {
                TSNode ch = ts_tree_cursor_current_node(c);
                TSFieldId fid = ts_tree_cursor_current_field_id(c);
                if (!ts_node_is_named(ch) || ts_node_eq(ch, ci->callee) ||
                    (fargs && fid == fargs) || (!fargs && f->arglist) ||
                    (!fargs && fid == f->f_argument) ||
                    fid == fa_of(S, n) || fid == f->f_method)
                    continue;
                (void)eval(S, ch);
            } while (!S->stop && ts_tree_cursor_goto_next_sibling(c));
        }
    }
    S->depth--;
    if (S->stop)
        goto done;
    extra = ci->kwtaint;

    /* A call of a tainted function value (`$f($x)`, `$cmd args`); not a
     * method call on a tainted object. */
    if (f->has_dynamic && tcallee.origin >= 0 &&
        kind_of(S, ci->callee) != K_MEMBER &&
        (fa_of(S, n) == f->f_function || fa_of(S, n) == f->f_name)) {
        report(S, ci, tcallee);
        reported = 1;
    }
    for (size_t i = 0; i < f->nspecs && !S->stop; i++) {
        const fspec *sp = &f->specs[i];
        int which;
        taint t;
        if (sp->list == ASSAY_FLOW_THROUGH && sp->nlen == 1 &&
            sp->name[0] == '*') {
            wild = sp; /* applies to calls no other item names */
            continue;
        }
        if (sp->value || sp->dynamic || sp->backticks ||
            !name_matches(sp->name, sp->nlen, ci->name, ci->nlen) ||
            !cond_holds(S, ci, sp))
            continue;
        known = 1;
        switch (sp->list) {
        case ASSAY_FLOW_SANITIZERS:
            sanitized = 1;
            break;
        case ASSAY_FLOW_SINKS:
            t = set_taint(S, ci, &sp->in, &which);
            if (t.origin >= 0 && !reported) {
                report(S, ci, t);
                reported = 1;
            }
            break;
        case ASSAY_FLOW_SOURCES: {
            taint o = origin_new(S, ci->raw, ci->rawlen, n);
            for (int a = 0; a < ci->nargs; a++)
                if (in_set(&sp->out, a))
                    assign(S, ci->args[a], o);
            if (sp->out.ret) {
                src_ret = o;
                have_src_ret = 1;
            }
            break;
        }
        case ASSAY_FLOW_THROUGH:
            t = set_taint(S, ci, &sp->in, &which);
            for (int a = 0; a < ci->nargs && t.origin >= 0; a++)
                if (in_set(&sp->out, a) && a != which)
                    assign(S, ci->args[a], t);
            if (sp->out.ret) {
                thr_ret = join(thr_ret, t);
                have_thr_ret = 1;
            }
            break;
        }
    }
    /* `*:IN>OUT`: any other call copies between its arguments (parsers
     * written in the program itself: `parse_param(qs, "id", out, n)`). */
    if (wild && !known && !S->stop) {
        int which;
        taint t = set_taint(S, ci, &wild->in, &which);
        for (int a = 0; a < ci->nargs && t.origin >= 0; a++)
            if (in_set(&wild->out, a) && a != which)
                assign(S, ci->args[a], t);
    }
    /* Sinks hidden in macros of this file. */
    for (uint32_t m = 0; m < S->nmacros && !reported && !S->stop; m++) {
        const fmacro *fm = &S->macros[m];
        int which;
        taint t;
        if (fm->len != ci->nlen || memcmp(fm->name, ci->name, ci->nlen))
            continue;
        t = set_taint(S, ci, &fm->in, &which);
        if (t.origin >= 0) {
            report(S, ci, t);
            reported = 1;
        }
    }
    if (have_src_ret)
        ret = src_ret;
    else if (sanitized)
        ret = CLEAN;
    else if (have_thr_ret)
        ret = thr_ret;
    else {
        /* Unknown call: its result is made of its receiver, arguments and
         * (shell) standard input. */
        ret = join(tcallee, extra);
        for (int a = 0; a < ci->nargs && ret.origin < 0; a++)
            ret = ci->targ[a];
        ret = join(ret, S->in);
    }
done:
    assay__free(ci);
    return ret;
}

/* Shell: `cmd < SRC`, `cmd <&3`, `exec 3<>/dev/tcp/h/p`, `done < <(nc ...)`.
 * An input redirection from a tainted place taints the body's standard
 * input; `exec N<...` with no command taints descriptor N for later `<&N`. */
static const char *const fd_keys[10] = {"&0", "&1", "&2", "&3", "&4",
                                        "&5", "&6", "&7", "&8", "&9"};

static taint eval_redirect(fstate *S, TSNode n)
{
    const assay__flow *f = S->f;
    TSNode body = child_f(n, fa_of(S, n));
    taint in = CLEAN, t, saved;
    TSTreeCursor *c;
    int is_exec = 0;

    if (!ts_node_is_null(body) && kind_of(S, body) == K_CALL &&
        ts_node_named_child_count(body) == 1) {
        uint32_t len;
        const char *nm = text(S, body, &len);
        is_exec = len == 4 && !memcmp(nm, "exec", 4);
    }
    c = cursor_at(S, n);
    if (ts_tree_cursor_goto_first_child(c)) {
        do {
            TSNode r = ts_tree_cursor_current_node(c);
            TSNode dest, desc;
            char op[4] = {0};
            taint td = CLEAN;
            uint32_t len;
            const char *tx;
            if (!ts_node_is_named(r) ||
                ts_tree_cursor_current_field_id(c) == fa_of(S, n))
                continue;
            /* the operator: the first anonymous child */
            for (uint32_t i = 0; i < ts_node_child_count(r) && i < 4; i++) {
                TSNode o = ts_node_child(r, i);
                if (!ts_node_is_named(o)) {
                    const char *ty = ts_node_type(o);
                    strncpy(op, ty, sizeof(op) - 1);
                    break;
                }
            }
            dest = child_f(r, f->f_destination);
            desc = child_f(r, f->f_descriptor);
            if (!ts_node_is_null(dest)) {
                tx = text(S, dest, &len);
                if (strchr(op, '&') && len == 1 && isdigit((unsigned char)*tx)) {
                    int32_t v = var_find(S, fd_keys[*tx - '0'], 2);
                    if (v >= 0) {
                        td.origin = S->vars[v].t.origin;
                        td.var = v;
                    }
                } else {
                    S->depth++;
                    td = S->depth <= FLOW_DEPTH ? eval(S, dest) : CLEAN;
                    S->depth--;
                }
            } else if (op[0] == '<' && op[1] == '<' && op[2] == '<') {
                S->depth++;
                td = S->depth <= FLOW_DEPTH ? eval_children(S, r, 0) : CLEAN;
                S->depth--;
            }
            if (td.origin < 0 || op[0] != '<')
                continue;
            in = join(in, td);
            if (is_exec) {
                int fd = 0;
                if (!ts_node_is_null(desc)) {
                    tx = text(S, desc, &len);
                    fd = len == 1 && isdigit((unsigned char)*tx) ? *tx - '0'
                                                                 : -1;
                }
                if (fd >= 0)
                    var_taint(S, fd_keys[fd], 2, td);
            }
        } while (!S->stop && ts_tree_cursor_goto_next_sibling(c));
    }
    if (ts_node_is_null(body))
        return in;
    saved = S->in;
    if (in.origin >= 0)
        S->in = in;
    t = eval(S, body);
    S->in = saved;
    return t;
}

static taint eval_pipe(fstate *S, TSNode n)
{
    taint saved = S->in, t = CLEAN;
    TSTreeCursor *c = cursor_at(S, n);
    if (ts_tree_cursor_goto_first_child(c)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(c);
            if (!ts_node_is_named(ch) || kind_of(S, ch) == K_COMMENT)
                continue;
            t = eval(S, ch);
            S->in = t;
        } while (!S->stop && ts_tree_cursor_goto_next_sibling(c));
    }
    S->in = saved;
    return t;
}

static int is_compare_op(const char *op)
{
    static const char *const ops[] = {"==", "!=", "===", "!==", "<", ">",
                                      "<=", ">=", "<=>", "instanceof", "in",
                                      "<>", NULL};
    for (int i = 0; ops[i]; i++)
        if (!strcmp(op, ops[i]))
            return 1;
    return 0;
}

static taint eval_inner(fstate *S, TSNode n)
{
    int k = kind_of(S, n);
    const char *t;
    uint32_t len;
    int32_t v;
    taint r;

    switch (k) {
    case K_COMMENT:
    case K_MACRO_FN:
    case K_MACRO_OBJ:
        return CLEAN;
    case K_FUNC:
        if (!ts_node_eq(n, S->scope))
            return CLEAN; /* analysed as a scope of its own */
        return eval_children(S, n, 0);
    case K_CALL:
        return eval_call(S, n);
    case K_ASSIGN: {
        TSNode lhs = child_f(n, fa_of(S, n)), rhs = child_f(n, fb_of(S, n));
        r = eval(S, rhs);
        assign(S, lhs, r);
        if (r.origin < 0 && S->f->aliasing && !ts_node_is_null(lhs) &&
            !ts_node_is_null(rhs)) {
            const char *dn, *sn;
            uint32_t dl, sl;
            if (lvalue_key(S, lhs, &dn, &dl) && alias_key(S, rhs, &sn, &sl))
                alias_add(S, dn, dl, sn, sl);
        }
        return r;
    }
    case K_FOREACH:
        return eval_loop(S, n, 1);
    case K_LOOP:
        return eval_loop(S, n, 0);
    case K_IDENT:
        t = text(S, n, &len);
        if ((v = var_find(S, t, len)) >= 0) {
            r.origin = S->vars[v].t.origin;
            r.var = v;
            return r;
        }
        return value_source(S, n, t, len);
    case K_LIDENT:
        t = text(S, n, &len);
        return value_source(S, n, t, len);
    case K_VALUE:
        t = text(S, n, &len);
        r = value_source(S, n, t, len);
        return r.origin >= 0 ? r : eval_children(S, n, 0);
    case K_MEMBER:
        t = text(S, n, &len);
        if ((v = var_find(S, t, len)) >= 0) {
            r.origin = S->vars[v].t.origin;
            r.var = v;
            return r;
        }
        r = value_source(S, n, t, len);
        if (r.origin >= 0)
            return r;
        if (fa_of(S, n))
            return eval(S, child_f(n, fa_of(S, n)));
        return ts_node_named_child_count(n)
                   ? eval(S, ts_node_named_child(n, 0))
                   : CLEAN;
    case K_SUBSCRIPT: {
        TSNode obj = fa_of(S, n) ? child_f(n, fa_of(S, n))
                                 : ts_node_named_child(n, 0);
        t = text(S, n, &len);
        r = value_source(S, n, t, len);
        if (r.origin >= 0)
            return r;
        return ts_node_is_null(obj) ? CLEAN : eval(S, obj);
    }
    case K_COMPARE: {
        TSNode op = child_f(n, fa_of(S, n));
        r = eval_children(S, n, 0);
        if (!ts_node_is_null(op) && is_compare_op(ts_node_type(op)))
            return CLEAN;
        return r;
    }
    case K_CLEAN:
        (void)eval_children(S, n, 0);
        return CLEAN;
    case K_KWARG:
        return eval(S, child_f(n, fb_of(S, n)));
    case K_EXEC:
        if (ts_node_named_child_count(n) == 1 &&
            !strcmp(ts_node_type(ts_node_named_child(n, 0)), "block"))
            return eval_children(S, n, 0); /* Perl `eval { ... }`: code */
        r = eval_children(S, n, 0);
        if (S->f->has_backticks && r.origin >= 0)
            report_exec(S, n, r);
        return r;
    case K_PIPE:
        return eval_pipe(S, n);
    case K_REDIR:
        return eval_redirect(S, n);
    default:
        return eval_children(S, n, 0);
    }
}

static taint eval(fstate *S, TSNode n)
{
    taint t;
    if (ts_node_is_null(n) || !spend(S) || S->depth >= FLOW_DEPTH)
        return CLEAN;
    S->depth++;
    t = eval_inner(S, n);
    S->depth--;
    return t;
}

/* ====================================================================
 * Macros (C): `#define RUN(c) system(c)` makes RUN a sink at the position
 * of `c`; `#define RUN system` makes RUN a sink like system.
 * ==================================================================== */

static int word_at(const char *s, size_t n, size_t i, const char *w, size_t wl)
{
    if (i + wl > n || memcmp(s + i, w, wl))
        return 0;
    if (i && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
        return 0;
    if (i + wl < n && (isalnum((unsigned char)s[i + wl]) || s[i + wl] == '_'))
        return 0;
    return 1;
}

static void add_macro(fstate *S, const char *name, uint32_t len,
                      const fspec *sp, argset in)
{
    if (S->nmacros >= 256)
        return;
    if (grow((void **)&S->macros, &S->mcap, S->nmacros + 1,
             sizeof(fmacro)) < 0) {
        S->err = ASSAY_ENOMEM;
        S->stop = 1;
        return;
    }
    S->macros[S->nmacros].name = name;
    S->macros[S->nmacros].len = len;
    S->macros[S->nmacros].spec = sp;
    S->macros[S->nmacros].in = in;
    S->nmacros++;
}

static void learn_macro(fstate *S, TSNode n, int fn)
{
    const assay__flow *f = S->f;
    TSNode name = child_f(n, f->f_name), val = child_f(n, f->f_value);
    TSNode params = child_f(n, f->f_parameters);
    const char *nm, *v;
    uint32_t nl, vl;

    if (ts_node_is_null(name) || ts_node_is_null(val))
        return;
    nm = text(S, name, &nl);
    v = text(S, val, &vl);
    while (vl && isspace((unsigned char)*v))
        v++, vl--;
    while (vl && isspace((unsigned char)v[vl - 1]))
        vl--;
    if (vl > FLOW_MACRO_MAX)
        return;
    for (size_t i = 0; i < f->nspecs; i++) {
        const fspec *sp = &f->specs[i];
        if (sp->list != ASSAY_FLOW_SINKS || sp->dynamic)
            continue;
        if (!fn) {
            if (vl == sp->nlen && !memcmp(v, sp->name, vl))
                add_macro(S, nm, nl, sp, sp->in);
            continue;
        }
        if (ts_node_is_null(params))
            continue;
        for (size_t p = 0; p < vl; p++) {
            size_t q, arg = 0, astart;
            int depth = 0;
            argset in;
            if (!word_at(v, vl, p, sp->name, sp->nlen))
                continue;
            q = p + sp->nlen;
            while (q < vl && isspace((unsigned char)v[q]))
                q++;
            if (q >= vl || v[q] != '(')
                continue;
            memset(&in, 0, sizeof(in));
            in.from = -1;
            /* split the sink's arguments; map each macro parameter used in
             * a sink position to its own index */
            astart = ++q;
            for (; q <= vl; q++) {
                char ch = q < vl ? v[q] : ')';
                if (ch == '(' || ch == '[')
                    depth++;
                else if ((ch == ')' || ch == ']') && depth)
                    depth--;
                else if ((ch == ',' || ch == ')') && !depth) {
                    if (in_set(&sp->in, (int)arg)) {
                        uint32_t pi = 0;
                        for (uint32_t c = 0;
                             c < ts_node_named_child_count(params) && pi < 32;
                             c++) {
                            TSNode pn = ts_node_named_child(params, c);
                            uint32_t pl;
                            const char *pt = text(S, pn, &pl);
                            for (size_t x = astart; x < q; x++)
                                if (word_at(v, q, x, pt, pl)) {
                                    in.mask |= 1u << pi;
                                    break;
                                }
                            pi++;
                        }
                    }
                    if (ch == ')')
                        break;
                    arg++;
                    astart = q + 1;
                }
            }
            if (in.mask)
                add_macro(S, nm, nl, sp, in);
        }
    }
}

/* ====================================================================
 * Driver
 * ==================================================================== */

int assay__flow_run(const assay__rule *r, TSTree *tree, const char *src,
                    size_t len, assay__deadline *dl, assay__flow_cb cb,
                    void *payload)
{
    fstate *S;
    TSNode root = ts_tree_root_node(tree);
    TSNode *funcs = NULL;
    uint32_t nfuncs = 0, fcap = 0;
    TSTreeCursor walk;
    int err;

    if (!r->flow)
        return 0;
    if (!(S = assay__calloc(1, sizeof(*S))))
        return ASSAY_ENOMEM;
    S->r = r;
    S->f = r->flow;
    S->src = src;
    S->len = len;
    S->dl = dl;
    S->cb = cb;
    S->payload = payload;
    S->hcap = 2 * FLOW_MAX_VARS;
    S->md = pcre2_match_data_create(4, NULL);
    if (!S->md || !(S->htab = assay__calloc(S->hcap, sizeof(uint32_t)))) {
        pcre2_match_data_free(S->md);
        assay__free(S);
        return ASSAY_ENOMEM;
    }

    /* One walk: the function scopes (the file itself first) and macros. */
    walk = ts_tree_cursor_new(root);
    if (grow((void **)&funcs, &fcap, 1, sizeof(TSNode)) == 0)
        funcs[nfuncs++] = root;
    else
        S->err = ASSAY_ENOMEM;
    for (int down = 1; !S->err;) {
        TSNode n = ts_tree_cursor_current_node(&walk);
        int k = kind_of(S, n);
        /* the walk is linear; only the deadline bounds it */
        if (!(++S->visits & 4095) && assay__now_ns() > dl->at_ns) {
            dl->hit = 1;
            S->stop = 1;
            break;
        }
        if (down) {
            if (k == K_FUNC && nfuncs < FLOW_MAX_FUNCS) {
                if (grow((void **)&funcs, &fcap, nfuncs + 1, sizeof(TSNode)))
                    S->err = ASSAY_ENOMEM;
                else
                    funcs[nfuncs++] = n;
            } else if (k == K_MACRO_FN || k == K_MACRO_OBJ) {
                learn_macro(S, n, k == K_MACRO_FN);
            }
        }
        if (down && ts_tree_cursor_goto_first_child(&walk))
            continue;
        if (ts_tree_cursor_goto_next_sibling(&walk)) {
            down = 1;
            continue;
        }
        if (!ts_tree_cursor_goto_parent(&walk))
            break;
        down = 0;
    }
    ts_tree_cursor_delete(&walk);
    S->visits = 0;

    for (uint32_t i = 0; i < nfuncs && !S->stop && !S->err; i++) {
        vars_reset(S);
        S->in = CLEAN;
        S->scope = funcs[i];
        S->depth = 0;
        (void)eval(S, funcs[i]);
    }
    err = S->err;
    for (int d = 0; d <= FLOW_DEPTH; d++)
        if (S->cur_init[d])
            ts_tree_cursor_delete(&S->cur[d]);
    assay__free(funcs);
    assay__free(S->vars);
    assay__free(S->htab);
    assay__free(S->origins);
    assay__free(S->reported);
    assay__free(S->macros);
    assay__free(S->aliases);
    pcre2_match_data_free(S->md);
    assay__free(S);
    return err;
}
