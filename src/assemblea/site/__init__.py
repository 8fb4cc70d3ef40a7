"""The site: the home page and the demo loader, above every domain app."""
