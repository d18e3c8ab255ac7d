<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shows an RSS 2.0 or Atom feed of this site as a readable page when someone opens it in a
  browser. Feed readers ignore it. Linked from every feed.xml and atom.xml with
  <?xml-stylesheet?>; self-contained (no scripts, fonts or requests elsewhere).
  Browsers apply it only when it comes from the same site as the feed.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">

  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <xsl:variable name="description" select="rss/channel/description | atom:feed/atom:subtitle"/>
    <xsl:variable name="home" select="rss/channel/link | atom:feed/atom:link[@rel='alternate']/@href"/>
    <xsl:variable name="self" select="rss/channel/atom:link[@rel='self']/@href | atom:feed/atom:link[@rel='self']/@href"/>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <style>
          :root { color-scheme: light dark; --fg: #1f1f24; --bg: #ffffff; --muted: #4d4d57;
                  --link: #4a238c; --band: #3b1d6e; --band-fg: #ffffff; --box: #efe9f8; }
          @media (prefers-color-scheme: dark) {
            :root { --fg: #e8e8ee; --bg: #1e1e26; --muted: #c3c3cf; --link: #c7b2f0;
                    --band: #3b1d6e; --band-fg: #ffffff; --box: #33284a; }
          }
          * { box-sizing: border-box; }
          body { margin: 0; font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                 color: var(--fg); background: var(--bg); }
          header.band { background: var(--band); color: var(--band-fg); padding: 1.5rem 1rem; }
          .wrap { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
          header.band .wrap { padding: 0; }
          h1 { font-size: 1.8rem; line-height: 1.25; margin: 0 0 0.5rem; }
          header.band p { margin: 0; }
          a { color: var(--link); text-underline-offset: 0.15em; }
          a:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; }
          .about { background: var(--box); border-radius: 0.5rem; padding: 1rem 1.25rem; margin: 1.5rem 0; }
          .about h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
          .about p { margin: 0.5rem 0; }
          .address { display: block; overflow-wrap: anywhere; font-family: ui-monospace, monospace;
                     background: var(--bg); padding: 0.5rem 0.75rem; border-radius: 0.25rem; }
          ol.items { list-style: none; padding: 0; margin: 0 0 3rem; }
          ol.items li { border-top: 1px solid var(--muted); padding: 1rem 0; }
          ol.items h3 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 0.25rem; }
          .date { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.5rem; }
          .summary { margin: 0; }
          .home { display: inline-block; padding: 0.25rem 0; }
        </style>
      </head>
      <body>
        <header class="band">
          <div class="wrap">
            <h1><xsl:value-of select="$title"/></h1>
            <p><xsl:value-of select="$description"/></p>
          </div>
        </header>
        <main class="wrap">
          <section class="about" aria-labelledby="about-heading">
            <h2 id="about-heading">This is a web feed</h2>
            <p>A feed reader app can follow it for you and show each new story as it is published.
              To subscribe, copy this address into your feed reader:</p>
            <code class="address"><xsl:value-of select="$self"/></code>
            <p>You do not need to sign up or give anyone your email address.</p>
          </section>
          <p><a class="home" href="{$home}">Read these stories on the website</a></p>
          <h2>Latest stories</h2>
          <xsl:choose>
            <xsl:when test="rss/channel/item | atom:feed/atom:entry">
              <ol class="items">
                <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise>
              <p>No stories here yet. Subscribe now and new ones will reach your reader as they are published.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <!-- 'Fri, 06 Nov 2026 00:00:00 +0000' -> '6 Nov 2026' -->
      <p class="date"><xsl:value-of select="number(substring(pubDate, 6, 2))"/><xsl:value-of select="substring(pubDate, 8, 9)"/></p>
      <p class="summary"><xsl:value-of select="description"/></p>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <h3><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <p class="date">
        <xsl:call-template name="long-date"><xsl:with-param name="iso" select="atom:published"/></xsl:call-template>
      </p>
      <p class="summary"><xsl:value-of select="atom:summary"/></p>
    </li>
  </xsl:template>

  <!-- '2026-11-20T00:00:00+00:00' -> '20 Nov 2026', as the RSS date reads -->
  <xsl:template name="long-date">
    <xsl:param name="iso"/>
    <xsl:variable name="month" select="number(substring($iso, 6, 2))"/>
    <xsl:value-of select="number(substring($iso, 9, 2))"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * $month - 2, 3)"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($iso, 1, 4)"/>
  </xsl:template>
</xsl:stylesheet>
