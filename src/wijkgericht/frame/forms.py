"""Forms in the site's style: each widget gets the NL Design System (Utrecht) class for its kind, and an invalid
text field its --invalid modifier. Field checks and Dutch messages only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms


class StyledForm(forms.Form):
    """Gives each widget the NL Design System (Utrecht) class for its kind.

    REQUIRED_WHEN names the optional fields that a service requires in some cases, with the text frame/_fields.html
    shows after the label instead of "(optioneel)" (as the field's `required_note`).
    """

    REQUIRED_WHEN: dict[str, Any] = {}

    CLASSES = {
        # Not the --html-textarea modifier: it paints an empty required field red before anyone typed.
        forms.Textarea: "utrecht-textarea",
        forms.Select: "utrecht-select utrecht-select--html-select",
        forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
        forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
        forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
        forms.TextInput: "utrecht-textbox utrecht-textbox--html-input",
        forms.NumberInput: "utrecht-textbox utrecht-textbox--html-input",
    }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for kind, css in self.CLASSES.items():
                if isinstance(field.widget, kind):
                    field.widget.attrs.setdefault("class", css)
                    break
        for name, note in self.REQUIRED_WHEN.items():
            self.fields[name].required_note = note  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields and isinstance(self.fields[name].widget, forms.Textarea | forms.TextInput):
                kind = "textarea" if isinstance(self.fields[name].widget, forms.Textarea) else "textbox"
                self.fields[name].widget.attrs["class"] += f" utrecht-{kind}--invalid"
