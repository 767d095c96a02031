"""The browser mode's two candidate drivers, Playwright and Selenium, side by side.

    python benchmarks/bench_browser.py [--rounds N]

Both drive Debian's Chromium (``/usr/bin/chromium``) headless with the browser
mode's flags and a 1280x800 viewport, load the sample reprint
(``fixtures/sample/reprint.html``) and the 5 MB page (``big.html``, made by
``make_inputs.py``) and run the same ``browser.js`` extraction on each:

* Playwright exactly as ``reprint --render`` does (``reprint.formats.html.browser``):
  the page is served from memory through request interception and every other
  request is refused.
* Selenium 4 with Debian's ``chromium-driver`` (``/usr/bin/chromedriver``): the page
  is served by a loopback HTTP server, and every other host is refused by
  Chromium's resolver (``--host-resolver-rules``), since Selenium cannot answer
  requests itself; the viewport is set through CDP
  (``Emulation.setDeviceMetricsOverride``).

Start-up is the time from nothing to a page ready to load (driver, browser, page);
a page's time is its load plus the extraction, measured twice per session (the
first load of a session is reported apart). Drivers alternate which goes first
round by round; the tables give the minimum over rounds, as the machine is shared.
The last table times ``reprint check --render`` as a whole process on both pages,
interleaved too. Selenium is not a dependency of reprint: ``pip install selenium``
to run this.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any

from measure import BENCH_DIR, INPUT_DIR, REPRINT, RESULTS_DIR, load_line

from reprint.formats.html import browser
from reprint.formats.options import ExtractOptions

CHROMEDRIVER = "/usr/bin/chromedriver"
PAGES = {
    "sample": BENCH_DIR.parent / "fixtures" / "sample" / "reprint.html",
    "big.html": INPUT_DIR / "big.html",
}
DEFAULT_ROUNDS = 5
LOADS_PER_SESSION = 2


def _arguments() -> dict[str, Any]:
    """The extraction's argument, as ``browser._paint`` passes it."""
    return {
        "tagRegions": browser._TAG_REGIONS,
        "roleRegions": browser._ROLE_REGIONS,
        "weakRegions": ["table"],
        "tagReasons": browser._TAG_REASONS,
        "minContrast": browser.contrast.MIN_CONTRAST,
        "minOpacity": browser.MIN_OPACITY,
        "tinyPx": browser.TINY_FONT_PX,
        "clippedPx": browser.CLIPPED_BOX_PX,
    }


class PlaywrightDriver:
    """reprint's own driver: ``browser._session``/``_page``/``_paint``."""

    name = "playwright"

    def start(self) -> None:
        browser._page(browser._session())

    def read(self, data: bytes) -> int:
        return len(browser._paint(data, ExtractOptions())["blocks"])

    def stop(self) -> None:
        browser.close_browser()


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(_Handler.body)))
        self.end_headers()
        self.wfile.write(_Handler.body)

    def log_message(self, *args: object) -> None:
        pass


class SeleniumDriver:
    """Selenium 4 and chromedriver, the page from a loopback server."""

    name = "selenium"

    def __init__(self) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/page.html"
        self.script = f"return ({browser._script()})(arguments[0]);"
        self.driver: Any = None

    def start(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = browser.CHROMIUM
        for flag in [*browser._FLAGS, "--headless"]:
            options.add_argument(flag)
        options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.driver.set_page_load_timeout(browser.PAGE_BUDGET_S)
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False},
        )

    def read(self, data: bytes) -> int:
        _Handler.body = browser.recode_to_utf8(data)
        self.driver.get(self.url)  # returns after the load event
        result = self.driver.execute_script(self.script, _arguments())
        self.driver.get("about:blank")
        return len(result["blocks"])

    def stop(self) -> None:
        self.driver.quit()


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def measure_drivers(rounds: int) -> dict[str, dict[str, list[float]]]:
    pages = {name: path.read_bytes() for name, path in PAGES.items()}
    drivers = [PlaywrightDriver(), SeleniumDriver()]
    times: dict[str, dict[str, list[float]]] = {d.name: {} for d in drivers}
    blocks: dict[tuple[str, str], object] = {}
    for number in range(rounds):
        order = drivers if number % 2 == 0 else drivers[::-1]
        for driver in order:
            record = times[driver.name]
            seconds, _ = _timed(driver.start)
            record.setdefault("start", []).append(seconds)
            for load in range(LOADS_PER_SESSION):
                for page, data in pages.items():
                    seconds, count = _timed(functools.partial(driver.read, data))
                    key = f"{page} first" if load == 0 else page
                    record.setdefault(key, []).append(seconds)
                    blocks[driver.name, page] = count
            driver.stop()
        print(f"round {number + 1}/{rounds} done", flush=True)
    for page in pages:
        counts = {blocks[d.name, page] for d in drivers}
        print(f"{page}: blocks read per driver {sorted(map(str, counts))}")
    return times


def measure_end_to_end(rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for number in range(rounds):
        items = list(PAGES.items())
        for page, path in items if number % 2 == 0 else items[::-1]:
            argv = [*REPRINT, "check", "--render", "--format", "json", str(path)]
            started = time.perf_counter()
            done = subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
            seconds = time.perf_counter() - started
            if done.returncode not in (0, 1, 2):
                raise SystemExit(f"{argv} exited {done.returncode}")
            times.setdefault(page, []).append(seconds)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    rounds = parser.parse_args().rounds
    for path in PAGES.values():
        if not path.exists():
            raise SystemExit(f"{path} is missing: run benchmarks/make_inputs.py")
    print(f"before: {load_line()}")
    drivers = measure_drivers(rounds)
    end_to_end = measure_end_to_end(rounds)
    print(f"after: {load_line()}")
    print(f"\nDrivers: minimum seconds over {rounds} interleaved rounds")
    keys = list(drivers["playwright"])
    print("| driver | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for name, record in drivers.items():
        cells = " | ".join(f"{min(record[k]):.2f}" for k in keys)
        print(f"| {name} | {cells} |")
    print(f"\nreprint check --render, whole process: minimum over {rounds} rounds")
    for page, values in end_to_end.items():
        print(f"| {page} | {min(values):.2f} s |")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "browser.json").write_text(
        json.dumps({"drivers": drivers, "check --render": end_to_end}, indent=1)
    )


if __name__ == "__main__":
    main()
