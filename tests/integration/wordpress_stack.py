"""A WordPress from Debian's packages on loopback, for the plugin's integration test.

MariaDB runs on a private data directory and socket, PHP's built-in server serves a
folder of symlinks to /usr/share/wordpress with its own wp-config.php (Debian's reads
/etc/wordpress, which a test should not write), and `reprint serve` runs beside it.
Everything lives in one temporary folder and is stopped by `WordPressStack.stop`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "integrations" / "wordpress" / "reprint-check"
WORDPRESS = Path("/usr/share/wordpress")
THEME = WORDPRESS / "wp-content" / "themes" / "twentytwentythree"
CHROMIUM = Path("/usr/bin/chromium")
ADMIN_USER = "editor"
ADMIN_PASSWORD = "correct horse battery staple"  # a throwaway local site

# Starting MariaDB on a fresh data directory, PHP and uvicorn take a few seconds each
# on a shared 2-core machine; a minute means something is broken.
START_TIMEOUT_S = 60.0

# The Debian packages .ci/run installs: what each missing tool points to.
REQUIRED = {
    "php": "php-cli",
    "mariadbd": "mariadb-server",
    "mariadb-install-db": "mariadb-server",
    "mariadb": "mariadb-client",
}


def missing_parts() -> list[str]:
    """What of the stack this machine lacks, each named with its package."""
    missing = [
        f"{tool} ({package})"
        for tool, package in REQUIRED.items()
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists()
    ]
    if not (WORDPRESS / "wp-settings.php").exists():
        missing.append("WordPress (wordpress)")
    if not THEME.exists():
        missing.append("its theme (wordpress-theme-twentytwentythree)")
    if not CHROMIUM.exists():
        missing.append("Chromium (chromium)")
    if shutil.which("php") is not None:
        modules = subprocess.run(
            ["php", "-m"], capture_output=True, text=True, check=True
        ).stdout.split()
        missing += [
            f"PHP's {module} ({package})"
            for module, package in [("mysqli", "php-mysql"), ("dom", "php-xml")]
            if module not in modules
        ]
    try:
        import playwright  # noqa: F401 - only probing
    except ImportError:
        missing.append("Playwright (pip playwright)")
    return missing


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _mariadbd() -> str:
    return shutil.which("mariadbd") or "/usr/sbin/mariadbd"


def _wait(
    what: str, ready: Callable[[], bool], process: subprocess.Popen[bytes]
) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {START_TIMEOUT_S:.0f} s")


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2.0).status_code < 500
    except httpx.TransportError:
        return False


WP_CONFIG = """<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', 'wp' );
define( 'DB_HOST', 'localhost:{socket}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'WP_HOME', '{url}' );
define( 'WP_SITEURL', '{url}' );
define( 'WP_CONTENT_DIR', __DIR__ . '/wp-content' );
define( 'WP_CONTENT_URL', '{url}/wp-content' );
// Application passwords over plain HTTP are allowed on a 'local' site only.
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
"""

# Files symlinked into the document root resolve __DIR__ to /usr/share/wordpress, whose
# wp-load.php would then find Debian's wp-config.php: defining ABSPATH first makes every
# entry point load this site's wp-config.php instead.
ROUTER = """<?php
define( 'ABSPATH', {root} . '/' );
return false;
"""

# Pages open in the classic editor, posts in the block editor: one site tests both.
CLASSIC_PAGES = """<?php
add_filter( 'use_block_editor_for_post_type', function ( $use, $type ) {
	return 'page' === $type ? false : $use;
}, 10, 2 );
"""

CLI_PRELUDE = """<?php
define( 'ABSPATH', {root} . '/' );
$_SERVER['HTTP_HOST'] = {host};
require ABSPATH . 'wp-load.php';
"""

INSTALL = """<?php
define( 'WP_INSTALLING', true );
define( 'ABSPATH', {root} . '/' );
$_SERVER['HTTP_HOST'] = {host};
require ABSPATH . 'wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$installed = wp_install(
	'Reprint check test site', {user}, 'editor@example.org', true, '', {password}
);
update_option( 'reprint_check_service_url', {service} );
$activated = activate_plugin( 'reprint-check/reprint-check.php' );
if ( is_wp_error( $activated ) ) {{
	fwrite( STDERR, $activated->get_error_message() );
	exit( 1 );
}}
// No first-visit guide over the editor the browser test drives.
update_user_meta( $installed['user_id'], 'wp_persisted_preferences', array(
	'core/edit-post' => array( 'welcomeGuide' => false ),
	'_modified'      => gmdate( 'c' ),
) );
list( $app_password ) = WP_Application_Passwords::create_new_application_password(
	$installed['user_id'], array( 'name' => 'integration test' )
);
echo wp_json_encode( array( 'app_password' => $app_password ) );
"""


def _php_string(value: str) -> str:
    return json.dumps(value)


@dataclass
class WordPressStack:
    """A running site: its URL, the admin's credentials and the service beside it."""

    base_url: str
    service_url: str
    app_password: str
    root: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def rest(self, route: str, **query: str) -> str:
        """The URL of a REST route (plain permalinks: `?rest_route=`)."""
        return str(httpx.URL(f"{self.base_url}/", params={"rest_route": route} | query))

    def client(self) -> httpx.Client:
        """An HTTP client signed in with the application password."""
        return httpx.Client(auth=(ADMIN_USER, self.app_password), timeout=60.0)

    def run_php(self, code: str) -> str:
        """Runs PHP with WordPress loaded, as WP-Cron or wp-cli would; its output."""
        script = self.root.parent / "snippet.php"
        script.write_text(
            CLI_PRELUDE.format(
                root=_php_string(str(self.root)),
                host=_php_string(self.base_url.removeprefix("http://")),
            )
            + code
        )
        done = subprocess.run(
            ["php", str(script)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"PHP failed: {done.stderr or done.stdout}")
        return done.stdout


def _stop(process: subprocess.Popen[bytes]) -> None:
    # Each process leads its own group: `php -S` forks its workers into it.
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _start(
    argv: list[str], log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


@contextmanager
def running_stack(tmp: Path) -> Iterator[WordPressStack]:
    """Installs and starts the whole stack in `tmp`; stops it on exit."""
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        stack = _start_stack(tmp, processes)
        yield stack
    finally:
        for name in reversed(list(processes)):
            _stop(processes.pop(name))


def _start_stack(
    tmp: Path, processes: dict[str, subprocess.Popen[bytes]]
) -> WordPressStack:
    logs = tmp / "logs"
    logs.mkdir()
    service_port = free_port()
    service_url = f"http://127.0.0.1:{service_port}"
    serve = [sys.executable, "-m", "reprint", "serve", f"--port={service_port}"]
    processes["reprint serve"] = _start(
        [*serve, "--workers=1"],
        logs / "reprint-serve.log",
    )

    data = tmp / "mariadb"
    sock = tmp / "mariadb.sock"
    installed_db = subprocess.run(
        [
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={data}",
            "--user=root",
            "--auth-root-authentication-method=socket",
            "--skip-test-db",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if installed_db.returncode != 0:
        raise RuntimeError(f"mariadb-install-db failed: {installed_db.stdout[-2000:]}")
    processes["mariadbd"] = _start(
        [
            _mariadbd(),
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={sock}",
            "--skip-networking",
            "--user=root",
            f"--pid-file={tmp / 'mariadb.pid'}",
            "--innodb-buffer-pool-size=64M",
            "--skip-log-bin",
        ],
        logs / "mariadbd.log",
    )
    _wait("mariadbd", sock.exists, processes["mariadbd"])
    sql = (
        "CREATE DATABASE wordpress; CREATE USER wp@localhost IDENTIFIED BY 'wp';"
        " GRANT ALL ON wordpress.* TO wp@localhost;"
    )
    for _attempt in range(50):
        done = subprocess.run(
            ["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "-e", sql],
            capture_output=True,
        )
        if done.returncode == 0:
            break
        time.sleep(0.2)
    else:
        raise RuntimeError(f"cannot create the database: {done.stderr.decode()}")

    root = tmp / "site"
    root.mkdir()
    for entry in WORDPRESS.iterdir():
        if entry.name not in {"wp-config.php", "wp-content"}:
            (root / entry.name).symlink_to(entry)
    content = root / "wp-content"
    (content / "plugins").mkdir(parents=True)
    (content / "themes").mkdir()
    (content / "uploads").mkdir()
    (content / "themes" / THEME.name).symlink_to(THEME)
    (content / "plugins" / PLUGIN.name).symlink_to(PLUGIN)
    (content / "mu-plugins").mkdir()
    (content / "mu-plugins" / "classic-pages.php").write_text(CLASSIC_PAGES)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    (root / "wp-config.php").write_text(WP_CONFIG.format(socket=sock, url=url))
    router = tmp / "router.php"
    router.write_text(ROUTER.format(root=_php_string(str(root))))

    installer = tmp / "install.php"
    installer.write_text(
        INSTALL.format(
            root=_php_string(str(root)),
            host=_php_string(f"127.0.0.1:{port}"),
            user=_php_string(ADMIN_USER),
            password=_php_string(ADMIN_PASSWORD),
            service=_php_string(service_url),
        )
    )
    installed = subprocess.run(
        ["php", str(installer)], capture_output=True, text=True, check=False
    )
    if installed.returncode != 0:
        raise RuntimeError(f"WordPress install failed: {installed.stderr}")
    app_password = json.loads(installed.stdout.strip().splitlines()[-1])["app_password"]

    # The block editor loads dozens of scripts at once; one worker serialises them.
    env = {**os.environ, "PHP_CLI_SERVER_WORKERS": "4"}
    processes["php -S"] = _start(
        ["php", "-S", f"127.0.0.1:{port}", "-t", str(root), str(router)],
        logs / "php-server.log",
        env,
    )
    _wait("php -S", lambda: _answers(f"{url}/wp-login.php"), processes["php -S"])
    _wait(
        "reprint serve",
        lambda: _answers(f"{service_url}/healthz"),
        processes["reprint serve"],
    )
    return WordPressStack(url, service_url, app_password, root, processes)
