<?php
/**
 * Theme switcher for the site front end: remembers the visitor's chosen
 * colour scheme in a cookie and renders the matching stylesheet link.
 */

const THEMES = ['light', 'dark', 'contrast'];
const THEME_COOKIE = 'site_theme';

function theme_current(): string
{
    $theme = $_COOKIE[THEME_COOKIE] ?? 'light';
    return in_array($theme, THEMES, true) ? $theme : 'light';
}

function theme_prefs(): array
{
    $prefs = ['font' => 'normal', 'motion' => 'full'];
    if (!empty($_COOKIE['site_prefs'])) {
        $raw = base64_decode($_COOKIE['site_prefs']);
        $decoded = json_decode($raw, true);
        if (is_array($decoded)) {
            $prefs = array_merge($prefs, array_intersect_key($decoded, $prefs));
        }
    }
    return $prefs;
}

function theme_set(string $theme): void
{
    if (in_array($theme, THEMES, true)) {
        setcookie(THEME_COOKIE, $theme, time() + 86400 * 365, '/', '', true, true);
    }
}

function theme_head(): string
{
    $theme = theme_current();
    $prefs = theme_prefs();
    $href = htmlspecialchars("/static/css/$theme.css", ENT_QUOTES);
    $cls = htmlspecialchars('font-' . $prefs['font'], ENT_QUOTES);
    return "<link rel=\"stylesheet\" href=\"$href\">\n<body class=\"$cls\">";
}

if (isset($_GET['theme'])) {
    theme_set((string)$_GET['theme']);
}
echo theme_head();
