"""What the widgets rely on in other projects' internals, checked against the installed versions.

`workbook.widgets.model` speaks the widget protocol itself and names anywidget's front-end
models; `workbook.widgets.controls` (through `model.serve_states`) replaces ipywidgets' answer to
a reloaded page's request for every model's state with one that also covers ours; the evidence
log's script draws its form through the page's widget manager. None of this is a public API of
ipywidgets, anywidget or the widget managers: each assertion here says what breaks, and where,
when an upgrade changes it (CONTRIBUTING.md, "Where the widget protocol risk lives").
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import anywidget
import comm
import ipywidgets
import pytest
import traitlets
from anywidget import _util as anywidget_util
from ipywidgets.widgets import widget as ipywidgets_widget
from jupyter_core.paths import jupyter_path

from workbook.widgets import controls, model
from workbook.widgets.model import CONTROL_TARGET, PROTOCOL, VIEW_MIME, CommWidget, anywidget_range

JS = Path(model.__file__).parent / "js"


class Probe(CommWidget):
    """The smallest model of ours: one synced trait, drawn by the course home's script."""

    _esm = (JS / "dom.js", JS / "home.js")
    html = traitlets.Unicode("<p>probe</p>").tag(sync=True)


class Control:
    """Stands in for the page's end of the "jupyter.widget.control" comm: records what is sent."""

    def __init__(self) -> None:
        self.handlers: list[Any] = []
        self.sent: list[tuple[dict[str, Any], list[Any]]] = []

    def on_msg(self, handler: Any) -> None:
        self.handlers.append(handler)

    def send(self, data: dict[str, Any], buffers: list[Any] | None = None, **_: Any) -> None:
        self.sent.append((data, buffers or []))

    def request_states(self) -> tuple[dict[str, Any], list[Any]]:
        """What the page gets back when it asks for every model's state."""
        for handler in self.handlers:
            handler({"content": {"data": {"method": "request_states"}}})
        assert len(self.sent) == 1, self.sent
        return self.sent[0]


def _extension(folder: str, name: str) -> Path:
    """An installed front-end extension's folder (labextensions/NAME), first on the data path."""
    for root in jupyter_path(folder):
        if (Path(root) / name / "package.json").is_file():
            return Path(root) / name
    pytest.fail(f"{name} is not installed under {folder}: the page could not draw the widgets")


def _bundle(extension: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted((extension / "static").glob("*.js")))


def _in_range(version: str, semver: str) -> bool:
    """Whether `version` satisfies the range `anywidget_range()` writes ("~0.11.*" or exact)."""
    if semver.startswith("~") and semver.endswith(".*"):
        return version.startswith(semver[1:-1])
    return version == semver


@pytest.fixture
def probe():
    widget = Probe()
    yield widget
    widget.close()


def test_our_models_name_what_anywidgets_python_side_names(probe):
    state = probe.get_state()
    traits = anywidget.AnyWidget.class_traits()
    for name in ("_model_name", "_model_module", "_model_module_version",
                 "_view_name", "_view_module", "_view_module_version"):
        assert state[name] == traits[name].default_value, (
            f"anywidget's {name} is now {traits[name].default_value!r}: CommWidget.get_state "
            f"(workbook/widgets/model.py) still sends {state[name]!r}, which no front end draws")
    keys = (anywidget_util._ESM_KEY, anywidget_util._CSS_KEY, anywidget_util._ANYWIDGET_ID_KEY)
    assert keys == ("_esm", "_css", "_anywidget_id"), (
        f"anywidget's front end now reads the script, style and id from {keys}: "
        "CommWidget.get_state (workbook/widgets/model.py) sends _esm, _css, _anywidget_id")
    assert {"_esm", "_anywidget_id"} <= set(state)


