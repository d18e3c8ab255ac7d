"""The new-story scaffold that `make new-story` writes, and its placeholder texts.

The placeholders live here, beside the template they come from, so the two cannot drift apart;
publication_rules.py refuses a published story that still has one."""

from __future__ import annotations

PLACEHOLDER_TITLE = "A headline of up to 120 characters"
PLACEHOLDER_SUMMARY = "One or two sentences that make a reader want the story (up to 300 characters)."
PLACEHOLDER_PLACE = "Town or neighbourhood"
PLACEHOLDER_ORGANISATION = "The group's name"
PLACEHOLDER_AUTHOR = "Your Name"
PLACEHOLDER_SOURCE_TITLE = "What the page is"
PLACEHOLDER_SOURCE_URL = "https://example.org/page"
PLACEHOLDER_BODY = "Write the story here, 250 to 600 words, in your own words. Every figure must be in a source above."
# Domains reserved for examples in documentation (RFC 2606): never a real source.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")

TEMPLATE = f"""---
title: {PLACEHOLDER_TITLE}
summary: >-
  {PLACEHOLDER_SUMMARY}
date: {{today}}
place:
  name: {PLACEHOLDER_PLACE}
  latitude: 0.0000        # decimal degrees, e.g. 51.4970 (openstreetmap.org: right-click, "Show address")
  longitude: 0.0000       # west of Greenwich is negative, e.g. -2.6720
  nation: England         # England, Scotland, Wales or Northern Ireland
  region: South West      # England only; delete this line elsewhere
themes: [energy]          # slugs from stories/themes.yml
organisation:
  name: {PLACEHOLDER_ORGANISATION}
  legal_form: co-operative  # from stories/legal-forms.yml
authors:
  - {PLACEHOLDER_AUTHOR}
sources:
  - title: {PLACEHOLDER_SOURCE_TITLE}
    url: {PLACEHOLDER_SOURCE_URL}
# If a published story turns out to be wrong, fix it and add (see docs/contribute.md):
# corrections:
#   - date: YYYY-MM-DD    # the day you corrected it
#     text: What was wrong and what the story says now.
draft: true               # remove this line when the story is ready to publish
---

{PLACEHOLDER_BODY}
"""
