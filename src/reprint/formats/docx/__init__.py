"""DOCX: the reader (the WordprocessingML walk), styles and sections (layout), and
the OPC zip package opened within limits (ooxml)."""
