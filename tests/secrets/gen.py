#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# Generate the labelled secrets corpus (tests/secrets/corpus/) and its labels
# (tests/secrets/labels.json).
#
# Why: precision and recall of a secret scanner only mean something on files
# whose truth is known line by line. Every secret written here is FAKE but in
# the real format: tokens carry their built-in checksums (GitHub and npm CRC32
# in base62), JWTs are signed, private keys are real keys generated for this
# corpus by openssl / ssh-keygen / gpg / keytool and valid nowhere. Next to
# them sit near-misses that a good scanner must leave alone: placeholders,
# variable references, hashes, UUIDs, base64 images, lock files, test
# fixtures, documentation examples, public keys and certificates, tokens with
# a wrong checksum.
#
# Determinism: all random values come from one random.Random with a fixed
# seed. Key material cannot come from that PRNG, so it is generated once into
# tests/secrets/keys/ (committed) and reused; delete a file there to renew it.
# Running the script twice gives byte-identical output.
#
# Labels: one entry per labelled span {file, line, end_line, type, label},
# label "positive" (a secret that must be reported) or "negative" (a
# near-miss that must not). Lines without a label must not be reported either.
#
#   python3 tests/secrets/gen.py            # rewrite corpus/ and labels.json
import base64
import hashlib
import hmac
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
KEYS = os.path.join(HERE, "keys")
LABELS = os.path.join(HERE, "labels.json")

rng = random.Random(0x5EC12E75)

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
B62 = DIGITS + UPPER + LOWER
HEX = "0123456789abcdef"
B64 = UPPER + LOWER + DIGITS + "+/"
B64URL = UPPER + LOWER + DIGITS + "-_"


def rs(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rbytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def b64(data):
    return base64.b64encode(data).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def base62(n):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out or "0"


def password(n=20):
    # A strong human-set password: mixed classes, no placeholder words.
    cls = [UPPER, LOWER, DIGITS, "!#%&*+-=?@^_~"]
    chars = [rng.choice(c) for c in cls]
    chars += [rng.choice("".join(cls)) for _ in range(n - len(cls))]
    rng.shuffle(chars)
    return "".join(chars)


# --------------------------------------------------------------- token formats
def crc_token(prefix, body_len=30):
    """GitHub / npm style: random base62 body + base62(CRC32(body)) on 6 chars."""
    body = rs(B62, body_len)
    return prefix + body + base62(zlib.crc32(body.encode())).rjust(6, "0")


def bad_crc_token(prefix):
    tok = crc_token(prefix)
    last = tok[-1]
    return tok[:-1] + ("A" if last != "A" else "B")


def aws_key_id(prefix="AKIA"):
    return prefix + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)


def aws_secret():
    return rs(UPPER + LOWER + DIGITS + "+/", 40)


def jwt(payload, key=None):
    header = {"alg": "HS256", "typ": "JWT"}
    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(key or rbytes(32), (h + "." + p).encode(), hashlib.sha256)
    return h + "." + p + "." + b64url(sig.digest())


def uuid4():
    b = bytearray(rbytes(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def slack_bot():
    return "xoxb-%s-%s-%s" % (rs(DIGITS, 12), rs(DIGITS, 13), rs(B62, 24))


def slack_user():
    return "xoxp-%s-%s-%s-%s" % (rs(DIGITS, 12), rs(DIGITS, 12), rs(DIGITS, 13),
                                 rs(HEX, 32))


def slack_webhook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (
        rs(UPPER + DIGITS, 10), rs(UPPER + DIGITS, 10), rs(B62, 24))


def sendgrid():
    return "SG.%s.%s" % (rs(B64URL, 22), rs(B64URL, 43))


def pypi_token():
    # A macaroon (v2 binary) whose location is pypi.org, base64url encoded,
    # as PyPI issues them: "pypi-AgEIcHlwaS5vcmc...".
    ident = b'{"version": 1, "permissions": "user"}'
    mac = (b"\x02\x01\x08pypi.org\x02\x01" + bytes([len(ident)]) + ident +
           b"\x00\x02" + bytes([0x26]) + rbytes(38) + b"\x00\x00\x06\x20" +
           rbytes(32))
    return "pypi-" + b64url(mac)


def azure_storage_key():
    return b64(rbytes(64))


def azure_client_secret():
    return rs(B62, 3) + rs(DIGITS, 1) + "Q~" + rs(B62 + "-_.~", 34)


def gcp_api_key():
    return "AIza" + rs(B62 + "-_", 35)


# --------------------------------------------------------------- key material
def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, **kw)


def ensure_keys():
    """Create the key files under keys/ that are missing (never overwrite)."""
    os.makedirs(KEYS, exist_ok=True)

    def k(name):
        return os.path.join(KEYS, name)

    def need(*names):
        return any(not os.path.exists(k(n)) for n in names)

    if need("rsa-pkcs8.pem", "rsa-pkcs1.pem", "rsa-pkcs1-enc.pem",
            "rsa-pkcs8-enc.pem", "rsa.crt", "rsa-pub.pem", "client.p12"):
        run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
             "rsa_keygen_bits:2048", "-out", k("rsa-pkcs8.pem")])
        run(["openssl", "rsa", "-in", k("rsa-pkcs8.pem"), "-traditional",
             "-out", k("rsa-pkcs1.pem")])
        run(["openssl", "rsa", "-in", k("rsa-pkcs8.pem"), "-traditional",
             "-aes128", "-passout", "pass:corpus-only", "-out",
             k("rsa-pkcs1-enc.pem")])
        run(["openssl", "pkcs8", "-topk8", "-in", k("rsa-pkcs8.pem"), "-v2",
             "aes-256-cbc", "-passout", "pass:corpus-only", "-out",
             k("rsa-pkcs8-enc.pem")])
        run(["openssl", "req", "-x509", "-new", "-key", k("rsa-pkcs8.pem"),
             "-subj", "/CN=tally.internal.invalid", "-days", "3650",
             "-out", k("rsa.crt")])
        run(["openssl", "pkey", "-in", k("rsa-pkcs8.pem"), "-pubout",
             "-out", k("rsa-pub.pem")])
        run(["openssl", "pkcs12", "-export", "-inkey", k("rsa-pkcs8.pem"),
             "-in", k("rsa.crt"), "-passout", "pass:corpus-only",
             "-out", k("client.p12")])
    if need("rsa2-pkcs1.pem"):
        run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
             "rsa_keygen_bits:2048", "-out", k("rsa2.tmp")])
        run(["openssl", "rsa", "-in", k("rsa2.tmp"), "-traditional",
             "-out", k("rsa2-pkcs1.pem")])
        os.unlink(k("rsa2.tmp"))
    if need("ec-sec1.pem", "ec-pkcs8.pem"):
        run(["openssl", "ecparam", "-name", "prime256v1", "-genkey",
             "-out", k("ec-sec1.pem")])
        run(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in",
             k("ec-sec1.pem"), "-out", k("ec-pkcs8.pem")])
    if need("ec384-sec1.pem"):
        run(["openssl", "ecparam", "-name", "secp384r1", "-genkey",
             "-noout", "-out", k("ec384-sec1.pem")])
    if need("dsa.pem"):
        run(["openssl", "genpkey", "-genparam", "-algorithm", "DSA",
             "-pkeyopt", "dsa_paramgen_bits:2048", "-out", k("dsa.params")])
        run(["openssl", "genpkey", "-paramfile", k("dsa.params"),
             "-out", k("dsa.tmp")])
        run(["openssl", "dsa", "-in", k("dsa.tmp"), "-out", k("dsa.pem")])
        os.unlink(k("dsa.tmp"))
        os.unlink(k("dsa.params"))
    if need("ed25519-pkcs8.pem"):
        run(["openssl", "genpkey", "-algorithm", "ed25519",
             "-out", k("ed25519-pkcs8.pem")])
    for name, args in (("ssh-ed25519", ["-t", "ed25519", "-N", ""]),
                       ("ssh-rsa", ["-t", "rsa", "-b", "2048", "-N", ""]),
                       ("ssh-ecdsa", ["-t", "ecdsa", "-b", "256", "-N", ""]),
                       ("ssh-ed25519-enc", ["-t", "ed25519", "-N",
                                            "corpus-only"])):
        if need(name):
            run(["ssh-keygen", "-q"] + args + ["-C", "deploy@build-07",
                                               "-f", k(name)])
    if need("pgp-secret.asc", "pgp-public.asc"):
        home = tempfile.mkdtemp(prefix="assay-gpg-")
        try:
            base = ["gpg", "--homedir", home, "--batch", "--pinentry-mode",
                    "loopback", "--passphrase", ""]
            run(base + ["--quick-gen-key",
                        "Release Signing <release@tally.invalid>",
                        "ed25519", "sign", "never"])
            for out, what in (("pgp-secret.asc", "--export-secret-keys"),
                              ("pgp-public.asc", "--export")):
                with open(k(out), "wb") as f:
                    subprocess.run(base + ["--armor", what], check=True,
                                   stdout=f, stderr=subprocess.DEVNULL)
        finally:
            shutil.rmtree(home, ignore_errors=True)
    if need("keystore.jks"):
        run(["keytool", "-genkeypair", "-alias", "tally", "-keyalg", "RSA",
             "-keysize", "2048", "-dname", "CN=tally.invalid",
             "-validity", "3650", "-storetype", "JKS", "-storepass",
             "corpus-only", "-keypass", "corpus-only", "-keystore",
             k("keystore.jks")])


def key(name):
    with open(os.path.join(KEYS, name), "rb") as f:
        data = f.read()
    try:
        return data.decode().rstrip("\n")
    except UnicodeDecodeError:
        return data


def pem_block(text, kind):
    """The BEGIN..END block of the given kind inside a PEM file."""
    begin = "-----BEGIN %s-----" % kind
    end = "-----END %s-----" % kind
    i = text.index(begin)
    return text[i:text.index(end, i) + len(end)]


