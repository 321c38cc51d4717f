#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Crypto inventory accuracy: run `assay cbom` on the source tree and on the stripped shared
# objects of five cryptographic libraries (fetched by bench/crypto/fetch.sh), reduce the reported
# components to algorithm families, and compare them with each library's documented algorithm
# list in bench/crypto/truth/<library>.txt. Prints recall and precision per library, source and
# binary separately, and rewrites the `crypto` block of docs/ACCURACY.md.
#
#   bench/crypto/run.sh [--no-docs]
#
# Env: ASSAY (default build/assay), ASSAY_CRYPTO_BENCH_DIR (default /var/tmp/assay-bench/crypto).
# Reports go to $ASSAY_CRYPTO_BENCH_DIR/out/<library>-{src,bin}.cdx.json.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
assay=${ASSAY:-$repo/build/assay}
dir=${ASSAY_CRYPTO_BENCH_DIR:-/var/tmp/assay-bench/crypto}
docs=1
[ "${1:-}" = "--no-docs" ] && docs=0

[ -x "$assay" ] || { echo "run.sh: no assay binary at $assay (set ASSAY)" >&2; exit 2; }
[ -d "$dir/src" ] && [ -d "$dir/stripped" ] || {
    echo "run.sh: no material in $dir; run bench/crypto/fetch.sh first" >&2; exit 2; }
mkdir -p "$dir/out"

libs="openssl libgcrypt nettle mbedtls libsodium"
use_cbom=1
"$assay" cbom --help >/dev/null 2>&1 || use_cbom=0

for lib in $libs; do
    for medium in src bin; do
        if [ "$medium" = src ]; then target="$dir/src/$lib"; else target="$dir/stripped/$lib"; fi
        out="$dir/out/$lib-$medium.cdx.json"
        start=$(date +%s)
        if [ "$use_cbom" = 1 ]; then
            "$assay" cbom -q -o "$out" "$target" || [ $? -eq 1 ]
        else
            "$assay" scan -q --only crypto -f json -o "$out" "$target" || [ $? -eq 1 ]
        fi
        echo "run.sh: $lib $medium: $(( $(date +%s) - start )) s" >&2
    done
done

rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
python3 - "$here/truth" "$dir" "$repo/docs/ACCURACY.md" "$docs" "$rev" "$libs" <<'PY'
import json, os, re, sys

truth_dir, bench, accuracy, write_docs, rev, libs = sys.argv[1:7]
libs = libs.split()

# canonical families (docs/CRYPTO.md); SHA3-* and SHAKE* are scored as one family each
CANON = """AES DES 3DES Blowfish Twofish CAST5 Camellia ARIA SEED IDEA RC2 RC4 RC5 SM4 ZUC
ChaCha20 Salsa20 XSalsa20 Poly1305 ChaCha20-Poly1305 MD2 MD4 MD5 SHA-1 SHA-224 SHA-256 SHA-384
SHA-512 SHA-512/256 SHA3-224 SHA3-256 SHA3-384 SHA3-512 SHAKE128 SHAKE256 RIPEMD-160 Whirlpool
BLAKE2b BLAKE2s BLAKE3 SM3 Streebog GOST28147 HMAC CMAC GMAC KMAC SipHash HKDF PBKDF2 scrypt
Argon2 bcrypt RSA DSA DH ECDH ECDSA EdDSA Ed25519 Ed448 X25519 X448 SM2 ML-KEM ML-DSA SLH-DSA
LMS XMSS Dual_EC_DRBG CTR_DRBG HMAC_DRBG Hash_DRBG secp256k1 Brainpool Curve25519 P-256 P-384
P-521""".split()
GROUP = {n: 'SHA-3' for n in ('SHA3-224', 'SHA3-256', 'SHA3-384', 'SHA3-512')}
GROUP.update({'SHAKE128': 'SHAKE', 'SHAKE256': 'SHAKE'})
BY_LEN = sorted(CANON, key=len, reverse=True)


def family(name):
    """The algorithm family a component name starts with: AES-256-GCM -> AES,
    HMAC-SHA-256 -> HMAC, SHA-512/256 -> SHA-512/256."""
    for c in BY_LEN:
        if name == c or (name.startswith(c) and name[len(c)] in '-_/ ('):
            return GROUP.get(c, c)
    return None


def load_truth(lib):
    need = {'src': set(), 'bin': set()}
    extra = set()
    cites = []
    for line in open(os.path.join(truth_dir, lib + '.txt')):
        if not line.strip() or line.startswith('#'):
            continue
        name, scope, cite = line.rstrip('\n').split('\t')
        cites.append(cite)
        if scope == 'extra':
            extra.add(name)
        elif scope == 'src':
            need['src'].add(name)  # disabled in the build: a report from the binary is false
        else:
            need['src'].add(name)
            need['bin'].add(name)
    return need, extra, cites


def reported(path):
    d = json.load(open(path))
    fams, unknown = {}, set()
    if 'components' in d:  # CBOM
        for c in d['components']:
            cp = c.get('cryptoProperties', {})
            if cp.get('assetType') != 'algorithm':
                continue
            f = family(c.get('name', ''))
            if not f:
                unknown.add(c.get('name', ''))
                continue
            occ = (c.get('evidence') or {}).get('occurrences') or []
            ev = fams.setdefault(f, [])
            ev.extend(o.get('additionalContext', '') for o in occ)
    else:  # scan JSON fallback
        for f in d.get('findings', []):
            a = f.get('asset') or {}
            fam = family(a.get('name') or a.get('algorithm') or '')
            if fam:
                fams.setdefault(fam, []).append(f.get('rule', ''))
    return fams, unknown


