/* Message sealing for the storage layer. */
#include <openssl/evp.h>
#include <sodium.h>

int seal(const unsigned char *key, const unsigned char *iv,
         const unsigned char *in, int n, unsigned char *out)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
    EVP_EncryptUpdate(ctx, out, &len, in, n);
    EVP_CIPHER_CTX_free(ctx);
    return len;
}

int legacy_checksum(const unsigned char *in, size_t n, unsigned char *md)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    EVP_DigestInit_ex(c, EVP_md5(), NULL); /* old on-disk format */
    EVP_DigestUpdate(c, in, n);
    return EVP_DigestFinal_ex(c, md, NULL);
}

int make_key(EVP_PKEY_CTX *kctx)
{
    EVP_PKEY_CTX_set_rsa_keygen_bits(kctx, 1024);
    return crypto_sign_keypair(pk, sk);
}