def ppk_from_openssh_ed25519(text, comment):
    """A PuTTY-User-Key-File-2 of the same ed25519 key (puttygen's output)."""
    body = base64.b64decode("".join(text.splitlines()[1:-1]))
    assert body.startswith(b"openssh-key-v1\0")
    p = len(b"openssh-key-v1\0")

    def s(buf, off):
        (n,) = struct.unpack(">I", buf[off:off + 4])
        return buf[off + 4:off + 4 + n], off + 4 + n
    _, p = s(body, p)           # cipher
    _, p = s(body, p)           # kdf
    _, p = s(body, p)           # kdf options
    p += 4                      # number of keys
    pub_blob, p = s(body, p)
    priv, p = s(body, p)
    q = 8                       # two check ints
    _, q = s(priv, q)           # key type
    pub, q = s(priv, q)
    sk, q = s(priv, q)          # 64 bytes: seed + public

    def S(b):
        return struct.pack(">I", len(b)) + b
    priv_blob = S(sk[:32])
    mac_key = hashlib.sha1(b"putty-private-key-file-mac-key").digest()
    mac = hmac.new(mac_key, S(b"ssh-ed25519") + S(b"none") +
                   S(comment.encode()) + S(pub_blob) + S(priv_blob),
                   hashlib.sha1).hexdigest()

    def lines(b):
        t = b64(b)
        return [t[i:i + 64] for i in range(0, len(t), 64)]
    pl, sl = lines(pub_blob), lines(priv_blob)
    out = ["PuTTY-User-Key-File-2: ssh-ed25519", "Encryption: none",
           "Comment: " + comment, "Public-Lines: %d" % len(pl)] + pl
    out += ["Private-Lines: %d" % len(sl)] + sl + ["Private-MAC: " + mac]
    return "\n".join(out)


