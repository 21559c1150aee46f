"""What a portfolio widget shows when its work cannot be saved.

A save the disk refuses (full, no permission) shows "not saved: <reason>" beside the control
that was being saved, and the learner's text stays in the control; "Try saving again" repeats
every save that failed, with what the controls hold then. A store nobody can write to
(`Store.writable()` False) is shown as saved, every control disabled, with one plain message.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from workbook.learner.store import SaveError, Store
from workbook.widgets.base import not_saved_html, read_only_html
from workbook.widgets.controls import get, html, widgets


class SaveGuard:
    """Runs a widget's saves, shows failures beside their controls and retries them."""

    def __init__(self, store: Store):
        self.store = store
        self.read_only = not store.writable()
        self.notice = html(read_only_html(store) if self.read_only else "")
        self.retry_button = widgets.Button(description="Try saving again",
                                           tooltip="Save again everything that was not saved",
                                           layout=widgets.Layout(display="none"),
                                           style=get("button-style"))
        self.retry_button.on_click(lambda _: self.retry())
        self._labels: dict[str, widgets.HTML] = {}
        self._failed: dict[str, Callable[[], object]] = {}

    def label(self, key: str) -> widgets.HTML:
        """The status shown beside the control saved under `key` (empty while all is well)."""
        return self._labels.setdefault(key, widgets.HTML())

    def run(self, key: str, save: Callable[[], object]) -> bool:
        """Call save(); whether it saved. On SaveError show why beside `key`, keep it for a retry."""
        try:
            save()
        except SaveError as exc:
            self._failed[key] = save
            self.label(key).value = not_saved_html(exc)
            self.retry_button.layout.display = None
            return False
        self._failed.pop(key, None)
        self.label(key).value = ""
        if not self._failed:
            self.retry_button.layout.display = "none"
        return True

    def retry(self) -> bool:
        """Repeat every failed save; whether all of them worked."""
        for key, save in list(self._failed.items()):
            self.run(key, save)
        return not self._failed

    @property
    def unsaved(self) -> list[str]:
        """Keys whose last save failed."""
        return list(self._failed)

    def lock(self, controls: Iterable[widgets.Widget]) -> None:
        """Disable every control when the store is read-only, so nothing pretends to save."""
        if self.read_only:
            for control in controls:
                control.disabled = True
