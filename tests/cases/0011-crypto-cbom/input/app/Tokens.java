import javax.crypto.Cipher;
import java.security.MessageDigest;
import java.security.Signature;

class Tokens {
    byte[] wrap(byte[] k) throws Exception {
        Cipher c = Cipher.getInstance("AES/ECB/PKCS5Padding");
        return c.doFinal(k);
    }
    Signature signer() throws Exception {
        return Signature.getInstance("SHA256withECDSA");
    }
    MessageDigest digest() throws Exception {
        return MessageDigest.getInstance("SHA-384");
    }
}
