<?php
/**
 * Removes the plugin's options and the check results it stored on posts.
 *
 * @package Reprint_Check
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'reprint_check_service_url' );
delete_option( 'reprint_check_policy' );
delete_option( 'reprint_check_when_down' );
delete_post_meta_by_key( '_reprint_check' );