def test_anywidget_range_takes_in_the_installed_front_end():
    extension = _extension("labextensions", "anywidget")
    package = json.loads((extension / "package.json").read_text(encoding="utf-8"))
    assert _in_range(package["version"], anywidget_range()), (
        f"anywidget's JupyterLab extension is {package['version']}, outside anywidget_range() "
        f"{anywidget_range()!r} (workbook/widgets/model.py): the page would not find AnyModel")
    registered = re.search(r'registerWidget\(\{\s*name:\s*"([^"]+)",(?:\s*//[^\n]*)?\s*'
                           r'version:\s*"([^"]+)"', _bundle(extension))
    assert registered, ("anywidget's front end no longer registers its module as "
                        "registerWidget({name, version}): check model.py's _model_module")
    assert registered.group(1) == "anywidget" and _in_range(registered.group(2), anywidget_range()), (
        f"anywidget's front end registers {registered.groups()}, which the models' "
        f"'anywidget' {anywidget_range()!r} (workbook/widgets/model.py) does not match")
    bundle = _bundle(extension)
    assert "AnyModel" in bundle and "AnyView" in bundle, (
        "anywidget's front end defines no AnyModel/AnyView: CommWidget.get_state names them")


def test_render_gets_the_model_the_scripts_are_typed_against():
    """dom.js's WidgetModel typedef (what quiz.js, evidence.js... call) against anywidget's
    modelProxy, the object its front end passes to `render`."""
    found = re.search(r"function modelProxy\(model, context\) \{.*?return \{(.*?)\n    \};",
                      _bundle(_extension("labextensions", "anywidget")), re.S)
    assert found, ("anywidget's front end has no modelProxy any more: check what `render` gets "
                   "against the WidgetModel typedef in workbook/widgets/js/dom.js")
    given = set(re.findall(r"^\s*(\w+):", found.group(1), re.M))
    typedef = (JS / "dom.js").read_text(encoding="utf-8").split("@typedef {object} WidgetModel")[1]
    used = set(re.findall(r"@property \{.*\} (\w+)", typedef.split("*/")[0]))
    assert used == {"get", "set", "save_changes", "send", "on", "off", "widget_manager"}
    assert used <= given, (
        f"anywidget's render no longer gets {sorted(used - given)} on its model: the widget "
        "scripts in workbook/widgets/js call them (WidgetModel in dom.js)")


def test_we_speak_the_protocol_version_and_view_mime_anywidget_does(probe):
    assert PROTOCOL == anywidget_util._PROTOCOL_VERSION == ipywidgets.__protocol_version__, (
        f"the widget protocol is now {ipywidgets.__protocol_version__} (ipywidgets) / "
        f"{anywidget_util._PROTOCOL_VERSION} (anywidget): model.PROTOCOL says {PROTOCOL}")
    view = probe._repr_mimebundle_()[VIEW_MIME]
    assert (view["version_major"], view["version_minor"]) == (
        anywidget_util._PROTOCOL_VERSION_MAJOR, anywidget_util._PROTOCOL_VERSION_MINOR), (
        "anywidget's view output changed version: CommWidget._repr_mimebundle_ (model.py)")
    assert view["model_id"] == probe.model_id == probe.comm.comm_id
    theirs = ipywidgets.Text("x")
    try:
        assert VIEW_MIME in theirs._repr_mimebundle_(), (
            f"ipywidgets no longer displays a widget as {VIEW_MIME} (model.VIEW_MIME)")
        assert theirs.comm.target_name == probe.comm.target_name == "jupyter.widget", (
            f"ipywidgets opens its models on {theirs.comm.target_name!r}: CommWidget.__init__ "
            "opens ours on 'jupyter.widget' (model.py)")
    finally:
        theirs.close()


def test_ipywidgets_puts_up_its_state_answer_and_ours_comes_back():
    """Importing ipywidgets in a kernel registers its answer on the control target; controls.py
    and the kernel's after-cell hook (model._after_cell) put ours back over it."""
    manager = comm.get_comm_manager()
    before = manager.targets.get(CONTROL_TARGET)
    try:
        ipywidgets.register_comm_target()
        assert manager.targets[CONTROL_TARGET] == ipywidgets.Widget.handle_control_comm_opened, (
            f"ipywidgets no longer answers on {CONTROL_TARGET!r} (model.CONTROL_TARGET): "
            "serve_states in workbook/widgets/model.py registers there")
        model._after_cell(None)
        assert manager.targets[CONTROL_TARGET] is model._control_opened
        ipywidgets.register_comm_target()
        model.serve_states()  # what importing workbook.widgets.controls does
        assert manager.targets[CONTROL_TARGET] is model._control_opened
    finally:
        if before is not None:
            manager.register_target(CONTROL_TARGET, before)


