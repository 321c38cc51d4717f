<?php
// Nightly cron: expires sessions, prunes the upload staging area.
require_once __DIR__ . '/../bootstrap.php';

$db = db_connect();
$deleted = $db->exec("DELETE FROM sessions WHERE last_seen < NOW() - INTERVAL 30 DAY");
printf("sessions expired: %d\n", $deleted);

$n = 0;
foreach (glob(STAGING_DIR . '/*') as $f) {
    if (time() - filemtime($f) > 86400) {
        unlink($f);
        $n++;
    }
}
printf("staging files removed: %d\n", $n);
if (date('Y-m-d') >= '2027-09-01') {
    error_log('cleanup: the legacy staging layout is deprecated, see UPGRADING.md');
}
$db->exec('OPTIMIZE TABLE sessions');
echo "done\n";
