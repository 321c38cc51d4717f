/* builtin.h - the built-in rule pack, embedded by cmake/embed.cmake.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef ASSAY_BUILTIN_H
#define ASSAY_BUILTIN_H
#include <stddef.h>
typedef struct assay__builtin_file {
    const char *name;
    const char *text;
    size_t len;
} assay__builtin_file;
extern const assay__builtin_file assay__builtin_files[]; /* NULL-terminated */
/* the policies folder (YAML), embedded the same way (cbom.c) */
extern const assay__builtin_file assay__builtin_policies[];
#endif
