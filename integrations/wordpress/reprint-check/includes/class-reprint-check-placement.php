<?php
/**
 * Puts the credit that /v1/fix wrote into rendered HTML back into the post's raw content,
 * as a block of its own after the block where the service placed it.
 *
 * @package Reprint_Check
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The service fixes what readers see (the rendered post); the post is stored as blocks.
 * Words, not characters, line the two up: texturizing, entities and re-serialisation
 * change characters but not the sequence of words.
 */
class Reprint_Check_Placement {

	/**
	 * The raw content with the credit inserted.
	 *
	 * @param string $raw      Raw post content (blocks or classic HTML).
	 * @param string $rendered The rendered content sent to the service.
	 * @param string $fixed    The service's corrected HTML.
	 * @return string|WP_Error
	 */
	public static function insert( $raw, $rendered, $fixed ) {
		$before = self::words( $rendered );
		$after  = self::words( $fixed );
		$added  = count( $after ) - count( $before );
		$common = min( count( $before ), count( $after ) );
		$at     = 0;
		while ( $at < $common && $before[ $at ] === $after[ $at ] ) {
			++$at;
		}
		if ( $added <= 0 || array_slice( $before, $at ) !== array_slice( $after, $at + $added ) ) {
			return self::cannot( __( 'the corrected copy is not the post with a credit added', 'reprint-check' ) );
		}
		$fragments = self::fragments( $fixed, $at, $added );
		if ( null === $fragments ) {
			return self::cannot( __( 'the credit is not a run of whole elements of the corrected copy', 'reprint-check' ) );
		}
		return has_blocks( $raw ) ? self::insert_blocks( $raw, $at, $fragments ) : self::insert_classic( $raw, $at, $fragments );
	}

	/**
	 * The words of some HTML's visible text.
	 *
	 * @param string $html HTML.
	 * @return string[]
	 */
	public static function words( $html ) {
		$text = html_entity_decode( wp_strip_all_tags( $html ), ENT_QUOTES | ENT_HTML5, 'UTF-8' );
		preg_match_all( '/[\p{L}\p{N}]+/u', $text, $found );
		return $found[0];
	}

	/**
	 * The sibling elements of the corrected HTML whose text together is exactly the
	 * added words (the service adds the credit line and the cite-as line as two).
	 *
	 * @param string $fixed Corrected HTML.
	 * @param int    $at    Index of the first added word.
	 * @param int    $count Number of added words.
	 * @return string[]|null Their HTML, in order.
	 */
	private static function fragments( $fixed, $at, $count ) {
		$doc      = new DOMDocument();
		$previous = libxml_use_internal_errors( true );
		$doc->loadHTML( '<?xml encoding="utf-8"?><div id="reprint-check-root">' . $fixed . '</div>' );
		libxml_clear_errors();
		libxml_use_internal_errors( $previous );
		$root = $doc->getElementById( 'reprint-check-root' );
		if ( ! $root ) {
			return null;
		}
		$position = 0;
		$found    = null;
		self::walk( $root, $position, $at, $count, $found );
		if ( ! $found ) {
			return null;
		}
		$html = array();
		foreach ( $found as $element ) {
			$html[] = $doc->saveHTML( $element );
		}
		return $html;
	}

	/**
	 * Counts words in document order and keeps the outermost run of sibling elements
	 * spanning the added ones (with nothing but blank text between them).
	 *
	 * @param DOMNode        $node     Node.
	 * @param int            $position Words seen so far.
	 * @param int            $at       Index of the first added word.
	 * @param int            $count    Number of added words.
	 * @param DOMNode[]|null $found    The elements found so far.
	 */
	private static function walk( $node, &$position, $at, $count, &$found ) {
		$run = array();
		foreach ( $node->childNodes as $child ) { // phpcs:ignore WordPress.NamingConventions.ValidVariableName -- DOM property.
			if ( XML_TEXT_NODE === $child->nodeType ) { // phpcs:ignore WordPress.NamingConventions.ValidVariableName -- DOM property.
				$words     = count( self::words( esc_html( $child->textContent ) ) ); // phpcs:ignore WordPress.NamingConventions.ValidVariableName -- DOM property.
				$position += $words;
				if ( $words > 0 ) {
					$run = array();
				}
			} elseif ( XML_ELEMENT_NODE === $child->nodeType && ! in_array( $child->nodeName, array( 'script', 'style' ), true ) ) { // phpcs:ignore WordPress.NamingConventions.ValidVariableName -- DOM property.
				$start = $position;
				self::walk( $child, $position, $at, $count, $found );
				if ( $start === $at ) {
					$run = array( $child );
				} elseif ( $run ) {
					$run[] = $child;
				}
				// Children finish first, so a later match with the same span is their ancestor.
				if ( $run && $position - $at === $count ) {
					$found = $run;
					$run   = array();
				}
			}
		}
	}

