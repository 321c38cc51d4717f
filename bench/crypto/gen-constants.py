#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate rules/crypto-constants.yaml: crypto rules that recognise algorithms
by their constants (S-boxes, IVs, round constants, curve parameters) in source
text and in compiled binaries.

Constants are COMPUTED here wherever the standard defines how they are made
(AES S-box and T-tables from GF(2^8), SHA-2 K and IVs from roots of primes,
MD5 T from sin, SHA-3 round constants from the LFSR, Blowfish and ARIA from
the digits of pi, ML-KEM/ML-DSA zetas from roots of unity, Camellia sigma from
square roots...). Tables the standards only publish (DES, SM4 S-box, CAST5,
SEED, Twofish, curve coefficients) are typed from the standard and checked
where a check exists (curve points lie on their curve, CK is recomputed).

Each constant gives up to two rules:
  <id>.src  files [any]: the values as a literal array in C/C++/Java/Python/Go/
            JS/asm (hex with any case, suffixes U/L/UL/ULL/n, wrappers like
            U64_C(...), any separators and newlines; decimal for small values),
            or as a hex string for big numbers (also found in binaries).
  <id>.bin  files [binary]: the raw bytes, little- and big-endian for word
            tables, at least 16 bytes long.
Every rule carries examples made from the same values (binary ones as hex,
`examples: {hex: true}`), so `assay rules test` checks the generator.

