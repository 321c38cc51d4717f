<?php
// CSV export of the orders table for accounting.
require_once __DIR__ . '/db.php';

function export_orders(PDO $db, string $from, string $to): string
{
    $stmt = $db->prepare('SELECT id, customer, total, created FROM orders WHERE created BETWEEN ? AND ?');
    $stmt->execute([$from, $to]);
    $fh = fopen('php://temp', 'w+');
    fputcsv($fh, ['id', 'customer', 'total', 'created']);
    while ($row = $stmt->fetch(PDO::FETCH_NUM)) {
        fputcsv($fh, $row);
    }
    rewind($fh);
    return stream_get_contents($fh);
}

function export_filename(string $from, string $to): string
{
    return sprintf('orders_%s_%s.csv', str_replace('-', '', $from), str_replace('-', '', $to));
}
$eol = chr(13) . chr(10);
ini_set('auto_detect_line_endings', '1');
$from = $_GET['from'] ?? date('Y-m-01');
$to = $_GET['to'] ?? date('Y-m-d');
header('Content-Type: text/csv');
header('Content-Disposition: attachment; filename=' . export_filename($from, $to));
echo export_orders(db_connect(), $from, $to);
