"""A replay of the OpenReview API on 127.0.0.1 for the real openreview-py clients: API v2 at `/`,
API v1 at `/v1`, serving the records it is given, with faults injected on request.

Endpoints: POST /login; GET /notes (invitation, limit, after, offset, sort=id, count);
GET /groups?id=; POST /profiles/search {"ids": [...]} (v2 only). Requests without a token get
`403 ChallengeRequiredError`, as anonymous callers of the public API do since 2026.
"""

from __future__ import annotations

import json
import secrets
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Fault:
    """Answer the `skip`+1-th to `skip`+`times`-th request to `method path` with `kind`:
    '429' or '503' (with Retry-After), 'reset' (half the body, then a TCP reset) or 'garbage'
    (200 with a cut JSON body)."""

    method: str
    path: str
    kind: str
    retry_after: str | None = "0"
    times: int = 1
    skip: int = 0
    seen: int = 0


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    body: dict | None
    authorized: bool
    at: float


@dataclass
class Replay:
    v2_notes: list[dict] = field(default_factory=list)
    v1_notes: list[dict] = field(default_factory=list)
    v2_groups: dict[str, dict] = field(default_factory=dict)
    profiles: dict[str, dict] = field(default_factory=dict)
    # an id asked for → the id of the profile returned (merged or renamed profiles)
    aliases: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)
    v1_ignores_after: bool = False
    echo_login_password: bool = False  # a careless server that repeats the password
    # hold the n-th (1-based) GET of this path until `release` is set
    stall: tuple[str, int] | None = None
    stalled: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    tokens: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def find_profiles(self, ids: list[str]) -> list[dict]:
        """What POST /profiles/search answers: per id asked, its profile (through `aliases`,
        else by id, else by a username it lists); unknown ids give nothing."""
        found = []
        for asked in ids:
            target = self.aliases.get(asked, asked)
            if target in self.profiles:
                found.append(self.profiles[target])
                continue
            found += [
                p
                for p in self.profiles.values()
                if any(n.get("username") == asked for n in p["content"]["names"])
            ]
        return found

    def count(self, method: str, path: str) -> int:
        return sum(1 for r in self.requests if r.method == method and r.path == path)

    def take_fault(self, method: str, path: str) -> Fault | None:
        """Every fault of `method path` counts the request; the first one due answers it."""
        with self.lock:
            due = None
            for fault in self.faults:
                if fault.method == method and fault.path == path:
                    fault.seen += 1
                    if due is None and fault.skip < fault.seen <= fault.skip + fault.times:
                        due = fault
            return due


class ReplayServer:
    def __init__(self, replay: Replay):
        self.replay = replay
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replay))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.replay.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def _handler(replay: Replay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # quiet
            pass

        def do_GET(self):
            self._serve("GET")

        def do_POST(self):
            self._serve("POST")

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            authorized = token in replay.tokens
            path = parts.path
            with replay.lock:
                replay.requests.append(
                    Seen(method, path, query, body, authorized, time.monotonic())
                )
            stall = replay.stall
            if (
                stall
                and (method, path) == ("GET", stall[0])
                and replay.count(method, path) == stall[1]
            ):
                replay.stalled.set()
                replay.release.wait(30)
            fault = replay.take_fault(method, path)
            if fault and fault.kind in ("429", "503"):
                name = "RateLimitError" if fault.kind == "429" else "ServiceUnavailable"
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                return self._json(int(fault.kind), _error(name, "injected"), headers)
            v1 = path.startswith("/v1/")
            route = path.removeprefix("/v1")
            if (method, route) == ("POST", "/login"):
                return self._login(body or {})
            if not authorized:
                return self._json(
                    403,
                    _error(
                        "ChallengeRequiredError",
                        "Please complete the challenge or sign in to use the API",
                    ),
                )
            if (method, route) == ("GET", "/notes"):
                status, payload = 200, self._notes(query, v1)
            elif (method, route) == ("GET", "/groups") and not v1:
                group = replay.v2_groups.get(query.get("id", ""))
                status, payload = (
                    (200, {"groups": [group]}) if group else (404, _error("NotFoundError", "no"))
                )
            elif (method, route) == ("POST", "/profiles/search") and not v1:
                status, payload = (
                    200,
                    {"profiles": replay.find_profiles((body or {}).get("ids", []))},
                )
            else:
                status, payload = 404, _error("NotFoundError", f"no route {method} {path}")
            self._json(status, payload, fault=fault)

        def _login(self, body: dict) -> None:
            user, password = body.get("id"), body.get("password")
            if user in replay.users and replay.users[user] == password:
                token = secrets.token_hex(16)
                replay.tokens.add(token)
                user_json = {"id": user, "profile": {"id": "~Fetch_Robot1"}}
                return self._json(200, {"token": token, "user": user_json})
            message = "Invalid username or password"
            if replay.echo_login_password:
                message += f": {user} / {password}"
            self._json(403, _error("ForbiddenError", message))

        def _notes(self, query: dict, v1: bool) -> dict:
            invitation = query.get("invitation")
            notes = replay.v1_notes if v1 else replay.v2_notes
            if v1:
                matching = [n for n in notes if n.get("invitation") == invitation]
            else:
                matching = [n for n in notes if invitation in n.get("invitations", [])]
            matching.sort(key=lambda n: n["id"])
            page = matching
            if query.get("after") and not (v1 and replay.v1_ignores_after):
                page = [n for n in page if n["id"] > query["after"]]
            offset = int(query.get("offset") or 0)
            limit = int(query.get("limit") or 1000)
            return {"notes": page[offset : offset + limit], "count": len(matching)}

        def _json(self, status: int, payload: dict, headers=None, fault=None) -> None:
            data = json.dumps(payload).encode()
            if fault and fault.kind == "garbage":
                data = data[: len(data) // 2]
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if fault and fault.kind == "reset":
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                # RST instead of FIN: the client sees the connection reset mid-body
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
                self.close_connection = True
                return
            self.wfile.write(data)

    return Handler


def _error(name: str, message: str) -> dict:
    status = {"ChallengeRequiredError": 403, "NotFoundError": 404, "ForbiddenError": 403}
    return {"name": name, "message": message, "status": status.get(name, 429)}
