"""The HTML allowlist, tried as an attacker would: every hostile body is refused with its line and
what to write instead (never silently cleaned), and what Markdown and the site's extensions
make for honest stories passes."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.problems import InputError
from storysite.stories.allowlist import html_problems
from storysite.stories.collection import load_collection

TODAY = dt.date(2026, 11, 26)
TAG = "tag is not allowed in a story"
CODE = "runs code, and stories cannot run code"
STYLE = "the attribute 'style=' is not allowed"
SCHEME = "is not allowed. Addresses must start"
NOT_ON = "is not allowed on <"
TRICK = "HTML that a browser would read differently"

# (kind, body, a phrase every problem's message set must contain)
HOSTILE = [
    # script and style
    ("script", "<script>alert(1)</script>", "a <script> " + TAG),
    ("script", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "a <script> " + TAG),
    ("script", "<scr<script>ipt>alert(1)</script>", "a <script> " + TAG),
    ("script", "<style>body { display: none }</style>", "a <style> " + TAG),
    # embedding and page-changing tags
    ("embed", '<iframe src="https://evil.example/"></iframe>', "a <iframe> " + TAG),
    ("embed", '<object data="x.swf"></object>', "a <object> " + TAG),
    ("embed", '<embed src="x.swf">', "a <embed> " + TAG),
    ("embed", '<video src="x.mp4" poster="javascript:alert(1)"></video>', "a <video> " + TAG),
    ("embed", '<base href="https://evil.example/">', "a <base> " + TAG),
    ("embed", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "a <meta> " + TAG),
    ("embed", '<link rel="stylesheet" href="https://evil.example/x.css">', "a <link> " + TAG),
    # forms
    ("form", '<form action="https://evil.example/"><input name="password"></form>', "a <form> " + TAG),
    ("form", '<button formaction="javascript:alert(1)">Go</button>', "a <button> " + TAG),
    ("form", "<textarea>x</textarea>", "a <textarea> " + TAG),
    # SVG and MathML
    ("svg/math", "<svg/onload=alert(1)>", "a <svg> " + TAG),
    ("svg/math", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "a <svg> " + TAG),
    ("svg/math", "<svg><set attributeName=onmouseover to=alert(1)>", "a <svg> " + TAG),
    ("svg/math", '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
     "a <math> " + TAG),
    # event handlers, raw and through attr_list
    ("event", '<img src="hall.jpg" onerror="alert(1)">', "'onerror=' " + CODE),
    ("event", "<img src=x\nonerror=alert(1)>", "'onerror=' " + CODE),
    ("event", "<img/src=x/onerror=alert(1)>", "is not in this story's folder"),  # src is all of it
    ("event", '<p ONCLICK="alert(1)">Hi</p>', "'onclick=' " + CODE),
    ("event", 'Hello\n{: onclick="alert(1)" }', "'onclick=' " + CODE),
    ("event", '<details open ontoggle="alert(1)">x</details>', "a <details> " + TAG),
    # style
    ("style", '<p style="position:fixed;top:0">Win a prize</p>', STYLE),
    ("style", 'Hello\n{: style="color: red" }', STYLE),
    ("style", '<table><tr><td style="background:url(x)">x</td></tr></table>', STYLE),
    # URL schemes, however spelled
    ("scheme", "[click me](javascript:alert(1))", "a link to 'javascript:…' " + SCHEME),
    ("scheme", "[x][1]\n\n[1]: javascript:alert(1)", "a link to 'javascript:…' " + SCHEME),
    ("scheme", '<a href="jav&#x61;script:alert(1)">x</a>', "a link to 'javascript:…' " + SCHEME),
    ("scheme", '<a href="&#106;avascript:alert(1)">x</a>', "a link to 'javascript:…' " + SCHEME),
    ("scheme", '<a href="java\tscript:alert(1)">x</a>', SCHEME),  # Markdown makes the tab spaces
    ("scheme", '<a href="JaVaScRiPt:alert(1)">x</a>', "a link to 'JaVaScRiPt:…' " + SCHEME),
    ("scheme", '<a href="jav&#x0A;ascript:alert(1)">x</a>', "a link to 'javascript:…' " + SCHEME),
    ("scheme", '<a href=" javascript:alert(1)">x</a>', "a link to 'javascript:…' " + SCHEME),
    ("scheme", '<a href="javascript&#58;alert(1)">x</a>', "a link to 'javascript:…' " + SCHEME),
    ("scheme", "[x](javascript&colon;alert(1))", "a link to 'javascript:…' " + SCHEME),
    ("scheme", '[More](https://example.org){: href="jav&#x61;script:alert(1)" }', SCHEME),
    ("scheme", '<a href="vbscript:msgbox(1)">x</a>', "a link to 'vbscript:…' " + SCHEME),
    ("scheme", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "a link to 'data:…' " + SCHEME),
    ("scheme", "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", "is not a photo in this story's folder"),
    ("scheme", "[x](file:///etc/passwd)", "a link to 'file:…' " + SCHEME),
    ("scheme", "![x](mailto:a@b.example)", "is not a photo in this story's folder"),
    ("scheme", "[x](//evil.example/)", "leaves out 'https:'"),
    ("scheme", '<a href="/\\evil.example/">x</a>', "leaves out 'https:'"),
    # attributes attr_list (or raw HTML) may not set
    ("attribute", '![A hall](https://example.org/a.jpg){: srcset="javascript:alert(1) 1x" }', "'srcset=' " + NOT_ON),
    ("attribute", "Hello\n{: data-x=1 }", "'data-x=' " + NOT_ON),
    ("attribute", '<a href="https://example.org/" target="_blank">x</a>', "'target=' " + NOT_ON),
    ("attribute", '<blockquote cite="javascript:alert(1)">x</blockquote>', "'cite=' " + NOT_ON),
    ("attribute", '<img src="https://example.org/a.jpg" alt="a" usemap="#m">', "'usemap=' " + NOT_ON),
    ("attribute", "Hello\n{: .md-banner }", "the class 'md-banner' is not allowed"),
    ("attribute", "Hello\n{: #__search }", "'id=\"__search\"' is not a value"),
    ("attribute", '<p lang="en onmouseover=x">x</p>', "'lang="),
    # tags that are not in the allowlist
    ("unknown tag", "<marquee>Buy now</marquee>", "a <marquee> " + TAG),
    ("unknown tag", "<template><p>x</p></template>", "a <template> " + TAG),
    ("unknown tag", "<h1>Another title</h1>", "a '#' heading is a second page title"),
    # parser tricks
    ("parser trick", "<!--><script>alert(1)</script>-->", TRICK),
    ("parser trick", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "a <noscript> " + TAG),
    ("parser trick", "```\n<script>alert(1)</script>", "a <script> " + TAG),  # an unclosed fence is not code
    ("parser trick", "- item\n\n    <script>alert(1)</script>", "a <script> " + TAG),  # a list paragraph, not code
]


def problems_for(tmp_path, body: str) -> list[str]:
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story", VALID_STORY + "\n" + body + "\n")
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


@pytest.mark.parametrize("kind, body, expected", HOSTILE, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(HOSTILE)])
def test_hostile_html_is_refused_with_its_line_and_what_to_do(tmp_path, kind, body, expected):
    text = VALID_STORY + "\n" + body + "\n"
    first = text.count("\n", 0, text.index(body)) + 1
    found = problems_for(tmp_path, body)
    assert found, f"{kind}: {body!r} passed"
    assert any(expected in message for message in found), found
    for message in found:
        path, line, field, _ = message.split(":", 3)
        assert path == "stories/the-story/index.md" and field.strip() == "body", message
        assert first <= int(line) <= first + body.count("\n"), (message, first)


def test_the_kinds_of_hostile_input_tried():
    kinds = {}
    for kind, _, _ in HOSTILE:
        kinds[kind] = kinds.get(kind, 0) + 1
    assert len(HOSTILE) >= 60 and len(kinds) == 10, kinds


HONEST = """
## What happened

