package connector

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// cp1252High maps the bytes 0x80-0x9F of Windows-1252 to Unicode; the rest
// of the code page is Latin-1. Undefined bytes map to U+FFFD.
var cp1252High = [32]rune{
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
}

// decodeText strips a UTF-8 byte-order mark and, when the rest is not
// valid UTF-8, reports the first invalid byte and transcodes the file from
// Windows-1252, the encoding such files have in practice, so that it can
// still be linted.
func decodeText(doc *Document, raw []byte) {
	if bytes.HasPrefix(raw, utf8BOM) {
		doc.BOM = true
		raw = raw[len(utf8BOM):]
	}
	doc.Encoding = "utf-8"
	if utf8.Valid(raw) {
		doc.Src = raw
		return
	}
	bad := firstInvalidUTF8(raw)
	line := bytes.Count(raw[:bad], []byte{'\n'}) + 1
	lineStart := bytes.LastIndexByte(raw[:bad], '\n') + 1
	col := utf8.RuneCount(raw[lineStart:bad]) + 1
	doc.Encoding = "windows-1252"
	doc.Src = transcodeCP1252(raw)
	doc.addProblem(ProblemEncoding, Pos{Line: line, Col: col}, fmt.Sprintf(
		"the file is not UTF-8: byte 0x%02X here is invalid (it reads as %q in Windows-1252); Power Platform reads connector files as UTF-8, so re-save the file as UTF-8",
		raw[bad], cp1252Rune(raw[bad])))
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func cp1252Rune(b byte) rune {
	if b >= 0x80 && b < 0xA0 {
		return cp1252High[b-0x80]
	}
	return rune(b)
}

// transcodeCP1252 decodes valid UTF-8 sequences as they are and every other
// byte as Windows-1252: files that were edited in two editors mix both.
func transcodeCP1252(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, cp1252Rune(b[i]))
			i++
			continue
		}
		out = append(out, b[i:i+size]...)
		i += size
	}
	return out
}
