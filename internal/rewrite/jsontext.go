package rewrite

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters are escaped, everything else (UTF-8 included) is kept
// as it is; invalid UTF-8 becomes U+FFFD. There is no HTML escaping: a
// connector's descriptions are read by people, not embedded in pages.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// rawString returns the source spelling of the JSON string starting at
// src[off] (a '"'), or nil when it cannot be reused as it is: a raw
// control character in it means the parser recovered from an error there.
func rawString(src []byte, off int) []byte {
	if off < 0 || off >= len(src) || src[off] != '"' {
		return nil
	}
	for i := off + 1; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\':
			i++
		case c == '"':
			return src[off : i+1]
		case c < 0x20:
			return nil
		}
	}
	return nil
}

// isJSONNumber reports whether s is a number as JSON spells it.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	start := i
	n := digits()
	if n == 0 || n > 1 && s[start] == '0' {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// jsonNumber converts the spelling of a YAML number into a JSON one:
// JSON spellings are kept; "+1", ".5", "1_000", "0x1F", "0o17" and "1."
// are converted; infinities and NaN have no JSON spelling.
func jsonNumber(s string) (string, error) {
	if isJSONNumber(s) {
		return s, nil
	}
	clean := strings.ReplaceAll(s, "_", "")
	clean = strings.TrimPrefix(clean, "+")
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		return strconv.FormatInt(i, 10), nil
	}
	if strings.HasPrefix(clean, "0o") || strings.HasPrefix(clean, "0x") || strings.HasPrefix(clean, "0b") {
		if u, err := strconv.ParseUint(clean, 0, 64); err == nil {
			return strconv.FormatUint(u, 10), nil
		}
	}
	lower := strings.ToLower(clean)
	if strings.Contains(lower, "inf") || strings.Contains(lower, "nan") {
		return "", fmt.Errorf("the number %s has no JSON spelling", s)
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", fmt.Errorf("the number %s has no JSON spelling", s)
	}
	// A form JSON lacks only through a missing digit ("1.", ".5", "-.5")
	// keeps its digits: only the missing zero is added.
	if fixed := fixDigits(clean); isJSONNumber(fixed) {
		return fixed, nil
	}
	return strconv.FormatFloat(f, 'g', -1, 64), nil
}

func fixDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	if strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	if i := strings.IndexByte(s, '.'); i >= 0 && (i+1 == len(s) || s[i+1] == 'e' || s[i+1] == 'E') {
		s = s[:i+1] + "0" + s[i+1:]
	}
	return sign + s
}
