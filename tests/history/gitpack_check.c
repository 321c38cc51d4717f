/* gitpack_check.c - every object of a repository read twice: by libgit2
 * alone (zlib) and through gitpack.c's backend (libdeflate), headers and
 * bytes compared. Also reads each one with a bare packreader to count
 * what really came from a pack, so the check cannot pass by reading
 * nothing: it fails unless at least MIN objects did.
 *
 * usage: gitpack_check GITDIR MIN
 * prints "N objects, P from packs, M mismatches"; exit 0 only when M is 0
 * and P >= MIN.
 * SPDX-License-Identifier: Apache-2.0 */
#include "lib/assay_int.h"

#include <git2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ids {
    git_oid *v;
    size_t n, cap;
} ids;

static int collect(const git_oid *id, void *payload)
{
    ids *o = payload;
    if (ASSAY_GROW(o->v, o->n + 1, o->cap, 256) < 0)
        return -1;
    o->v[o->n++] = *id;
    return 0;
}

int main(int argc, char **argv)
{
    git_repository *plain = NULL, *fast = NULL;
    git_odb *po = NULL, *fo = NULL;
    assay__packset *ps = NULL;
    assay__packreader *rd = NULL;
    ids all = {0};
    size_t packed = 0, bad = 0;
    char objects[4096];

    if (argc != 3) {
        fprintf(stderr, "usage: gitpack_check GITDIR MIN\n");
        return 2;
    }
    git_libgit2_init();
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
    if (git_repository_open_bare(&plain, argv[1]) < 0 ||
        git_repository_open_bare(&fast, argv[1]) < 0 ||
        git_repository_odb(&po, plain) < 0 ||
        git_repository_odb(&fo, fast) < 0) {
        fprintf(stderr, "gitpack_check: %s: cannot open\n", argv[1]);
        return 2;
    }
    snprintf(objects, sizeof(objects), "%s/objects", argv[1]);
    if (assay__packset_open(objects, &ps) < 0 || !ps ||
        assay__packset_attach(ps, fo, UINT64_MAX) < 0 ||
        !(rd = assay__packreader_new(ps, UINT64_MAX)) ||
        git_odb_foreach(po, collect, &all) < 0) {
        fprintf(stderr, "gitpack_check: %s: no packs read\n", argv[1]);
        return 2;
    }
    for (size_t i = 0; i < all.n; i++) {
        const git_oid *id = &all.v[i];
        git_odb_object *a = NULL, *b = NULL;
        size_t al = 0, bl = 0, dl = 0;
        git_object_t at = 0, bt = 0;
        void *d = NULL;
        int dt = 0, rc;
        char hex[41];

        git_oid_tostr(hex, sizeof(hex), id);
        /* Strict hash verification is on: libgit2 hashes what the
         * backend returns and refuses a wrong byte. */
        if (git_odb_read_header(&al, &at, po, id) < 0 ||
            git_odb_read_header(&bl, &bt, fo, id) < 0 ||
            git_odb_read(&a, po, id) < 0 || git_odb_read(&b, fo, id) < 0 ||
            al != bl || at != bt ||
            git_odb_object_size(a) != git_odb_object_size(b) ||
            git_odb_object_size(a) != al ||
            memcmp(git_odb_object_data(a), git_odb_object_data(b), al)) {
            fprintf(stderr, "mismatch: %s %s\n", hex,
                    git_error_last() ? git_error_last()->message : "");
            bad++;
        }
        rc = assay__packreader_read(rd, id->id, &d, &dl, &dt);
        if (rc == 0) {
            packed++;
            if (dl != al || (git_object_t)dt != at || memcmp(d, git_odb_object_data(a), al)) {
                fprintf(stderr, "reader mismatch: %s\n", hex);
                bad++;
            }
        } else if (rc != 1) {
            fprintf(stderr, "reader error %d: %s\n", rc, hex);
            bad++;
        }
        assay__free(d);
        git_odb_object_free(a);
        git_odb_object_free(b);
    }
    printf("%zu objects, %zu from packs, %zu mismatches\n", all.n, packed,
           bad);
    assay__packreader_free(rd);
    assay__packset_release(ps);
    assay__free(all.v);
    git_odb_free(po);
    git_odb_free(fo);
    git_repository_free(plain);
    git_repository_free(fast);
    git_libgit2_shutdown();
    return bad || packed < strtoul(argv[2], NULL, 10) ? 1 : 0;
}