def test_our_state_answer_is_ipywidgets_own_plus_our_models(probe):
    """The reloaded page's request ('request_states') gets ipywidgets' exact answer for its
    models ('update_states', built from ipywidgets.widgets.widget._instances and
    _remove_buffers, which model._control_opened imports) and ours beside them."""
    assert isinstance(getattr(ipywidgets_widget, "_instances", None), dict), (
        "ipywidgets.widgets.widget._instances is gone: model._control_opened lists "
        "ipywidgets' models from it")
    assert callable(getattr(ipywidgets_widget, "_remove_buffers", None)), (
        "ipywidgets.widgets.widget._remove_buffers is gone: model._control_opened uses it")
    text = ipywidgets.Text("typed", description="Title")
    box = controls.html("<b>shared layout and style</b>")
    made = {text.model_id, box.model_id, box.layout.model_id}
    saved_control = getattr(ipywidgets.Widget, "_control_comm", None)
    try:
        theirs = Control()
        ipywidgets.Widget.handle_control_comm_opened(theirs, {"metadata": {"version": "1.0.0"}})
        their_answer, their_buffers = theirs.request_states()
        ours = Control()
        model._control_opened(ours, {"metadata": {"version": "1.0.0"}})
        our_answer, our_buffers = ours.request_states()
    finally:
        ipywidgets.Widget._control_comm = saved_control
        text.close()
        box.close()
    assert set(our_answer) == set(their_answer) == {"method", "states", "buffer_paths"}, (
        f"ipywidgets' answer now has {sorted(their_answer)}: model._control_opened sends "
        "method, states, buffer_paths")
    assert our_answer["method"] == their_answer["method"] == "update_states"
    assert (our_answer["buffer_paths"], our_buffers) == (their_answer["buffer_paths"], their_buffers)
    for model_id, entry in their_answer["states"].items():
        assert our_answer["states"].get(model_id) == entry, (
            f"ipywidgets describes its model {model_id} as {sorted(entry)}; "
            "model._control_opened answers for it differently")
    assert made <= set(their_answer["states"])
    mine = our_answer["states"][probe.model_id]
    assert set(mine) == set(next(iter(their_answer["states"].values())))
    assert (mine["model_name"], mine["model_module"], mine["model_module_version"]) == (
        "AnyModel", "anywidget", anywidget_range())
    assert mine["state"] == probe.get_state()


def test_controls_shared_models_are_remade_once_closed():
    """controls.get reads a closed model as one whose `comm` is None (ipywidgets' close)."""
    shared = controls.get("layout")
    assert controls.get("layout") is shared
    shared.close()
    assert shared.comm is None, ("ipywidgets' Widget.close no longer clears .comm: "
                                 "controls.get would hand out closed shared models")
    again = controls.get("layout")
    assert again is not shared and again.comm is not None
    assert isinstance(controls.get("html-style"), ipywidgets.widgets.widget_string.HTMLStyle)


@pytest.mark.parametrize("folder, name", [
    ("labextensions", "@jupyter-widgets/jupyterlab-manager"),
    (("voila", "labextensions"), "@voila-dashboards/widgets-manager8"),
])
def test_the_pages_widget_managers_have_what_the_scripts_call(folder, name):
    """evidence.js draws the form with the manager's get_model and create_view, tells the view
    it is attached (luminoWidget, or pWidget before) and waits for children_views; and the
    page asks for every model's state with 'request_states' on the control target."""
    root = next((Path(r) / name for r in jupyter_path(*([folder] if isinstance(folder, str)
                                                       else folder))
                 if (Path(r) / name / "package.json").is_file()), None)
    if root is None:
        pytest.fail(f"{name} is not installed: the page cannot draw widgets")
    bundle = _bundle(root)
    for used in ("get_model", "create_view", "children_views", "after-attach",
                 CONTROL_TARGET, "request_states", "update_states"):
        assert used in bundle, (f"{name} has no {used!r} any more: see workbook/widgets/js/"
                                "evidence.js (drawForm) and model._control_opened")
    assert "luminoWidget" in bundle or "pWidget" in bundle, (
        f"{name}'s views have neither luminoWidget nor pWidget: evidence.js's drawForm")
