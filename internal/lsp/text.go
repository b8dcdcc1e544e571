package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// encoding is the unit LSP characters are counted in.
type encoding uint8

const (
	utf16Enc encoding = iota // the protocol's default
	utf32Enc                 // Unicode characters, as ppconn's columns count
)

// lines indexes the line starts of a text, for converting between byte
// offsets, ppconn's positions (1-based line, column in characters) and
// LSP positions (0-based, in the negotiated encoding).
type lines struct {
	src    []byte
	starts []int
}

func newLines(src []byte) *lines {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lines{src: src, starts: starts}
}

// line returns the bytes of 0-based line i without its line ending.
func (l *lines) line(i int) []byte {
	if i < 0 || i >= len(l.starts) {
		return nil
	}
	end := len(l.src)
	if i+1 < len(l.starts) {
		end = l.starts[i+1] - 1
	}
	s := l.src[l.starts[i]:end]
	if n := len(s); n > 0 && s[n-1] == '\r' {
		s = s[:n-1]
	}
	return s
}

// width is how many units r takes in enc.
func width(r rune, enc encoding) int {
	if enc == utf16Enc {
		return len(utf16.Encode([]rune{r}))
	}
	return 1
}

// fromPos turns a ppconn position (1-based line, column in characters)
// into an LSP position.
func (l *lines) fromPos(line, col int, enc encoding) Position {
	if line < 1 {
		line = 1
	}
	text := l.line(line - 1)
	units := 0
	for i, n := 0, 1; i < len(text) && n < col; n++ {
		r, size := utf8.DecodeRune(text[i:])
		units += width(r, enc)
		i += size
	}
	return Position{Line: line - 1, Character: units}
}

// offset turns an LSP position into a byte offset, clamped to the text.
func (l *lines) offset(p Position, enc encoding) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(l.starts) {
		return len(l.src)
	}
	start := l.starts[p.Line]
	text := l.line(p.Line)
	i, units := 0, 0
	for i < len(text) && units < p.Character {
		r, size := utf8.DecodeRune(text[i:])
		units += width(r, enc)
		i += size
	}
	return start + i
}

// position turns a byte offset into an LSP position.
func (l *lines) position(off int, enc encoding) Position {
	off = max(0, min(off, len(l.src)))
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	units := 0
	for i := l.starts[line]; i < off; {
		r, size := utf8.DecodeRune(l.src[i:])
		units += width(r, enc)
		i += size
	}
	return Position{Line: line, Character: units}
}

// editBetween is the one edit that turns old into new: the changed middle
// between their common prefix and suffix, cut at character boundaries.
func editBetween(old, new []byte, enc encoding) (TextEdit, bool) {
	if string(old) == string(new) {
		return TextEdit{}, false
	}
	pre := 0
	for pre < len(old) && pre < len(new) && old[pre] == new[pre] {
		pre++
	}
	for pre > 0 && !utf8.RuneStart(old[pre]) {
		pre--
	}
	suf := 0
	for suf < len(old)-pre && suf < len(new)-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
		suf++
	}
	for suf > 0 && !utf8.RuneStart(old[len(old)-suf]) {
		suf--
	}
	l := newLines(old)
	return TextEdit{
		Range:   Range{Start: l.position(pre, enc), End: l.position(len(old)-suf, enc)},
		NewText: string(new[pre : len(new)-suf]),
	}, true
}

// applyChange applies one didChange content change to text.
func applyChange(text []byte, ch TextDocumentContentChangeEvent, enc encoding) ([]byte, error) {
	if ch.Range == nil {
		return []byte(ch.Text), nil
	}
	l := newLines(text)
	start, end := l.offset(ch.Range.Start, enc), l.offset(ch.Range.End, enc)
	if end < start {
		return nil, fmt.Errorf("change range ends before it starts (%d:%d-%d:%d)",
			ch.Range.Start.Line, ch.Range.Start.Character, ch.Range.End.Line, ch.Range.End.Character)
	}
	out := make([]byte, 0, len(text)-(end-start)+len(ch.Text))
	out = append(out, text[:start]...)
	out = append(out, ch.Text...)
	return append(out, text[end:]...), nil
}

// uriToPath turns a file: URI into a clean absolute path.
func uriToPath(u DocumentURI) (string, error) {
	parsed, err := url.Parse(string(u))
	if err != nil {
		return "", fmt.Errorf("%s: not a URI: %w", u, err)
	}
	if parsed.Scheme != "file" {
		return "", fmt.Errorf("%s: only file: URIs are linted", u)
	}
	p := parsed.Path
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // file:///C:/x on Windows
		p = p[1:]
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

// pathToURI turns an absolute path into a file: URI.
func pathToURI(p string) DocumentURI {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return DocumentURI((&url.URL{Scheme: "file", Path: p}).String())
}
