"""The own texts' markup: everything escaped, links only for web and mail addresses."""

from wijkgericht.sitepages import markup


def test_blocks_become_headings_lists_and_paragraphs():
    html = markup.to_html("## Wie\n\nDe gemeente.\nTweede regel.\n\n- een\n- twee\n\n### Meer")
    assert html.splitlines() == [
        '<h2 class="utrecht-heading-2">Wie</h2>',
        '<p class="utrecht-paragraph">De gemeente.<br>Tweede regel.</p>',
        '<ul class="utrecht-unordered-list"><li class="utrecht-unordered-list__item">een</li>'
        '<li class="utrecht-unordered-list__item">twee</li></ul>',
        '<h3 class="utrecht-heading-3">Meer</h3>',
    ]


def test_html_is_escaped_and_scripts_never_link():
    html = markup.to_html('<script>alert(1)</script> [klik](javascript:alert(1)) "quote"')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "&quot;quote&quot;" in html


def test_links_addresses_and_mail():
    html = markup.inline("Zie [de regels](https://example.nl/a?b=1&c=2), https://www.barendrecht.nl. "
                         "Of mail privacy@barendrecht.nl.")
    assert '<a class="utrecht-link" href="https://example.nl/a?b=1&amp;c=2">de regels</a>' in html
    assert '<a class="utrecht-link" href="https://www.barendrecht.nl">https://www.barendrecht.nl</a>.' in html
    assert '<a class="utrecht-link" href="mailto:privacy@barendrecht.nl">privacy@barendrecht.nl</a>.' in html


def test_windows_line_ends_and_blank_lines_with_spaces_separate_blocks():
    assert markup.blocks("een\r\n  \r\ntwee\r\n\r\n\r\n") == ["een", "twee"]
    assert markup.lines("- een\n\n  twee  \n") == ["een", "twee"]
