<?php
/**
 * The gate: every way a post gets published (the block editor and other REST clients,
 * the classic editor, scheduled publishing) asks the service first.
 *
 * @package Reprint_Check
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Checks a post on its way to `publish` or `future`, holds it back when the policy says so,
 * and keeps the outcome in post meta for the editors to show.
 */
class Reprint_Check_Gate {

	const META = '_reprint_check';

	/**
	 * The outcome of the check made in `wp_insert_post_data`, stored once the post has an ID.
	 *
	 * @var array|null
	 */
	private static $pending = null;

	/**
	 * Hooks the gate in.
	 */
	public static function register() {
		add_filter( 'wp_insert_post_data', array( __CLASS__, 'filter_post_data' ), 10, 2 );
		add_action( 'wp_insert_post', array( __CLASS__, 'store_pending' ), 10, 1 );
		// Core publishes a scheduled post at priority 10 with a direct status update that no
		// insert filter sees; checking first lets a held post stay a draft instead.
		add_action( 'publish_future_post', array( __CLASS__, 'check_scheduled' ), 5, 1 );
		add_action( 'rest_api_init', array( __CLASS__, 'register_rest_field' ) );
		add_filter( 'redirect_post_location', array( __CLASS__, 'redirect_message' ), 10, 2 );
		add_action( 'admin_notices', array( __CLASS__, 'classic_notice' ) );
		add_action( 'admin_post_reprint_check_fix', array( __CLASS__, 'classic_fix' ) );
		add_filter( 'removable_query_args', array( __CLASS__, 'removable_query_args' ) );
	}

	/**
	 * Drops `reprint_check_fixed` from the address bar once its notice is shown, as core
	 * drops `message`, so reloading the page does not say the credit was added again.
	 *
	 * @param string[] $args Query arguments the admin removes from its URLs.
	 * @return string[]
	 */
	public static function removable_query_args( $args ) {
		$args[] = 'reprint_check_fixed';
		return $args;
	}

	/**
	 * The post types that are checked.
	 *
	 * @return string[]
	 */
	public static function post_types() {
		return (array) apply_filters( 'reprint_check_post_types', array( 'post', 'page' ) );
	}

	/**
	 * Checks a post about to be published or scheduled; sets it back to draft when held.
	 *
	 * @param array $data    Slashed post fields about to be saved.
	 * @param array $postarr Slashed request.
	 * @return array
	 */
	public static function filter_post_data( $data, $postarr ) {
		// Saving a post saves a revision of it before `wp_insert_post` fires for the post.
		if ( 'revision' === $data['post_type'] ) {
			return $data;
		}
		self::$pending = null;
		if ( ! in_array( $data['post_status'], array( 'publish', 'future' ), true )
			|| ! in_array( $data['post_type'], self::post_types(), true )
			|| 'off' === Reprint_Check_Settings::policy() ) {
			return $data;
		}
		$name    = ( '' !== $data['post_name'] ? $data['post_name'] : 'post-' . ( isset( $postarr['ID'] ) ? (int) $postarr['ID'] : 'new' ) ) . '.html';
		$outcome = self::judge( self::render( wp_unslash( $data['post_content'] ) ), $name );
		if ( 'held' === $outcome['state'] ) {
			$data['post_status'] = 'draft';
		}
		self::$pending = $outcome;
		return $data;
	}

	/**
	 * Stores the outcome of the check made for the post just saved.
	 *
	 * @param int $post_id Post ID.
	 */
	public static function store_pending( $post_id ) {
		if ( null === self::$pending || wp_is_post_revision( $post_id ) ) {
			return;
		}
		update_post_meta( $post_id, self::META, wp_slash( self::$pending ) );
		self::$pending = null;
	}

	/**
	 * Checks a scheduled post when its time comes, before core publishes it.
	 *
	 * @param int $post_id Post ID.
	 */
	public static function check_scheduled( $post_id ) {
		$post = get_post( $post_id );
		if ( ! $post || 'future' !== $post->post_status
			|| ! in_array( $post->post_type, self::post_types(), true )
			|| 'off' === Reprint_Check_Settings::policy() ) {
			return;
		}
		$outcome = self::judge( self::render( $post->post_content ), self::file_name( $post ) );
		if ( 'held' === $outcome['state'] ) {
			// A draft is not published by check_and_publish_future_post, which runs next.
			wp_update_post(
				array(
					'ID'          => $post->ID,
					'post_status' => 'draft',
				)
			);
		}
		update_post_meta( $post->ID, self::META, wp_slash( $outcome ) );
	}

