/* kind.c - what kind of file is this? From its name, its #! line, its bytes.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Rules say which kinds they apply to (docs/RULES.md). A file gets one
 * language kind plus, where it holds build or install logic, the BUILD flag:
 * `configure.ac` is m4+build, `setup.py` python+build, `install.sh`
 * shell+build. Names win over content; content decides only for files whose
 * name says nothing (scripts without extension, binaries). */
#include "assay_int.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    uint32_t mask;
} kind_names[] = {
    {"c", KBIT(ASSAY_K_C)},
    {"cpp", KBIT(ASSAY_K_CPP)},
    {"shell", KBIT(ASSAY_K_SHELL)},
    {"m4", KBIT(ASSAY_K_M4)},
    {"make", KBIT(ASSAY_K_MAKE)},
    {"cmake", KBIT(ASSAY_K_CMAKE)},
    {"python", KBIT(ASSAY_K_PYTHON)},
    {"php", KBIT(ASSAY_K_PHP)},
    {"javascript", KBIT(ASSAY_K_JAVASCRIPT)},
    {"typescript", KBIT(ASSAY_K_TYPESCRIPT)},
    {"perl", KBIT(ASSAY_K_PERL)},
    {"ruby", KBIT(ASSAY_K_RUBY)},
    {"go", KBIT(ASSAY_K_GO)},
    {"java", KBIT(ASSAY_K_JAVA)},
    {"config", KBIT(ASSAY_K_CONFIG)},
    {"markup", KBIT(ASSAY_K_MARKUP)},
    {"binary", KBIT(ASSAY_K_BINARY)},
    {"other", KBIT(ASSAY_K_OTHER)},
    {"build", KBIT(ASSAY_K_BUILD)},
    {"source", ASSAY_KINDS_SOURCE},
    {"text", ASSAY_KINDS_TEXT},
    {"any", ASSAY_KINDS_ALL},
};

uint32_t assay__kind_mask(const char *name)
{
    for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
        if (!strcmp(name, kind_names[i].name))
            return kind_names[i].mask;
    return 0;
}

const char *assay__kind_name(uint32_t mask)
{
    for (int k = 0; k < ASSAY_K_BUILD; k++)
        if (mask & KBIT(k))
            return kind_names[k].name;
    return (mask & KBIT(ASSAY_K_BUILD)) ? "build" : "other";
}

#define B KBIT(ASSAY_K_BUILD)

