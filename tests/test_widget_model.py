"""The widget message protocol of `workbook.widgets.model`, spoken with a real kernel.

A client stands in for the page: it reads the kernel's comm messages and sends what
anywidget's front end sends ("update", "request_state", "custom", and a reloaded page's
request for every model's state over "jupyter.widget.control").
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from queue import Empty

import pytest
from jupyter_client.manager import start_new_kernel

from tests.conftest import PROJECT

LPCP = "lead-person-centred-practice"
CODE = """from workbook.widgets import flashcards
from workbook.widgets.model import MODELS
flashcards.show({unit!r})
deck = list(MODELS.values())[-1]
"""


@pytest.fixture
def kernel(tmp_path):
    env = {**os.environ, "WORKBOOK_STORE": str(tmp_path / "store"),
           "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}"}
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(PROJECT / "notebooks"),
                                       env=env)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str) -> list[dict]:
    """Execute code; every iopub message it caused, in order."""
    messages: list[dict] = []
    reply = client.execute_interactive(code, timeout=60, output_hook=messages.append)
    assert reply["content"]["status"] == "ok", reply["content"]
    return messages


def to_kernel(client, msg_type: str, content: dict, metadata: dict | None = None) -> list[dict]:
    """Send a comm message as the page does; the iopub messages until the kernel is idle again."""
    msg = client.session.msg(msg_type, content, metadata=metadata or {})
    client.shell_channel.send(msg)
    messages = []
    while True:
        try:
            reply = client.get_iopub_msg(timeout=30)
        except Empty:
            raise AssertionError(f"no answer to {msg_type}: {messages}") from None
        if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
            return messages
        messages.append(reply)


def sent(messages: list[dict], method: str) -> list[dict]:
    return [m["content"]["data"] for m in messages
            if m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == method]


def value(client, expression: str) -> str:
    out = [m["content"]["text"] for m in run(client, f"print({expression})")
           if m["msg_type"] == "stream"]
    return "".join(out).strip()


def test_an_outcome_imports_no_ipywidgets_until_the_evidence_form_opens(tmp_path):
    code = ("import sys\nfrom workbook.widgets import flashcards, quiz\n"
            "from workbook.widgets.evidence import EvidenceLog\n"
            f"quiz.show({LPCP!r}, 'LO1')\nflashcards.show({LPCP!r})\n"
            f"log = EvidenceLog({LPCP!r}, 'LO1')\n"
            "print(sorted(m for m in ('ipywidgets', 'anywidget') if m in sys.modules))\n"
            "log.open_form()\nprint('ipywidgets' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=PROJECT / "notebooks",
                            env={**os.environ, "WORKBOOK_STORE": str(tmp_path / "store")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["[]", "True"]


def test_the_deck_speaks_the_widget_protocol_with_the_page(kernel):
    shown = run(kernel, CODE.format(unit=LPCP))
    assert [m["metadata"]["version"] for m in shown if m["msg_type"] == "comm_open"] == ["2.1.0"]
    opened = [m["content"] for m in shown if m["msg_type"] == "comm_open"]
    assert [o["target_name"] for o in opened] == ["jupyter.widget"]
    state, model_id = opened[0]["data"]["state"], opened[0]["comm_id"]
    assert (state["_model_name"], state["_view_name"], state["_model_module"]) == (
        "AnyModel", "AnyView", "anywidget")
    assert "export default" in state["_esm"] and state["position"] == 0 and state["cards"]
    views = [m["content"]["data"]["application/vnd.jupyter.widget-view+json"] for m in shown
             if m["msg_type"] == "display_data"
             and "application/vnd.jupyter.widget-view+json" in m["content"]["data"]]
    assert views == [{"version_major": 2, "version_minor": 1, "model_id": model_id}]

    def comm(data: dict) -> list[dict]:
        return to_kernel(kernel, "comm_msg", {"comm_id": model_id, "data": data})

    # the page moves to the third card: the kernel follows and does not echo it back
    assert sent(comm({"method": "update", "state": {"position": 2}, "buffer_paths": []}),
                "update") == []
    assert value(kernel, "deck.position") == "2"
    # a value the trait refuses: the page is told what the kernel holds
    refused = sent(comm({"method": "update", "state": {"position": "last"}}), "update")
    assert refused == [{"method": "update", "state": {"position": 2}, "buffer_paths": []}]
    # a reloaded view asks for everything
    whole = sent(comm({"method": "request_state"}), "update")
    assert whole[0]["state"]["position"] == 2 and whole[0]["state"]["_esm"] == state["_esm"]
    # "I know this": the script's message is saved and answered with the `known` trait
    card = state["cards"][2]["id"]
    known = sent(comm({"method": "custom", "content": {"action": "mark", "known": True,
                                                       "position": 2}}), "update")
    assert any(u["state"].get("known") == {card: True} for u in known)


def test_a_reloaded_page_gets_every_model_ours_and_ipywidgets(kernel):
    run(kernel, CODE.format(unit=LPCP))

    def states() -> dict:
        control = str(uuid.uuid4())
        to_kernel(kernel, "comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                        "data": {}}, metadata={"version": "1.0.0"})
        answer = sent(to_kernel(kernel, "comm_msg", {"comm_id": control,
                                                     "data": {"method": "request_states"}}),
                      "update_states")
        to_kernel(kernel, "comm_close", {"comm_id": control, "data": {}})
        return answer[0]["states"]

    deck = value(kernel, "deck.model_id")
    assert {m["model_name"] for m in states().values()} == {"AnyModel"} and deck in states()
    # a learner's own import of ipywidgets in a cell: the kernel puts the answer back after it
    run(kernel, "import ipywidgets\nmine = ipywidgets.IntSlider()")
    names = {model_id: m["model_name"] for model_id, m in states().items()}
    assert names[deck] == "AnyModel" and names[value(kernel, "mine.model_id")] == "IntSliderModel"
    # a portfolio widget imports ipywidgets, which puts up its own answer: ours is put back
    run(kernel, "from workbook.widgets.controls import widgets\nnote = widgets.HTML('hi')")
    names = {model_id: m["model_name"] for model_id, m in states().items()}
    assert names[deck] == "AnyModel" and names[value(kernel, "note.model_id")] == "HTMLModel"