Residents met in the hall[^1] and the *HTML* of a **story** stays plain: `<script>` in code is text.
Their AGM approved it.
{: #agm .highlight title="Annual meeting" lang="cy" }

*[AGM]: Annual general meeting

!!! note "Good to know"
    Admonitions are allowed.

| Year | Members |
|:-----|--------:|
| 2024 | 120     |

<div markdown>
A *Markdown* block inside HTML, and <span lang="cy">Cymraeg</span>, <sup>1</sup>, H<sub>2</sub>O.
</div>

<figure markdown>
![The hall](hall.jpg){: width="640" height="480" }
<figcaption>The hall in 2024</figcaption>
</figure>

```html
<script>alert("shown as code")</script>
```

See [the report](https://example.org/report?year=2024&page=2 "The report"), [email us](mailto:hall@example.org),
[energy stories](../../themes/energy/), [the map](/map/), [the next section](#what-happened).

[^1]: The old chapel hall.
"""


def test_what_markdown_and_the_sites_extensions_make_passes(tmp_path):
    folder = new_stories_folder(tmp_path)
    Image.new("RGB", (64, 48)).save(write_story(folder, "the-story", VALID_STORY + HONEST).parent / "hall.jpg")
    story = load_collection(folder, site=SITE, include_unpublished=True, today=TODAY).stories[0]
    html = story.body_html  # the HTML the build publishes
    for made in ('class="footnote"', "<abbr", 'class="admonition note"', 'style="text-align: right;"',
                 '<figure>', '<span lang="cy">', 'id="agm"'):
        assert made in html, made
    assert html_problems(html) == []


def test_mkdocs_rendering_of_the_same_story_passes_too():
    """MkDocs adds permalinks and rewrites links; the same allowlist accepts what it makes."""
    assert html_problems('<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
                         '<p><a href="https://example.org/?a=1&amp;b=2">x</a> <a href="#fn:1">1</a></p>') == []