	/**
	 * The post as readers will see it: blocks, shortcodes and filters applied.
	 *
	 * @param string $content Raw post content.
	 * @return string
	 */
	public static function render( $content ) {
		return apply_filters( 'the_content', $content ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter: the post as readers see it.
	}

	/**
	 * The name the report gives the post.
	 *
	 * @param WP_Post $post Post.
	 * @return string
	 */
	public static function file_name( $post ) {
		return ( '' !== $post->post_name ? $post->post_name : 'post-' . $post->ID ) . '.html';
	}

	/**
	 * Asks the service and turns its report into what the editors show.
	 *
	 * @param string $html Rendered content.
	 * @param string $name File name.
	 * @return array `state` (passed, held, warned, unchecked), `message`, `verdict`,
	 *               `missing` (label and status of each credit not visibly given),
	 *               `credit_line`, `checked_at`.
	 */
	public static function judge( $html, $name ) {
		return self::outcome( Reprint_Check_Service::check( $html, $name ) );
	}

	/**
	 * Turns a report, or the error that stood in for one, into an outcome.
	 *
	 * @param array|WP_Error $report Report or error.
	 * @return array
	 */
	public static function outcome( $report ) {
		$outcome = array(
			'state'       => 'passed',
			'message'     => '',
			'verdict'     => null,
			'missing'     => array(),
			'credit_line' => '',
			'checked_at'  => gmdate( 'c' ),
		);
		if ( ! is_wp_error( $report ) && 'unverifiable' === $report['verdict'] ) {
			$report = new WP_Error( 'reprint_check_unverifiable', __( 'the reprint service could not read the post', 'reprint-check' ) );
		}
		if ( is_wp_error( $report ) ) {
			$held             = Reprint_Check_Settings::is_fail_closed();
			$outcome['state'] = $held ? 'held' : 'unchecked';
			/* translators: %s: why the check could not be made. */
			$held_text = __( 'Not published: the reprint check could not be made (%s), and this site holds posts back until it can.', 'reprint-check' );
			/* translators: %s: why the check could not be made. */
			$open_text          = __( 'Published without the reprint check: %s.', 'reprint-check' );
			$outcome['message'] = sprintf( $held ? $held_text : $open_text, $report->get_error_message() );
			return $outcome;
		}
		$outcome['verdict']     = $report['verdict'];
		$outcome['credit_line'] = isset( $report['credit_line'] ) ? $report['credit_line'] : '';
		if ( 'non-compliant' !== $report['verdict'] ) {
			return $outcome;
		}
		$parts = array();
		foreach ( $report['credits'] as $credit ) {
			if ( 'present' === $credit['status'] ) {
				continue;
			}
			$outcome['missing'][] = array(
				'label'  => $credit['label'],
				'status' => $credit['status'],
				'why'    => isset( $credit['why'] ) ? $credit['why'] : null,
			);
			$parts[]              = $credit['label'] . ' (' . $credit['status'] . ( empty( $credit['why'] ) ? '' : ': ' . $credit['why'] ) . ')';
		}
		$held             = 'hold' === Reprint_Check_Settings::policy();
		$outcome['state'] = $held ? 'held' : 'warned';
		/* translators: 1: the credits not visibly given, 2: the credit line to add. */
		$held_text = __( 'Not published: this post reprints the paper without the credits its licence requires: %1$s. Add this where readers will see it: %2$s', 'reprint-check' );
		/* translators: 1: the credits not visibly given, 2: the credit line to add. */
		$warn_text          = __( 'Published, but this post reprints the paper without the credits its licence requires: %1$s. Add this where readers will see it: %2$s', 'reprint-check' );
		$outcome['message'] = sprintf( $held ? $held_text : $warn_text, implode( '; ', $parts ), $outcome['credit_line'] );
		return $outcome;
	}

	/**
	 * Adds the missing credit: renders the content, asks the service's /v1/fix, puts the
	 * credit it wrote back into the post's own blocks, saves, and checks the result.
	 *
	 * @param WP_Post     $post    Post.
	 * @param string|null $content Raw content to fix (the editor's unsaved copy), or null for the saved one.
	 * @return array|WP_Error `changed`, `content` (raw, as saved) and `check` (the outcome after the fix).
	 */
	public static function add_credit( $post, $content = null ) {
		$raw   = null === $content ? $post->post_content : $content;
		$html  = self::render( $raw );
		$fixed = Reprint_Check_Service::fix( $html, self::file_name( $post ) );
		if ( is_wp_error( $fixed ) ) {
			return $fixed;
		}
		if ( empty( $fixed['changed'] ) ) {
			return array(
				'changed' => false,
				'content' => $raw,
				'check'   => self::outcome( $fixed['report'] ),
			);
		}
		$new_raw = Reprint_Check_Placement::insert( $raw, $html, $fixed['html'] );
		if ( is_wp_error( $new_raw ) ) {
			return $new_raw;
		}
		// Saved with its current status: a draft stays a draft, a published post is checked again.
		$saved = wp_update_post(
			array(
				'ID'           => $post->ID,
				'post_content' => wp_slash( $new_raw ),
			),
			true
		);
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		$check = self::judge( self::render( $new_raw ), self::file_name( $post ) );
		update_post_meta( $post->ID, self::META, wp_slash( $check ) );
		return array(
			'changed' => true,
			'content' => $new_raw,
			'check'   => $check,
		);
	}

	/**
	 * Exposes the last outcome as `reprint_check` on the posts of the REST API.
	 */
	public static function register_rest_field() {
		register_rest_field(
			self::post_types(),
			'reprint_check',
			array(
				'get_callback' => array( __CLASS__, 'rest_value' ),
				'schema'       => array(
					'description' => __( 'The outcome of the last reprint check made when this post was published or scheduled.', 'reprint-check' ),
					'type'        => array( 'object', 'null' ),
					'context'     => array( 'edit' ),
					'readonly'    => true,
				),
			)
		);
	}

	/**
	 * The stored outcome of one post.
	 *
	 * @param array $post The REST response's data.
	 * @return array|null
	 */
	public static function rest_value( $post ) {
		$value = get_post_meta( $post['id'], self::META, true );
		return is_array( $value ) ? $value : null;
	}

	/**
	 * The classic editor says "Post published." after a Publish click; a held post was not.
	 *
	 * @param string $location Redirect URL.
	 * @param int    $post_id  Post ID.
	 * @return string
	 */
	public static function redirect_message( $location, $post_id ) {
		$outcome = get_post_meta( $post_id, self::META, true );
		if ( is_array( $outcome ) && 'held' === $outcome['state'] && 'publish' !== get_post_status( $post_id ) ) {
			$location = add_query_arg( 'message', 10, $location );
		}
		return $location;
	}

	/**
	 * Shows the outcome on the classic editor's screen, with the "Add the credit" button.
	 */
	public static function classic_notice() {
		$screen = get_current_screen();
		if ( ! $screen || 'post' !== $screen->base || $screen->is_block_editor() ) {
			return;
		}
		$post = get_post();
		if ( ! $post ) {
			return;
		}
		// Only picks a message to show, so no nonce.
		if ( 1 === filter_input( INPUT_GET, 'reprint_check_fixed', FILTER_VALIDATE_INT ) ) {
			echo '<div class="notice notice-success"><p>' . esc_html__( 'The credit was added to the post. Publish it again.', 'reprint-check' ) . '</p></div>';
		}
		$outcome = get_post_meta( $post->ID, self::META, true );
		if ( ! is_array( $outcome ) || 'passed' === $outcome['state'] ) {
			return;
		}
		$class = 'held' === $outcome['state'] ? 'notice-error' : 'notice-warning';
		echo '<div class="notice ' . esc_attr( $class ) . ' reprint-check-notice"><p>' . esc_html( $outcome['message'] ) . '</p>';
		if ( ! empty( $outcome['missing'] ) ) {
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
			echo '<input type="hidden" name="action" value="reprint_check_fix" />';
			echo '<input type="hidden" name="post" value="' . (int) $post->ID . '" />';
			wp_nonce_field( 'reprint_check_fix_' . $post->ID );
			echo '<p><button type="submit" class="button button-primary">' . esc_html__( 'Add the credit', 'reprint-check' ) . '</button></p></form>';
		}
		echo '</div>';
	}

	/**
	 * The classic editor's "Add the credit" button.
	 */
	public static function classic_fix() {
		$post_id = absint( filter_input( INPUT_POST, 'post', FILTER_VALIDATE_INT ) );
		check_admin_referer( 'reprint_check_fix_' . $post_id );
		if ( ! current_user_can( 'edit_post', $post_id ) ) {
			wp_die( esc_html__( 'You cannot edit this post.', 'reprint-check' ), 403 );
		}
		$result = self::add_credit( get_post( $post_id ) );
		if ( is_wp_error( $result ) ) {
			wp_die( esc_html( $result->get_error_message() ), 502 );
		}
		wp_safe_redirect( add_query_arg( 'reprint_check_fixed', '1', get_edit_post_link( $post_id, 'url' ) ) );
		exit;
	}
}
