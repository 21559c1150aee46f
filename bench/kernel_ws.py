"""Run code in a Jupyter server's kernel over its websocket (what JupyterLab does), no browser."""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field

import requests
import websocket

#: how long one execute request may take before the benchmark gives up (s)
EXECUTE_TIMEOUT = 120.0


class KernelError(RuntimeError):
    """The kernel answered an execute request with an error."""


@dataclass
class KernelSocket:
    """An open websocket to one kernel of a Jupyter server (reached directly or through a hub)."""

    server: str            # the server's base URL, ending in "/"
    token: str
    kernel_id: str
    socket: websocket.WebSocket = field(repr=False)
    session: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def start(cls, server: str, token: str, timeout: float = EXECUTE_TIMEOUT) -> KernelSocket:
        """Start a python3 kernel through the REST API and open its channels."""
        response = requests.post(f"{server}api/kernels", json={"name": "python3"},
                                 headers=_auth(token), timeout=timeout)
        response.raise_for_status()
        return cls.connect(server, token, response.json()["id"], timeout)

    @classmethod
    def connect(cls, server: str, token: str, kernel_id: str,
                timeout: float = EXECUTE_TIMEOUT) -> KernelSocket:
        """Open the channels of a running kernel."""
        url = f"{server.replace('http', 'ws', 1)}api/kernels/{kernel_id}/channels"
        sock = websocket.create_connection(url, header=[f"Authorization: token {token}"],
                                           timeout=timeout)
        return cls(server, token, kernel_id, sock)

    def execute(self, code: str) -> str:
        """Run `code`, wait until the kernel is idle again; its stdout (KernelError on error)."""
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session,
                       "username": "bench", "date": _now(), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        out, replied, idle, error = [], False, False, ""
        deadline = time.monotonic() + EXECUTE_TIMEOUT
        while not (replied and idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.kernel_id} did not finish in {EXECUTE_TIMEOUT}s")
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue  # widget comm traffic and other clients' messages
            kind, content = message["msg_type"], message["content"]
            if kind == "stream" and content.get("name") == "stdout":
                out.append(content["text"])
            elif kind == "error":
                error = "\n".join(content.get("traceback", [])) or content.get("evalue", "")
            elif kind == "execute_reply":
                replied = True
                if content.get("status") != "ok" and not error:
                    error = f"{content.get('ename')}: {content.get('evalue')}"
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        if error:
            raise KernelError(error)
        return "".join(out)

    def close(self) -> None:
        """Close the websocket (the kernel keeps running until its server stops)."""
        self.socket.close()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"token {token}"}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
