from django.template import Context, Template


def test_column_headings_renders_one_column_header_per_heading_escaped():
    template = Template('{% load tables %}{% column_headings "Year" label %}')

    html = template.render(Context({"label": "Events <new>"}))

    assert html == (
        '<thead><tr><th scope="col">Year</th><th scope="col">Events &lt;new&gt;</th></tr></thead>'
    )
