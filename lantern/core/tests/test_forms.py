from datetime import date

from django import forms
from django.template import Context, Template

from lantern.core.forms import GovukDateField


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name")
    born = GovukDateField(label="Date of birth")


def test_date_field_builds_a_date_from_three_boxes():
    form = ExampleForm(data={"name": "x", "born_0": "14", "born_1": "3", "born_2": "2009"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == date(2009, 3, 14)


def test_date_field_rejects_an_impossible_date_and_keeps_the_input():
    form = ExampleForm(data={"name": "x", "born_0": "31", "born_1": "2", "born_2": "2009"})
    assert not form.is_valid()
    assert "must be a real date" in form.errors["born"][0]
    html = Template("{% load govuk %}{% govuk_field form.born %}").render(Context({"form": form}))
    assert 'value="31"' in html and 'value="2009"' in html
    assert "govuk-form-group--error" in html


def test_error_summary_links_to_each_invalid_field():
    form = ExampleForm(data={"name": "", "born_0": "", "born_1": "", "born_2": ""})
    assert not form.is_valid()
    html = Template("{% load govuk %}{% govuk_error_summary form %}").render(Context({"form": form}))
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_born_0"' in html
