// SPDX-License-Identifier: Apache-2.0
// Peer pattern load for bench/run.sh: the same 41 patterns as peers.txt (same order),
// written as YARA strings. Literal patterns are text strings, the rest regexes;
// (?i) in peers.txt becomes the nocase modifier here. Keep the two files in step.

rule assay_bench_secrets
{
    strings:
        $k1  = /-----BEGIN (RSA |DSA |EC |ENCRYPTED )?PRIVATE KEY-----/
        $k2  = "-----BEGIN OPENSSH PRIVATE KEY-----"
        $k3  = "-----BEGIN PGP PRIVATE KEY BLOCK-----"
        $k4  = /PuTTY-User-Key-File-[23]:/
        $t1  = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/
        $t2  = /aws_secret_access_key\s*[=:]\s*['"]?[A-Za-z0-9\/+=]{40}/
        $t3  = /\bgh[pousr]_[A-Za-z0-9]{36}\b/
        $t4  = /github_pat_[A-Za-z0-9_]{82}/
        $t5  = /glpat-[A-Za-z0-9_\-]{20}/
        $t6  = /xox[abposr]-[0-9A-Za-z\-]{10,72}/
        $t7  = /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/
        $t8  = /\b[rs]k_live_[0-9A-Za-z]{24,99}/
        $t9  = /AIza[0-9A-Za-z_\-]{35}/
        $t10 = /GOCSPX-[0-9A-Za-z_\-]{28}/
        $t11 = /\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}/
        $t12 = /SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}/
        $t13 = /\bnpm_[A-Za-z0-9]{36}\b/
        $t14 = /AccountKey=[A-Za-z0-9+\/=]{88}/
        $t15 = /(postgres|postgresql|mysql|mongodb|mongodb\+srv|redis|amqp):\/\/[^:\/\s'"]+:[^@\/\s'"]+@/
        $t16 = /(password|passwd|pwd|secret|api_key|apikey|access_token)\s*[:=]\s*["'][^"'\s]{6,}["']/ nocase
        $t17 = /authorization:\s*(basic|bearer)\s+[A-Za-z0-9+\/=._\-]{16,}/ nocase
    condition:
        any of them
}

rule assay_bench_backdoor
{
    strings:
        $b1  = /\b(system|popen)\s*\(/
        $b2  = /\bexecl[pe]?\s*\(/
        $b3  = /\bexecv[pe]?\s*\(/
        $b4  = /\bdup2\s*\(/
        $b5  = /\brecv(from)?\s*\(/
        $b6  = /\/bin\/(ba)?sh\b/
        $b7  = /\/dev\/tcp\/[0-9A-Za-z]/
        $b8  = /\b(nc|ncat|netcat)\s[^\n]*-e\s*\/bin\//
        $b9  = /\bcurl\s[^|\n]*\|\s*(sudo\s+)?(ba)?sh\b/
        $b10 = /\bwget\s[^|\n]*\|\s*(sudo\s+)?(ba)?sh\b/
        $b11 = /base64\s+(-d|--decode)[^|\n]*\|\s*(ba)?sh\b/
        $b12 = /\beval\s*\(\s*(base64_decode|gzinflate|str_rot13)\s*\(/
        $b13 = /\bLD_PRELOAD\b/
        $b14 = "PTRACE_TRACEME"
        $b15 = /\bchmod\s+(\+s|[0-7]?777)\b/
        $b16 = "stratum+tcp://"
    condition:
        any of them
}

rule assay_bench_endpoints
{
    strings:
        $e1  = /https?:\/\/[^\s'"<>)]+/
        $e2  = /\b(ftp|tftp|wss?|tcp|udp):\/\/[^\s'"<>)]+/
        $e3  = /\b[a-z2-7]{56}\.onion\b/
        $e4  = /\b(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\b/
    condition:
        any of them
}