def tiny_png(w=24, h=24):
    raw = b"".join(b"\x00" + rbytes(w * 3) for _ in range(h))

    def chunk(t, d):
        c = t + d
        return struct.pack(">I", len(d)) + c + struct.pack(
            ">I", zlib.crc32(c) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


# --------------------------------------------------------------- the builder
class Doc:
    """A corpus file assembled line by line, with labelled spans."""
    docs = []

    def __init__(self, path, binary=None):
        self.path = path
        self.lines = []
        self.labels = []
        self.binary = binary
        Doc.docs.append(self)

    def add(self, *texts):
        for t in texts:
            self.lines.extend(t.split("\n"))
        return self

    def _span(self, label, kind, texts):
        start = len(self.lines) + 1
        self.add(*texts)
        self.labels.append({"file": self.path, "line": start,
                            "end_line": len(self.lines), "type": kind,
                            "label": label})
        return self

    def pos(self, kind, *texts):
        return self._span("positive", kind, texts)

    def neg(self, kind, *texts):
        return self._span("negative", kind, texts)

    def write(self):
        full = os.path.join(CORPUS, self.path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            if self.binary is not None:
                f.write(self.binary)
            else:
                f.write(("\n".join(self.lines) + "\n").encode())


def binary_doc(path, data, kind):
    d = Doc(path, binary=data)
    d.labels.append({"file": path, "line": 1,
                     "end_line": data.count(b"\n") + 1, "type": kind,
                     "label": "positive"})
    return d


def c_string_lines(text, indent="    "):
    return [indent + '"%s\\n"' % ln for ln in text.split("\n")]


# --------------------------------------------------------------- the corpus
def build():
    rsa1 = key("rsa-pkcs1.pem")
    rsa1b = key("rsa2-pkcs1.pem")
    rsa8 = key("rsa-pkcs8.pem")
    rsa1_enc = key("rsa-pkcs1-enc.pem")
    rsa8_enc = key("rsa-pkcs8-enc.pem")
    ec1_full = key("ec-sec1.pem")
    ec1 = pem_block(ec1_full, "EC PRIVATE KEY")
    ec384 = key("ec384-sec1.pem")
    ec8 = key("ec-pkcs8.pem")
    dsa = key("dsa.pem")
    ed8 = key("ed25519-pkcs8.pem")
    crt = key("rsa.crt")
    rsa_pub = key("rsa-pub.pem")
    ssh_ed = key("ssh-ed25519")
    ssh_rsa = key("ssh-rsa")
    ssh_ecdsa = key("ssh-ecdsa")
    ssh_enc = key("ssh-ed25519-enc")
    ssh_ed_pub = key("ssh-ed25519.pub")
    ssh_rsa_pub = key("ssh-rsa.pub")
    ssh_ecdsa_pub = key("ssh-ecdsa.pub")
    pgp_sec = key("pgp-secret.asc")
    pgp_pub = key("pgp-public.asc")

    # ---------------------------------------------------------- private keys
    Doc("etc/tls/server.key").pos("private-key.rsa", rsa1)
    Doc("etc/tls/server.crt").neg("certificate", crt)
    Doc("etc/tls/server.pub.pem").neg("public-key", rsa_pub)
    (Doc("etc/tls/ec-server.key")
     .add(pem_block(ec1_full, "EC PARAMETERS"))
     .pos("private-key.ec", ec1))
    Doc("etc/tls/ec384.key").pos("private-key.ec", ec384)
    Doc("etc/tls/dsa-legacy.key").pos("private-key.dsa", dsa)
    Doc("etc/tls/pkcs8.key").pos("private-key.pkcs8", rsa8)
    Doc("etc/tls/ec-pkcs8.key").pos("private-key.pkcs8", ec8)
    Doc("etc/tls/ed25519.key").pos("private-key.pkcs8", ed8)
    Doc("etc/tls/encrypted.key").pos("private-key.pkcs8-encrypted", rsa8_enc)
    Doc("etc/tls/legacy-encrypted.key").pos("private-key.rsa-encrypted",
                                            rsa1_enc)
    (Doc("etc/tls/bundle.pem")
     .add("# server certificate followed by its key, as nginx wants them")
     .neg("certificate", crt).pos("private-key.rsa", rsa1b))
    Doc("deploy/ssh/id_ed25519").pos("private-key.openssh", ssh_ed)
    Doc("deploy/ssh/id_rsa").pos("private-key.openssh", ssh_rsa)
    Doc("deploy/ssh/id_ecdsa").pos("private-key.openssh", ssh_ecdsa)
    Doc("deploy/ssh/id_ed25519_backup").pos("private-key.openssh-encrypted",
                                            ssh_enc)
    Doc("deploy/ssh/id_ed25519.pub").neg("public-key.ssh", ssh_ed_pub)
    (Doc("deploy/ssh/authorized_keys")
     .neg("public-key.ssh", ssh_rsa_pub)
     .neg("public-key.ssh", 'from="10.0.0.0/8",no-pty ' + ssh_ecdsa_pub))
    kh = Doc("deploy/ssh/known_hosts")
    for host in ("git.tally.invalid", "10.20.0.15", "bastion.tally.invalid"):
        salt = rbytes(20)
        hashed = hmac.new(salt, host.encode(), hashlib.sha1).digest()
        kh.neg("public-key.ssh", "|1|%s|%s %s" % (
            b64(salt), b64(hashed), " ".join(ssh_ed_pub.split()[:2])))
    Doc("keys/release-signing.ppk").pos(
        "private-key.putty", ppk_from_openssh_ed25519(ssh_ed, "release@ci"))
    Doc("keys/release-signing.asc").pos("private-key.pgp", pgp_sec)
    Doc("keys/release-signing-pub.asc").neg("public-key.pgp", pgp_pub)
    binary_doc("keys/client.p12", key("client.p12"), "keystore.pkcs12")
    binary_doc("keys/server.jks", key("keystore.jks"), "keystore.jks")

    c = Doc("src/net/tls_fallback.c")
    c.add("/* Built-in fallback identity, used when /etc/tally/tls is empty. */",
          "#include <stddef.h>", "", "static const char fallback_key_pem[] =")
    c.pos("private-key.rsa", *c_string_lines(rsa1b))
    c.add("    ;", "", "const char *tally_fallback_key(size_t *len)", "{",
          "    *len = sizeof fallback_key_pem - 1;",
          "    return fallback_key_pem;", "}")

    py = Doc("src/signing/keys.py")
    py.add('"""Signing key for the update manifest."""', "", "import base64",
           "")
    py.pos("private-key.pkcs8", 'MANIFEST_KEY = """' + ec8.split("\n")[0],
           *ec8.split("\n")[1:-1], ec8.split("\n")[-1] + '"""')
    py.add("", "", "def manifest_key():", "    return MANIFEST_KEY.encode()")

    js = Doc("config/tls.json")
    js.add("{", '  "listen": "0.0.0.0:8443",', '  "cert": "/etc/tally/tls/server.crt",')
    js.pos("private-key.ec", '  "key": %s,' % json.dumps(ec1 + "\n"))
    js.add('  "ciphers": "ECDHE+AESGCM"', "}")

    go = Doc("src/agent/identity.go")
    go.add("package agent", "", "// devKey signs agent heartbeats in the lab build.",
           "const devKey = `" + ed8.split("\n")[0])
    go.pos("private-key.pkcs8", *ed8.split("\n")[1:])
    go.add("`", "", "func DevKey() []byte { return []byte(devKey) }")
    # The span above starts on the line after BEGIN; move it to include BEGIN.
    go.labels[-1]["line"] -= 1

    k8s = Doc("deploy/k8s/ingress-tls.yaml")
    k8s.add("apiVersion: v1", "kind: Secret", "metadata:", "  name: ingress-tls",
            "  namespace: tally", "type: kubernetes.io/tls", "stringData:",
            "  tls.crt: |")
    k8s.neg("certificate", *["    " + ln for ln in crt.split("\n")])
    k8s.add("  tls.key: |")
    k8s.pos("private-key.pkcs8", *["    " + ln for ln in rsa8.split("\n")])

    kc = Doc("home/.kube/config")
    kc.add("apiVersion: v1", "clusters:", "- cluster:")
    kc.neg("certificate.base64",
           "    certificate-authority-data: " + b64(crt.encode()))
    kc.add("    server: https://10.20.0.2:6443", "  name: lab", "contexts:",
           "- context:", "    cluster: lab", "    user: admin", "  name: lab",
           "current-context: lab", "kind: Config", "users:", "- name: admin",
           "  user:")
    kc.neg("certificate.base64",
           "    client-certificate-data: " + b64(crt.encode()))
    kc.pos("private-key.base64", "    client-key-data: " + b64(rsa1.encode()))

    # ---------------------------------------------------------- AWS
    aws = Doc("home/.aws/credentials")
    aws.add("[default]")
    aws.pos("aws.access-key-id", "aws_access_key_id = " + aws_key_id())
    aws.pos("aws.secret-access-key", "aws_secret_access_key = " + aws_secret())
    aws.add("region = eu-west-1", "", "[backup]")
    aws.pos("aws.access-key-id", "aws_access_key_id=" + aws_key_id())
    aws.pos("aws.secret-access-key", "aws_secret_access_key=" + aws_secret())
    Doc("home/.aws/config").add("[default]", "region = eu-west-1",
                                "output = json", "", "[profile backup]",
                                "role_arn = arn:aws:iam::493817265012:role/backup",
                                "source_profile = default")

    tf = Doc("deploy/terraform/main.tf")
    tf.add('provider "aws" {', '  region     = "eu-west-1"')
    tf.pos("aws.access-key-id", '  access_key = "%s"' % aws_key_id())
    tf.pos("aws.secret-access-key", '  secret_key = "%s"' % aws_secret())
    tf.add("}", "", 'resource "aws_s3_bucket" "exports" {',
           '  bucket = "tally-exports-493817265012"', "}")

    sh = Doc("scripts/backup.sh")
    sh.add("#!/bin/sh", "# Nightly dump to S3 with the temporary credentials of the backup role.",
           "set -eu")
    sh.pos("aws.access-key-id", "export AWS_ACCESS_KEY_ID=" + aws_key_id("ASIA"))
    sh.pos("aws.secret-access-key", "export AWS_SECRET_ACCESS_KEY=" + aws_secret())
    sh.pos("aws.session-token", "export AWS_SESSION_TOKEN=" +
           "IQoJb3JpZ2luX2VjE" + rs(B64, 300) + "==")
    sh.add('pg_dump tally | gzip | aws s3 cp - "s3://tally-exports-493817265012/$(date +%F).sql.gz"')

    s3 = Doc("src/export/s3.py")
    s3.add("import boto3", "", "", "def client():", "    return boto3.client(",
           '        "s3",')
    s3.pos("aws.access-key-id", '        aws_access_key_id="%s",' % aws_key_id())
    s3.pos("aws.secret-access-key",
           '        aws_secret_access_key="%s",' % aws_secret())
    s3.add('        region_name="eu-west-1",', "    )")

    # ---------------------------------------------------------- GCP
    sa = {
        "type": "service_account",
        "project_id": "tally-prod-4821",
        "private_key_id": rs(HEX, 40),
        "private_key": rsa8 + "\n",
        "client_email": "exporter@tally-prod-4821.iam.gserviceaccount.com",
        "client_id": rs(DIGITS, 21),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/exporter%40tally-prod-4821.iam.gserviceaccount.com",
        "universe_domain": "googleapis.com",
    }
    Doc("config/gcp/exporter-sa.json").pos("gcp.service-account",
                                           json.dumps(sa, indent=2))
    gjs = Doc("web/src/maps.js")
    gjs.add("import { Loader } from '@googlemaps/js-api-loader';", "",
            "const loader = new Loader({")
    gjs.pos("gcp.api-key", "  apiKey: '%s'," % gcp_api_key())
    gjs.add("  version: 'weekly',", "});", "", "export default loader;")

    # ---------------------------------------------------------- Azure
    az = Doc("config/appsettings.Production.json")
    az.add("{", '  "Logging": { "LogLevel": { "Default": "Warning" } },',
           '  "ConnectionStrings": {')
    az.pos("azure.storage-key",
           '    "Blob": "DefaultEndpointsProtocol=https;AccountName=tallyexports;'
           'AccountKey=%s;EndpointSuffix=core.windows.net",' % azure_storage_key())
    az.pos("azure.service-bus-key",
           '    "Bus": "Endpoint=sb://tally-bus.servicebus.windows.net/;'
           'SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=%s"'
           % b64(rbytes(32)))
    az.add("  },", '  "AzureAd": {', '    "Instance": "https://login.microsoftonline.com/",')
    az.neg("uuid.identifier", '    "TenantId": "%s",' % uuid4())
    az.neg("uuid.identifier", '    "ClientId": "%s",' % uuid4())
    az.pos("azure.client-secret", '    "ClientSecret": "%s"' % azure_client_secret())
    az.add("  }", "}")
    sas = Doc("scripts/upload-report.ps1")
    sas.add("# Upload the weekly report to the shared container.",
            "$file = \"report-$(Get-Date -Format yyyy-MM-dd).pdf\"")
    sas.pos("azure.sas-token",
            '$sas = "https://tallyexports.blob.core.windows.net/reports?sv=2022-11-02'
            '&ss=b&srt=co&sp=rwdlac&se=2027-01-01T00:00:00Z&st=2026-01-01T00:00:00Z'
            '&spr=https&sig=%s"' % b64(rbytes(32)).replace("+", "%2B")
            .replace("/", "%2F").replace("=", "%3D"))
    sas.add('Invoke-WebRequest -Method Put -InFile $file -Uri $sas '
            '-Headers @{"x-ms-blob-type"="BlockBlob"}')

    # ---------------------------------------------------------- GitHub
    rel = Doc("scripts/release.sh")
    rel.add("#!/usr/bin/env bash", "set -euo pipefail", "")
    rel.pos("github.pat", 'GITHUB_TOKEN="%s"' % crc_token("ghp_"))
    rel.add('curl -fsS -H "Authorization: token ${GITHUB_TOKEN}" \\',
            '  -d "{\\"tag_name\\": \\"v$1\\"}" \\',
            "  https://api.github.com/repos/tally/tally/releases")
    ts = Doc("web/src/github.ts")
    ts.add("import { Octokit } from '@octokit/rest';", "")
    ts.pos("github.oauth", "const OAUTH_TOKEN = '%s';" % crc_token("gho_"))
    ts.add("export const octokit = new Octokit({ auth: OAUTH_TOKEN });")
    ci = Doc("config/ci/mirror.yaml")
    ci.add("mirror:", "  source: https://github.com/tally/tally.git",
           "  target: https://git.tally.invalid/tally/tally.git")
    ci.pos("github.app-token", "  installation_token: %s" % crc_token("ghs_"))
    ci.pos("github.refresh-token", "  refresh_token: %s" % crc_token("ghr_"))
    ci.pos("github.user-token", "  user_token: %s" % crc_token("ghu_"))
    ci.add("  interval: 15m")
    gc = Doc("home/.git-credentials")
    gc.pos("github.pat", "https://tally-bot:%s@github.com" % crc_token("ghp_"))
    gc.pos("gitlab.pat", "https://oauth2:glpat-%s@gitlab.com" % rs(B62 + "-_", 20))
    gc.pos("git-credentials.password",
           "https://deploy:%s@git.tally.invalid" % password(18).replace("@", "a")
           .replace("#", "h").replace("%", "p").replace("?", "q"))

    # ---------------------------------------------------------- GitLab
    gl = Doc("config/ci/gitlab-runner.toml")
    gl.add("concurrent = 2", "", "[[runners]]", '  name = "build-07"',
           '  url = "https://gitlab.com/"')
    gl.pos("gitlab.runner-token", '  token = "glrt-%s"' % rs(B62 + "-_", 20))
    gl.add('  executor = "docker"', "  [runners.docker]",
           '    image = "debian:12"')
    gld = Doc("scripts/pull-images.sh")
    gld.add("#!/bin/sh", "# Deploy token with read_registry only.")
    gld.pos("gitlab.deploy-token",
            'echo "gldt-%s" | docker login registry.gitlab.com -u tally-deploy --password-stdin'
            % rs(B62 + "-_", 20))
    gld.pos("gitlab.pat", "export GITLAB_TOKEN=glpat-" + rs(B62 + "-_", 20))
    gld.pos("gitlab.trigger-token",
            'curl -X POST -F token=glptt-%s -F ref=main '
            'https://gitlab.com/api/v4/projects/4821/trigger/pipeline' % rs(HEX, 40))

    # ---------------------------------------------------------- Slack
    sl = Doc("src/notify/slack.py")
    sl.add("from slack_sdk import WebClient", "")
    sl.pos("slack.bot-token", 'client = WebClient(token="%s")' % slack_bot())
    sl.add("", "", "def notify(text):",
           '    client.chat_postMessage(channel="C04QX8Z2L7N", text=text)')
    al = Doc("config/alerts.yaml")
    al.add("receivers:", "  - name: ops", "    slack_configs:")
    al.pos("slack.webhook", "      - api_url: " + slack_webhook())
    al.add("        channel: '#ops'", "        send_resolved: true")

    # ---------------------------------------------------------- Stripe, Twilio, SendGrid
    rb = Doc("app/services/billing.rb")
    rb.add("require 'stripe'", "")
    rb.pos("stripe.secret-key", "Stripe.api_key = '%s'" % ("sk_live_" + rs(B62, 99)))
    rb.neg("stripe.publishable-key",
           "PUBLISHABLE_KEY = 'pk_live_%s'.freeze" % rs(B62, 99))
    rb.add("", "class Billing", "  def charge(cents, customer)",
           "    Stripe::Charge.create(amount: cents, currency: 'eur', customer: customer)",
           "  end", "end")
    tw = Doc("src/notify/sms.js")
    tw.add("const twilio = require('twilio');", "")
    tw.pos("twilio.auth-token", "const client = twilio('AC%s', '%s');" %
           (rs(HEX, 32), rs(HEX, 32)))
    tw.add("", "module.exports = (to, body) =>",
           "  client.messages.create({ from: '+15005550006', to, body });")
    mail = Doc("config/mail.php")
    mail.add("<?php", "", "return [", "    'driver' => 'sendgrid',")
    mail.pos("sendgrid.api-key", "    'api_key' => '%s'," % sendgrid())
    mail.add("    'from' => 'noreply@tally.invalid',", "];")

    # ---------------------------------------------------------- package registries
    Doc("home/.npmrc").pos(
        "npm.token", "//registry.npmjs.org/:_authToken=" + crc_token("npm_")).add(
        "@tally:registry=https://npm.pkg.github.com").pos(
        "github.pat", "//npm.pkg.github.com/:_authToken=" + crc_token("ghp_"))
    Doc("web/.npmrc").add("registry=https://npm.tally.invalid/").pos(
        "npmrc.auth", "_auth=" + b64(("ci:" + password(16)).encode())).add(
        "always-auth=true")
    (Doc("home/.pypirc")
     .add("[distutils]", "index-servers =", "    pypi", "    internal", "",
          "[pypi]", "username = __token__")
     .pos("pypi.token", "password = " + pypi_token())
     .add("", "[internal]", "repository = https://pypi.tally.invalid/simple/",
          "username = ci")
     .pos("pypirc.password", "password = " + password(18)))
    dock = {"auths": {
        "https://index.docker.io/v1/": {
            "auth": b64(("tallybot:" + password(20)).encode())},
        "registry.tally.invalid": {
            "auth": b64(("ci:" + password(20)).encode())}}}
    dj = Doc("home/.docker/config.json")
    dj.add("{", '  "auths": {', '    "https://index.docker.io/v1/": {')
    dj.pos("docker.auth",
           '      "auth": "%s"' % dock["auths"]["https://index.docker.io/v1/"]["auth"])
    dj.add("    },", '    "registry.tally.invalid": {')
    dj.pos("docker.auth",
           '      "auth": "%s"' % dock["auths"]["registry.tally.invalid"]["auth"])
    dj.add("    }", "  }", "}")

    # ---------------------------------------------------------- JWT, HTTP auth
    api = Doc("scripts/api-smoke.sh")
    api.add("#!/bin/sh", "# Smoke test against production with the monitoring account.")
    api.pos("jwt", 'curl -fsS -H "Authorization: Bearer %s" https://api.tally.invalid/v1/health'
            % jwt({"sub": "monitor", "iss": "tally", "iat": 1767225600,
                   "exp": 1798761600, "scope": "read"}))
    api.pos("http.basic-auth",
            'curl -fsS -H "Authorization: Basic %s" https://metrics.tally.invalid/'
            % b64(("prom:" + password(20)).encode()))
    cj = Doc("web/src/api/client.js")
    cj.add("import axios from 'axios';", "")
    cj.pos("jwt", "const SERVICE_TOKEN = '%s';" % jwt(
        {"sub": "svc-report", "role": "admin", "iat": 1767225600}))
    cj.add("", "export default axios.create({",
           "  baseURL: 'https://api.tally.invalid',",
           "  headers: { Authorization: `Bearer ${SERVICE_TOKEN}` },", "});")
    ng = Doc("deploy/nginx/upstream.conf")
    ng.add("location /metrics/ {", "    proxy_pass http://10.20.0.9:9090/;")
    ng.pos("http.basic-auth", '    proxy_set_header Authorization "Basic %s";'
           % b64(("scrape:" + password(22)).encode()))
    ng.add("}")

    # ---------------------------------------------------------- database URLs
    db = Doc("config/database.yml")
    db.add("production:", "  adapter: postgresql")
    db.pos("url.database", "  url: postgres://tally_app:%s@db-1.tally.invalid:5432/tally"
           % rs(B62, 24))
    db.add("  pool: 10")
    gocache = Doc("src/cache/redis.go")
    gocache.add("package cache", "", 'import "github.com/redis/go-redis/v9"', "",
                "func New() *redis.Client {")
    gocache.pos("url.database", '\topt, _ := redis.ParseURL("redis://:%s@10.20.0.12:6379/0")'
                % rs(B62, 32))
    gocache.add("\treturn redis.NewClient(opt)", "}")
    mongo = Doc("src/store/mongo.ts")
    mongo.add("import { MongoClient } from 'mongodb';", "")
    mongo.pos("url.database",
              "const uri = 'mongodb+srv://reporting:%s@cluster0.x7kq2.mongodb.net/tally?retryWrites=true';"
              % rs(B62, 20))
    mongo.add("export const client = new MongoClient(uri);")
    amqp = Doc("config/worker.ini")
    amqp.add("[worker]", "concurrency = 4")
    amqp.pos("url.database", "broker_url = amqp://worker:%s@rabbit.tally.invalid:5672/tally"
             % rs(B62, 22))
    amqp.pos("url.database", "result_backend = mysql+pymysql://results:%s@db-2.tally.invalid/results"
             % rs(B62, 18))
    jdbc = Doc("config/application.properties")
    jdbc.add("server.port=8080", "spring.datasource.url=jdbc:postgresql://db-1.tally.invalid:5432/tally",
             "spring.datasource.username=tally_app")
    jdbc.pos("generic.password", "spring.datasource.password=" + password(20))
    jdbc.add("spring.jpa.hibernate.ddl-auto=validate")

    # ---------------------------------------------------------- netrc
    (Doc("home/.netrc")
     .pos("netrc.password", "machine api.heroku.com login ops@tally.invalid password "
          + uuid4())
     .pos("netrc.password", "machine ftp.tally.invalid login backup password "
          + password(18))
     .add("default login anonymous"))

    # ---------------------------------------------------------- .env
    env = Doc("deploy/.env")
    env.add("# production settings, loaded by docker compose", "NODE_ENV=production",
            "PORT=8080", "LOG_LEVEL=info")
    env.pos("url.database", "DATABASE_URL=postgresql://tally:%s@db-1.tally.invalid:5432/tally"
            % rs(B62, 24))
    env.pos("github.fine-grained-pat", "GITHUB_PAT=github_pat_%s_%s" % (rs(B62, 22), rs(B62, 59)))
    env.pos("slack.user-token", "SLACK_USER_TOKEN=" + slack_user())
    env.pos("stripe.restricted-key", "STRIPE_RESTRICTED_KEY=rk_live_" + rs(B62, 99))
    env.pos("stripe.webhook-secret", "STRIPE_WEBHOOK_SECRET=whsec_" + rs(B62, 32))
    env.pos("twilio.api-key", "TWILIO_API_KEY=SK" + rs(HEX, 32))
    env.pos("twilio.api-secret", "TWILIO_API_SECRET=" + rs(B62, 32))
    env.pos("azure.client-secret", "AZURE_CLIENT_SECRET=" + azure_client_secret())
    env.pos("openai.api-key", "OPENAI_API_KEY=sk-proj-%s" % rs(B62 + "-_", 156))
    env.pos("anthropic.api-key", "ANTHROPIC_API_KEY=sk-ant-api03-%s-%sAA"
            % (rs(B62 + "-_", 86), rs(B62, 6)))
    env.pos("huggingface.token", "HF_TOKEN=hf_" + rs(UPPER + LOWER, 34))
    env.pos("generic.secret", "SESSION_SECRET=" + rs(HEX, 64))
    env.pos("generic.password", "SMTP_PASSWORD=" + password(18))
    env.add("SMTP_HOST=smtp.tally.invalid", "SMTP_USER=noreply@tally.invalid")

    # ---------------------------------------------------------- other SaaS
    saas = Doc("deploy/compose/secrets.env")
    saas.add("# third-party integrations of the reporting stack")
    saas.pos("discord.webhook", "DISCORD_WEBHOOK=https://discord.com/api/webhooks/%s/%s"
             % (rs(DIGITS, 19), rs(B62 + "-_", 68)))
    saas.pos("telegram.bot-token", "TELEGRAM_BOT_TOKEN=%s:AA%s" % (rs(DIGITS, 10), rs(B62 + "-_", 33)))
    saas.pos("digitalocean.token", "DIGITALOCEAN_TOKEN=dop_v1_" + rs(HEX, 64))
    saas.pos("shopify.token", "SHOPIFY_ACCESS_TOKEN=shpat_" + rs(HEX, 32))
    saas.pos("vault.token", "VAULT_TOKEN=hvs." + rs(B62 + "_-", 90))
    saas.pos("google.oauth-client-secret", "GOOGLE_CLIENT_SECRET=GOCSPX-" + rs(B62 + "-_", 28))
    saas.neg("google.oauth-client-id", "GOOGLE_CLIENT_ID=%s-%s.apps.googleusercontent.com"
             % (rs(DIGITS, 12), rs(DIGITS + LOWER, 32)))
    saas.pos("mailgun.api-key", "MAILGUN_API_KEY=key-" + rs(HEX, 32))
    saas.pos("mailchimp.api-key", "MAILCHIMP_API_KEY=%s-us21" % rs(HEX, 32))
    saas.pos("datadog.api-key", "DD_API_KEY=" + rs(HEX, 32))
    saas.pos("newrelic.user-key", "NEW_RELIC_API_KEY=NRAK-" + rs(UPPER + DIGITS, 27))
    saas.pos("atlassian.api-token", "JIRA_API_TOKEN=ATATT3xFfGF0%s=%s"
             % (rs(B62 + "-_", 170), rs(HEX.upper(), 8)))
    saas.pos("linear.api-key", "LINEAR_API_KEY=lin_api_" + rs(B62, 40))
    saas.pos("postman.api-key", "POSTMAN_API_KEY=PMAK-%s-%s" % (rs(HEX, 24), rs(HEX, 34)))
    saas.pos("doppler.token", "DOPPLER_TOKEN=dp.pt." + rs(B62, 43))
    saas.pos("grafana.service-account-token", "GRAFANA_TOKEN=glsa_%s_%s" % (rs(B62, 32), rs(HEX, 8)))
    saas.pos("databricks.token", "DATABRICKS_TOKEN=dapi" + rs(HEX, 32))
    saas.pos("pulumi.token", "PULUMI_ACCESS_TOKEN=pul-" + rs(HEX, 40))
    saas.pos("terraform-cloud.token", "TFE_TOKEN=%s.atlasv1.%s" % (rs(B62, 14), rs(B62 + "-_", 67)))
    saas.pos("square.access-token", "SQUARE_ACCESS_TOKEN=EAAA" + rs(B62 + "-_", 60))
    saas.pos("sentry.auth-token", "SENTRY_AUTH_TOKEN=sntrys_" + b64(json.dumps(
        {"iat": 1767225600.1, "url": "https://sentry.io", "region_url": "https://us.sentry.io",
         "org": "tally"}).encode()).rstrip("=") + "_" + rs(B62 + "/+", 43))

    # ---------------------------------------------------------- generic credentials
    dj2 = Doc("src/tally/settings.py")
    dj2.add("from pathlib import Path", "", "BASE_DIR = Path(__file__).resolve().parent.parent", "")
    dj2.pos("generic.secret", "SECRET_KEY = '%s'" % rs(LOWER + DIGITS + "!@#$%^&*(-_=+)", 50))
    dj2.add("DEBUG = False", "", "DATABASES = {", "    'default': {",
            "        'ENGINE': 'django.db.backends.postgresql',",
            "        'NAME': 'tally',", "        'USER': 'tally_app',")
    dj2.pos("generic.password", "        'PASSWORD': '%s'," % password(20))
    dj2.add("        'HOST': 'db-1.tally.invalid',", "    }", "}")
    jv = Doc("src/main/java/com/tally/ldap/Directory.java")
    jv.add("package com.tally.ldap;", "", "public final class Directory {",
           '    private static final String BIND_DN = "cn=reader,dc=tally,dc=invalid";')
    jv.pos("generic.password", '    private static final String BIND_PASSWORD = "%s";' % password(18))
    jv.add("    private Directory() {}", "}")
    php = Doc("web/legacy/db.php")
    php.add("<?php", "$db_host = 'db-1.tally.invalid';", "$db_user = 'legacy';")
    php.pos("generic.password", "$db_password = '%s';" % password(16))
    php.add("$pdo = new PDO(\"mysql:host=$db_host;dbname=legacy\", $db_user, $db_password);")
    cc = Doc("src/firmware/admin.c")
    cc.add("/* Maintenance console of the appliance. */", "#include <string.h>", "")
    cc.pos("generic.password", '#define SERVICE_PASSWORD "%s"' % password(16).replace("\\", "x"))
    cc.add("", "int admin_login(const char *pw)", "{",
           "    return strcmp(pw, SERVICE_PASSWORD) == 0;", "}")
    cc2 = Doc("src/firmware/cloud.c")
    cc2.add("#include \"cloud.h\"", "")
    cc2.pos("generic.api-key", 'static const char cloud_api_key[] = "%s";' % rs(B62, 40))
    cc2.add("", "const char *cloud_key(void) { return cloud_api_key; }")
    yml = Doc("config/app.yaml")
    yml.add("server:", "  port: 8080", "ldap:", "  url: ldaps://ldap.tally.invalid",
            "  bind_dn: cn=reader,dc=tally,dc=invalid")
    yml.pos("generic.password", '  bind_password: "%s"' % password(20))
    yml.add("smtp:", "  host: smtp.tally.invalid", "  user: noreply")
    yml.pos("generic.password", "  password: %s" % password(18).replace("#", "h"))
    yml.add("payments:")
    yml.pos("generic.api-key", "  api_key: %s" % rs(B62, 32))
    yml.pos("generic.secret", "  client_secret: %s" % rs(B62 + "-_", 40))
    xml = Doc("config/maven/settings.xml")
    xml.add("<settings>", "  <servers>", "    <server>", "      <id>tally-releases</id>",
            "      <username>deployer</username>")
    xml.pos("generic.password", "      <password>%s</password>" % password(20).replace("&", "n"))
    xml.add("    </server>", "  </servers>", "</settings>")
    compose = Doc("deploy/compose/docker-compose.yml")
    compose.add("services:", "  db:", "    image: postgres:16", "    environment:",
                "      POSTGRES_USER: tally")
    compose.pos("generic.password", "      POSTGRES_PASSWORD: %s" % rs(B62, 24))
    compose.add("  cache:", "    image: redis:7")
    compose.pos("generic.password", '    command: ["redis-server", "--requirepass", "%s"]' % rs(B62, 28))
    rails = Doc("config/secrets.yml")
    rails.add("production:")
    rails.pos("generic.secret", "  secret_key_base: " + rs(HEX, 128))
    tok = Doc("src/integrations/weather.py")
    tok.add("import requests", "")
    tok.pos("generic.token", 'WEATHER_TOKEN = "%s"' % rs(B62, 32))
    tok.add("", "", "def forecast(city):",
            '    return requests.get("https://api.weather.invalid/v2/forecast",',
            '                        params={"q": city, "token": WEATHER_TOKEN}).json()')
    ini = Doc("etc/tally/tally.conf")
    ini.add("[database]", "host = db-1.tally.invalid", "user = tally")
    ini.pos("generic.password", "password = " + password(20))
    ini.add("", "[ldap]", "uri = ldaps://ldap.tally.invalid")

    # ============================================================ near-misses
    ex = Doc("deploy/.env.example")
    ex.add("# copy to .env and fill in")
    ex.neg("placeholder", "DATABASE_URL=postgres://user:password@localhost:5432/tally")
    ex.neg("placeholder", "AWS_ACCESS_KEY_ID=<your-access-key-id>")
    ex.neg("placeholder", "AWS_SECRET_ACCESS_KEY=changeme")
    ex.neg("placeholder", "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
    ex.neg("placeholder", "STRIPE_SECRET_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX")
    ex.neg("placeholder", "SLACK_BOT_TOKEN=xoxb-your-bot-token")
    ex.neg("placeholder", "SESSION_SECRET=${SESSION_SECRET}")
    ex.neg("placeholder", "SMTP_PASSWORD=")
    ex.neg("placeholder", "OPENAI_API_KEY=sk-...")
    ex.neg("placeholder", "API_KEY=your_api_key_here")
    ex.neg("placeholder", "DB_PASSWORD=TODO")
    ex.neg("placeholder", "JWT_SECRET=replace-me-with-a-long-random-string")
    refs = Doc("src/tally/config_loader.py")
    refs.add("import os", "", "")
    refs.neg("variable-reference", 'DB_PASSWORD = os.environ["DB_PASSWORD"]')
    refs.neg("variable-reference", 'API_KEY = os.getenv("TALLY_API_KEY", "")')
    refs.neg("variable-reference", "SECRET_KEY = settings.SECRET_KEY")
    refs.neg("variable-reference", 'password = getpass.getpass("Password: ")')
    refs.neg("variable-reference", 'token = "Bearer " + session.token')
    refs.neg("variable-reference", 'conn = f"postgres://{user}:{password}@{host}/{db}"')
    refs.neg("variable-reference", 'PASSWORD_FIELD = "password"')
    refs.neg("variable-reference", "PASSWORD_MIN_LENGTH = 12")
    refs.neg("variable-reference", 'auth_header = "Authorization: Bearer %s" % access_token')
    jsref = Doc("web/src/config.js")
    jsref.neg("variable-reference", "export const apiKey = process.env.API_KEY;")
    jsref.neg("variable-reference", "const password = req.body.password;")
    jsref.neg("variable-reference", "const secret = config.get('jwt.secret');")
    jsref.neg("variable-reference", "headers.Authorization = `Bearer ${token}`;")
    jsref.neg("placeholder", "const password = '********';")
    helm = Doc("deploy/helm/templates/secret.yaml")
    helm.add("apiVersion: v1", "kind: Secret", "metadata:",
             "  name: {{ .Release.Name }}-db", "stringData:")
    helm.neg("variable-reference", "  password: {{ .Values.db.password | quote }}")
    helm.neg("variable-reference", "  api-key: {{ required \"apiKey\" .Values.apiKey }}")
    helm.neg("variable-reference", '  url: "postgres://{{ .Values.db.user }}:{{ .Values.db.password }}@db:5432/tally"')
    k8sref = Doc("deploy/k8s/deployment.yaml")
    k8sref.add("apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: tally")
    k8sref.neg("uuid.identifier", "  uid: " + uuid4())
    k8sref.add("spec:", "  template:", "    spec:", "      containers:", "        - name: tally")
    k8sref.neg("hash.image-digest", "          image: registry.tally.invalid/tally@sha256:" + rs(HEX, 64))
    k8sref.add("          env:", "            - name: DB_PASSWORD", "              valueFrom:",
               "                secretKeyRef:", "                  name: tally-db")
    k8sref.neg("variable-reference", "                  key: password")
    k8sref.neg("variable-reference", "            - name: API_TOKEN_FILE")
    k8sref.neg("variable-reference", "              value: /run/secrets/api_token")
    shref = Doc("scripts/deploy.sh")
    shref.add("#!/bin/sh", "set -eu")
    shref.neg("variable-reference", 'PGPASSWORD="$(cat /run/secrets/db_password)"')
    shref.neg("variable-reference", 'curl -u "deploy:${DEPLOY_PASSWORD}" https://artifacts.tally.invalid/upload')
    shref.neg("variable-reference", 'docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"')
    shref.neg("variable-reference", 'export AWS_SECRET_ACCESS_KEY="$(vault kv get -field=secret aws/backup)"')
    shref.neg("variable-reference", "mysql -u root -p\"$MYSQL_ROOT_PASSWORD\" < schema.sql")
    Doc("web/.npmrc.ci").neg("variable-reference", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}")
    Doc("home/.docker/config.credstore.json").add(
        "{", '  "auths": { "https://index.docker.io/v1/": {} },',
        '  "credsStore": "desktop"', "}")

    # Documentation examples.
    doc = Doc("docs/configuration.md")
    doc.add("# Configuration", "", "Set your AWS credentials before the first export:", "", "```sh")
    doc.neg("docs-example", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE")
    doc.neg("docs-example", "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    doc.add("```", "", "Call the API with your token:", "", "```sh")
    doc.neg("docs-example", 'curl -H "Authorization: Bearer YOUR_TOKEN" https://api.tally.invalid/v1/reports')
    doc.add("```", "", "A Slack webhook looks like", "")
    doc.neg("docs-example", "    https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")
    doc.add("", "The database URL has the usual form:", "")
    doc.neg("docs-example", "    postgresql://USER:PASSWORD@HOST:5432/DBNAME")
    doc.add("", "The server key file must be a PEM block like this one:", "", "```")
    doc.neg("docs-example", "-----BEGIN RSA PRIVATE KEY-----", "...", "-----END RSA PRIVATE KEY-----")
    doc.add("```", "", "In `~/.netrc`:", "", "```")
    doc.neg("docs-example", "machine api.tally.invalid login <user> password <password>")
    doc.add("```", "", "A JWT has three parts:", "")
    doc.neg("docs-example", "    eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.<payload>.<signature>")
    doc.add("", "Twilio credentials:", "")
    doc.neg("docs-example", "    TWILIO_ACCOUNT_SID=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
    doc.neg("docs-example", "    TWILIO_AUTH_TOKEN=your_auth_token")

    # Detector and parser code that names secret formats.
    det = Doc("src/tally/redact.py")
    det.add('"""Redact credentials from log lines before they are stored."""', "import re", "")
    det.neg("detector-code", 'AWS_KEY_RE = re.compile(r"\\b(AKIA|ASIA)[A-Z2-7]{16}\\b")')
    det.neg("detector-code", 'GITHUB_RE = re.compile(r"\\bgh[pousr]_[A-Za-z0-9]{36}\\b")')
    det.neg("detector-code", 'PEM_RE = re.compile(r"-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----")')
    det.neg("detector-code", 'SLACK_RE = re.compile(r"xox[baprs]-[0-9A-Za-z-]{10,72}")')
    det.add("", "", "def redact(line):",
            "    for rx in (AWS_KEY_RE, GITHUB_RE, PEM_RE, SLACK_RE):",
            '        line = rx.sub("[redacted]", line)', "    return line")
    pc = Doc("src/net/pem.c")
    pc.add("#include <string.h>", "", "int pem_kind(const char *line)", "{")
    pc.neg("detector-code", '    if (!strncmp(line, "-----BEGIN RSA PRIVATE KEY-----", 31)) return 1;')
    pc.neg("detector-code", '    if (!strncmp(line, "-----BEGIN PRIVATE KEY-----", 27)) return 2;')
    pc.neg("detector-code", '    if (!strncmp(line, "-----BEGIN OPENSSH PRIVATE KEY-----", 35)) return 3;')
    pc.add("    return 0;", "}")

    # Tokens with a wrong built-in checksum.
    bad = Doc("src/tally/tokens_test_data.go")
    bad.add("package tally", "", "// Malformed tokens the parser must reject.", "var badTokens = []string{")
    bad.neg("github.bad-checksum", '\t"%s",' % bad_crc_token("ghp_"))
    bad.neg("github.bad-checksum", '\t"%s",' % bad_crc_token("gho_"))
    bad.neg("npm.bad-checksum", '\t"%s",' % bad_crc_token("npm_"))
    bad.add("}")

    # Test fixtures with throwaway, obviously non-secret values.
    tf2 = Doc("tests/test_login.py")
    tf2.add("import pytest", "from tally.auth import login, hash_password", "", "",
            "def test_login_ok(client):")
    tf2.neg("test-fixture", '    r = client.post("/login", data={"user": "alice", "password": "test-password"})')
    tf2.add("    assert r.status_code == 200", "", "", "def test_hash():")
    tf2.neg("test-fixture", '    assert hash_password("hunter2") != "hunter2"')
    tf2.add("", "", "@pytest.fixture", "def api_client():")
    tf2.neg("test-fixture", '    return ApiClient(api_key="test-api-key", secret="dummy-secret")')
    tj = Doc("web/src/__tests__/auth.test.js")
    tj.add("import { login } from '../auth';", "")
    tj.neg("test-fixture", "const password = 'password123';")
    tj.neg("test-fixture", "const token = 'fake-token-for-tests';")
    tj.add("", "test('login', async () => {",
           "  expect(await login('bob', password)).toBeTruthy();", "});")

    # Hashes and object ids.
    sums = Doc("dist/SHA256SUMS")
    for name in ("tally-1.4.0-linux-amd64.tar.gz", "tally-1.4.0-linux-arm64.tar.gz",
                 "tally-1.4.0-darwin-arm64.tar.gz", "tally-1.4.0.tar.gz"):
        sums.neg("hash.sha256", "%s  %s" % (rs(HEX, 64), name))
    ch = Doc("CHANGELOG.md")
    ch.add("# Changelog", "", "## 1.4.0", "")
    ch.neg("hash.git-oid", "- Fix the export of empty reports (%s)" % rs(HEX, 40))
    ch.neg("hash.git-oid", "- Reverts %s, which broke LDAP binds" % rs(HEX, 40))
    ch.neg("hash.git-oid", "- Security: rotate the signing key (%s)" % rs(HEX, 12))
    Doc(".git-blame-ignore-revs").add("# reformatting commits").neg(
        "hash.git-oid", rs(HEX, 40)).neg("hash.git-oid", rs(HEX, 40))
    lfs = Doc("assets/logo.psd")
    lfs.add("version https://git-lfs.github.com/spec/v1")
    lfs.neg("hash.sha256", "oid sha256:" + rs(HEX, 64))
    lfs.add("size 4821733")
    wf = Doc(".github/workflows/ci.yml")
    wf.add("name: ci", "on: [push]", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:")
    wf.neg("hash.git-oid", "      - uses: actions/checkout@%s # v4" % rs(HEX, 40))
    wf.neg("hash.git-oid", "      - uses: actions/setup-node@%s # v4" % rs(HEX, 40))
    wf.neg("variable-reference", "      - run: npm publish")
    wf.neg("variable-reference", "        env: { NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' }")
    md5 = Doc("etc/tally/checksums.conf")
    md5.add("[assets]")
    md5.neg("hash.md5", "logo.png.md5 = " + rs(HEX, 32))
    md5.neg("hash.sha1", "manual.pdf.sha1 = " + rs(HEX, 40))
    md5.neg("hash.sha512", "bundle.js.sha512 = " + rs(HEX, 128))

    # Lock files.
    lock = {"name": "tally-web", "version": "1.4.0", "lockfileVersion": 3, "requires": True,
            "packages": {}}
    for name, ver in (("axios", "1.7.9"), ("follow-redirects", "1.15.9"), ("form-data", "4.0.1"),
                      ("proxy-from-env", "1.1.0"), ("asynckit", "0.4.0"), ("mime-types", "2.1.35")):
        lock["packages"]["node_modules/" + name] = {
            "version": ver,
            "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz" % (name, name, ver),
            "integrity": "sha512-" + b64(rbytes(64)), "license": "MIT"}
    pl = Doc("web/package-lock.json")
    for ln in json.dumps(lock, indent=2).split("\n"):
        if '"integrity"' in ln:
            pl.neg("lockfile.integrity", ln)
        else:
            pl.add(ln)
    yl = Doc("web/yarn.lock")
    yl.add("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", "")
    for name, ver in (("axios", "1.7.9"), ("follow-redirects", "1.15.9"), ("form-data", "4.0.1")):
        yl.add('%s@^%s:' % (name, ver), '  version "%s"' % ver)
        yl.neg("lockfile.integrity", '  resolved "https://registry.yarnpkg.com/%s/-/%s-%s.tgz#%s"'
               % (name, name, ver, rs(HEX, 40)))
        yl.neg("lockfile.integrity", "  integrity sha512-" + b64(rbytes(64)))
        yl.add("")
    cl = Doc("agent/Cargo.lock")
    cl.add("# This file is automatically @generated by Cargo.", "# It is not intended for manual editing.",
           "version = 3", "")
    for name, ver in (("base64", "0.22.1"), ("ring", "0.17.8"), ("serde", "1.0.210")):
        cl.add("[[package]]", 'name = "%s"' % name, 'version = "%s"' % ver,
               'source = "registry+https://github.com/rust-lang/crates.io-index"')
        cl.neg("lockfile.integrity", 'checksum = "%s"' % rs(HEX, 64))
        cl.add("")
    gs = Doc("src/agent/go.sum")
    for mod, ver in (("github.com/redis/go-redis/v9", "v9.7.0"), ("golang.org/x/crypto", "v0.31.0")):
        gs.neg("lockfile.integrity", "%s %s h1:%s" % (mod, ver, b64(rbytes(32))))
        gs.neg("lockfile.integrity", "%s %s/go.mod h1:%s" % (mod, ver, b64(rbytes(32))))
    po = Doc("poetry.lock")
    po.add("[[package]]", 'name = "requests"', 'version = "2.32.3"', "files = [")
    po.neg("lockfile.integrity", '    {file = "requests-2.32.3-py3-none-any.whl", hash = "sha256:%s"},' % rs(HEX, 64))
    po.neg("lockfile.integrity", '    {file = "requests-2.32.3.tar.gz", hash = "sha256:%s"},' % rs(HEX, 64))
    po.add("]")

    # UUIDs.
    sln = Doc("win/Tally.sln")
    sln.add("Microsoft Visual Studio Solution File, Format Version 12.00")
    for proj in ("Tally.Core", "Tally.Service", "Tally.Tests"):
        sln.neg("uuid.identifier", 'Project("{%s}") = "%s", "%s\\%s.csproj", "{%s}"'
                % (uuid4().upper(), proj, proj, proj, uuid4().upper()))
        sln.add("EndProject")
    tfs = Doc("deploy/terraform/terraform.tfstate")
    tfs.add("{", '  "version": 4,', '  "terraform_version": "1.9.8",', '  "serial": 42,')
    tfs.neg("uuid.identifier", '  "lineage": "%s",' % uuid4())
    tfs.add('  "outputs": {},', '  "resources": []', "}")
    rq = Doc("src/tally/ids.py")
    rq.neg("uuid.identifier", 'DEFAULT_TENANT = "%s"' % uuid4())
    rq.neg("uuid.identifier", 'NAMESPACE_REPORTS = uuid.UUID("%s")' % uuid4())

    # Base64 images, fonts and source maps.
    png = b64(tiny_png())
    css = Doc("web/static/app.css")
    css.add(".logo {", "  width: 24px;")
    css.neg("base64.image", "  background: url(data:image/png;base64,%s) no-repeat;" % png)
    css.add("}", "@font-face {", "  font-family: 'TallyIcons';")
    css.neg("base64.font", "  src: url(data:font/woff2;base64,%s) format('woff2');" % b64(b"wOF2" + rbytes(600)))
    css.add("}")
    html = Doc("web/static/index.html")
    html.add("<!doctype html>", "<html>", "<head>")
    html.neg("hash.sri", '  <script src="https://cdn.jsdelivr.net/npm/chart.js@4.4.1/dist/chart.umd.min.js" '
             'integrity="sha384-%s" crossorigin="anonymous"></script>' % b64(rbytes(48)))
    html.add("</head>", "<body>")
    html.neg("base64.image", '  <img alt="spinner" src="data:image/gif;base64,%s">'
             % b64(b"GIF89a" + rbytes(400)))
    html.add("</body>", "</html>")
    sm = Doc("web/static/app.min.js")
    sm.add('"use strict";(function(){var e=document.querySelector(".logo");e&&e.classList.add("on")})();')
    sm.neg("base64.sourcemap", "//# sourceMappingURL=data:application/json;charset=utf-8;base64,"
           + b64(json.dumps({"version": 3, "sources": ["app.js"], "names": ["e"],
                             "mappings": rs(UPPER + LOWER + ",;", 300)}).encode()))
    svg = Doc("web/src/icons.ts")
    svg.neg("base64.image", "export const logo = 'data:image/svg+xml;base64,%s';"
            % b64(('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M%s"/></svg>'
                   % " ".join(str(rng.randint(0, 24)) for _ in range(120))).encode()))

    # Public identifiers that look like credentials.
    pubs = Doc("config/public.yaml")
    pubs.neg("public-identifier", "aws_account_id: '493817265012'")
    pubs.neg("public-identifier", "role_arn: arn:aws:iam::493817265012:role/tally-export")
    pubs.neg("public-identifier", "slack_channel: C04QX8Z2L7N")
    pubs.neg("public-identifier", "analytics_id: G-%s" % rs(UPPER + DIGITS, 10))
    pubs.neg("public-identifier", "sentry_dsn_public_key: %s" % rs(HEX, 32))
    pubs.neg("public-identifier", "ssh_fingerprint: SHA256:%s" % b64(rbytes(32)).rstrip("="))
    pubs.neg("public-identifier", "gpg_fingerprint: %s" % rs(HEX.upper(), 40))

    # ---------------------------------------------------------- second batch
    # (appended last so that every value above stays byte-identical)
    ops = Doc("scripts/maintenance.sh")
    ops.add("#!/bin/sh", "# Weekly maintenance of the reporting database.", "set -eu")
    ops.pos("generic.password", "export PGPASSWORD='%s'" % rs(B62, 22))
    ops.add("vacuumdb --all --analyze -h db-1.tally.invalid -U tally")
    ops.pos("generic.password", "mysqldump -u backup -p'%s' legacy > /var/backups/legacy.sql"
            % rs(B62, 20))
    ops.pos("generic.password", "sshpass -p '%s' scp /var/backups/legacy.sql backup@10.20.0.30:/srv/"
            % rs(B62, 18))
    ops.pos("url.basic-auth", "curl -fsS -u 'admin:%s' -X POST https://ci.tally.invalid/job/rebuild/build"
            % rs(B62, 20))
    Doc("home/.pgpass").pos("pgpass.password", "db-1.tally.invalid:5432:tally:tally_app:%s"
                            % rs(B62, 24)).neg(
        "placeholder", "localhost:5432:*:postgres:postgres")
    wp = Doc("web/blog/wp-config.php")
    wp.add("<?php", "define( 'DB_NAME', 'blog' );", "define( 'DB_USER', 'blog' );")
    wp.pos("generic.password", "define( 'DB_PASSWORD', '%s' );" % rs(B62, 24))
    wp.add("define( 'DB_HOST', 'db-2.tally.invalid' );")
    wp.pos("generic.secret", "define( 'AUTH_KEY', '%s' );" % rs(B62 + "!#%&()*+,-.:;<=>?@[]^_{|}~", 64))
    wp.neg("placeholder", "define( 'SECURE_AUTH_KEY', 'put your unique phrase here' );")
    cs = Doc("win/Tally.Service/App.config")
    cs.add('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <connectionStrings>")
    cs.pos("generic.password", '    <add name="Reports" connectionString="Server=sql-1.tally.invalid;'
           'Database=Reports;User Id=reports;Password=%s;" />' % rs(B62, 20))
    cs.neg("variable-reference", '    <add name="Local" connectionString="Server=(localdb)\\MSSQLLocalDB;'
           'Database=Reports;Integrated Security=true;" />')
    cs.add("  </connectionStrings>", "</configuration>")

    # Encrypted secrets: ciphertext meant to be committed.
    av = Doc("deploy/ansible/group_vars/prod/vault.yml")
    av.add("db_user: tally")
    body = rs(HEX, 64 * 5)
    av.neg("encrypted.ansible-vault", "db_password: !vault |",
           "  $ANSIBLE_VAULT;1.1;AES256",
           *["  " + body[i:i + 64] for i in range(0, len(body), 64)])
    sops = Doc("deploy/sops/secrets.enc.yaml")
    sops.neg("encrypted.sops", "db_password: ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]"
             % (b64(rbytes(18)), b64(rbytes(32)), b64(rbytes(16))))
    sops.neg("encrypted.sops", "api_token: ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]"
             % (b64(rbytes(30)), b64(rbytes(32)), b64(rbytes(16))))
    sops.add("sops:", "    lastmodified: \"2026-01-04T10:00:00Z\"")
    sops.neg("encrypted.sops", "    mac: ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]"
             % (b64(rbytes(64)), b64(rbytes(32)), b64(rbytes(16))))
    sops.add("    version: 3.9.1")
    ss = Doc("deploy/k8s/sealed-db.yaml")
    ss.add("apiVersion: bitnami.com/v1alpha1", "kind: SealedSecret", "metadata:",
           "  name: tally-db", "spec:", "  encryptedData:")
    ss.neg("encrypted.sealed-secret", "    password: " + b64(rbytes(300)))

    # Credential-shaped keys whose values are not credentials.
    i18n = Doc("web/src/i18n/fr.json")
    i18n.add("{")
    i18n.neg("not-a-secret", '  "password": "Mot de passe",')
    i18n.neg("not-a-secret", '  "password_forgotten": "Mot de passe oublié ?",')
    i18n.neg("not-a-secret", '  "token_expired": "Votre session a expiré, reconnectez-vous.",')
    i18n.neg("not-a-secret", '  "api_key_help": "Créez une clé dans Paramètres > Développeurs."')
    i18n.add("}")
    misc = Doc("config/security.yaml")
    misc.neg("not-a-secret", "password_policy: '^(?=.*[A-Z])(?=.*[0-9]).{12,}$'")
    misc.neg("not-a-secret", "token_url: https://login.tally.invalid/oauth2/token")
    misc.neg("not-a-secret", "secret_name: prod/tally/db-credentials")
    misc.neg("not-a-secret", "api_key_header: X-Api-Key")
    misc.neg("hash.bcrypt-config", "password_hash_algorithm: bcrypt")
    misc.neg("not-a-secret", "session_token_ttl: 3600")
    misc.neg("hash.sha256", "config_checksum: sha256:" + rs(HEX, 64))
    misc.neg("public-key.base64", "jwt_public_key: " + b64(rbytes(32)).rstrip("="))

    # ---------------------------------------------------------- third batch
    # A second service of the monorepo, written after the rules of the first
    # two batches were tuned: new contexts for known formats. Scoring only
    # files under billing-svc/ (score.py --prefix billing-svc/) measures how
    # the rules generalise to cases they were not fitted on.
    B = "billing-svc/"
    gr = Doc(B + "android/app/build.gradle.kts")
    gr.add("android {", "    defaultConfig {", '        applicationId = "invalid.tally.billing"')
    gr.pos("gcp.api-key", '        buildConfigField("String", "MAPS_KEY", "\\"%s\\"")' % gcp_api_key())
    gr.add("    }", "}")
    rs_ = Doc(B + "src/github.rs")
    rs_.add("use reqwest::blocking::Client;", "")
    rs_.pos("github.pat", 'const GITHUB_TOKEN: &str = "%s";' % crc_token("ghp_"))
    rs_.add("", "pub fn client() -> Client {", "    Client::new()", "}")
    toml = Doc(B + "config/billing.toml")
    toml.add("[server]", 'bind = "0.0.0.0:9000"', "", "[database]", 'user = "billing"')
    toml.pos("generic.password", 'password = "%s"' % rs(B62, 22))
    toml.add("", "[payments]")
    toml.pos("stripe.secret-key", 'stripe_key = "sk_live_%s"' % rs(B62, 24))
    cj2 = Doc(B + "config/production.json")
    cj2.add("{", '  "db": {', '    "host": "db-3.tally.invalid",', '    "user": "billing",')
    cj2.pos("generic.password", '    "password": "%s"' % password(20).replace('"', "x").replace("\\", "y"))
    cj2.add("  },", '  "mailer": {')
    cj2.pos("sendgrid.api-key", '    "apiKey": "%s",' % sendgrid())
    cj2.add('    "from": "billing@tally.invalid"', "  },", '  "oauth": {',
            '    "clientId": "billing-web",')
    cj2.pos("generic.secret", '    "clientSecret": "%s"' % rs(B62, 40))
    cj2.add("  }", "}")
    tfv = Doc(B + "deploy/variables.tf")
    tfv.add('variable "db_password" {', '  type      = string', '  sensitive = true')
    tfv.pos("generic.password", '  default   = "%s"' % rs(B62, 24))
    tfv.add("}", "", 'variable "api_key" {', "  type = string")
    tfv.neg("variable-reference", '  default = ""')
    tfv.add("}")
    tfv.neg("variable-reference", 'locals { key = var.api_key }')
    dk = Doc(B + "Dockerfile")
    dk.add("FROM node:20-slim", "WORKDIR /app")
    dk.pos("npm.token", "ARG NPM_TOKEN=" + crc_token("npm_"))
    dk.add('RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc')
    dk.pos("generic.token", "ENV BILLING_API_TOKEN=" + rs(B62, 36))
    dk.neg("variable-reference", "ARG GITHUB_TOKEN")
    dk.add('CMD ["node", "server.js"]')
    gha = Doc(B + ".github/workflows/deploy.yml")
    gha.add("name: deploy", "on: { push: { branches: [main] } }", "env:")
    gha.pos("slack.webhook", "  SLACK_WEBHOOK_URL: " + slack_webhook())
    gha.neg("variable-reference", "  GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}")
    gha.add("jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:",
            "      - run: ./deploy.sh")
    py3 = Doc(B + "src/billing/clients.py")
    py3.add("import os", "import requests", "import stripe", "")
    py3.pos("stripe.secret-key", 'stripe.api_key = os.getenv("STRIPE_KEY", "sk_live_%s")' % rs(B62, 24))
    py3.pos("generic.api-key", 'HEADERS = {"X-API-Key": "%s"}' % rs(HEX, 40))
    py3.pos("url.database", 'REDIS_URL = "rediss://default:%s@cache-1.tally.invalid:6380/0"' % rs(B62, 28))
    py3.pos("azure.storage-key",
            'AZURE = "DefaultEndpointsProtocol=https;AccountName=billingexports;AccountKey=%s;EndpointSuffix=core.windows.net"'
            % azure_storage_key())
    py3.neg("variable-reference", 'password = None')
    py3.neg("placeholder", 'api_key = "<redacted>"')
    py3.neg("placeholder", 'token = "REDACTED"')
    py3.add("", "", "def ledger():",
            '    return requests.get("https://ledger.tally.invalid/v1", headers=HEADERS).json()')
    goaws = Doc(B + "src/export/aws.go")
    goaws.add("package export", "", 'import "github.com/aws/aws-sdk-go-v2/credentials"', "",
              "var provider = credentials.NewStaticCredentialsProvider(")
    goaws.pos("aws.access-key-id", '\t"%s",' % aws_key_id())
    goaws.pos("aws.secret-access-key", '\t"%s",' % aws_secret())
    goaws.add('\t"",', ")")
    jp = Doc(B + "src/main/resources/aws.properties")
    jp.pos("aws.access-key-id", "aws.accessKeyId=" + aws_key_id())
    jp.pos("aws.secret-access-key", "aws.secretKey=" + aws_secret())
    jp.add("aws.region=eu-west-1")
    s3c = Doc(B + "ops/.s3cfg")
    s3c.add("[default]")
    s3c.pos("aws.access-key-id", "access_key = " + aws_key_id())
    s3c.pos("aws.secret-access-key", "secret_key = " + aws_secret())
    s3c.add("host_base = s3.amazonaws.com", "use_https = True")
    ghh = Doc(B + "ops/gh/hosts.yml")
    ghh.add("github.com:", "    user: tally-billing")
    ghh.pos("github.oauth", "    oauth_token: " + crc_token("gho_"))
    ghh.add("    git_protocol: https")
    pipc = Doc(B + "ops/pip.conf")
    pipc.add("[global]")
    pipc.pos("url.basic-auth", "index-url = https://billing:%s@pypi.tally.invalid/simple/" % rs(B62, 22))
    nr2 = Doc(B + "ops/netrc")
    nr2.pos("gitlab.pat", "machine gitlab.com login oauth2 password glpat-" + rs(B62 + "-_", 20))
    glc = Doc(B + "ops/gitlab-api.sh")
    glc.add("#!/bin/sh")
    glc.pos("gitlab.pat", 'curl -fsS -H "PRIVATE-TOKEN: glpat-%s" https://gitlab.com/api/v4/projects'
            % rs(B62 + "-_", 20))
    lar = Doc(B + "web/config/database.php")
    lar.add("<?php", "return [", "    'mysql' => [", "        'host' => env('DB_HOST', 'db-3.tally.invalid'),")
    lar.pos("generic.password", "        'password' => env('DB_PASSWORD', '%s')," % rs(B62, 20))
    lar.neg("variable-reference", "        'username' => env('DB_USERNAME', 'forge'),")
    lar.add("    ],", "];")
    ans = Doc(B + "deploy/ansible/tls.yml")
    ans.add("- hosts: billing", "  vars:")
    ans.pos("private-key.ec", "    tls_key: %s" % json.dumps(ec384 + "\n"))
    ans.neg("variable-reference", "    db_password: \"{{ lookup('env', 'DB_PASSWORD') }}\"")
    ans.neg("variable-reference", "    api_token: \"{{ vault_api_token }}\"")
    ans.add("  roles: [billing]")
    boot = Doc(B + "deploy/bootstrap.sh")
    boot.add("#!/bin/sh", "# Give the build host its deploy key.", "mkdir -p ~/.ssh",
             "cat > ~/.ssh/id_ed25519 <<'EOF'")
    boot.pos("private-key.openssh", ssh_ed)
    boot.add("EOF", "chmod 600 ~/.ssh/id_ed25519")
    boot.neg("not-a-secret", 'ssh-keygen -t ed25519 -f ~/.ssh/id_backup -N ""')
    jk = Doc(B + "src/main/java/invalid/tally/billing/Signer.java")
    jk.add("package invalid.tally.billing;", "", "final class Signer {",
           "    static final String KEY =")
    body = rsa8.split("\n")
    jk.pos("private-key.pkcs8", *['        "%s\\n" +' % ln for ln in body[:-1]],
           '        "%s\\n";' % body[-1])
    jk.add("}")
    cfn = Doc(B + "deploy/cloudformation.yaml")
    cfn.add("Resources:", "  Db:", "    Type: AWS::RDS::DBInstance", "    Properties:",
            "      MasterUsername: billing")
    cfn.neg("variable-reference", "      MasterUserPassword: '{{resolve:secretsmanager:prod/billing/db:SecretString:password}}'")
    cfn.neg("variable-reference", "      KmsKeyId: !Ref DbKey")
    azp = Doc(B + "azure-pipelines.yml")
    azp.add("steps:", "  - script: ./migrate.sh", "    env:")
    azp.neg("variable-reference", "      DB_PASSWORD: $(DB_PASSWORD)")
    azp.neg("variable-reference", "      SERVICE_TOKEN: $(System.AccessToken)")
    erb = Doc(B + "deploy/templates/app.conf.erb")
    erb.neg("variable-reference", "password = <%= @db_password %>")
    erb.neg("placeholder", "api_key = ***")
    erb.neg("not-a-secret", "password_reset_token_ttl = 86400")
    tpl = Doc(B + "deploy/helm/templates/tls.yaml")
    tpl.add("stringData:", "  tls.key: |")
    tpl.neg("variable-reference", "    -----BEGIN PRIVATE KEY-----", "    {{ .Values.tls.key | nindent 4 }}",
            "    -----END PRIVATE KEY-----")
    okta = Doc(B + "web/src/auth.ts")
    okta.neg("public-identifier", "export const OKTA_CLIENT_ID = '0oa%s';" % rs(B62, 17))
    okta.neg("public-identifier", "export const OKTA_ISSUER = 'https://tally.okta.invalid/oauth2/default';")
    tfl = Doc(B + "deploy/.terraform.lock.hcl")
    tfl.add('provider "registry.terraform.io/hashicorp/aws" {', '  version = "5.80.0"', "  hashes = [")
    tfl.neg("lockfile.integrity", '    "h1:%s",' % b64(rbytes(32)))
    tfl.neg("lockfile.integrity", '    "zh:%s",' % rs(HEX, 64))
    tfl.neg("lockfile.integrity", '    "zh:%s",' % rs(HEX, 64))
    tfl.add("  ]", "}")
    pn = Doc(B + "web/pnpm-lock.yaml")
    pn.add("lockfileVersion: '9.0'", "packages:", "  axios@1.7.9:")
    pn.neg("lockfile.integrity", "    resolution: {integrity: sha512-%s}" % b64(rbytes(64)))
    pn.add("  form-data@4.0.1:")
    pn.neg("lockfile.integrity", "    resolution: {integrity: sha512-%s}" % b64(rbytes(64)))
    cl2 = Doc(B + "web/composer.lock")
    cl2.add("{", '    "packages": [', "        {", '            "name": "guzzlehttp/guzzle",',
            '            "source": {', '                "type": "git",')
    cl2.neg("hash.git-oid", '                "reference": "%s"' % rs(HEX, 40))
    cl2.add("            },", '            "dist": {')
    cl2.neg("hash.sha1", '                "shasum": "%s"' % rs(HEX, 40))
    cl2.add("            }", "        }", "    ]", "}")


def main():
    for tool in ("openssl", "ssh-keygen", "gpg", "keytool"):
        if not shutil.which(tool) and not os.path.isdir(KEYS):
            sys.exit("gen.py: %s is needed to create the key material" % tool)
    ensure_keys()
    Doc.docs = []
    build()
    if os.path.isdir(CORPUS):
        shutil.rmtree(CORPUS)
    labels = []
    seen = set()
    for d in Doc.docs:
        if d.path in seen:
            sys.exit("gen.py: %s written twice" % d.path)
        seen.add(d.path)
        d.write()
        labels.extend(d.labels)
    labels.sort(key=lambda l: (l["file"], l["line"]))
    with open(LABELS, "w") as f:
        json.dump({"comment": "generated by tests/secrets/gen.py; do not edit",
                   "labels": labels}, f, indent=1)
        f.write("\n")
    npos = sum(1 for l in labels if l["label"] == "positive")
    print("gen.py: %d files, %d positive and %d negative labels"
          % (len(Doc.docs), npos, len(labels) - npos))


if __name__ == "__main__":
    main()