static const struct {
    const char *ext;
    uint32_t mask;
} by_ext[] = {
    {"c", KBIT(ASSAY_K_C)}, {"h", KBIT(ASSAY_K_C)},
    {"cc", KBIT(ASSAY_K_CPP)}, {"cpp", KBIT(ASSAY_K_CPP)},
    {"cxx", KBIT(ASSAY_K_CPP)}, {"c++", KBIT(ASSAY_K_CPP)},
    {"hpp", KBIT(ASSAY_K_CPP)}, {"hh", KBIT(ASSAY_K_CPP)},
    {"hxx", KBIT(ASSAY_K_CPP)}, {"ino", KBIT(ASSAY_K_CPP)},
    {"sh", KBIT(ASSAY_K_SHELL)}, {"bash", KBIT(ASSAY_K_SHELL)},
    {"zsh", KBIT(ASSAY_K_SHELL)}, {"ksh", KBIT(ASSAY_K_SHELL)},
    {"m4", KBIT(ASSAY_K_M4) | B}, {"ac", KBIT(ASSAY_K_M4) | B},
    {"am", KBIT(ASSAY_K_MAKE) | B}, {"mk", KBIT(ASSAY_K_MAKE) | B},
    {"mak", KBIT(ASSAY_K_MAKE) | B}, {"make", KBIT(ASSAY_K_MAKE) | B},
    {"cmake", KBIT(ASSAY_K_CMAKE) | B},
    {"py", KBIT(ASSAY_K_PYTHON)}, {"pyw", KBIT(ASSAY_K_PYTHON)},
    {"php", KBIT(ASSAY_K_PHP)}, {"phtml", KBIT(ASSAY_K_PHP)},
    {"inc", KBIT(ASSAY_K_PHP)},
    {"js", KBIT(ASSAY_K_JAVASCRIPT)}, {"mjs", KBIT(ASSAY_K_JAVASCRIPT)},
    {"cjs", KBIT(ASSAY_K_JAVASCRIPT)}, {"jsx", KBIT(ASSAY_K_JAVASCRIPT)},
    {"ts", KBIT(ASSAY_K_TYPESCRIPT)}, {"tsx", KBIT(ASSAY_K_TYPESCRIPT)},
    {"pl", KBIT(ASSAY_K_PERL)}, {"pm", KBIT(ASSAY_K_PERL)},
    {"t", KBIT(ASSAY_K_PERL)},
    {"rb", KBIT(ASSAY_K_RUBY)}, {"go", KBIT(ASSAY_K_GO)},
    {"rake", KBIT(ASSAY_K_RUBY) | B}, {"gemspec", KBIT(ASSAY_K_RUBY) | B},
    {"pyi", KBIT(ASSAY_K_PYTHON)}, {"mts", KBIT(ASSAY_K_TYPESCRIPT)},
    {"cts", KBIT(ASSAY_K_TYPESCRIPT)}, {"phps", KBIT(ASSAY_K_PHP)},
    {"java", KBIT(ASSAY_K_JAVA)}, {"kt", KBIT(ASSAY_K_JAVA)},
    {"json", KBIT(ASSAY_K_CONFIG)}, {"yaml", KBIT(ASSAY_K_CONFIG)},
    {"yml", KBIT(ASSAY_K_CONFIG)}, {"toml", KBIT(ASSAY_K_CONFIG)},
    {"ini", KBIT(ASSAY_K_CONFIG)}, {"cfg", KBIT(ASSAY_K_CONFIG)},
    {"conf", KBIT(ASSAY_K_CONFIG)}, {"cnf", KBIT(ASSAY_K_CONFIG)},
    {"env", KBIT(ASSAY_K_CONFIG)}, {"properties", KBIT(ASSAY_K_CONFIG)},
    {"xml", KBIT(ASSAY_K_CONFIG)}, {"plist", KBIT(ASSAY_K_CONFIG)},
    {"tf", KBIT(ASSAY_K_CONFIG)}, {"tfvars", KBIT(ASSAY_K_CONFIG)},
    {"pem", KBIT(ASSAY_K_CONFIG)}, {"key", KBIT(ASSAY_K_CONFIG)},
    {"crt", KBIT(ASSAY_K_CONFIG)}, {"ppk", KBIT(ASSAY_K_CONFIG)},
    {"asc", KBIT(ASSAY_K_CONFIG)}, {"service", KBIT(ASSAY_K_CONFIG)},
    {"md", KBIT(ASSAY_K_MARKUP)}, {"txt", KBIT(ASSAY_K_MARKUP)},
    {"rst", KBIT(ASSAY_K_MARKUP)}, {"html", KBIT(ASSAY_K_MARKUP)},
    {"htm", KBIT(ASSAY_K_MARKUP)}, {"tex", KBIT(ASSAY_K_MARKUP)},
    {"1", KBIT(ASSAY_K_MARKUP)}, {"texi", KBIT(ASSAY_K_MARKUP)},
};

static const struct {
    const char *name;
    uint32_t mask;
} by_name[] = {
    {"Makefile", KBIT(ASSAY_K_MAKE) | B}, {"makefile", KBIT(ASSAY_K_MAKE) | B},
    {"GNUmakefile", KBIT(ASSAY_K_MAKE) | B}, {"Kbuild", KBIT(ASSAY_K_MAKE) | B},
    {"Makefile.in", KBIT(ASSAY_K_MAKE) | B}, {"Makefile.am", KBIT(ASSAY_K_MAKE) | B},
    {"CMakeLists.txt", KBIT(ASSAY_K_CMAKE) | B},
    {"configure", KBIT(ASSAY_K_SHELL) | B}, {"configure.ac", KBIT(ASSAY_K_M4) | B},
    {"configure.in", KBIT(ASSAY_K_M4) | B}, {"aclocal.m4", KBIT(ASSAY_K_M4) | B},
    {"setup.py", KBIT(ASSAY_K_PYTHON) | B}, {"package.json", KBIT(ASSAY_K_CONFIG) | B},
    {"Rakefile", KBIT(ASSAY_K_RUBY) | B}, {"Gemfile", KBIT(ASSAY_K_RUBY) | B},
    {"Makefile.PL", KBIT(ASSAY_K_PERL) | B}, {"Build.PL", KBIT(ASSAY_K_PERL) | B},
    {"meson.build", KBIT(ASSAY_K_CONFIG) | B}, {"rules", KBIT(ASSAY_K_MAKE) | B},
    {"Dockerfile", KBIT(ASSAY_K_SHELL) | B}, {"PKGBUILD", KBIT(ASSAY_K_SHELL) | B},
    {"postinst", KBIT(ASSAY_K_SHELL) | B}, {"preinst", KBIT(ASSAY_K_SHELL) | B},
    {"postrm", KBIT(ASSAY_K_SHELL) | B}, {"prerm", KBIT(ASSAY_K_SHELL) | B},
    {".env", KBIT(ASSAY_K_CONFIG)}, {".netrc", KBIT(ASSAY_K_CONFIG)},
    {"_netrc", KBIT(ASSAY_K_CONFIG)}, {".npmrc", KBIT(ASSAY_K_CONFIG)},
    {".pypirc", KBIT(ASSAY_K_CONFIG)}, {".git-credentials", KBIT(ASSAY_K_CONFIG)},
    {".htpasswd", KBIT(ASSAY_K_CONFIG)}, {"id_rsa", KBIT(ASSAY_K_CONFIG)},
    {"id_ecdsa", KBIT(ASSAY_K_CONFIG)}, {"id_ed25519", KBIT(ASSAY_K_CONFIG)},
    {"id_dsa", KBIT(ASSAY_K_CONFIG)}, {"credentials", KBIT(ASSAY_K_CONFIG)},
    {"config.json", KBIT(ASSAY_K_CONFIG)}, {"README", KBIT(ASSAY_K_MARKUP)},
    {"ChangeLog", KBIT(ASSAY_K_MARKUP)}, {"NEWS", KBIT(ASSAY_K_MARKUP)},
    {"COPYING", KBIT(ASSAY_K_MARKUP)}, {"LICENSE", KBIT(ASSAY_K_MARKUP)},
};

