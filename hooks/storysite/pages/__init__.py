"""The site's pages as data: taxonomy, related stories, story, listing and map page views, metadata and sharing."""