Usage: bench/crypto/gen-constants.py [OUT]   (default rules/crypto-constants.yaml)
Standard library only.
"""
import math
import os
import struct
import sys

# --------------------------------------------------------------------------
# arithmetic helpers

def isqrt(n):
    return math.isqrt(n)

def icbrt(n):
    """floor(cube root of n) for a non-negative integer."""
    x = 1 << ((n.bit_length() + 2) // 3 + 1)
    while True:
        y = (2 * x + n // (x * x)) // 3
        if y >= x:
            break
        x = y
    while x * x * x > n:
        x -= 1
    while (x + 1) ** 3 <= n:
        x += 1
    return x

def primes(n):
    out, k = [], 2
    while len(out) < n:
        if all(k % p for p in out if p * p <= k):
            out.append(k)
        k += 1
    return out

def frac_sqrt(p, bits):
    """First `bits` bits of the fractional part of sqrt(p)."""
    return isqrt(p << (2 * bits)) & ((1 << bits) - 1)

def frac_cbrt(p, bits):
    return icbrt(p << (3 * bits)) & ((1 << bits) - 1)

def pi_fraction_bits(nbits):
    """floor(frac(pi) * 2^nbits), by Machin's formula on big integers."""
    guard = 64
    one = 1 << (nbits + guard)

    def arctan_inv(x):
        total, term, k, sign = 0, one // x, 1, 1
        x2 = x * x
        while term:
            total += sign * (term // k)
            term //= x2
            k += 2
            sign = -sign
        return total

    pi = 4 * (4 * arctan_inv(5) - arctan_inv(239))
    return (pi >> guard) & ((1 << nbits) - 1), (pi >> guard)

# GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1
def gmul(a, b, poly=0x11b):
    r = 0
    while b:
        if b & 1:
            r ^= a
        a <<= 1
        if a & 0x100:
            a ^= poly
        b >>= 1
    return r

def aes_sbox():
    inv = [0] * 256
    for a in range(1, 256):
        for b in range(1, 256):
            if gmul(a, b) == 1:
                inv[a] = b
                break
    sbox = []
    for x in range(256):
        b = inv[x]
        s = b
        for k in range(1, 5):
            s ^= ((b << k) | (b >> (8 - k))) & 0xff
        sbox.append(s ^ 0x63)
    isbox = [0] * 256
    for i, s in enumerate(sbox):
        isbox[s] = i
    return sbox, isbox

def rotr32(x, n):
    return ((x >> n) | (x << (32 - n))) & 0xffffffff

def rotl32(x, n):
    n %= 32
    return ((x << n) | (x >> (32 - n))) & 0xffffffff

def bswap32(x):
    return struct.unpack('<I', struct.pack('>I', x))[0]

# --------------------------------------------------------------------------
# SHA-2 (for the SHA-512/t IVs, which are defined by hashing)

def sha512_compress_all(msg, iv, k):
    M = (1 << 64) - 1

    def r(x, n):
        return ((x >> n) | (x << (64 - n))) & M
    ml = len(msg) * 8
    msg = msg + b'\x80'
    while len(msg) % 128 != 112:
        msg += b'\0'
    msg += ml.to_bytes(16, 'big')
    h = list(iv)
    for off in range(0, len(msg), 128):
        w = list(struct.unpack('>16Q', msg[off:off + 128]))
        for t in range(16, 80):
            s0 = r(w[t - 15], 1) ^ r(w[t - 15], 8) ^ (w[t - 15] >> 7)
            s1 = r(w[t - 2], 19) ^ r(w[t - 2], 61) ^ (w[t - 2] >> 6)
            w.append((w[t - 16] + s0 + w[t - 7] + s1) & M)
        a, b, c, d, e, f, g, hh = h
        for t in range(80):
            t1 = (hh + (r(e, 14) ^ r(e, 18) ^ r(e, 41)) + ((e & f) ^ (~e & g)) + k[t] + w[t]) & M
            t2 = ((r(a, 28) ^ r(a, 34) ^ r(a, 39)) + ((a & b) ^ (a & c) ^ (b & c))) & M
            hh, g, f, e, d, c, b, a = g, f, e, (d + t1) & M, c, b, a, (t1 + t2) & M
        h = [(x + y) & M for x, y in zip(h, [a, b, c, d, e, f, g, hh])]
    return h

# --------------------------------------------------------------------------
# Keccak round constants from the LFSR x^8+x^6+x^5+x^4+1

def keccak_rc():
    def rc_bit(t):
        if t % 255 == 0:
            return 1
        r = 1
        for _ in range(t % 255):
            r <<= 1
            if r & 0x100:
                r ^= 0x171
        return r & 1
    out = []
    for ir in range(24):
        v = 0
        for j in range(7):
            if rc_bit(j + 7 * ir):
                v |= 1 << ((1 << j) - 1)
        out.append(v)
    return out

# --------------------------------------------------------------------------
# NTT zetas

def brv(x, bits):
    return int(format(x, '0%db' % bits)[::-1], 2)

def centered(x, q):
    x %= q
    return x - q if x > q // 2 else x

# --------------------------------------------------------------------------
# rule model

class Const:
    """One recognisable constant of one algorithm."""

    def __init__(self, cid, title, alg, primitive, why, severity='info',
                 curve=None):
        self.cid, self.title, self.alg, self.primitive = cid, title, alg, primitive
        self.why, self.severity, self.curve = why, severity, curve
        self.src = []      # regex alternatives for text
        self.src_ex = []   # one matching example per alternative family
        self.src_no = []   # near misses
        self.bin = []      # byte strings for binaries
        self.bin_re = []   # extra raw-byte regexes (immediates)
        self.bin_ex = []
        self.bin_no = []
        self.auto_bin_no = True  # no_match: each binary form with one byte flipped


# between two values: punctuation and white space (any newlines), and for
# 64-bit values (and asm) a wrapper macro or directive: U64_C(, UL64(, .quad
SEP = r'[\s,(){}]+'
SEP_WRAP = r'(?:[\s,(){}]+(?:[.&]?[a-z_]\w*[\s(]+)?)'


# Short items (bytes, small decimals) give Vectorscan only 2-4 character
# literals, which fire all over firmware tables: the first two items of such a
# chain are joined by exactly "," or ", " so that "0x63, 0x7c" is the anchor.
FIRST_SEP = r'(?:,|, )'


def chain(items, sep=None):
    sep = sep or SEP
    if len(items) < 2:
        return sep.join(items)
    return items[0] + FIRST_SEP + items[1] + (sep + sep.join(items[2:]) if items[2:] else '')


def hex_item(v, bits=None):
    """One hex literal as written in code: zero-padded to its width (0x05,
    0x0000000000008082), any case, with an optional U/L/UL/ULL/n suffix.
    Exact digits keep a long literal for the matcher to anchor on."""
    if bits is None:
        bits = 8 if v < 256 else 32 if v < (1 << 32) else 64
    h = format(v, '0%dx' % (bits // 4))
    return r'0x' + h + r'[uln]*'


def dec_item(v):
    if v < 0:
        return '-' + str(-v) + r'\b'
    return r'\b' + str(v) + r'\b'


def add_words(c, values, bits, nsrc, decimal=False, hexform=True, endians=('<', '>'),
              nbin=None, signed=False, example_sep=', '):
    """A table of `bits`-bit words: source (first nsrc values) and binary
    (first values covering >= 16 bytes, both byte orders)."""
    vals = values[:nsrc]
    if hexform:
        mask = (1 << bits) - 1
        items = [hex_item(v & mask, bits) for v in vals]
        if bits <= 16:
            c.src.append(chain(items))
        else:
            c.src.append((SEP_WRAP if bits == 64 else SEP).join(items))
        ex = example_sep.join('0x%0*x' % (bits // 4, v & mask) for v in vals)
        c.src_ex.append('static const uint%d_t t[] = { %s, 0 };' % (max(bits, 8), ex))
        bad = list(vals)
        bad[-1] = (bad[-1] ^ 1) & mask
        c.src_no.append('static const uint%d_t t[] = { %s };' % (
            max(bits, 8), example_sep.join('0x%0*x' % (bits // 4, v) for v in bad)))
    if decimal:
        c.src.append(chain([dec_item(v) for v in vals]))
        c.src_ex.append('t = [%s]' % ', '.join(str(v) for v in vals))
        bad = list(vals)
        bad[-1] = bad[-1] + 1 if bad[-1] != 0 else 2
        c.src_no.append('t = [%s]' % ', '.join(str(v) for v in bad))
    nb = nbin or max(1, (16 * 8 + bits - 1) // bits)
    code = {8: 'B', 16: 'H', 32: 'I', 64: 'Q'}[bits]
    if signed:
        code = code.lower()
    for e in endians if bits > 8 else ('<',):
        raw = struct.pack(e + '%d%s' % (nb, code), *values[:nb])
        if raw not in c.bin:
            c.bin.append(raw)


def add_bignum(c, n, nbytes, take=16):
    """A big number (curve parameter): hex string, byte arrays (BE and LE),
    32- and 64-bit limb arrays (little-endian limb order and big-endian word
    order), and raw bytes in both orders. Uses `take` bytes from the middle,
    away from the runs of ff/00 that many moduli share."""
    be = n.to_bytes(nbytes, 'big')
    # the most varied 16-byte window
    best, pos = -1, 0
    for i in range(0, nbytes - take + 1, 4):
        d = len(set(be[i:i + take]))
        if d > best:
            best, pos = d, i
    pos -= pos % 8
    if pos + take > nbytes:
        pos = nbytes - take - (nbytes - take) % 8
    win = be[pos:pos + take]
    hx = win.hex()
    # hex string, optionally with _ or ' every 8 digits
    c.src.append(r"['_]?".join(hx[i:i + 8] for i in range(0, len(hx), 8)))
    c.src_ex.append('p = "%s"' % be.hex())
    c.src_no.append('p = "%s"' % (hx[:-1] + ('0' if hx[-1] != '0' else '1')))
    # byte arrays, big- and little-endian
    for seq, name in ((list(win), 'be'), (list(win[::-1]), 'le')):
        c.src.append(chain([hex_item(b, 8) for b in seq[:8]]))
        c.src_ex.append('static const unsigned char %s[] = { %s };' % (
            name, ', '.join('0x%02X' % b for b in seq)))
    # limbs in little-endian limb order (the usual bignum layout)
    for bits in (32, 64):
        w = bits // 8
        words = [int.from_bytes(win[i:i + w], 'big') for i in range(0, take, w)]
        c.src.append((SEP_WRAP if bits == 64 else SEP).join(
            hex_item(v, bits) for v in words[::-1][:max(2, 128 // bits)]))
        c.src_ex.append('static const uint%d_t le[] = { %s };' % (
            bits, ', '.join('0x%0*x' % (bits // 4, v) for v in words[::-1])))
    c.src_no.append('static const unsigned char be[] = { %s };' % ', '.join(
        '0x%02X' % b for b in list(win[:5]) + [win[5] ^ 0x40] + list(win[6:11])))
    for raw in (win, win[::-1]):
        c.bin.append(bytes(raw))


def add_immediates64(c, words, window=192):
    """64-bit constants loaded by movabs in unrolled code: two of them within
    `window` bytes (binary only; the table forms cover source)."""
    alt = '(?:' + '|'.join(esc(struct.pack('<Q', w)) for w in words) + ')'
    c.bin_re.append(alt + r'[\x00-\xff]{0,%d}' % window + alt)
    c.bin_ex.append('48b8' + struct.pack('<Q', words[0]).hex() + '4801c1' + '48ba' +
                    struct.pack('<Q', words[1]).hex())
    c.bin_no.append('48b8' + struct.pack('<Q', words[0]).hex() + '4801c1' + '48ba' +
                    struct.pack('<Q', words[1] ^ 1).hex())


def add_immediates(c, words, window=96):
    """32-bit round constants that code carries as immediates: in source, the
    literal itself; in a binary, two of them within `window` bytes (as in an
    unrolled compression function), in either byte order."""
    # exact digits: "0x5a827999" is a 10-character literal for the matcher to anchor on
    c.src.append(r'0x(?:%s)[ul]*\b' % '|'.join(format(w, '08x') for w in words))
    c.src_ex.append('#define K 0x%08X' % words[0])
    c.src_no.append('#define K 0x%08X' % (words[0] ^ 0x10))
    lits = []
    for w in words:
        for e in ('<', '>'):
            lits.append(esc(struct.pack(e + 'I', w)))
    alt = '(?:' + '|'.join(lits) + ')'
    c.bin_re.append(alt + r'[\x00-\xff]{0,%d}' % window + alt)
    le = struct.pack('<I', words[0])
    c.bin_ex.append((b'\x05' + le + b'\x01\x02\x03\x04\x45\x8b' + le + b'\x90').hex())
    c.bin_no.append((b'\x05' + le + b'\x90' * 4).hex())


def esc(bs):
    return ''.join('\\x%02x' % b for b in bs)


def yq(s):
    """A YAML single-quoted scalar."""
    return "'" + s.replace("'", "''") + "'"


# weak choices are `low`, like the use rules of the same algorithms (docs/CRYPTO.md);
# the rest of an inventory is `info` and the policies judge it
WEAK = {'MD2', 'MD4', 'MD5', 'SHA-1', 'DES', '3DES', 'RC2', 'RC4'}


def emit(consts):
    out = []
    out.append('# SPDX-License-Identifier: Apache-2.0')
    out.append('# GENERATED by bench/crypto/gen-constants.py: do not edit; change the generator and')
    out.append('# rerun it. Crypto algorithms recognised by their constants, in text and binaries.')
    out.append('rules:')
    for c in consts:
        asset = ['      algorithm: %s' % c.alg, '      primitive: %s' % c.primitive]
        if c.curve:
            asset.append('      curve: %s' % c.curve)
        asset.append('      evidence: constant')
        for medium in ('src', 'bin'):
            if medium == 'src' and not c.src:
                continue
            if medium == 'bin' and not (c.bin or c.bin_re):
                continue
            rid = 'crypto.const.%s.%s' % (c.cid, medium)
            out.append('  - id: %s' % rid)
            where = 'source or text' if medium == 'src' else 'binary'
            out.append('    title: %s' % yq('%s (%s)' % (c.title, where)))
            out.append('    category: crypto')
            sev = 'low' if c.severity == 'info' and c.alg in WEAK else c.severity
            out.append('    severity: %s' % sev)
            out.append('    confidence: high')
            if medium == 'src':
                out.append('    files: [any]')
            else:
                out.append('    files: [binary]')
            out.append('    why: %s' % yq(c.why))
            out.append('    asset:')
            out.extend(asset)
            out.append('    match:')
            if medium == 'src':
                out.append('      regex: %s' % yq('(?:' + '|'.join(c.src) + ')'))
                out.append('      case_insensitive: true')
            else:
                alts = [esc(b) for b in c.bin] + c.bin_re
                out.append('      regex: %s' % yq('(?:' + '|'.join(alts) + ')'))
                out.append('      multiline: false')
            out.append('    examples:')
            if medium == 'src':
                out.append('      match:')
                for e in c.src_ex:
                    out.append('        - %s' % yq(e))
                out.append('      no_match:')
                for e in c.src_no:
                    out.append('        - %s' % yq(e))
            else:
                out.append('      hex: true')
                out.append('      match:')
                exs = [('7f454c46' + b.hex() + '00') for b in c.bin] + c.bin_ex
                for e in exs:
                    out.append('        - %s' % yq(e))
                out.append('      no_match:')
                nos = []
                for b in (c.bin if c.auto_bin_no else []):
                    bb = bytearray(b)
                    bb[len(bb) // 2] ^= 0x01
                    nos.append('7f454c46' + bytes(bb).hex() + '00')
                nos += c.bin_no
                for e in nos:
                    out.append('        - %s' % yq(e))
    return '\n'.join(out) + '\n'

# --------------------------------------------------------------------------
# the constants

def build():
    cs = []
    P = primes(80)

    # ---- AES
    sbox, isbox = aes_sbox()
    assert sbox[:4] == [0x63, 0x7c, 0x77, 0x7b] and isbox[:2] == [0x52, 0x09]
    c = Const('aes.sbox', 'AES S-box', 'AES', 'block-cipher',
              'The AES (Rijndael) substitution box, computed from the inverse in GF(2^8) '
              'and the affine map: code that carries it implements AES itself (ARIA reuses '
              'it as its S1) rather than calling a library.')
    add_words(c, sbox, 8, 12, decimal=True)
    c.src.append(r'\\x63\\x7c\\x77\\x7b\\xf2\\x6b\\x6f\\xc5')   # as a C string
    c.src_ex.append(r'static const char s[] = "\x63\x7c\x77\x7b\xf2\x6b\x6f\xc5";')
    cs.append(c)
    c = Const('aes.inv-sbox', 'AES inverse S-box', 'AES', 'block-cipher',
              'The inverse AES S-box, used by AES decryption.')
    add_words(c, isbox, 8, 12)
    cs.append(c)
    te = [(gmul(s, 2) << 24) | (s << 16) | (s << 8) | gmul(s, 3) for s in sbox]
    td = [(gmul(s, 14) << 24) | (gmul(s, 9) << 16) | (gmul(s, 13) << 8) | gmul(s, 11) for s in isbox]
    assert te[0] == 0xc66363a5 and td[0] == 0x51f4a750
    for name, tab, what in (('te', te, 'encryption'), ('td', td, 'decryption')):
        c = Const('aes.%s-table' % name, 'AES %s T-table' % what, 'AES', 'block-cipher',
                  'An AES %s lookup table (S-box combined with MixColumns), in any of its '
                  'four rotations and either byte order: table-driven AES.' % what)
        variants = []
        for rot in (0, 8, 16, 24):
            t = [rotr32(v, rot) for v in tab]
            variants.append(t)
            variants.append([bswap32(v) for v in t])
        for t in variants:
            add_words(c, t, 32, 4, endians=('<',))
        # 64-bit doubled entries (Te0[x] twice, as some x86 code lays them out)
        for t in variants[:2]:
            d = [(v << 32) | v for v in t]
            c.src.append(SEP_WRAP.join(hex_item(v) for v in d[:2]))
        cs.append(c)

    # ---- SHA-2
    k256 = [frac_cbrt(p, 32) for p in P[:64]]
    k512 = [frac_cbrt(p, 64) for p in P[:80]]
    iv256 = [frac_sqrt(p, 32) for p in P[:8]]
    iv512 = [frac_sqrt(p, 64) for p in P[:8]]
    iv384 = [frac_sqrt(p, 64) for p in P[8:16]]
    iv224 = [v & 0xffffffff for v in iv384]
    assert k256[0] == 0x428a2f98 and iv256[0] == 0x6a09e667 and iv224[0] == 0xc1059ed8
    assert k512[0] == 0x428a2f98d728ae22 and iv384[0] == 0xcbbb9d5dc1059ed8
    c = Const('sha256.k', 'SHA-256 round constants', 'SHA-256', 'hash',
              'The SHA-224/SHA-256 round constants K (cube roots of the first 64 primes): an '
              'implementation of the SHA-256 compression function.')
    add_words(c, k256, 32, 4)
    add_immediates(c, k256[:16], window=64)  # unrolled code (gnulib, many others)
    c.src_no = ['static const uint32_t t[] = { %s };' % ', '.join(
        '0x%08x' % (v ^ 0x100) for v in k256[:4])]
    c.auto_bin_no = False
    cs.append(c)
    c = Const('sha224.iv', 'SHA-224 initial hash value', 'SHA-224', 'hash',
              'The SHA-224 initial hash value (low halves of the SHA-384 IV words).')
    add_words(c, iv224, 32, 4)
    cs.append(c)
    c = Const('sha512.k', 'SHA-512 round constants', 'SHA-512', 'hash',
              'The SHA-384/SHA-512 round constants K (64-bit cube roots of the first 80 primes): '
              'an implementation of the SHA-512 compression function.')
    add_words(c, k512, 64, 2)
    # as pairs of 32-bit halves (high word first), as 32-bit code stores them
    halves = []
    for v in k512[:2]:
        halves += [v >> 32, v & 0xffffffff]
    c.src.append(SEP.join(hex_item(v, 32) for v in halves))
    add_immediates64(c, k512[:16])
    cs.append(c)
    c = Const('sha384.iv', 'SHA-384 initial hash value', 'SHA-384', 'hash',
              'The SHA-384 initial hash value (square roots of the 9th to 16th primes).')
    add_words(c, iv384, 64, 2)
    cs.append(c)
    # No rule for the SHA-256 and SHA-512 IVs: BLAKE2s and BLAKE2b start from the same
    # words, so the IVs alone cannot say which hash it is (the K tables can).
    # SHA-512/256: IV generated by SHA-512 with IV'' = IV ^ a5a5... over "SHA-512/256"
    ivx = [v ^ 0xa5a5a5a5a5a5a5a5 for v in iv512]
    iv512_256 = sha512_compress_all(b'SHA-512/256', ivx, k512)
    assert iv512_256[0] == 0x22312194fc2bf72c
    c = Const('sha512-256.iv', 'SHA-512/256 initial hash value', 'SHA-512/256', 'hash',
              'The SHA-512/256 initial hash value (generated by SHA-512 over "SHA-512/256").')
    add_words(c, iv512_256, 64, 2)
    cs.append(c)

    # ---- MD5
    md5t = [int(abs(math.sin(i + 1)) * 2 ** 32) & 0xffffffff for i in range(64)]
    assert md5t[0] == 0xd76aa478
    c = Const('md5.t', 'MD5 sine table', 'MD5', 'hash',
              'The MD5 additive constants T[i] = floor(|sin(i+1)| * 2^32): an MD5 '
              'implementation, whether as a table or as immediates in unrolled code.')
    add_words(c, md5t, 32, 4)
    # unrolled code: two different T values within a short window
    lits = []
    for w in md5t[:16]:
        lits.append(esc(struct.pack('<I', w)))
    alt = '(?:' + '|'.join(lits) + ')'
    c.bin_re.append(alt + r'[\x00-\xff]{0,48}' + alt)
    c.src.append(r'0xd76aa478[ul]*\b')
    c.src_ex.append('a = F(a, b, c, d) + x[0] + 0xd76aa478;')
    c.src_no.append('a = F(a, b, c, d) + x[0] + 0xd76aa479;')
    c.bin_ex.append(('8d84' + struct.pack('<I', md5t[0]).hex() + '89c1' +
                     '8d94' + struct.pack('<I', md5t[1]).hex()))
    # the table with one value changed still holds T values next to each other
    c.src_no = ['static const uint32_t t[] = { 0xd76aa479, 0xe8c7b757 };']
    c.auto_bin_no = False
    c.bin_no = [('8d84' + struct.pack('<I', md5t[0] ^ 1).hex() + '89c1' +
                 '8d94' + struct.pack('<I', md5t[1] ^ 1).hex())]
    cs.append(c)

    # ---- SHA-1 and RIPEMD-160 (their IVs are equal; their K differ)
    sha1k = [isqrt(n << 60) for n in (2, 3, 5, 10)]
    assert sha1k == [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6]
    c = Const('sha1.k', 'SHA-1 round constant', 'SHA-1', 'hash',
              'The SHA-1 round constant K4 = floor(2^30 * sqrt(10)), which no other common '
              'hash uses (K1..K3 are shared with MD4 and RIPEMD-160).')
    add_immediates(c, [sha1k[3]])
    # SIMD code keeps K replicated four times
    c.bin.append(struct.pack('<4I', *[sha1k[2]] * 2 + [sha1k[3]] * 2))
    c.bin.append(struct.pack('<8I', *[sha1k[0]] * 4 + [sha1k[1]] * 4))
    cs.append(c)
    rmdk = [isqrt(7 << 60)] + [icbrt(n << 90) for n in (2, 3, 5, 7)]
    assert rmdk == [0xa953fd4e, 0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9]
    c = Const('ripemd160.k', 'RIPEMD-160 round constants', 'RIPEMD-160', 'hash',
              'RIPEMD-160 constants: floor(2^30 sqrt 7) and the cube roots of 2, 3, 5, 7 of its '
              'right line, used by no other common hash.')
    add_immediates(c, rmdk)
    cs.append(c)

    # ---- SHA-3 / Keccak
    rc = keccak_rc()
    assert rc[1] == 0x8082 and rc[23] == 0x8000000080008008
    c = Const('sha3.keccak-rc', 'Keccak-f[1600] round constants', 'SHA3-256', 'hash',
              'The Keccak-f[1600] round constants from its LFSR: an implementation of SHA-3 '
              'or SHAKE.')
    add_words(c, rc[2:], 64, 2)
    c.src_ex.append('0x0000000000008082ULL, 0x800000000000808AULL,\n  0x8000000080008000ULL')
    cs.append(c)

    # ---- SM3
    sm3iv = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa,
             0xe38dee4d, 0xb0fb0e4e]
    c = Const('sm3.iv', 'SM3 initial value', 'SM3', 'hash',
              'The SM3 initial value (GB/T 32905), the Chinese national hash.')
    add_words(c, sm3iv, 32, 4)
    cs.append(c)
    sm3t = [rotl32(0x79cc4519 if j < 16 else 0x7a879d8a, j) for j in range(64)]
    c = Const('sm3.t', 'SM3 round constants', 'SM3', 'hash',
              'The SM3 round constants T_j <<< j, precomputed: an SM3 implementation.')
    add_words(c, sm3t, 32, 4)
    c.src.append(r'0x(?:79cc4519|7a879d8a)[ul]*\b')
    c.src_ex.append('#define T0 0x79CC4519')
    c.src_no = ['#define T0 0x79CC4518', 'static const uint32_t t[] = { 0x79cc4518, 0xf3988a33 };']
    cs.append(c)

    # ---- SM4
    sm4s = [0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb,
            0x2c, 0x05, 0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26,
            0x49, 0x86, 0x06, 0x99]
    c = Const('sm4.sbox', 'SM4 S-box', 'SM4', 'block-cipher',
              'The SM4 (GB/T 32907) S-box, the Chinese national block cipher.')
    add_words(c, sm4s, 8, 12)
    cs.append(c)
    ck = []
    for i in range(32):
        ck.append(int.from_bytes(bytes(((4 * i + j) * 7) % 256 for j in range(4)), 'big'))
    assert ck[0] == 0x00070e15 and ck[1] == 0x1c232a31
    fk = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc]
    c = Const('sm4.ck', 'SM4 key schedule constants', 'SM4', 'block-cipher',
              'The SM4 key-schedule constants CK (ck[i][j] = (4i+j)*7 mod 256) or the system '
              'parameter FK.')
    add_words(c, ck[1:], 32, 4)
    add_words(c, fk, 32, 4)
    cs.append(c)

    # ---- ChaCha / Salsa sigma
    c = Const('chacha.sigma', 'ChaCha/Salsa20 constant "expand 32-byte k"', 'ChaCha20',
              'stream-cipher',
              'The "expand 32-byte k" constant that starts the ChaCha20 (and Salsa20) state: '
              'an implementation of the cipher, not a call into a library.')
    sig = b'expand 32-byte k'
    words = list(struct.unpack('<4I', sig))
    c.src.append(r'expand 32-byte k|expand 16-byte k')
    c.src_ex.append('static const char sigma[16] = "expand 32-byte k";')
    c.src_no.append('static const char sigma[16] = "expand 32-byte key";'.replace('32', '33'))
    add_words(c, words, 32, 4, endians=('<',))
    cs.append(c)

    # ---- Poly1305 clamp
    c = Const('poly1305.clamp', 'Poly1305 key clamp', 'Poly1305', 'mac',
              'The Poly1305 clamp of r (0x0ffffffc0fffffff / 0x0ffffffc0ffffffc), or its '
              '26-bit limb form: a Poly1305 implementation.')
    c.src.append(r'0x0?ffffffc0ffffff[fc][ul]*\b|0x0?3ffff03\b')
    c.src_ex.append('r0 = t0 & 0x0ffffffc0fffffffULL;')
    c.src_ex.append('h1 = (t >> 26) & 0x3ffff03;')
    c.src_no.append('r0 = t0 & 0x0ffffffc0ffffff1ULL;')
    a = struct.pack('<Q', 0x0ffffffc0fffffff)
    b = struct.pack('<Q', 0x0ffffffc0ffffffc)
    c.bin_re.append(esc(a) + r'[\x00-\xff]{0,64}' + esc(b))
    c.bin_re.append(esc(b) + r'[\x00-\xff]{0,64}' + esc(a))
    c.bin.append(struct.pack('<4I', 0x0fffffff, 0x0ffffffc, 0x0ffffffc, 0x0ffffffc))
    # one clamp word loaded by movabs (x86-64 assembly keeps only this one)
    c.bin_re.append(r'[\x48\x49][\xb8-\xbf]' + esc(a))
    c.bin_ex.append('49bb' + a.hex() + '4c21d8')
    c.bin_ex.append(('48b8' + a.hex() + '4821c2' + '48b8' + b.hex()))
    c.bin_no.append(('4821c2' + a.hex() + '4821c2'))
    cs.append(c)

    # ---- SipHash
    sip = [0x736f6d6570736575, 0x646f72616e646f6d, 0x6c7967656e657261, 0x7465646279746573]
    assert struct.pack('>4Q', *sip) == b'somepseudorandomlygeneratedbytes'
    c = Const('siphash.iv', 'SipHash initialisation constants', 'SipHash', 'mac',
              'SipHash\'s "somepseudorandomlygeneratedbytes" initial state.')
    c.src.append(SEP_WRAP.join(hex_item(v) for v in sip[:2]))
    c.src.append(r'0x(?:736f6d6570736575|6c7967656e657261)[ul]*\b')
    c.src_ex.append('v0 = 0x736f6d6570736575ULL ^ k0;')
    c.src_no.append('v0 = 0x736f6d6570736576ULL ^ k0;')
    lits = [esc(struct.pack('<Q', v)) for v in sip]
    alt = '(?:' + '|'.join(lits) + ')'
    c.bin_re.append(alt + r'[\x00-\xff]{0,48}' + alt)
    c.bin_ex.append('48b8' + struct.pack('<Q', sip[0]).hex() + '4831c7' + '48b9' +
                    struct.pack('<Q', sip[2]).hex())
    c.bin_no.append('48b8' + struct.pack('<Q', sip[0]).hex() + '4831c7')
    cs.append(c)

    # ---- Blowfish (pi), ARIA (1/pi), MD2 and RC2 (pi permutations, published)
    nbits = 64 * 4 + 18 * 32 + 4 * 32 * 8
    pif, pi_fixed = pi_fraction_bits(nbits)
    pwords = [(pif >> (nbits - 32 * (i + 1))) & 0xffffffff for i in range(nbits // 32)]
    assert pwords[0] == 0x243f6a88 and pwords[18] == 0xd1310ba6
    c = Const('blowfish.p', 'Blowfish P-array and S-box', 'Blowfish', 'block-cipher',
              'The Blowfish P-array and first S-box: the hexadecimal digits of pi. A Blowfish '
              '(or bcrypt) implementation.')
    add_words(c, pwords[0:], 32, 5)
    add_words(c, pwords[18:], 32, 4)
    cs.append(c)
    # ARIA key constants: the fractional part of 1/pi
    guard = 32
    # pi_fixed = floor(pi * 2^nbits), so 2^(nbits+k) / pi_fixed ~ 2^k / pi (< 2^k)
    inv_pi_frac = (1 << (nbits + 384 + guard)) // pi_fixed
    ariac = inv_pi_frac >> guard
    c1 = ariac >> 256
    assert c1 == 0x517cc1b727220a94fe13abe8fa9a6ee0, hex(c1)
    c = Const('aria.c', 'ARIA key schedule constants', 'ARIA', 'block-cipher',
              'The ARIA key-schedule constants C1..C3: the fractional part of 1/pi. '
              'An ARIA implementation.')
    cw = [(ariac >> (384 - 32 * (i + 1))) & 0xffffffff for i in range(12)]
    add_words(c, cw, 32, 4)
    add_words(c, cw[4:], 32, 4)
    cs.append(c)
    ariasb2 = [0xe2, 0x4e, 0x54, 0xfc, 0x94, 0xc2, 0x4a, 0xcc, 0x62, 0x0d, 0x6a, 0x46, 0x3c,
               0x4d, 0x8b, 0xd1]
    c = Const('aria.sbox2', 'ARIA S-box SB2', 'ARIA', 'block-cipher',
              'ARIA\'s second S-box (x^247 composed with an affine map).')
    add_words(c, ariasb2, 8, 12)
    cs.append(c)
    rc2 = [0xd9, 0x78, 0xf9, 0xc4, 0x19, 0xdd, 0xb5, 0xed, 0x28, 0xe9, 0xfd, 0x79, 0x4a, 0xa0,
           0xd8, 0x9d]
    c = Const('rc2.pitable', 'RC2 PITABLE', 'RC2', 'block-cipher',
              'The RC2 key-expansion permutation PITABLE (RFC 2268), derived from pi.')
    add_words(c, rc2, 8, 12)
    cs.append(c)
    md2 = [0x29, 0x2e, 0x43, 0xc9, 0xa2, 0xd8, 0x7c, 0x01, 0x3d, 0x36, 0x54, 0xa1, 0xec, 0xf0,
           0x06, 0x13]
    c = Const('md2.s', 'MD2 S table', 'MD2', 'hash',
              'The MD2 substitution (RFC 1319), a permutation derived from pi.')
    add_words(c, md2, 8, 12)
    cs.append(c)

    # ---- DES
    des_s1 = [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
              0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8]
    des_sp1 = [0x01010400, 0x00000000, 0x00010000, 0x01010404, 0x01010004, 0x00010404,
               0x00000004, 0x00010000]
    des_spt = [0x02080800, 0x00080000, 0x02000002, 0x02080802, 0x02000000, 0x00080802,
               0x00080800, 0x02000002]
    c = Const('des.sbox', 'DES S-boxes', 'DES', 'block-cipher',
              'The DES S-box S1 (FIPS 46), or the combined S-box/permutation SP tables that '
              'fast implementations derive from it. DES is broken by exhaustive search; '
              'Triple DES reuses the same tables.')
    add_words(c, des_s1, 8, 16, decimal=True, hexform=False)
    add_words(c, des_sp1, 32, 6)
    add_words(c, des_spt, 32, 6)
    c.bin = [b for b in c.bin if len(set(b)) > 3]
    cs.append(c)

    # ---- CAST5, SEED, Twofish, Camellia, Whirlpool
    c = Const('cast5.s1', 'CAST5 S-box S1', 'CAST5', 'block-cipher',
              'The CAST-128 (CAST5, RFC 2144) S-box S1.')
    add_words(c, [0x30fb40d4, 0x9fa0ff0b, 0x6beccd2f, 0x3f258c7a, 0x1e213f2f], 32, 4)
    cs.append(c)
    c = Const('seed.ss0', 'SEED SS0 table', 'SEED', 'block-cipher',
              'The SEED (RFC 4269) extended S-box SS0.')
    add_words(c, [0x2989a1a8, 0x05858184, 0x16c6d2d4, 0x13c3d3d0, 0x14445054], 32, 4)
    cs.append(c)
    c = Const('twofish.q', 'Twofish q0/q1 permutations', 'Twofish', 'block-cipher',
              'The Twofish fixed permutations q0 and q1.')
    add_words(c, [0xa9, 0x67, 0xb3, 0xe8, 0x04, 0xfd, 0xa3, 0x76, 0x9a, 0x92, 0x80, 0x78,
                  0xe4, 0xdd, 0xd1, 0x38], 8, 12)
    add_words(c, [0x75, 0xf3, 0xc6, 0xf4, 0xdb, 0x7b, 0xfb, 0xc8, 0x4a, 0xd3, 0xe6, 0x6b,
                  0x45, 0x7d, 0xe8, 0x4b], 8, 12)
    cs.append(c)
    csig = [frac_sqrt(p, 68) & ((1 << 64) - 1) for p in (2, 3, 5, 7, 11, 13)]
    assert csig[0] == 0xa09e667f3bcc908b and csig[3] == 0x54ff53a5f1d36f1c
    c = Const('camellia.sigma', 'Camellia key schedule constants', 'Camellia', 'block-cipher',
              'The Camellia key-schedule constants Sigma1..6 (square roots of the first '
              'primes), as 64-bit words or 32-bit halves.')
    add_words(c, csig, 64, 2)
    halves = []
    for v in csig:
        halves += [v >> 32, v & 0xffffffff]
    add_words(c, halves, 32, 4, endians=('<',))
    cs.append(c)
    wsb = [0x18, 0x23, 0xc6, 0xe8, 0x87, 0xb8, 0x01, 0x4f]
    wc0 = []
    for s in wsb:
        row = [gmul(s, m, 0x11d) for m in (1, 1, 4, 1, 8, 5, 2, 9)]
        wc0.append(int.from_bytes(bytes(row), 'big'))
    assert wc0[0] == 0x18186018c07830d8
    c = Const('whirlpool.c0', 'Whirlpool C0 table', 'Whirlpool', 'hash',
              'The Whirlpool circulant table C0 (S-box times the MDS row 1,1,4,1,8,5,2,9 '
              'in GF(2^8)).')
    add_words(c, wc0, 64, 2)
    cs.append(c)

    # ---- BLAKE2b sigma: rows 9, 0, 1 in sequence (12 rows; BLAKE2s has 10)
    s9 = [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]
    s0 = list(range(16))
    s1 = [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3]
    c = Const('blake2b.sigma', 'BLAKE2b message schedule', 'BLAKE2b', 'hash',
              'The BLAKE2b message permutation table (12 rows, the last two repeating the '
              'first): a BLAKE2b implementation.')
    seq = s9[8:] + s0 + s1[:4]
    c.src.append(chain([dec_item(v) for v in seq]))
    c.src_ex.append('{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },\n'
                    '  {  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },\n'
                    '  { 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 }')
    c.src_no.append('{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },\n{ 0 }')
    c.bin.append(bytes(s9 + s0))
    cs.append(c)

    # ---- curves: y^2 = x^3 + a x + b (mod p) checked for each generator
    def curve(cid, title, alg, p, a, b, gx, gy, nbytes, curve_name=None, use=('b', 'gx')):
        assert (gy * gy - (gx ** 3 + a * gx + b)) % p == 0, cid
        c = Const('curve.' + cid, title, alg, 'other',
                  'Domain parameters of the elliptic curve %s (coefficient b and the base '
                  'point): elliptic-curve arithmetic on this curve.' % title.split(' curve')[0],
                  curve=curve_name)
        vals = {'b': b, 'gx': gx, 'p': p}
        for k in use:
            add_bignum(c, vals[k], nbytes)
        return c

    p256 = 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1
    cs.append(curve('p256', 'NIST P-256 curve parameters', 'P-256', p256, -3,
                    0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b,
                    0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
                    0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5, 32))
    p384 = 2 ** 384 - 2 ** 128 - 2 ** 96 + 2 ** 32 - 1
    cs.append(curve('p384', 'NIST P-384 curve parameters', 'P-384', p384, -3,
                    int('b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a'
                        'c656398d8a2ed19d2a85c8edd3ec2aef', 16),
                    int('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38'
                        '5502f25dbf55296c3a545e3872760ab7', 16),
                    int('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0'
                        '0a60b1ce1d7e819d7a431d7c90ea0e5f', 16), 48))
    p521 = 2 ** 521 - 1
    cs.append(curve('p521', 'NIST P-521 curve parameters', 'P-521', p521, -3,
                    int('0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef1'
                        '09e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00',
                        16),
                    int('00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d'
                        '3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66',
                        16),
                    int('011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e'
                        '662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650',
                        16), 66))
    k1p = 2 ** 256 - 2 ** 32 - 977
    cs.append(curve('secp256k1', 'secp256k1 curve parameters', 'secp256k1', k1p, 0, 7,
                    0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798,
                    0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8, 32,
                    use=('gx',)))
    cs.append(curve('brainpoolp256r1', 'Brainpool P256r1 curve parameters', 'Brainpool',
                    0xa9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377,
                    0x7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9,
                    0x26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6,
                    0x8bd2aeb9cb7e57cb2c4b482ffc81b7afb9de27e1e3bd23c23a4453bd9ace3262,
                    0x547ef835c3dac4fd97f8461a14611dc9c27745132ded8e545c1d54c72f046997, 32,
                    use=('p', 'gx')))
    cs.append(curve('brainpoolp384r1', 'Brainpool P384r1 curve parameters', 'Brainpool',
                    int('8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b412b1da197fb71123'
                        'acd3a729901d1a71874700133107ec53', 16),
                    int('7bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f'
                        '8aa5814a503ad4eb04a8c7dd22ce2826', 16),
                    int('04a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d5'
                        '7cb4390295dbc9943ab78696fa504c11', 16),
                    int('1d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8'
                        'e826e03436d646aaef87b2e247d4af1e', 16),
                    int('8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff9912928'
                        '0e4646217791811142820341263c5315', 16), 48, use=('p', 'gx')))
    sm2p = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff
    cs.append(curve('sm2', 'SM2 curve parameters', 'SM2', sm2p, -3,
                    0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93,
                    0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7,
                    0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0, 32))

    # Curve25519 / Ed25519: d = -121665/121666 and sqrt(-1), computed; limb forms
    p25 = 2 ** 255 - 19
    d = (-121665 * pow(121666, p25 - 2, p25)) % p25
    sqrtm1 = pow(2, (p25 - 1) // 4, p25)
    assert d == 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3
    assert sqrtm1 * sqrtm1 % p25 == p25 - 1
    c = Const('curve.ed25519', 'Ed25519/Curve25519 field constants', 'Curve25519', 'other',
              'The Edwards25519 constant d = -121665/121666 (mod 2^255-19) or sqrt(-1), in '
              'full or in 51-bit / 25.5-bit limbs: Curve25519/Ed25519 field arithmetic.',
              curve='Curve25519')
    add_bignum(c, d, 32)
    # as code that stores b = -d (mod p) writes it, and the field prime itself as a
    # hex string: 7fff...ffed (these two only as text; both are ASCII in binaries too)
    c.src.append(format(p25 - d, '064x')[8:40])
    c.src_ex.append('b = "-0x%s"' % format(p25 - d, '064X'))
    c.src.append(r'7f{61}ed\b')
    # the Edwards base point (y = 4/5, x recovered, even) and -d, sqrt(-1) as raw
    # little-/big-endian field elements, the layout of 64-bit limb code in binaries
    by = 4 * pow(5, p25 - 2, p25) % p25
    x2 = (by * by - 1) * pow(d * by * by + 1, p25 - 2, p25) % p25
    bx = pow(x2, (p25 + 3) // 8, p25)
    if (bx * bx - x2) % p25:
        bx = bx * sqrtm1 % p25
    if bx % 2:
        bx = p25 - bx
    assert bx == 0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a
    c.src.append(format(bx, '064x')[16:48])
    c.src_ex.append('gx = "%s"' % format(bx, '064x'))
    for v in (p25 - d, sqrtm1, bx):
        raw = v.to_bytes(32, 'big')[8:24]
        c.bin += [raw, raw[::-1]]
    c.src_ex.append('p = "0x%s"' % format(p25, '064X'))
    c.src_no.append('p = "0x%s"' % format(p25 - 2 ** 128, '064X'))

    def limbs51(x):
        return [(x >> (51 * i)) & ((1 << 51) - 1) for i in range(5)]

    def limbs25(x):
        out, shift = [], 0
        for i in range(10):
            w = 26 if i % 2 == 0 else 25
            out.append((x >> shift) & ((1 << w) - 1))
            shift += w
        # signed (centered) digits, carrying upwards; the top wraps with *19
        for _ in range(3):
            for i in range(10):
                w = 26 if i % 2 == 0 else 25
                if out[i] >= 1 << (w - 1):
                    out[i] -= 1 << w
                    if i == 9:
                        out[0] += 19
                    else:
                        out[i + 1] += 1
        return out
    for x in (d, sqrtm1):
        l51 = limbs51(x)
        c.src.append(chain([dec_item(v) for v in l51[:3]]))
        c.bin.append(struct.pack('<3Q', *l51[:3]))
    c.src_ex.append('{ %s }' % ', '.join(str(v) for v in limbs51(d)))
    l25 = limbs25(d)
    assert sum(v << s for v, s in zip(l25, (0, 26, 51, 77, 102, 128, 153, 179, 204, 230))) % p25 == d
    assert l25[0] == -10913610, l25
    c.src.append(chain([dec_item(v) for v in l25[:4]]))
    c.src_ex.append('{ %s }' % ', '.join(str(v) for v in l25))
    c.bin.append(struct.pack('<4i', *l25[:4]))
    cs.append(c)

    # Ed448 (RFC 8032): the base point of the untwisted Edwards curve x^2 + y^2 =
    # 1 - 39081 x^2 y^2 over 2^448 - 2^224 - 1, checked on the curve
    p448 = 2 ** 448 - 2 ** 224 - 1
    gx = int('4f1970c66bed0ded221d15a622bf36da9e146570470f1767ea6de324'
             'a3d3a46412ae1af72ab66511433b80e18b00938e2626a82bc70cc05e', 16)
    gy = int('693f46716eb6bc248876203756c9c7624bea73736ca3984087789c1e'
             '05a0c2d73ad3ff1ce67c39c4fdbd132c4ed7c8ad9808795bf230fa14', 16)
    assert (gx * gx + gy * gy - 1 + 39081 * gx * gx * gy * gy) % p448 == 0
    c = Const('curve.ed448', 'Ed448 base point', 'Ed448', 'signature',
              'The base point of edwards448 (RFC 8032): Ed448 signature arithmetic.')
    add_bignum(c, gx, 56)
    # code that splits the number over two string literals keeps the first half whole
    c.src.append(format(gx, '0112x')[:32])
    c.src_ex.append('"0x%s"\n"%s"' % (format(gx, '0112X')[:56], format(gx, '0112X')[56:]))
    cs.append(c)

    # ---- ML-KEM and ML-DSA NTT roots of unity
    q = 3329
    zk = [pow(17, brv(i, 7), q) for i in range(128)]
    assert zk[:4] == [1, 1729, 2580, 3289]
    zkm = [centered(z * (1 << 16), q) for z in zk]
    assert zkm[:3] == [-1044, -758, -359]
    c = Const('ml-kem.zetas', 'ML-KEM NTT constants', 'ML-KEM', 'kem',
              'The ML-KEM (Kyber) NTT roots of unity (powers of 17 mod 3329 in bit-reversed '
              'order), plain or in Montgomery form: a post-quantum KEM implementation.')
    add_words(c, zk[1:], 16, 10, decimal=True, hexform=False)
    add_words(c, zkm, 16, 10, decimal=True, hexform=False, signed=True)
    cs.append(c)
    q = 8380417
    zd = [0] + [pow(1753, brv(i, 8), q) for i in range(1, 256)]
    assert zd[1] == 4808194
    zdm = [0] + [centered(z * (1 << 32), q) for z in zd[1:]]
    assert zdm[1] == 25847
    c = Const('ml-dsa.zetas', 'ML-DSA NTT constants', 'ML-DSA', 'signature',
              'The ML-DSA (Dilithium) NTT roots of unity (powers of 1753 mod 8380417 in '
              'bit-reversed order), plain or in Montgomery form: a post-quantum signature '
              'implementation.')
    add_words(c, zd[1:], 32, 6, decimal=True, hexform=False)
    add_words(c, zdm[1:], 32, 6, decimal=True, hexform=False, signed=True)
    cs.append(c)

    # ---- Dual_EC_DRBG: the published P-256 point Q (SP 800-90A, withdrawn)
    qx = 0xc97445f45cdef9f0d3e05e1e585fc297235b82b5be8ff3efca67c59852018192
    qy = 0xb28ef557ba31dfcbdd21ac46e2a91e3c304f44cb87058ada2cb815151e610046
    b256 = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
    assert (qy * qy - (qx ** 3 - 3 * qx + b256)) % p256 == 0
    c = Const('dual-ec-drbg.q', 'Dual_EC_DRBG point Q', 'Dual_EC_DRBG', 'drbg',
              'The published P-256 point Q of Dual_EC_DRBG (NIST SP 800-90A, withdrawn in '
              '2014): whoever knows the discrete log of Q relative to P predicts the '
              'generator\'s output. Its presence means random numbers that may be '
              'predictable by a third party.', severity='high')
    add_bignum(c, qx, 32)
    add_bignum(c, qy, 32)
    cs.append(c)
    return cs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, '..', '..', 'rules', 'crypto-constants.yaml')
    text = emit(build())
    with open(out, 'w') as f:
        f.write(text)
    print('wrote %s' % os.path.normpath(out))


if __name__ == '__main__':
    main()
