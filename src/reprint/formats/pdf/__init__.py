"""PDF: the reader (pages to runs), what paints unseen (paint), reading order
(layout), and the info dictionary and XMP packet (metadata)."""
