package rewrite

import (
	"strings"
	"unicode/utf8"

	yaml "gopkg.in/yaml.v3"
)

// yamlAmbiguous are plain scalars that some YAML reader takes for a
// boolean or a null: YAML 1.1 (js-yaml in the Swagger editor's older
// versions, PyYAML, Power Platform's own YAML import) reads yes/no/on/off
// and y/n as booleans, YAML 1.2 true/false/null/~. "<<" is the merge key
// and "=" the YAML 1.1 value key. Compared in lower case.
var yamlAmbiguous = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true, "~": true, "=": true, "<<": true,
}

// needsQuotes reports whether the string s cannot be written as a plain
// YAML scalar without a risk that a YAML 1.1 or 1.2 reader gives it
// another type or another value. The rules are deliberately wider than
// the grammar's: "3rd party" could be plain, but anything that starts
// with a digit is quoted, so that versions ("2.0", "1.2.4"), dates,
// times, response codes ("200") and sexagesimal numbers ("1:20") never
// need a case of their own.
func needsQuotes(s string) bool {
	if s == "" {
		return true
	}
	if yamlAmbiguous[strings.ToLower(s)] {
		return true
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9':
		return true
	case c == '+' || c == '-' || c == '.':
		// Numbers (-1, +1, .5, -.inf, .NaN) and document markers (--- ...).
		if len(s) == 1 {
			return true
		}
		if d := s[1]; d >= '0' && d <= '9' || d == '.' || d == '-' || d == ' ' {
			return true
		}
		if l := strings.ToLower(s); strings.HasPrefix(l, ".inf") || strings.HasPrefix(l, ".nan") ||
			strings.HasPrefix(l, "+.inf") || strings.HasPrefix(l, "-.inf") {
			return true
		}
	case strings.IndexByte("?:,[]{}#&*!|>'\"%@`", c) >= 0:
		return true
	case c == ' ' || c == '\t':
		return true
	}
	if last := s[len(s)-1]; last == ' ' || last == '\t' || last == ':' {
		return true
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.Contains(s, ":\t") || strings.Contains(s, "\t#") {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7F {
				return true // \t, \n, \r and other control characters
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !yamlPrintable(r) || r == 0xFEFF || r == 0x85 || r == 0x2028 || r == 0x2029 || r == utf8.RuneError && size == 1 {
			return true
		}
		i += size
	}
	return false
}

// yamlPrintable is YAML's c-printable set (outside ASCII).
func yamlPrintable(r rune) bool {
	return r == 0x85 || r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// stringStyle chooses how a string scalar is written: a literal block
// for multi-line text (yaml.v3 falls back to double quotes where a block
// cannot hold the text exactly, e.g. a space before a line break or a
// carriage return), double quotes where needsQuotes says so, else plain.
// Keys are never blocks.
func stringStyle(s string, key bool) yaml.Style {
	if !key && strings.Contains(s, "\n") && strings.Trim(s, "\n") != "" && blockSafe(s) {
		return yaml.LiteralStyle
	}
	if needsQuotes(s) {
		return yaml.DoubleQuotedStyle
	}
	return 0
}

// blockSafe reports whether a literal block keeps s exactly: no character
// that must be escaped, no white space before a line break or at the end
// (editors strip it, and libyaml refuses it), and no line made of white
// space only.
func blockSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7F {
			return false
		}
		if (c == ' ' || c == '\t') && (i+1 == len(s) || s[i+1] == '\n') {
			return false
		}
	}
	if strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\t") || strings.HasPrefix(s, "\n") {
		// Leading white space needs an indentation indicator, and a leading
		// line break is lost by some readers: keep such text quoted.
		return false
	}
	for _, r := range s {
		if r >= utf8.RuneSelf && (!yamlPrintable(r) || r == 0xFEFF || r == 0x85 || r == 0x2028 || r == 0x2029 || r == utf8.RuneError) {
			return false
		}
	}
	return true
}
