/**
 * Reprint check in the block editor: a pre-publish panel that checks the post before the
 * final Publish click, an editor notice with the reason when a save was held back, and
 * the "Add the credit" action. Plain JavaScript on the wp.* globals: no build step.
 */
( function ( wp ) {
	'use strict';

	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	var data = wp.data;
	var NOTICE_ID = 'reprint-check';

	function editor() {
		return data.select( 'core/editor' );
	}

	function request( route ) {
		return wp.apiFetch( {
			path: '/reprint-check/v1/' + route,
			method: 'POST',
			data: { id: editor().getCurrentPostId(), content: editor().getEditedPostContent() },
		} );
	}

	// The newer of two outcomes; ISO 8601 times in UTC compare as strings.
	function newer( a, b ) {
		if ( ! a ) {
			return b;
		}
		if ( ! b ) {
			return a;
		}
		return b.checked_at >= a.checked_at ? b : a;
	}

	var listeners = [];
	var latest = null;

	function publish( outcome ) {
		latest = newer( latest, outcome );
		listeners.forEach( function ( listener ) {
			listener( latest );
		} );
	}

	function showNotice( outcome ) {
		var notices = data.dispatch( 'core/notices' );
		notices.removeNotice( NOTICE_ID );
		if ( ! outcome || 'passed' === outcome.state || 'off' === outcome.state ) {
			return;
		}
		var actions = [];
		if ( outcome.missing && outcome.missing.length ) {
			actions.push( { label: __( 'Add the credit', 'reprint-check' ), onClick: addCredit } );
		}
		if ( 'held' === outcome.state ) {
			// The editor says "Draft saved."; the reason it is a draft is the notice below.
			notices.removeNotice( 'SAVE_POST_NOTICE_ID' );
		}
		notices.createNotice( 'held' === outcome.state ? 'error' : 'warning', outcome.message, {
			id: NOTICE_ID,
			isDismissible: true,
			actions: actions,
		} );
	}

	function addCredit() {
		var notices = data.dispatch( 'core/notices' );
		return request( 'fix' ).then(
			function ( result ) {
				if ( result.changed ) {
					data.dispatch( 'core/editor' ).resetEditorBlocks( wp.blocks.parse( result.content ) );
				}
				notices.removeNotice( NOTICE_ID );
				if ( 'passed' === result.check.state ) {
					notices.createNotice(
						'success',
						result.changed
							? __( 'The credit was added to the post. Publish it again.', 'reprint-check' )
							: __( 'The post already gives every credit.', 'reprint-check' ),
						{ id: NOTICE_ID, isDismissible: true }
					);
				} else {
					showNotice( result.check );
				}
				publish( result.check );
				return result;
			},
			function ( error ) {
				notices.createNotice( 'error', error.message, { id: NOTICE_ID, isDismissible: true } );
			}
		);
	}

	// After each save, show what the gate decided (the REST response's reprint_check).
	var wasSaving = false;
	var seen = null;
	data.subscribe( function () {
		var saving = editor().isSavingPost() && ! editor().isAutosavingPost();
		if ( wasSaving && ! saving ) {
			var outcome = editor().getCurrentPost().reprint_check;
			if ( outcome && outcome.checked_at !== seen ) {
				seen = outcome.checked_at;
				showNotice( outcome );
				publish( outcome );
			}
		}
		wasSaving = saving;
	} );

	function summary( outcome ) {
		if ( 'off' === outcome.state ) {
			return __( 'The reprint check is off on this site.', 'reprint-check' );
		}
		if ( 'passed' === outcome.state ) {
			return 'not-a-reprint' === outcome.verdict
				? __( 'This post does not reprint the paper.', 'reprint-check' )
				: __( 'This post reprints the paper and gives every credit its licence requires.', 'reprint-check' );
		}
		if ( 'held' === outcome.state && outcome.missing && outcome.missing.length ) {
			return __( 'This post reprints the paper without the credits its licence requires, so publishing keeps it a draft. Not visibly given:', 'reprint-check' );
		}
		if ( 'warned' === outcome.state ) {
			return __( 'This post reprints the paper without the credits its licence requires. It will be published, but these are not visibly given:', 'reprint-check' );
		}
		return outcome.message;
	}

	// Mounted only while the pre-publish sidebar is open, so each opening checks the
	// content as it is then.
	function PanelContent() {
		var state = wp.element.useState( null );
		var outcome = state[ 0 ];
		var setOutcome = state[ 1 ];
		var busy = wp.element.useState( false );

		wp.element.useEffect( function () {
			var listener = function ( value ) {
				setOutcome( value );
			};
			listeners.push( listener );
			request( 'check' ).then( publish, function ( error ) {
				setOutcome( { state: 'unchecked', message: error.message, checked_at: '' } );
			} );
			return function () {
				listeners.splice( listeners.indexOf( listener ), 1 );
			};
		}, [] );

		var children;
		if ( ! outcome ) {
			children = [ el( wp.components.Spinner, { key: 'spin' } ), __( 'Checking the credits…', 'reprint-check' ) ];
		} else {
			children = [ el( 'p', { key: 'summary', className: 'reprint-check-summary' }, summary( outcome ) ) ];
			if ( outcome.missing && outcome.missing.length ) {
				children.push(
					el(
						'ul',
						{ key: 'missing', className: 'reprint-check-missing' },
						outcome.missing.map( function ( credit ) {
							return el( 'li', { key: credit.label }, credit.label + ': ' + credit.status );
						} )
					),
					el(
						'p',
						{ key: 'line', className: 'reprint-check-line' },
						__( 'The credit to add where readers will see it:', 'reprint-check' ) + ' ' + outcome.credit_line
					),
					el(
						wp.components.Button,
						{
							key: 'fix',
							variant: 'primary',
							isBusy: busy[ 0 ],
							disabled: busy[ 0 ],
							onClick: function () {
								busy[ 1 ]( true );
								addCredit().then( function () {
									busy[ 1 ]( false );
								} );
							},
						},
						__( 'Add the credit', 'reprint-check' )
					)
				);
			}
		}
		return el( wp.element.Fragment, {}, children );
	}

	function PrePublishPanel() {
		return el(
			wp.editPost.PluginPrePublishPanel,
			{
				title: __( 'Reprint check', 'reprint-check' ),
				initialOpen: true,
				className: 'reprint-check-panel',
			},
			el( PanelContent )
		);
	}

	wp.plugins.registerPlugin( 'reprint-check', { render: PrePublishPanel } );
} )( window.wp );
