"""A headless Chromium driven over the DevTools protocol, for the page tests.

Chromium is started with `--remote-debugging-pipe`: the protocol's JSON messages, each ended
by a NUL byte, go in on its file descriptor 3 and come out on 4, so there is no port, no
websocket and no package to install. Debian's `chromium` is used as installed (nothing is
downloaded); `BROWSER` is None where it is not installed, and the tests skip saying so.

A `Tab` records what a page does while it is open: console messages and uncaught
exceptions, log entries (a Content-Security-Policy violation is one), every network request,
and dialogs (an `alert` a hostile page might open).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--remote-debugging-pipe",
)
TIMEOUT = 30.0


class BrowserError(Exception):
    pass


def _high(fd: int) -> int:
    """The same pipe end on a descriptor of 10 or more (the old one closed)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Browser:
    """One Chromium process with a fresh profile; `tab()` opens a page in it."""

    def __init__(self, executable: str, width: int = 1280, height: int = 900) -> None:
        self.profile = tempfile.mkdtemp(prefix="kzturk-chromium-")
        to_browser, self._commands = os.pipe()
        self._replies, from_browser = os.pipe()
        # The child's ends move to descriptors of 10 and up, so that neither is 3 or 4 when
        # bash puts them on 3 and 4 (one redirection would overwrite the other; dash takes
        # no descriptor above 9); then bash becomes Chromium.
        to_browser, from_browser = (_high(to_browser), _high(from_browser))
        wrapper = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser}'
        self.process = subprocess.Popen(
            [
                "bash",
                "-c",
                wrapper,
                executable,
                *FLAGS,
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            pass_fds=(to_browser, from_browser),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    # ---- the protocol ---------------------------------------------------------------------

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        """Send one command and wait for its reply (events that come first are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._replies], [], [], max(left, 0))
            if not ready:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the protocol pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def wait_for(self, method: str, session: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The first event `method` of the session not yet waited for."""
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event["method"] == method and event.get("sessionId") == session:
                    return self.events.pop(index)
            reply = self._read(deadline)
            if "method" in reply:
                self.events.append(reply)

    def tab(self, width: int = 1280, height: int = 900) -> Tab:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        return Tab(self, target, session["sessionId"], width, height)

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        for fd in (self._commands, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    """One page: what it logged, requested and opened, and ways to act on it."""

    def __init__(self, browser: Browser, target: str, session: str, width: int, height: int):
        self.browser, self.target, self.session = browser, target, session
        self.width, self.height = width, height
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self._resize(width, height)

    def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self.browser.send(method, params, self.session)

    def open(self, url: str) -> None:
        """Load `url` afresh and wait until its load event; what the tab recorded before is
        dropped. A URL that differs from the page's own only after the '#' is reloaded, not
        just scrolled to (Chromium navigates within the document then, with no load event)."""
        self.browser.events = [e for e in self.browser.events if e.get("sessionId") != self.session]
        navigated = self.send("Page.navigate", {"url": url})
        if "loaderId" not in navigated:  # within the document: load it again
            self.send("Page.reload")
        self.browser.wait_for("Page.loadEventFired", self.session)

    def reset(self, width: int = 1280, height: int = 900) -> Tab:
        """The tab as a new one would be, to be used again (a new tab starts a renderer,
        about a quarter of a second of work): this size, scripts on, screen media, no dialog
        open, in front. The next `open` loads a page afresh."""
        with contextlib.suppress(BrowserError):  # there is rarely one to dismiss
            self.send("Page.handleJavaScriptDialog", {"accept": False})
        self.send("Emulation.setScriptExecutionDisabled", {"value": False})
        self.send("Emulation.setEmulatedMedia", {"media": ""})
        self.send("Page.bringToFront")  # a tab behind another has its timers slowed
        self.resize(width, height)
        return self

    def resize(self, width: int, height: int) -> None:
        """The viewport's size from now on."""
        self.width, self.height = width, height
        self._resize(width, height)

    def evaluate(self, expression: str) -> Any:
        options = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        result = self.send("Runtime.evaluate", options)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def _events(self, *methods: str) -> list[dict[str, Any]]:
        self.send("Runtime.evaluate", {"expression": "0"})  # collect what is pending
        return [
            e
            for e in self.browser.events
            if e.get("sessionId") == self.session and e["method"] in methods
        ]

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries (CSP violations)."""
        found = []
        for event in self._events(
            "Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded"
        ):
            params = event["params"]
            if event["method"] == "Runtime.consoleAPICalled":
                if params["type"] in ("error", "assert", "warning"):
                    found.append(" ".join(str(a.get("value", a)) for a in params["args"]))
            elif event["method"] == "Runtime.exceptionThrown":
                found.append(str(params["exceptionDetails"]))
            elif params["entry"]["level"] in ("error", "warning"):
                found.append(params["entry"]["text"])
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self._events("Network.requestWillBeSent")]

    def dialogs(self) -> list[str]:
        return [e["params"]["message"] for e in self._events("Page.javascriptDialogOpening")]

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        """A PNG of the viewport, or of the whole page (at most 8,000 pixels tall): the
        viewport is made as tall as the page first, since a page lays out only what is near
        the screen."""
        if full_page:
            tall = 0
            for _ in range(4):  # the page's height firms up as more of it is laid out
                bottom = self.evaluate("Math.ceil(document.body.getBoundingClientRect().bottom)")
                height = min(int(bottom) + 16, 8000)
                if height == tall:
                    break  # laid out whole at this height
                tall = height
                self._resize(self.width, tall)
                self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        if full_page:
            self._resize(self.width, self.height)
        path.write_bytes(base64.b64decode(data))
        return path

    def _resize(self, width: int, height: int) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def pdf(self) -> bytes:
        return base64.b64decode(self.send("Page.printToPDF", {"printBackground": True})["data"])

    def close(self) -> None:
        with contextlib.suppress(BrowserError):
            self.browser.send("Target.closeTarget", {"targetId": self.target})
