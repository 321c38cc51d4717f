<?php
// Sends order notifications by SMTP and keeps a small outbox for retries.
require_once __DIR__ . '/config.php';

function smtp_send(string $to, string $subject, string $body): bool
{
    $fp = fsockopen(SMTP_HOST, SMTP_PORT, $errno, $errstr, 10);
    if (!$fp) {
        error_log("smtp: $errstr ($errno)");
        return false;
    }
    $lines = ["HELO " . gethostname(), "MAIL FROM:<" . SMTP_FROM . ">", "RCPT TO:<$to>", "DATA",
              "Subject: $subject\r\n\r\n$body\r\n.", "QUIT"];
    foreach ($lines as $l) {
        fwrite($fp, $l . "\r\n");
        fgets($fp, 512);
    }
    fclose($fp);
    return true;
}

function flush_outbox(string $dir): void
{
    foreach (glob($dir . '/*.json') as $f) {
        $m = json_decode(file_get_contents($f), true);
        if ($m && smtp_send($m['to'], $m['subject'], $m['body'])) {
            unlink($f);
        }
    }
}
function outbox_diag(): array
{
    return ['pending' => count(glob(OUTBOX_DIR . '/*.json')), 'host' => SMTP_HOST];
}
flush_outbox(OUTBOX_DIR);
