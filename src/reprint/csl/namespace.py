"""The CSL vocabulary the corrected elements and styles share."""

CSL_NS = "http://purl.org/net/xbiblio/csl"
NSMAP = {"cs": CSL_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_LOCALE = "en-US"  # CSL 1.0.2's fallback locale
