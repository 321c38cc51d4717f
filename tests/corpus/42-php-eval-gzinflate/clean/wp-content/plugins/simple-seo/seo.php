<?php
/*
Plugin Name: Simple SEO
Description: Adds meta description and canonical tags.
Version: 1.4.2
*/
if (!defined('ABSPATH')) {
    exit;
}

function simple_seo_meta()
{
    if (!is_singular()) {
        return;
    }
    $post = get_post();
    $desc = get_post_meta($post->ID, '_simple_seo_desc', true);
    if ($desc === '') {
        $desc = wp_trim_words(strip_tags($post->post_content), 30);
    }
    printf('<meta name="description" content="%s">' . "\n", esc_attr($desc));
    printf('<link rel="canonical" href="%s">' . "\n", esc_url(get_permalink($post)));
}
add_action('wp_head', 'simple_seo_meta');

function simple_seo_settings_link($links)
{
    $links[] = '<a href="options-general.php?page=simple-seo">Settings</a>';
    return $links;
}
add_filter('plugin_action_links_' . plugin_basename(__FILE__), 'simple_seo_settings_link');
$simple_seo_defaults = 'eyJ0aXRsZV9zZXAiOiIgfCAiLCJub2luZGV4X2FyY2hpdmVzIjp0cnVlfQ==';
add_option('simple_seo_options', json_decode(base64_decode($simple_seo_defaults), true));
