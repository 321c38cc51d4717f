/* Envelope encryption with the national algorithms (GM/T). */
#include <gmssl/sm2.h>
#include <gmssl/sm3.h>
#include <gmssl/sm4.h>
#include <gmssl/zuc.h>

int envelope_seal(const SM2_KEY *signer, const SM4_KEY *k, const uint8_t iv[16],
                  const uint8_t *in, size_t n, uint8_t *out, uint8_t *sig,
                  size_t *siglen)
{
    SM3_CTX ctx;
    uint8_t dgst[32];

    sm4_cbc_encrypt(k, iv, in, n / 16, out);
    sm3_init(&ctx);
    sm3_update(&ctx, out, n);
    sm3_finish(&ctx, dgst);
    return sm2_sign(signer, dgst, sig, siglen);
}

void link_stream(ZUC_STATE *st, const uint8_t key[16], const uint8_t iv[16])
{
    zuc_init(st, key, iv);
}
