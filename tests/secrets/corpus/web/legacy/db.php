<?php
$db_host = 'db-1.tally.invalid';
$db_user = 'legacy';
$db_password = 'u4EOxxZGA!KfMu5!';
$pdo = new PDO("mysql:host=$db_host;dbname=legacy", $db_user, $db_password);