def check_cites(lib, cites):
    missing = []
    root = os.path.join(bench, 'src', lib)
    for cite in cites:
        for part in cite.split(';'):
            p = part.strip().split(' ')[0]
            if '/' in p or re.search(r'\.(h|c|pod|texi|texinfo|in)$', p):
                if not os.path.exists(os.path.join(root, p)) and not any(
                        os.path.exists(os.path.join(root, d, p))
                        for d in ('src/libsodium/include/sodium',)):
                    missing.append(p)
    return missing


def pct(a, b):
    return '%d/%d (%.1f%%)' % (a, b, 100.0 * a / b) if b else '-'


rows, details = [], []
tot = {m: [0, 0, 0, 0, 0] for m in ('src', 'bin')}  # tp, need, reported, false, by constants
for lib in libs:
    need, extra, cites = load_truth(lib)
    for p in check_cites(lib, cites):
        print('run.sh: %s truth cites a missing file: %s' % (lib, p), file=sys.stderr)
    ver = open(os.path.join(bench, 'src', lib + '.version')).read().strip()
    row = [lib, ver]
    for medium in ('src', 'bin'):
        fams, unknown = reported(os.path.join(bench, 'out', '%s-%s.cdx.json' % (lib, medium)))
        got = set(fams)
        tp = got & need[medium]
        miss = sorted(need[medium] - got)
        false = sorted(got - need[medium] - extra)
        rec = len(tp) / len(need[medium]) if need[medium] else 1.0
        scored = got - (extra - need[medium])
        prec = len(tp) / len(scored) if scored else 1.0
        # found by a constant rule (rules/crypto-constants.yaml) at least once
        by_const = {f for f in tp if any(e.startswith('crypto.const.') for e in fams[f])}
        t = tot[medium]
        t[0] += len(tp); t[1] += len(need[medium]); t[2] += len(scored); t[3] += len(false)
        t[4] += len(by_const)
        row += [pct(len(tp), len(need[medium])), '%.1f%%' % (100 * prec),
                pct(len(by_const), len(need[medium]))]
        details.append((lib, medium, miss, false, {f: fams[f] for f in false}, sorted(unknown)))
        print('%-10s %-3s recall %3d/%-3d %5.1f%%  precision %5.1f%%  misses: %s  false: %s' % (
            lib, medium, len(tp), len(need[medium]), 100 * rec, 100 * prec,
            ', '.join(miss) or '-', ', '.join(false) or '-'))
    rows.append(row)

total = ['**all**', '']
for m in ('src', 'bin'):
    tp, nd, rp, fl, bc = tot[m]
    total += [pct(tp, nd), '%.1f%%' % (100 * tp / rp if rp else 100), pct(bc, nd)]
rows.append(total)
print('all        src recall %.1f%%  bin recall %.1f%%' % (
    100 * tot['src'][0] / tot['src'][1], 100 * tot['bin'][0] / tot['bin'][1]))

out = []
out.append('<!-- BEGIN crypto (bench/crypto/run.sh) -->')
out.append('Algorithms reported by `assay cbom` against each library\'s documented list '
           '(`bench/crypto/truth/*.txt`, each line citing the library\'s docs or headers), on the '
           'Debian source tree and on the shipped shared objects after `strip --strip-all` '
           '(their dynamic symbol tables remain). Names are reduced to families (AES-256-GCM is '
           'AES, HMAC-SHA-256 is HMAC; SHA3-* is SHA-3, SHAKE* is SHAKE). Recall: documented '
           'algorithms reported; precision: reported families the library contains. Algorithms '
           'present only in the source (disabled in the Debian build) are not expected from the '
           'binaries. "By constants": documented algorithms that at least one constant rule '
           '(`rules/crypto-constants.yaml`: S-boxes, IVs, round constants, curve parameters) '
           'found on its own. Revision %s; `bench/crypto/fetch.sh` then `bench/crypto/run.sh`.'
           % rev)
out.append('')
out.append('| library | version | source recall | source precision | by constants | '
           'binary recall | binary precision | by constants |')
out.append('|---|---|---|---|---|---|---|---|')
for r in rows:
    out.append('| ' + ' | '.join(r) + ' |')
out.append('')
out.append('Misses and false reports:')
out.append('')
for lib, medium, miss, false, why, unknown in details:
    what = 'source' if medium == 'src' else 'binary'
    line = '- %s %s: misses %s; false reports %s' % (
        lib, what, ', '.join(miss) or 'none',
        ', '.join('%s (%s)' % (f, '; '.join(sorted(set(why[f]))[:2])) for f in false) or 'none')
    out.append(line)
out.append('<!-- END crypto -->')
block = '\n'.join(out)
if write_docs == '1':
    text = open(accuracy).read()
    new, n = re.subn(r'<!-- BEGIN crypto.*?<!-- END crypto -->', lambda m: block, text,
                     flags=re.S)
    if n != 1:
        sys.exit('run.sh: no crypto block in ' + accuracy)
    open(accuracy, 'w').write(new)
    print('run.sh: rewrote the crypto block of %s' % accuracy, file=sys.stderr)
PY
