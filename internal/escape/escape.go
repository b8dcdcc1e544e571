// Package escape is the one place where text that came from a connector
// file (its bytes, its file and folder names) is made safe to print.
//
// Every byte and name of a connector is attacker-controlled when ppconn
// gates a pull request. Printed raw, a line break followed by
// "##vso[task.setvariable …]" or "::error …" is a command to the Azure
// Pipelines agent or the GitHub Actions runner, and ESC, BEL or a bidi
// override rewrites what a terminal shows. Output code therefore passes
// every such string through Text (one line), Lines (a block of lines,
// such as a unified diff) or Markdown (a table cell or a PR comment) at
// the moment it is written: the edge, not the middle, so that no
// formatter can forget.
//
// The escapes are visible and Go-like: "\n", "\r", "\t", "\x1b", "\u202e",
// and "\xff" for a byte that is not UTF-8. A CI command is broken with a
// zero-width space ("##\u200bvso[", ":\u200b:" at the start of a line),
// which keeps the text readable.
package escape

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text makes s safe as part of one output line: no control character, no
// line break, no bidi control, no invalid UTF-8, and no CI command (an
// Azure "##vso[" or "##[" anywhere, a GitHub "::" at the start).
func Text(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&15])
		case unsafeRune(r):
			writeRune(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return defang(b.String())
}

// Lines makes every line of s safe, as Text does, keeping the line breaks
// ("\n" and "\r\n") that end them and the tabs that indent a file's text.
func Lines(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for s != "" {
		line, rest, found := strings.Cut(s, "\n")
		eol := ""
		if found {
			eol = "\n"
			if strings.HasSuffix(line, "\r") {
				line, eol = line[:len(line)-1], "\r\n"
			}
		}
		for i, piece := range strings.Split(line, "\t") {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(Text(piece))
		}
		b.WriteString(eol)
		s = rest
	}
	return b.String()
}

// Width is the number of runes s takes once escaped by Text, for placing
// a caret under an escaped source line.
func Width(line string) int {
	return utf8.RuneCountInString(Text(line))
}

// markdown escapes what GitHub Markdown would format, link or mention.
var markdown = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;",
	"|", `\|`, "#", `\#`, "~", `\~`, "@", "@&#8203;", "&", "&amp;")

// Markdown makes s safe as text in a Markdown table cell or paragraph: one
// line, as Text makes it, with everything that formats, links, mentions
// or opens HTML escaped.
func Markdown(s string) string {
	return markdown.Replace(Text(s))
}

// Code makes s safe inside a Markdown code span that is itself in a table
// cell: one line, and no pipe that would end the cell.
func Code(s string) string {
	return strings.ReplaceAll(Text(s), "|", `\|`)
}

const hex = "0123456789abcdef"

// unsafeRune says whether r must not reach an output raw: C0 and C1
// controls, DEL, the line and paragraph separators, and the bidi controls
// ("Trojan Source").
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029, r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func writeRune(b *strings.Builder, r rune) {
	if writeShort(b, r) {
		return
	}
	if r < 0x100 {
		b.WriteString(`\x`)
		b.WriteByte(hex[r>>4])
		b.WriteByte(hex[r&15])
		return
	}
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hex[(r>>shift)&15])
	}
}

// writeShort writes the escape of a line break or tab, the same in Go and
// JSON, and says whether r was one.
func writeShort(b *strings.Builder, r rune) bool {
	switch r {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		return false
	}
	return true
}

// Quote writes s as a JSON string literal, the form in which a diff
// message shows a value: `"` and `\` escaped, \n \r \t, the other C0
// controls as \u00XX, everything else as it is (a byte that is not UTF-8
// as U+FFFD). encoding/json and strconv.Quote give other bytes (\b, \f,
// \ufffd, \x00, \u2028). Quote does not make s safe to print: DEL, C1 and
// bidi controls stay raw for Text or Markdown to escape at the output.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case writeShort(&b, r):
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// clean says whether s needs no escaping at all: the common case, checked
// without allocating.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			if c >= 0x80 {
				return cleanUnicode(s[i:]) && !needsDefang(s)
			}
			return false
		}
	}
	return !needsDefang(s)
}

func cleanUnicode(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || unsafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

func needsDefang(s string) bool {
	return strings.Contains(s, "##") || strings.HasPrefix(strings.TrimLeft(s, " \t"), "::")
}

var azure = strings.NewReplacer("##vso[", "##\u200bvso[", "##[", "##\u200b[")

// defang breaks the CI commands in a line that has no control character
// left: Azure Pipelines acts on "##vso[" (and formats "##[") anywhere in a
// line, GitHub Actions on "::" at its start, after blanks.
func defang(s string) string {
	if !needsDefang(s) {
		return s
	}
	s = azure.Replace(s)
	if t := strings.TrimLeft(s, " \t"); strings.HasPrefix(t, "::") {
		i := len(s) - len(t)
		s = s[:i] + ":\u200b" + s[i+1:]
	}
	return s
}

// JSON makes an encoded JSON document safe to print in a CI log or a
// terminal without changing what it says: it decodes to the same value.
// The encoder already escapes line breaks, ESC and the other C0 controls;
// JSON writes "#" of "##vso[" and "##[" (which an Azure agent acts on
// anywhere in a line, cat ppconn.sarif included) as \u0023, and the C1
// and bidi controls the encoder leaves raw as \u escapes. Both only occur
// inside JSON strings, where the escapes mean the same characters.
func JSON(b []byte) []byte {
	return encoded(b, func(w *bytes.Buffer, r rune) {
		w.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			w.WriteByte(hex[(r>>shift)&15])
		}
	})
}

// XML is JSON for an encoded XML document (text and attribute values; no
// comment or processing instruction), with character references: "&#35;"
// for the "#" of a CI command, "&#x9b;" for a C1 or bidi control.
func XML(b []byte) []byte {
	return encoded(b, func(w *bytes.Buffer, r rune) {
		w.WriteString("&#x")
		w.WriteString(strconv.FormatInt(int64(r), 16))
		w.WriteByte(';')
	})
}

// encoded rewrites, with ref, the first "#" of each "##vso[" and "##[" and
// every unsafe rune of an encoded document.
func encoded(b []byte, ref func(*bytes.Buffer, rune)) []byte {
	if !bytes.Contains(b, []byte("##")) && cleanUnicode(string(b)) {
		return b
	}
	var w bytes.Buffer
	w.Grow(len(b) + 16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == '#' && (bytes.HasPrefix(b[i:], []byte("##vso[")) || bytes.HasPrefix(b[i:], []byte("##["))):
			ref(&w, r)
		case r >= 0x80 && unsafeRune(r):
			ref(&w, r)
		default:
			w.Write(b[i : i+size])
		}
		i += size
	}
	return w.Bytes()
}
