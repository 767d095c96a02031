"""HTML: the reader (the walk), the style sheet (css), the painting that hides text
(visibility), and the charset and publication metadata (meta)."""