#undef B

/* Shell scripts named like build or install steps carry the BUILD flag. */
static int buildish_script(const char *base)
{
    static const char *const words[] = {"install", "setup", "build",
                                        "bootstrap", "autogen", "configure",
                                        "release", "deploy", "package", NULL};
    for (int i = 0; words[i]; i++)
        if (strcasestr(base, words[i]))
            return 1;
    return 0;
}

static uint32_t from_shebang(const char *d, size_t len)
{
    size_t n = len < 128 ? len : 128;
    const char *nl;
    char line[129];

    if (n < 3 || d[0] != '#' || d[1] != '!')
        return 0;
    nl = memchr(d, '\n', n);
    if (nl)
        n = (size_t)(nl - d);
    memcpy(line, d, n);
    line[n] = '\0';
    if (strstr(line, "python"))
        return KBIT(ASSAY_K_PYTHON);
    if (strstr(line, "perl"))
        return KBIT(ASSAY_K_PERL);
    if (strstr(line, "ruby"))
        return KBIT(ASSAY_K_RUBY);
    if (strstr(line, "ts-node") || strstr(line, "deno") || strstr(line, "tsx"))
        return KBIT(ASSAY_K_TYPESCRIPT);
    if (strstr(line, "node"))
        return KBIT(ASSAY_K_JAVASCRIPT);
    if (strstr(line, "php"))
        return KBIT(ASSAY_K_PHP);
    if (strstr(line, "sh"))
        return KBIT(ASSAY_K_SHELL);
    return 0;
}

uint32_t assay__kind_detect(const char *path, const char *data, size_t len)
{
    const char *base = strrchr(path, '/');
    const char *dot;
    uint32_t mask = 0;
    size_t i;

    base = base ? base + 1 : path;
    for (i = 0; i < sizeof(by_name) / sizeof(by_name[0]); i++)
        if (!strcmp(base, by_name[i].name)) {
            mask = by_name[i].mask;
            break;
        }
    if (!mask && !strncmp(base, ".env.", 5))
        mask = KBIT(ASSAY_K_CONFIG);
    dot = strrchr(base, '.');
    if (!mask && dot && dot != base) {
        for (i = 0; i < sizeof(by_ext) / sizeof(by_ext[0]); i++)
            if (!strcasecmp(dot + 1, by_ext[i].ext)) {
                mask = by_ext[i].mask;
                break;
            }
    }
    if (data && len) {
        size_t n = len < 8192 ? len : 8192;
        if (memchr(data, '\0', n))
            return KBIT(ASSAY_K_BINARY); /* whatever the name says */
        if (!mask)
            mask = from_shebang(data, len);
    }
    if (!mask)
        mask = KBIT(ASSAY_K_OTHER);
    if ((mask & KBIT(ASSAY_K_SHELL)) && buildish_script(base))
        mask |= KBIT(ASSAY_K_BUILD);
    return mask;
}
