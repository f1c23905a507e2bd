// Package markdown parses the per-question markdown dumps: a "# Question N"
// heading, the question body, the choices as a list of "A.text" items, and
// HTML <details> blocks holding the suggested answer with its explanation and
// the discussion. The markdown is read with goldmark's AST and the HTML
// blocks with golang.org/x/net/html; nothing here matches HTML with regular
// expressions.
package markdown
