package escape

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"testing/quick"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"", ""},
		{"a\nb", `a\nb`},
		{"c\n##vso[task.setvariable variable=X]yes", "c\\n##\u200bvso[task.setvariable variable=X]yes"},
		{"x\r\n::error ::pwned", `x\r\n::error ::pwned`},
		{"::error ::pwned", ":\u200b:error ::pwned"},
		{"  ::warning::x", "  :\u200b:warning::x"},
		{"##[group]x", "##\u200b[group]x"},
		{"bell\a esc\x1b[31m nul\x00 del\x7f", `bell\x07 esc\x1b[31m nul\x00 del\x7f`},
		{"tab\there", `tab\there`},
		{"bidi \u202eevil\u2066", `bidi \u202eevil\u2066`},
		{"c1 \u0085 \u009b", `c1 \x85 \x9b`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{"sep\u2028x", `sep\u2028x`},
		{"émoji ✓ 日本", "émoji ✓ 日本"},
		{"a::b", "a::b"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLines(t *testing.T) {
	in := "--- a\n+::error ::x\r\n::warning::y\n x\x1b]0;title\x07\n"
	want := "--- a\n+::error ::x\r\n:\u200b:warning::y\n x\\x1b]0;title\\x07\n"
	if got := Lines(in); got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

func TestMarkdown(t *testing.T) {
	got := Markdown("x\n## Heading @team <img src=x> | `c` [l](u)")
	for _, bad := range []string{"\n", "<img", "@team", " | ", "[l]"} {
		if strings.Contains(got, bad) {
			t.Errorf("Markdown left %q in %q", bad, got)
		}
	}
	if got := Code("a|b\nc"); got != `a\|b\nc` {
		t.Errorf("Code = %q", got)
	}
}

// commandLine says whether a line would be run by the Azure Pipelines
// agent or the GitHub Actions runner.
func commandLine(l string) bool {
	return strings.Contains(l, "##vso[") || strings.Contains(l, "##[") || strings.HasPrefix(strings.TrimLeft(l, " \t"), "::")
}

// rawControl says whether s holds a character that must not reach a
// terminal or a log raw.
func rawControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// TestTextProperty: whatever the input, the result is one line with no
// raw control character, no invalid UTF-8 and no CI command.
func TestTextProperty(t *testing.T) {
	alphabet := []string{"\n", "\r", "\x1b", "\a", "\x00", "\t", "\x7f", "\u0085", "\u202e", "\u2028", "\xff", "::", "##vso[", "##[", " ", "a", "é", "#", "[", ":", "v", "s", "o"}
	f := func(picks []uint8) bool {
		var b strings.Builder
		for _, p := range picks {
			b.WriteString(alphabet[int(p)%len(alphabet)])
		}
		got := Text(b.String())
		if rawControl(got) || commandLine(got) {
			t.Logf("Text(%q) = %q", b.String(), got)
			return false
		}
		for _, l := range strings.Split(Lines(b.String()), "\n") {
			if l = strings.ReplaceAll(strings.TrimSuffix(l, "\r"), "\t", " "); rawControl(l) || commandLine(l) {
				t.Logf("Lines(%q) has line %q", b.String(), l)
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 20000}); err != nil {
		t.Error(err)
	}
}

func FuzzText(f *testing.F) {
	f.Add("c\n##vso[task.setvariable variable=X]yes")
	f.Add("\r\n::error ::x")
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if rawControl(got) || commandLine(got) {
			t.Fatalf("Text(%q) = %q", s, got)
		}
	})
}

// JSON and XML break every CI command and escape the C1 and bidi controls
// of an encoded document, which still decodes to the same value.
func TestJSONAndXMLKeepTheValue(t *testing.T) {
	f := func(parts []uint8) bool {
		alphabet := []string{"#", "##vso[", "##[", "::", "\n", "\r", "\x1b", "\x07", "\u009b", "\u202e", "\u2028", "é", "a", "<", "&", " "}
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(alphabet[int(p)%len(alphabet)])
		}
		s := b.String()
		js, err := json.Marshal(map[string]string{s: s})
		if err != nil {
			t.Fatal(err)
		}
		js = JSON(js)
		var back map[string]string
		if err := json.Unmarshal(js, &back); err != nil || back[s] != s {
			t.Logf("JSON(%q) = %s decodes to %q, %v", s, js, back, err)
			return false
		}
		type doc struct {
			A    string `xml:"a,attr"`
			Text string `xml:",chardata"`
		}
		xs, err := xml.Marshal(doc{A: s, Text: s})
		if err != nil {
			t.Fatal(err)
		}
		xs = XML(xs)
		var xback doc
		if err := xml.Unmarshal(xs, &xback); err != nil || xback.Text != xmlClean(s) {
			t.Logf("XML(%q) = %s decodes to %q, %v", s, xs, xback.Text, err)
			return false
		}
		for _, out := range []string{string(js), string(xs)} {
			if strings.Contains(out, "##vso[") || strings.Contains(out, "##[") || rawControl(out) || strings.ContainsAny(out, "\u009b\u202e\u2028") {
				t.Logf("%q escaped as %q", s, out)
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
}

// xmlClean is s as encoding/xml gives it back: the characters XML cannot
// hold (ESC, BEL) replaced by U+FFFD, CR LF read as LF.
func xmlClean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			return '\uFFFD'
		}
		return r
	}, s)
	return s
}

// TestQuote pins the bytes of a diff message's quoted value; encoding/json
// (\b, \f, \ufffd, \u2028) and strconv.Quote (\x00, \u202e) differ.
func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`say "hi" \ bye`, `"say \"hi\" \\ bye"`},
		{"a\nb\rc\td", `"a\nb\rc\td"`},
		{"\x00\x01\b\f\x1b\x1f", `"\u0000\u0001\u0008\u000c\u001b\u001f"`},
		{"del\x7f c1\u0085 bidi\u202e sep\u2028", "\"del\x7f c1\u0085 bidi\u202e sep\u2028\""},
		{"émoji ✓ 日本 <&>", `"émoji ✓ 日本 <&>"`},
		{"bad \xff\xfe end\xc3", "\"bad \ufffd\ufffd end\ufffd\""},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
