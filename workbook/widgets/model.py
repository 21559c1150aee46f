"""Widget models drawn by anywidget's front end, kept in sync over a comm without ipywidgets.

The quiz, the flashcards and the evidence log are each one model whose script draws it. They
need none of ipywidgets' ~100 classes, whose set-up on import costs a kernel 50-80 ms before a
notebook can show anything (anywidget's Python package imports them too). What they need is
the widget message protocol (2.1): a comm with the target "jupyter.widget" opened with the
model's state, "update" messages both ways, "request_state" and "custom" from the page. That is
what `CommWidget` speaks, for any traitlets object whose traits tagged `sync=True` are its state,
as anywidget's own descriptor does for plain objects.

A page reloaded while its kernel runs asks for every model's state over the comm target
"jupyter.widget.control". `serve_states` answers for these models and for ipywidgets' own.
Importing ipywidgets puts up its own answer, which knows only its models: our ipywidgets widgets
import it through `workbook.widgets.controls`, which puts this one back, and after each cell
(a learner's `import ipywidgets`) the kernel puts it back too.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar

import comm
import traitlets

__all__ = ["MODELS", "CommWidget", "serve_states"]

PROTOCOL = "2.1.0"
CONTROL_TARGET = "jupyter.widget.control"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
#: the open models, by model id (they live until closed, as ipywidgets' do)
MODELS: dict[str, CommWidget] = {}

Callback = Callable[[Any, Any, list], None]


@cache
def anywidget_range() -> str:
    """The versions of anywidget's front end that draw these models ("~0.11.*")."""
    major, minor, patch = version("anywidget").split(".", 2)
    return f"{major}.{minor}.{patch}" if "a" in patch or "b" in patch else f"~{major}.{minor}.*"


@cache
def _asset(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class CommWidget(traitlets.HasTraits):
    """A model of anywidget's front end: `_esm` (its scripts, sent as one module) draws the
    traits tagged sync=True."""

    _esm: ClassVar[tuple[Path, ...]]
    _css: ClassVar[Path | None] = None

    def __init__(self, **traits: Any):
        super().__init__(**traits)
        self._callbacks: list[Callback] = []
        self._from_page: set[str] = set()  # set by the page: not sent back to it
        self._held: set[str] | None = None
        serve_states()
        self.comm = comm.create_comm(target_name="jupyter.widget", metadata={"version": PROTOCOL},
                                     data={"state": self.get_state(), "buffer_paths": []})
        self.comm.on_msg(self._handle_msg)
        self.comm.on_close(self._forget)
        MODELS[self.model_id] = self
        self.observe(self._changed, names=list(self.traits(sync=True)))

    @property
    def model_id(self) -> str:
        """The id the page knows the model by."""
        return self.comm.comm_id

    def get_state(self) -> dict[str, Any]:
        """The model's whole state, as the page receives it."""
        cls = type(self)
        return {"_model_module": "anywidget", "_model_name": "AnyModel",
                "_model_module_version": anywidget_range(), "_view_module": "anywidget",
                "_view_name": "AnyView", "_view_module_version": anywidget_range(),
                "_view_count": None, "_anywidget_id": f"{cls.__module__}.{cls.__name__}",
                "_esm": "\n".join(_asset(path) for path in cls._esm),
                **({"_css": _asset(cls._css)} if cls._css else {}),
                **{name: getattr(self, name) for name in self.traits(sync=True)}}

    def on_msg(self, callback: Callback) -> None:
        """Call `callback(widget, content, buffers)` for each custom message from the page."""
        self._callbacks.append(callback)

    @contextmanager
    def hold_sync(self) -> Iterator[None]:
        """Send the changes made inside as one update."""
        if self._held is not None:
            yield
            return
        self._held = set()
        try:
            yield
        finally:
            held, self._held = self._held, None
            self._send(held)

    def close(self) -> None:
        """Close the comm: the page drops the model and its views."""
        MODELS.pop(self.model_id, None)
        self.comm.close()

    def _forget(self, _msg: dict[str, Any]) -> None:
        """The page closed the comm: the model is no longer reachable by its id."""
        MODELS.pop(self.model_id, None)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": object.__repr__(self),
                VIEW_MIME: {"version_major": 2, "version_minor": 1, "model_id": self.model_id}}

    def _changed(self, change: dict) -> None:
        if change["name"] in self._from_page:
            return
        if self._held is not None:
            self._held.add(change["name"])
        else:
            self._send({change["name"]})

    def _send(self, names: set[str]) -> None:
        if names:
            self.comm.send({"method": "update", "buffer_paths": [],
                            "state": {name: getattr(self, name) for name in names}})

    def _handle_msg(self, msg: dict) -> None:
        data = msg["content"]["data"]
        method = data.get("method")
        if method == "update":
            self._update_from_page(data.get("state") or {})
        elif method == "request_state":
            self.comm.send({"method": "update", "state": self.get_state(), "buffer_paths": []})
        elif method == "custom":
            for callback in self._callbacks:
                callback(self, data.get("content"), msg.get("buffers") or [])

    def _update_from_page(self, state: dict) -> None:
        synced = self.traits(sync=True)
        for name, value in state.items():
            if name not in synced:
                continue
            self._from_page.add(name)
            try:
                setattr(self, name, value)
            except traitlets.TraitError:
                self._from_page.discard(name)
                self._send({name})  # the page goes back to what the kernel holds
            finally:
                self._from_page.discard(name)


def serve_states() -> None:
    """Answer the page's request for every model's state, ours and ipywidgets', from now on and
    again after each cell that replaced the answer."""
    comm.get_comm_manager().register_target(CONTROL_TARGET, _control_opened)
    shell = _shell()
    if shell is not None and _after_cell not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _after_cell)


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython else None


def _after_cell(_result: Any) -> None:
    manager = comm.get_comm_manager()
    if manager.targets.get(CONTROL_TARGET) is not _control_opened:
        manager.register_target(CONTROL_TARGET, _control_opened)


def _control_opened(control: Any, _msg: dict) -> None:
    def answer(msg: dict) -> None:
        if msg["content"]["data"].get("method") != "request_states":
            return
        states = {model_id: {"model_name": "AnyModel", "model_module": "anywidget",
                             "model_module_version": anywidget_range(), "state": model.get_state()}
                  for model_id, model in MODELS.items()}
        paths: list = []
        buffers: list = []
        if "ipywidgets" in sys.modules:  # as ipywidgets answers for its own (8.1)
            from ipywidgets.widgets.widget import _instances, _remove_buffers
            theirs = {w.model_id: {"model_name": w._model_name, "model_module": w._model_module,
                                   "model_module_version": w._model_module_version,
                                   "state": w.get_state(drop_defaults=False)}
                      for w in _instances.values()}
            theirs, paths, buffers = _remove_buffers(theirs)
            states.update(theirs)
        control.send({"method": "update_states", "states": states, "buffer_paths": paths},
                     buffers=buffers)

    control.on_msg(answer)
