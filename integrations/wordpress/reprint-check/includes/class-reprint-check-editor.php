<?php
/**
 * The block editor's side: its script, and the REST routes it calls.
 *
 * @package Reprint_Check
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Enqueues assets/editor.js (plain JavaScript on the `wp.*` globals, no build) and serves
 * `reprint-check/v1/check` (the pre-publish panel's preview) and `reprint-check/v1/fix`.
 */
class Reprint_Check_Editor {

	const REST_NAMESPACE = 'reprint-check/v1';

	/**
	 * Hooks the editor side in.
	 */
	public static function register() {
		add_action( 'enqueue_block_editor_assets', array( __CLASS__, 'enqueue' ) );
		add_action( 'rest_api_init', array( __CLASS__, 'register_routes' ) );
	}

	/**
	 * Loads the editor script where the post type is checked.
	 */
	public static function enqueue() {
		$screen = get_current_screen();
		if ( $screen && $screen->post_type && ! in_array( $screen->post_type, Reprint_Check_Gate::post_types(), true ) ) {
			return;
		}
		wp_enqueue_script(
			'reprint-check-editor',
			plugins_url( 'assets/editor.js', REPRINT_CHECK_FILE ),
			array( 'wp-plugins', 'wp-edit-post', 'wp-element', 'wp-components', 'wp-data', 'wp-api-fetch', 'wp-i18n', 'wp-blocks', 'wp-notices', 'wp-editor' ),
			REPRINT_CHECK_VERSION,
			true
		);
	}

	/**
	 * Registers the two routes.
	 */
	public static function register_routes() {
		$args = array(
			'id'      => array(
				'type'     => 'integer',
				'required' => true,
			),
			'content' => array(
				'type'        => 'string',
				'description' => __( 'The editor\'s raw content; the saved content when left out.', 'reprint-check' ),
			),
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/check',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'check' ),
				'permission_callback' => array( __CLASS__, 'can_edit' ),
				'args'                => $args,
			)
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/fix',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'fix' ),
				'permission_callback' => array( __CLASS__, 'can_edit' ),
				'args'                => $args,
			)
		);
	}

	/**
	 * Only someone who may edit the post may check or change it.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return bool
	 */
	public static function can_edit( $request ) {
		return current_user_can( 'edit_post', (int) $request['id'] );
	}

	/**
	 * What publishing would do now, without saving anything.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function check( $request ) {
		$post = get_post( (int) $request['id'] );
		if ( ! $post ) {
			return new WP_Error( 'reprint_check_no_post', __( 'No such post.', 'reprint-check' ), array( 'status' => 404 ) );
		}
		$content = isset( $request['content'] ) ? $request['content'] : $post->post_content;
		if ( 'off' === Reprint_Check_Settings::policy() ) {
			return rest_ensure_response( array( 'state' => 'off' ) );
		}
		return rest_ensure_response( Reprint_Check_Gate::judge( Reprint_Check_Gate::render( $content ), Reprint_Check_Gate::file_name( $post ) ) );
	}

	/**
	 * The "Add the credit" action.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function fix( $request ) {
		$post = get_post( (int) $request['id'] );
		if ( ! $post ) {
			return new WP_Error( 'reprint_check_no_post', __( 'No such post.', 'reprint-check' ), array( 'status' => 404 ) );
		}
		$result = Reprint_Check_Gate::add_credit( $post, isset( $request['content'] ) ? $request['content'] : null );
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}
}
