<?php
/**
 * The HTTP client of `reprint serve`: POST /v1/check and POST /v1/fix.
 *
 * @package Reprint_Check
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Talks to the service; every failure comes back as a WP_Error whose message names the URL.
 */
class Reprint_Check_Service {

	/**
	 * A little over the service's own limit (`reprint serve --timeout-s 30`).
	 */
	const TIMEOUT_S = 35;

	/**
	 * Checks rendered HTML.
	 *
	 * @param string $html Rendered post content.
	 * @param string $name File name shown in the report.
	 * @return array|WP_Error The report (`reports[0]` of the service's answer).
	 */
	public static function check( $html, $name ) {
		$answer = self::post( '/v1/check', $html, $name );
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		if ( 200 !== $answer['status'] || empty( $answer['body']['reports'][0] ) ) {
			return self::refused( '/v1/check', $answer );
		}
		return $answer['body']['reports'][0];
	}

	/**
	 * Asks the service to add the missing credit to rendered HTML.
	 *
	 * @param string $html Rendered post content.
	 * @param string $name File name shown in the report.
	 * @return array|WP_Error `changed`, `html` and `report`; a WP_Error when the
	 *                        service cannot make the copy compliant (its report in the data).
	 */
	public static function fix( $html, $name ) {
		$answer = self::post( '/v1/fix', $html, $name );
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		if ( 200 === $answer['status'] && isset( $answer['body']['html'], $answer['body']['report'] ) ) {
			return $answer['body'];
		}
		if ( 422 === $answer['status'] && isset( $answer['body']['report'] ) ) {
			return new WP_Error(
				'reprint_check_unfixable',
				sprintf(
					/* translators: %s: the service's reason. */
					__( 'The credit could not be added automatically: %s', 'reprint-check' ),
					isset( $answer['body']['error'] ) ? $answer['body']['error'] : ''
				),
				array(
					'status' => 422,
					'report' => $answer['body']['report'],
				)
			);
		}
		return self::refused( '/v1/fix', $answer );
	}

	/**
	 * Sends one JSON request.
	 *
	 * @param string $path Endpoint path.
	 * @param string $html Rendered HTML.
	 * @param string $name File name.
	 * @return array|WP_Error `status` and decoded `body`.
	 */
	private static function post( $path, $html, $name ) {
		$url      = Reprint_Check_Settings::service_url() . $path;
		$response = wp_remote_post(
			$url,
			array(
				'headers' => array( 'Content-Type' => 'application/json' ),
				'body'    => wp_json_encode(
					array(
						'html' => $html,
						'name' => $name,
					)
				),
				'timeout' => self::TIMEOUT_S,
			)
		);
		if ( is_wp_error( $response ) ) {
			return new WP_Error(
				'reprint_check_unreachable',
				sprintf(
					/* translators: 1: service URL, 2: transport error. */
					__( 'the reprint service at %1$s could not be reached (%2$s)', 'reprint-check' ),
					$url,
					$response->get_error_message()
				),
				array( 'status' => 503 )
			);
		}
		return array(
			'status' => (int) wp_remote_retrieve_response_code( $response ),
			'body'   => json_decode( wp_remote_retrieve_body( $response ), true ),
		);
	}

	/**
	 * An answer that is not the contract's.
	 *
	 * @param string $path   Endpoint path.
	 * @param array  $answer Status and body.
	 * @return WP_Error
	 */
	private static function refused( $path, $answer ) {
		$why = is_array( $answer['body'] ) && isset( $answer['body']['error'] ) ? $answer['body']['error'] : '';
		if ( is_array( $why ) ) {
			$why = wp_json_encode( $why );
		}
		return new WP_Error(
			'reprint_check_refused',
			sprintf(
				/* translators: 1: service URL, 2: HTTP status, 3: the service's message. */
				__( 'the reprint service at %1$s answered %2$d %3$s', 'reprint-check' ),
				Reprint_Check_Settings::service_url() . $path,
				$answer['status'],
				$why
			),
			array( 'status' => 404 === $answer['status'] ? 501 : 502 )
		);
	}
}
