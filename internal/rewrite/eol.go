package rewrite

import "bytes"

// LineEnding is the line ending a text is written with: "\r\n" when its
// first line ends in CRLF (a file saved on Windows, or checked out there
// with core.autocrlf), "\n" otherwise. Edits and re-rendered text use it,
// so that ppconn never turns a CRLF file into a mixed one. Editors decide
// the same way (VS Code and Vim read the first line ending).
func LineEnding(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// withLineEnding turns the "\n" line endings of text rendered by ppconn
// into eol.
func withLineEnding(text []byte, eol string) []byte {
	if eol == "\n" {
		return text
	}
	return bytes.ReplaceAll(text, []byte("\n"), []byte(eol))
}
