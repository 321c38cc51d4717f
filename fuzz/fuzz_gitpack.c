/* fuzz_gitpack.c - arbitrary bytes as a git pack index and pack, read by
 * gitpack.c (libdeflate behind libgit2 in `assay history`): index tables,
 * entry headers, 64-bit offsets, OFS/REF delta chains (loops included),
 * delta instructions, zlib streams, the base cache.
 *
 * Input: a 4-byte big-endian index length, the index, then the pack. Every
 * object the index lists (up to 512) is read, then a few ids it does not
 * list. The seeds in fuzz/corpus/gitpack are real packs git wrote
 * (fuzz/make-gitpack-seeds.sh), so mutations start from valid
 * structure.
 * SPDX-License-Identifier: Apache-2.0 */
#include "lib/assay_int.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    assay__packset *ps = NULL;
    assay__packreader *r;
    size_t idxlen, n;

    if (size < 4)
        return 0;
    idxlen = (size_t)data[0] << 24 | (size_t)data[1] << 16 |
             (size_t)data[2] << 8 | data[3];
    if (idxlen > size - 4)
        idxlen = (size - 4) / 2;
    if (assay__packset_from_memory(data + 4, idxlen, data + 4 + idxlen,
                                   size - 4 - idxlen, &ps) < 0 || !ps)
        return 0;
    if (!(r = assay__packreader_new(ps, 1u << 20))) {
        assay__packset_release(ps);
        return 0;
    }
    n = assay__packset_objects(ps);
    for (size_t i = 0; i < n && i < 512; i++) {
        uint8_t oid[20];
        void *obj = NULL;
        size_t len = 0;
        int type = 0, rc;
        assay__packset_oid(ps, i, oid);
        rc = assay__packreader_read(r, oid, &obj, &len, &type);
        if (rc == 0) {
            if (type < 1 || type > 4 || len > (1u << 20) ||
                ((const uint8_t *)obj)[len] != 0)
                abort();
            assay__free(obj);
        } else if (rc > 2 || obj) {
            abort(); /* an unknown code, or a buffer left on failure */
        }
    }
    for (int k = 0; k < 4; k++) { /* ids no index lists */
        uint8_t oid[20];
        void *obj = NULL;
        size_t len;
        int type;
        memset(oid, k * 85, sizeof(oid));
        if (assay__packreader_read(r, oid, &obj, &len, &type) == 0)
            assay__free(obj);
    }
    assay__packreader_free(r);
    assay__packset_release(ps);
    return 0;
}
