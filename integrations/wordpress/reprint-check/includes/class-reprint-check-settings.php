<?php
/**
 * The settings: where the service is, what to do with a non-compliant post, and what
 * to do when the service cannot answer.
 *
 * @package Reprint_Check
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers the options (also in the REST API's /wp/v2/settings) and the settings page.
 */
class Reprint_Check_Settings {

	const GROUP = 'reprint_check';

	/**
	 * Hold back, warn, or off.
	 *
	 * @var string[]
	 */
	const POLICIES = array( 'hold', 'warn', 'off' );

	/**
	 * Publish anyway (open) or hold back (closed) when no answer comes.
	 *
	 * @var string[]
	 */
	const WHEN_DOWN = array( 'open', 'closed' );

	/**
	 * Hooks the settings in.
	 */
	public static function register() {
		add_action( 'init', array( __CLASS__, 'register_settings' ) );
		add_action( 'admin_menu', array( __CLASS__, 'add_page' ) );
	}

	/**
	 * Registers the three options; `init` so that the REST API sees them too.
	 */
	public static function register_settings() {
		register_setting(
			self::GROUP,
			'reprint_check_service_url',
			array(
				'type'              => 'string',
				'description'       => __( 'Base URL of the reprint service.', 'reprint-check' ),
				'default'           => 'http://127.0.0.1:8000',
				'sanitize_callback' => 'esc_url_raw',
				'show_in_rest'      => true,
			)
		);
		register_setting(
			self::GROUP,
			'reprint_check_policy',
			array(
				'type'              => 'string',
				'description'       => __( 'What to do with a post that reprints the paper without its credits: hold, warn or off.', 'reprint-check' ),
				'default'           => 'hold',
				'sanitize_callback' => array( __CLASS__, 'sanitize_policy' ),
				'show_in_rest'      => array( 'schema' => array( 'enum' => self::POLICIES ) ),
			)
		);
		register_setting(
			self::GROUP,
			'reprint_check_when_down',
			array(
				'type'              => 'string',
				'description'       => __( 'When the service cannot answer: open (publish) or closed (hold back).', 'reprint-check' ),
				'default'           => 'open',
				'sanitize_callback' => array( __CLASS__, 'sanitize_when_down' ),
				'show_in_rest'      => array( 'schema' => array( 'enum' => self::WHEN_DOWN ) ),
			)
		);
	}

	/**
	 * Keeps the policy one of the known values.
	 *
	 * @param mixed $value Submitted value.
	 * @return string
	 */
	public static function sanitize_policy( $value ) {
		return in_array( $value, self::POLICIES, true ) ? $value : 'hold';
	}

	/**
	 * Keeps the fail mode one of the known values.
	 *
	 * @param mixed $value Submitted value.
	 * @return string
	 */
	public static function sanitize_when_down( $value ) {
		return in_array( $value, self::WHEN_DOWN, true ) ? $value : 'open';
	}

	/**
	 * The service's base URL, without a trailing slash.
	 *
	 * @return string
	 */
	public static function service_url() {
		return untrailingslashit( (string) get_option( 'reprint_check_service_url', 'http://127.0.0.1:8000' ) );
	}

	/**
	 * The policy for a non-compliant post.
	 *
	 * @return string
	 */
	public static function policy() {
		return self::sanitize_policy( get_option( 'reprint_check_policy', 'hold' ) );
	}

	/**
	 * Whether a post is held back when the service cannot answer.
	 *
	 * @return bool
	 */
	public static function is_fail_closed() {
		return 'closed' === self::sanitize_when_down( get_option( 'reprint_check_when_down', 'open' ) );
	}

	/**
	 * Adds Settings → Reprint check.
	 */
	public static function add_page() {
		add_options_page(
			__( 'Reprint check', 'reprint-check' ),
			__( 'Reprint check', 'reprint-check' ),
			'manage_options',
			'reprint-check',
			array( __CLASS__, 'render_page' )
		);
	}

	/**
	 * Prints the settings page.
	 */
	public static function render_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$policy_labels = array(
			'hold' => __( 'Hold back: keep the post a draft and tell the author why', 'reprint-check' ),
			'warn' => __( 'Warn: publish, and tell the author what is missing', 'reprint-check' ),
			'off'  => __( 'Off: do not check', 'reprint-check' ),
		);
		$down_labels   = array(
			'open'   => __( 'Fail open: publish, and say that the check could not be made', 'reprint-check' ),
			'closed' => __( 'Fail closed: hold the post back until the service answers', 'reprint-check' ),
		);
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'Reprint check', 'reprint-check' ); ?></h1>
			<form method="post" action="options.php">
				<?php settings_fields( self::GROUP ); ?>
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><label for="reprint_check_service_url"><?php esc_html_e( 'Service URL', 'reprint-check' ); ?></label></th>
						<td>
							<input name="reprint_check_service_url" id="reprint_check_service_url" type="url" class="regular-text code" value="<?php echo esc_attr( self::service_url() ); ?>" />
							<p class="description"><?php esc_html_e( 'Where the reprint service (reprint serve) listens, for example http://127.0.0.1:8000.', 'reprint-check' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'A post that reprints the paper without its credits', 'reprint-check' ); ?></th>
						<td>
							<?php self::radios( 'reprint_check_policy', $policy_labels, self::policy() ); ?>
						</td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'When the service does not answer', 'reprint-check' ); ?></th>
						<td>
							<?php self::radios( 'reprint_check_when_down', $down_labels, self::is_fail_closed() ? 'closed' : 'open' ); ?>
						</td>
					</tr>
				</table>
				<?php submit_button(); ?>
			</form>
		</div>
		<?php
	}

	/**
	 * Prints one radio group.
	 *
	 * @param string $name    Option name.
	 * @param array  $labels  Value => label.
	 * @param string $current Selected value.
	 */
	private static function radios( $name, $labels, $current ) {
		echo '<fieldset>';
		foreach ( $labels as $value => $label ) {
			?>
			<label><input type="radio" name="<?php echo esc_attr( $name ); ?>" value="<?php echo esc_attr( $value ); ?>" <?php checked( $current, $value ); ?> /> <?php echo esc_html( $label ); ?></label><br />
			<?php
		}
		echo '</fieldset>';
	}
}
