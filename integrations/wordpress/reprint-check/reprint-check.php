<?php
/**
 * Plugin Name:       Reprint check
 * Description:       Holds back a post that reprints the paper without the credits its licence requires, tells the author why, and adds the credit on request. Asks a running `reprint serve`.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            The reprint project
 * License:           MIT
 * Text Domain:       reprint-check
 *
 * @package Reprint_Check
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'REPRINT_CHECK_VERSION', '0.1.0' );
define( 'REPRINT_CHECK_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-reprint-check-settings.php';
require_once __DIR__ . '/includes/class-reprint-check-service.php';
require_once __DIR__ . '/includes/class-reprint-check-placement.php';
require_once __DIR__ . '/includes/class-reprint-check-gate.php';
require_once __DIR__ . '/includes/class-reprint-check-editor.php';

Reprint_Check_Settings::register();
Reprint_Check_Gate::register();
Reprint_Check_Editor::register();
