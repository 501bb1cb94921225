"""Forms for the language phrase list. The rules (pattern syntax, duplicates) live in services."""

from __future__ import annotations

from django import forms

from lantern.core.forms import LanguageCheckedTextarea
from lantern.language.models import LanguagePhrase
from lantern.language.patterns import MAX_PATTERN_LENGTH
from lantern.language.selectors import MAX_CHECK_LENGTH

PATTERN_HELP = (
    "The words to look for. Put choices in curly brackets separated by a vertical bar, for example "
    "{put|puts|putting} {himself|herself|themselves} at risk. Capital letters do not matter and "
    "only whole words match."
)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PhraseForm(VersionedForm):
    pattern = forms.CharField(
        label="Phrase to look for",
        max_length=MAX_PATTERN_LENGTH,
        help_text=PATTERN_HELP,
        error_messages={"required": "Enter the phrase to look for"},
    )
    suggestion = forms.CharField(
        label="Suggested wording",
        max_length=300,
        help_text="Shown as: Consider “your suggested wording”",
        error_messages={"required": "Enter the suggested wording"},
    )
    why = forms.CharField(
        label="Why the phrase should be avoided",
        max_length=1000,
        help_text="One or two sentences shown with the suggestion",
        error_messages={"required": "Enter why the phrase should be avoided"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, creating: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if creating:
            del self.fields["version"]

    @classmethod
    def for_phrase(cls, phrase: LanguagePhrase) -> PhraseForm:
        return cls(
            initial={
                "pattern": phrase.pattern,
                "suggestion": phrase.suggestion,
                "why": phrase.why,
                "version": phrase.version,
            }
        )

    def phrase_fields(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ("pattern", "suggestion", "why")}


class TryForm(forms.Form):
    text = forms.CharField(
        label="Sample text",
        max_length=MAX_CHECK_LENGTH,
        strip=False,
        help_text="Type or paste some text to see which phrases are flagged. It is not saved.",
        error_messages={"required": "Enter some text to check"},
        widget=LanguageCheckedTextarea(),
    )


class CheckForm(forms.Form):
    text = forms.CharField(required=False, max_length=MAX_CHECK_LENGTH, strip=False)