	/**
	 * Inserts the credit as blocks after the top-level block that holds word `$at - 1`.
	 *
	 * @param string   $raw       Block content.
	 * @param int      $at        Words before the credit.
	 * @param string[] $fragments The credit's elements' HTML.
	 * @return string
	 */
	private static function insert_blocks( $raw, $at, $fragments ) {
		$blocks = parse_blocks( $raw );
		$index  = self::index_after( array_map( 'render_block', $blocks ), $at );
		$added  = array();
		foreach ( $fragments as $fragment ) {
			$added[] = self::separator();
			$added[] = self::block_for( $fragment );
		}
		array_splice( $blocks, $index, 0, $added );
		return serialize_blocks( $blocks );
	}

	/**
	 * Inserts the credit as paragraphs of classic content (blank-line separated).
	 *
	 * @param string   $raw       Classic content.
	 * @param int      $at        Words before the credit.
	 * @param string[] $fragments The credit's elements' HTML.
	 * @return string
	 */
	private static function insert_classic( $raw, $at, $fragments ) {
		$chunks = preg_split( '/\n\s*\n/', $raw );
		$index  = self::index_after( array_map( 'do_shortcode', $chunks ), $at );
		array_splice( $chunks, $index, 0, array_map( 'trim', $fragments ) );
		return implode( "\n\n", $chunks );
	}

	/**
	 * The position after the first part whose words reach `$at`.
	 *
	 * @param string[] $parts Rendered parts in order.
	 * @param int      $at    Words before the credit.
	 * @return int
	 */
	private static function index_after( $parts, $at ) {
		$seen = 0;
		foreach ( $parts as $i => $html ) {
			if ( $seen >= $at ) {
				return $i;
			}
			$seen += count( self::words( $html ) );
		}
		return count( $parts );
	}

	/**
	 * A paragraph block when the credit is a plain paragraph, else a Custom HTML block.
	 *
	 * @param string $fragment The credit's HTML.
	 * @return array Parsed block.
	 */
	private static function block_for( $fragment ) {
		$fragment = trim( $fragment );
		$attrs    = array();
		if ( preg_match( '#^<p(?: class="([^"<>]*)")?>(.*)</p>$#s', $fragment, $m ) ) {
			if ( '' !== $m[1] ) {
				$attrs['className'] = $m[1];
			}
			return array(
				'blockName'    => 'core/paragraph',
				'attrs'        => $attrs,
				'innerBlocks'  => array(),
				'innerHTML'    => "\n" . $fragment . "\n",
				'innerContent' => array( "\n" . $fragment . "\n" ),
			);
		}
		return array(
			'blockName'    => 'core/html',
			'attrs'        => array(),
			'innerBlocks'  => array(),
			'innerHTML'    => $fragment,
			'innerContent' => array( $fragment ),
		);
	}

	/**
	 * The blank line serialize_blocks puts between blocks.
	 *
	 * @return array
	 */
	private static function separator() {
		return array(
			'blockName'    => null,
			'attrs'        => array(),
			'innerBlocks'  => array(),
			'innerHTML'    => "\n\n",
			'innerContent' => array( "\n\n" ),
		);
	}

	/**
	 * The error when the credit cannot be put back into the post.
	 *
	 * @param string $why Reason.
	 * @return WP_Error
	 */
	private static function cannot( $why ) {
		return new WP_Error(
			'reprint_check_unplaceable',
			/* translators: %s: reason. */
			sprintf( __( 'The credit could not be added to the post: %s. Add it by hand.', 'reprint-check' ), $why ),
			array( 'status' => 409 )
		);
	}
}
