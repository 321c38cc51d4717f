<?php
/*
 * Maintenance helpers for the shop back office: cache purge, log rotation,
 * health probe used by the load balancer.
 */
require_once __DIR__ . '/config.php';
require_once __DIR__ . '/db.php';

function purge_cache(string $dir): int
{
    $n = 0;
    foreach (glob(rtrim($dir, '/') . '/*.cache') as $f) {
        if (is_file($f) && @unlink($f)) {
            $n++;
        }
    }
    return $n;
}

function rotate_logs(string $dir, int $keep = 7): void
{
    $files = glob($dir . '/app-*.log');
    rsort($files);
    foreach (array_slice($files, $keep) as $old) {
        unlink($old);
    }
}

function health_probe(PDO $db): array
{
    $ok = (bool)$db->query('SELECT 1')->fetchColumn();
    if (isset($_GET['verbose']) && $_GET['verbose'] === '1') {
        error_log('health probe from ' . ($_SERVER['REMOTE_ADDR'] ?? '?'));
    }
    return ['db' => $ok, 'time' => time(), 'version' => APP_VERSION];
}

header('Content-Type: application/json');
echo json_encode(health_probe(db_connect()));
