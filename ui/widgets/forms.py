"""The base for every editing dialog: messages next to the field, nothing lost on cancel, Ctrl+Enter saves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from journal.domain.errors import JournalCorrupt, JournalError, ValidationError
from journal.storage.changes import Changes
from ui.shell import screens
from ui.shell.context import AppContext, initiated_by
from ui.widgets.fields import ParsedField, ScaleField


def confirm(parent: QWidget | None, title: str, text: str, action: str, *, destructive: bool = True) -> bool:
    """Ask before doing something; the default button is the safe one.

    Call it as `forms.confirm(...)` (not imported by name) so tests can replace it in one place."""
    box = QMessageBox(parent)
    box.setObjectName("confirmDialog")
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    go = box.addButton(
        action, QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go


# Set by the running app: damage found while reading or saving is handled once, by the session (the
# newest sound backup offered), not told in a box per failed read.
damage_handler: Callable[[str], None] | None = None


def show_error(parent: QWidget | None, error: JournalError, title: str = "Sales Journal") -> None:
    """A known problem (disk full, record gone, …) in plain words. Call as `forms.show_error`."""
    if isinstance(error, JournalCorrupt) and damage_handler is not None:
        damage_handler(str(error))
        return
    QMessageBox.warning(parent, title, str(error))


def attempt(parent: QWidget | None, action: Callable[[], Changes]) -> Changes | None:
    """Run a service call from a button or menu of `parent` (its initiator); a known problem is shown,
    not raised."""
    try:
        with initiated_by(parent):
            return action()
    except JournalError as e:
        show_error(parent, e)
        return None


def _value_of(widget: QWidget) -> object:
    if isinstance(widget, ScaleField):
        return widget.value()
    if isinstance(widget, ParsedField):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    return None


def on_edit(widget: QWidget, slot: Callable[[], object]) -> None:
    """Call `slot` whenever the value of `widget` (or of the inputs inside a compound widget) changes."""
    if isinstance(widget, ScaleField):
        widget.valueChanged.connect(slot)
    elif isinstance(widget, ParsedField):
        widget.edited.connect(slot)
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
        widget.editTextChanged.connect(slot)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(slot)
    elif isinstance(widget, QAbstractSpinBox):
        widget.editingFinished.connect(slot)
        if isinstance(widget, QSpinBox):
            widget.valueChanged.connect(slot)
    elif isinstance(widget, QAbstractItemView):
        model = widget.model()
        if model is not None:
            model.dataChanged.connect(slot)
    else:
        for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            on_edit(child, slot)


class FormDialog(QDialog):
    """Subclasses add fields with `add_field` and implement `save()`, which calls one service and returns
    its Changes. A ValidationError from the service is shown under the field it names, and the dialog stays
    open; closing with typed text asks first."""

    def __init__(
        self, ctx: AppContext, title: str, parent: QWidget | None = None, *, save_text: str = "Save"
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changes: Changes | None = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}  # each field's label and what is beside it
        self._baseline: dict[int, object] = {}
        self._watched: list[QWidget] = []
        self._shown_before = False

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.general_error = QLabel(self)
        self.general_error.setObjectName("formError")
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(save_text)
        save.setObjectName("saveButton")
        save.setToolTip(f"{save_text} (Ctrl+Enter)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("cancelButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(self.form)
        outer.addWidget(self.general_error)
        outer.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.accept)

    # -- building --------------------------------------------------------------------------------

    def add_field(
        self, name: str, label: str, widget: QWidget, *, hint: str = "", layout: QFormLayout | None = None
    ) -> QWidget:
        """A labelled field whose validation message (for ValidationError.field == name) shows under it.
        `layout` puts it in a form layout of the dialog's own (a section) instead of the main one."""
        container = QWidget(self)
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        if hint:
            hint_label = QLabel(hint, container)
            hint_label.setProperty("role", "hint")
            hint_label.setWordWrap(True)
            box.addWidget(hint_label)
        error = QLabel(container)
        error.setObjectName(f"{name}Error")
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        widget.setObjectName(f"{name}Field")
        widget.setAccessibleName(label.replace("&", ""))
        title = QLabel(label, self)
        title.setBuddy(widget.focusProxy() or widget)  # a label's Alt+letter needs a widget that takes focus
        (layout or self.form).addRow(title, container)
        self._fields[name] = (widget, error)
        self._rows[name] = (title, container)
        self._watch(widget)

        def clear_error() -> None:
            error.hide()
            error.clear()

        on_edit(widget, clear_error)
        return widget

    def field(self, name: str) -> QWidget:
        return self._fields[name][0]

    def show_field(self, name: str, shown: bool) -> None:
        """Show or hide a field with its label, hint and message."""
        for widget in self._rows[name]:
            widget.setVisible(shown)

    # -- focus -----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not self._shown_before:
            self._shown_before = True
            self._buttons_last()
            focus = self.focusWidget()
            if focus is None or focus is self or self.buttons.isAncestorOf(focus):
                first = self.first_input()
                if first is not None:
                    first.setFocus(Qt.FocusReason.TabFocusReason)
        screens.shrink_to_screen(self)
        super().showEvent(event)  # centres the dialog over its parent
        screens.fit_to_screen(self)

    def first_input(self) -> QWidget | None:
        """The first field that takes typing (a dialog that set the focus itself keeps its choice)."""
        for widget, _ in self._fields.values():
            target = widget.focusProxy() or widget
            if (
                target.isVisibleTo(self)
                and target.isEnabled()
                and target.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                return target
            for child in widget.findChildren(QWidget):
                if (
                    child.isVisibleTo(self)
                    and child.isEnabled()
                    and child.focusPolicy() & Qt.FocusPolicy.TabFocus
                ):
                    return child
        return None

    def _buttons_last(self) -> None:
        """The button box is made before the fields, so Qt's tab order would start on Save: move its
        buttons, in the order they are laid out, to the end of the chain."""
        layout = self.buttons.layout()
        items = (layout.itemAt(i) for i in range(layout.count())) if layout is not None else iter(())
        buttons = [
            w for item in items if item is not None and isinstance(w := item.widget(), QAbstractButton)
        ]
        last = self.previousInFocusChain()
        while last in buttons:
            last = last.previousInFocusChain()
        for button in buttons:
            if last is not None:
                QWidget.setTabOrder(last, button)
            last = button

    def _watch(self, widget: QWidget) -> None:
        self._watched.append(widget)
        self._baseline[id(widget)] = _value_of(widget)

    def mark_clean(self) -> None:
        """Call after filling the form with existing values: only what is typed after counts as unsaved."""
        self._baseline = {id(w): _value_of(w) for w in self._watched}

    def is_dirty(self) -> bool:
        return any(_value_of(w) != self._baseline.get(id(w)) for w in self._watched)

    # -- saving ---------------------------------------------------------------------------------

    def save(self) -> Changes:
        raise NotImplementedError

    def clear_errors(self) -> None:
        for _, error in self._fields.values():
            error.hide()
            error.clear()
        self.general_error.hide()

    def show_validation(self, error: ValidationError) -> None:
        if error.field in self._fields:
            widget, label = self._fields[error.field]
            label.setText(str(error))
            label.show()
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.general_error.setText(str(error))
            self.general_error.show()

    def accept(self) -> None:
        self.clear_errors()
        try:
            with initiated_by(self.parentWidget() or self):  # the view that opened the form asked
                self.changes = self.save()
        except ValidationError as e:
            self.show_validation(e)
            return
        except JournalError as e:
            self.general_error.setText(str(e))
            self.general_error.show()
            return
        self.mark_clean()
        super().accept()

    def reject(self) -> None:
        if self.is_dirty() and not confirm(
            self,
            "Discard what you typed?",
            "You have typed text in this form that is not saved yet.",
            "Discard",
        ):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty() and not confirm(
            self,
            "Discard what you typed?",
            "You have typed text in this form that is not saved yet.",
            "Discard",
        ):
            event.ignore()
            return
        super().closeEvent(event)


def checkbox(text: str, checked: bool = False) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(checked)
    return box
