// Package secret is ppconn's one definition of a secret: which names say
// that a value is one, which shapes of value are one whatever their name,
// how a secret is shown masked, and which values of a connector tree are
// secrets (the tree-aware check, which honours "type": "securestring").
//
// Every output path asks this package: lint's messages and excerpts in
// all formats, diff's changes and --text, fix -d, fmt -d, auth's diffs
// and summaries, and error messages. Secrets are never written or echoed.
package secret

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
)

// keyPattern matches a member, parameter or property name that says it
// holds a secret. It is broad on purpose: masking a value that was not a
// secret costs a few characters of an excerpt, printing one costs a
// rotation.
var keyPattern = regexp.MustCompile(`(?i)secret|passw(?:or)?d|pwd|api[_ .-]?key|access[_ .-]?key|private[_ .-]?key|access[_ .-]?token|refresh[_ .-]?token|auth[_ .-]?token|bearer|subscription[_ .-]?key|ocp-apim-subscription|credential|sas[_ .-]?token|connection[_ .-]?string`)

// IsSecretKey reports whether a name says that its value is a secret:
// "clientSecret", "password", "X-Api-Key", "subscription_key" …
//
// Results are memoised per name: the same few hundred keys recur on every
// node of every document, and the pattern was a third of the language
// server's CPU per edit. The memo is bounded (names are attacker-controlled).
//
// It is IsSecretName and more: every name that the secrets-in-definition
// rule looks at is masked in every output.
func IsSecretKey(name string) bool {
	if v, ok := keyMemo.Load(name); ok {
		return v.(bool)
	}
	is := keyPattern.MatchString(name) || IsSecretName(name)
	if keyMemoSize.Add(1) <= keyMemoMax {
		keyMemo.Store(name, is)
	}
	return is
}

// keyMemo holds IsSecretKey's answers, for at most keyMemoMax names.
var (
	keyMemo     sync.Map
	keyMemoSize atomic.Int64
)

const keyMemoMax = 1 << 14

// Vocabulary is what IsSecretName and LooksReal go by, for the docs of
// the rules that use them.
var Vocabulary = struct {
	// Names: a name that, lowered and without punctuation, contains one
	// of these holds a secret...
	Names []string
	// NotNames: ...unless it also contains one of these.
	NotNames []string
	// Schemes are prefixes dropped from a value before it is judged.
	Schemes []string
	// Placeholders: a value containing one of these (lowered) is a
	// placeholder, as is a value with brackets, braces, spaces or '@'.
	Placeholders []string
}{
	Names:        []string{"apikey", "secret", "password", "passwd", "token", "subscriptionkey", "accesskey", "privatekey", "authorization"},
	NotNames:     []string{"type", "method", "mode", "url", "uri", "expir", "page", "next", "continuation", "endpoint", "name", "format", "scope", "length"},
	Schemes:      []string{"bearer ", "basic ", "token ", "apikey "},
	Placeholders: []string{"your", "dummy", "example", "sample", "placeholder", "xxxx", "****", "changeme", "redacted", "replace", "insert", "enter", "000000"},
}

// IsSecretName reports whether a parameter or property name says that it
// holds a secret, precisely enough for a lint finding: "X-Api-Key",
// "password", "refresh_token", but not "tokenUrl" or "pageToken".
func IsSecretName(name string) bool {
	n := normName(name)
	return containsAny(n, Vocabulary.Names) && !containsAny(n, Vocabulary.NotNames)
}

// normName lowers a name and drops everything but letters and digits.
// An ASCII name is done byte by byte into one buffer: the rune loop below
// lowered a copy and grew a builder for every parameter and property name
// (issue #16).
func normName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			return normNameRunes(s)
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}

// normNameRunes is normName for any name.
func normNameRunes(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// LooksReal judges the value of something IsSecretName names: at least
// minLen characters once a scheme ("Bearer ") is dropped, letters and
// digits, no spaces, brackets, braces or URL, and no placeholder word.
func LooksReal(v string, minLen int) bool {
	lower := strings.ToLower(v)
	for _, s := range Vocabulary.Schemes {
		if strings.HasPrefix(lower, s) {
			v, lower = v[len(s):], lower[len(s):]
			break
		}
	}
	if utf8.RuneCountInString(v) < minLen || strings.ContainsAny(v, " \t<>[]{}()@$%") || strings.Contains(v, "://") ||
		containsAny(lower, Vocabulary.Placeholders) {
		return false
	}
	return strings.IndexFunc(v, unicode.IsLetter) >= 0 && strings.IndexFunc(v, unicode.IsDigit) >= 0
}

// entraShapes match Microsoft Entra ID client secrets: the current format
// ("xxx8Q~" and 30 to 36 more) anywhere in a value, and the older 34 to
// 40 character random strings with a '~', as a whole value.
var entraShapes = []*regexp.Regexp{
	regexp.MustCompile(`[A-Za-z0-9_.~-]{3}[0-9]Q~[A-Za-z0-9_.~-]{30,36}`),
	regexp.MustCompile(`^[A-Za-z0-9_.-]*~[A-Za-z0-9_.~-]*$`),
}

// IsEntraSecret reports whether s holds what looks like a Microsoft Entra
// ID client secret. It is precise enough for a lint finding.
func IsEntraSecret(s string) bool {
	// Both shapes hold a '~': most values do not, and the regexps cost a
	// quarter of a corpus lint when run on every string (issue #16).
	if strings.IndexByte(s, '~') < 0 {
		return false
	}
	if entraShapes[0].MatchString(s) {
		return true
	}
	return len(s) >= 34 && len(s) <= 40 && entraShapes[1].MatchString(s)
}

// apiKeyShape matches the API keys and tokens whose vendors give them a
// recognisable prefix, and JSON Web Tokens, anywhere in a value.
var apiKeyShape = regexp.MustCompile(`\b(?:sk-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)`)

// LooksLikeSecret reports whether s looks like a secret whatever it is
// called: an Entra ID client secret or a vendor API key or token.
func LooksLikeSecret(s string) bool {
	return IsEntraSecret(s) || hasAPIKeyShape(s)
}

// apiKeyMarkers are the openings every match of apiKeyShape starts with,
// each with what must follow it (next: the byte after the marker is one
// of these; "" for any), and apiKeyMin the length of its shortest match
// ("xoxa-" and 10 more): a value without a marker at a word boundary is
// not run through the regexp. TestShapePrefilter checks that the
// shortcut never changes an answer. A bare "gh" was a marker before, and
// sent every text with "through" or "right" in it through the regexp (a
// third of Values' CPU on the shared corpus, issue #16).
var apiKeyMarkers = []struct{ open, next string }{
	{"sk-", ""}, {"gh", "pousr"}, {"github_pat_", ""}, {"xox", "abposr"},
	{"AKIA", ""}, {"AIza", ""}, {"eyJ", ""},
}

const apiKeyMin = 15

func hasAPIKeyShape(s string) bool {
	return len(s) >= apiKeyMin && hasAPIKeyMarker(s) && apiKeyShape.MatchString(s)
}

// hasAPIKeyMarker reports whether s holds one of apiKeyMarkers where a
// match of apiKeyShape could start: at a word boundary (\b: the byte
// before is not an ASCII word character), followed by what the marker
// needs.
func hasAPIKeyMarker(s string) bool {
	for _, m := range apiKeyMarkers {
		for from := 0; ; {
			i := strings.Index(s[from:], m.open)
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			if i > 0 && isWordByte(s[i-1]) {
				continue
			}
			end := i + len(m.open)
			if m.next == "" || end < len(s) && strings.IndexByte(m.next, s[end]) >= 0 {
				return true
			}
		}
	}
	return false
}

// isWordByte is RE2's \w: an ASCII letter, digit or '_'.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// shapes finds the secret-shaped substrings of a text, for masking.
var shapes = regexp.MustCompile(entraShapes[0].String() + `|` + apiKeyShape.String())

// mayHaveShape reports whether s could hold a match of shapes: every
// match holds "Q~" (an Entra secret) or one of apiKeyMarkers, and is at
// least apiKeyMin long. Spans skips the regexp otherwise: run on the
// message and the excerpt line of every finding, it was two thirds of the
// cost of the text report, which one goroutine writes while the workers
// lint (issue #16).
func mayHaveShape(s string) bool {
	return len(s) >= apiKeyMin && (strings.Contains(s, "Q~") || hasAPIKeyMarker(s))
}

// Mask is how a secret is shown: at most its first three characters, and
// only when it is long enough that three give nothing away.
func Mask(s string) string {
	r := []rune(s)
	if len(r) < 12 {
		return "…"
	}
	return string(r[:3]) + "…"
}

// Describe is a secret as a message shows it: masked, with its length,
// such as "'Xy8…' (40 characters, masked)".
func Describe(s string) string {
	n := utf8.RuneCountInString(s)
	if m := Mask(s); m != "…" {
		return fmt.Sprintf("'%s' (%d characters, masked)", m, n)
	}
	return fmt.Sprintf("(%d characters, masked)", n)
}

// wrappers are the members that hold the value of a named thing: the
// "value" of {"clientSecret": {"value": …}}, the "default" of a parameter
// named "X-Api-Key".
var wrappers = map[string]bool{"value": true, "default": true, "defaultValue": true, "x-ms-test-value": true, "example": true, "x-example": true, "enum": true}

// IsSecretNode reports whether the scalar n holds a secret: its member
// name says so, it is the value, default or test value of something whose
// name says so (an object member, or a parameter's "name"), it is the
// defaultValue of a "securestring" connection parameter, or its value has
// a secret's shape.
func IsSecretNode(n *connector.Node) bool { return isSecretNode(n, IsSecretKey) }

// isSecretNode is IsSecretNode with isKey for IsSecretKey: Values gives
// it a cache of its own, a plain map, which costs under half of what
// IsSecretKey's shared sync.Map does for the few hundred names of a
// document (issue #16).
func isSecretNode(n *connector.Node, isKey func(string) bool) bool {
	if n == nil || n.Kind == connector.Object || n.Kind == connector.Array || n.Kind == connector.Null {
		return false
	}
	if n.Kind == connector.String && LooksLikeSecret(n.Value) {
		return true
	}
	holder := n
	if n.Parent != nil && n.Parent.Kind == connector.Array {
		holder = n.Parent // an item of "default": [...] or "enum"
	}
	if !holder.IsMember() {
		return false
	}
	if isKey(holder.Key) {
		return true
	}
	if !wrappers[holder.Key] {
		return false
	}
	obj := holder.Parent
	if isKey(obj.Get("name").Str()) {
		return true
	}
	if t := obj.Get("type").Str(); strings.EqualFold(t, "securestring") || strings.EqualFold(t, "secureobject") {
		return true
	}
	return obj.IsMember() && isKey(obj.Key)
}

// Values returns the secret values of a document, by the line each starts
// on (1-based), for masking source excerpts.
func Values(doc *connector.Document) map[int][]string {
	out := map[int][]string{}
	if doc == nil {
		return out
	}
	if doc.Root == nil {
		// A file that does not parse has no tree to judge: its text is,
		// so that an excerpt, or an error that quotes the word where the
		// parser stopped ("clientSecret": s3cr3t…), masks it.
		src := string(doc.Src)
		for _, sp := range Spans(src) {
			line := doc.OffsetPos(sp[0]).Line
			out[line] = append(out[line], src[sp[0]:sp[1]])
		}
		return out
	}
	known := map[string]bool{}
	isKey := func(name string) bool {
		is, ok := known[name]
		if !ok {
			is = IsSecretKey(name)
			known[name] = is
		}
		return is
	}
	doc.Root.Walk(func(n *connector.Node) bool {
		if n.Value != "" && isSecretNode(n, isKey) {
			line := doc.Position(n).Line
			out[line] = append(out[line], n.Value)
			if strings.Contains(n.Value, "\n") {
				// a block scalar: each of its lines may be on a line of its own
				pieces := strings.Split(n.Value, "\n")
				for i := 0; i <= len(pieces); i++ {
					for _, p := range pieces {
						if p = strings.TrimSpace(p); len(p) >= 4 {
							out[line+i] = append(out[line+i], p)
						}
					}
				}
			}
		}
		return true
	})
	return out
}

// All returns every secret value of the documents, for masking a text
// rendered from them (a diff).
func All(docs ...*connector.Document) []string {
	values := make([]map[int][]string, len(docs))
	for i, d := range docs {
		values[i] = Values(d)
	}
	return Known(values...)
}

// Known returns every secret value, once, of what Values returned for
// some documents: All for a caller that keeps the values by line too.
func Known(values ...map[int][]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, byLine := range values {
		for _, vs := range byLine {
			for _, v := range vs {
				if !seen[v] {
					seen[v] = true
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// namedJSON matches a JSON member whose name says it holds a secret, with
// its string value; namedYAML the same in YAML, quoted or plain.
var (
	namedJSON = regexp.MustCompile(`("(?:[^"\\]|\\.)*"\s*:\s*")((?:[^"\\]|\\.)*)(")`)
	// bareJSON is a member whose value is an unquoted word, which is no
	// JSON (the file does not parse), so no tree judges it. The word ends
	// its member, as in a file, not in a sentence of a message
	// (unexpected word "x": strings must be…).
	bareJSON = regexp.MustCompile(`(?m)"((?:[^"\\]|\\.)*)"\s*:\s*([^\s"{}\[\],:]+)[ \t]*(?:[,}\]]|$)`)
	// queryParam is a name=value pair of a URL's query string or a form
	// body (a token in a webhook URL, client_secret=… in a token body
	// template); a {placeholder} value is not matched.
	queryParam = regexp.MustCompile(`(?:^|[?&;"'\s])([A-Za-z0-9_.\-]+)=([^&\s"'{}<>#\\][^&\s"'<>#\\]*)`)
	// quoted is a quoted piece of a message, which may quote the start of
	// a known secret (the word where a parser stopped).
	quoted    = regexp.MustCompile(`"([^"\n]{4,})"|'([^'\n]{4,})'`)
	namedYAML = regexp.MustCompile(`^(\s*(?:-\s+)?["']?([A-Za-z0-9_. -]+)["']?\s*:\s+)(["']?)([^\s"'#\[\]{}&*|>!%@,][^"'#]*?)(["']?\s*(?:#.*)?)$`)
)

// MaskText masks the secrets in a text that is not (or no longer) a
// tree, as Spans finds them.
func MaskText(s string, known ...string) string {
	spans := Spans(s, known...)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp[0]])
		b.WriteString(Mask(s[sp[0]:sp[1]]))
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// Spans returns the byte ranges [start, end) of the secrets in s, sorted
// and not overlapping: each of known, as written and as JSON escapes it;
// the value of a JSON or YAML member whose name says it is a secret; and
// every secret-shaped token.
func Spans(s string, known ...string) [][2]int {
	var spans [][2]int
	add := func(a, b int) {
		if b > a {
			spans = append(spans, [2]int{a, b})
		}
	}
	for _, k := range known {
		if len(k) < 4 {
			continue
		}
		for _, form := range []string{k, jsonEscaped(k)} {
			for from := 0; ; {
				i := strings.Index(s[from:], form)
				if i < 0 {
					break
				}
				add(from+i, from+i+len(form))
				from += i + len(form)
			}
			if form == jsonEscaped(k) {
				break
			}
		}
	}
	if len(known) > 0 && (strings.Contains(s, `"`) || strings.Contains(s, "'")) {
		for _, m := range quoted.FindAllStringSubmatchIndex(s, -1) {
			a, b := m[2], m[3]
			if a < 0 {
				a, b = m[4], m[5]
			}
			if q := s[a:b]; !isMasked(q) && prefixOfAny(q, known) {
				add(a, b)
			}
		}
	}
	named := !namePrefilter || mayNameSecret(s)
	if named && strings.Contains(s, `"`) {
		for _, m := range namedJSON.FindAllStringSubmatchIndex(s, -1) {
			if IsSecretKey(s[m[2]:m[3]]) && !isMasked(s[m[4]:m[5]]) {
				add(m[4], m[5])
			}
		}
		for _, m := range bareJSON.FindAllStringSubmatchIndex(s, -1) {
			if v := s[m[4]:m[5]]; IsSecretKey(s[m[2]:m[3]]) && !isJSONWord(v) && !isMasked(v) {
				add(m[4], m[5])
			}
		}
	}
	if named && strings.Contains(s, ":") {
		for off := 0; off < len(s); {
			end := strings.IndexByte(s[off:], '\n')
			if end < 0 {
				end = len(s) - off
			}
			line := s[off : off+end]
			if len(line) < 4096 {
				if m := namedYAML.FindStringSubmatchIndex(line); m != nil && IsSecretKey(line[m[4]:m[5]]) && !isMasked(line[m[8]:m[9]]) {
					add(off+m[8], off+m[9])
				}
			}
			off += end + 1
		}
	}
	if strings.Contains(s, "=") {
		for _, m := range queryParam.FindAllStringSubmatchIndex(s, -1) {
			if v := s[m[4]:m[5]]; IsSecretQueryName(s[m[2]:m[3]]) && !isMasked(v) {
				add(m[4], m[5])
			}
		}
	}
	if !shapePrefilter || mayHaveShape(s) {
		for _, m := range shapes.FindAllStringIndex(s, -1) {
			add(m[0], m[1])
		}
	}
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		if last := &merged[len(merged)-1]; sp[0] <= last[1] {
			last[1] = max(last[1], sp[1])
		} else {
			merged = append(merged, sp)
		}
	}
	return merged
}

// queryNames are the query parameters that carry a credential although
// their name alone is no secret's elsewhere: an Azure Functions key
// (?code=), a SAS signature (&sig=), a token or key in a webhook URL.
var queryNames = []string{"code", "sig", "signature", "token", "key", "apikey", "auth"}

// IsSecretQueryName reports whether a URL query or form parameter of that
// name carries a secret: any IsSecretKey name, and queryNames.
func IsSecretQueryName(name string) bool {
	for _, n := range queryNames {
		if strings.EqualFold(name, n) {
			return true
		}
	}
	return IsSecretKey(name)
}

// prefixOfAny reports whether q starts one of known (the secrets of the
// documents): a message that quotes the first letters of a secret, as the
// JSON parser does when it stops at the first digit of an unquoted word.
// A quote under prefixMin characters gives away no more than Mask shows,
// and would hide ordinary words: a property named 'code' in a connector
// whose token body template starts with "code={code}&...". A known value
// holding a {placeholder} is a template, not a secret typed by hand; a
// secret written into one is found by queryParam instead.
func prefixOfAny(q string, known []string) bool {
	if len(q) < prefixMin {
		return false
	}
	for _, k := range known {
		if len(k) >= 4 && strings.HasPrefix(k, q) && !strings.Contains(k, "{") {
			return true
		}
	}
	return false
}

// prefixMin is the shortest quoted prefix of a secret that is masked.
const prefixMin = 6

// isJSONWord reports whether a bare word is JSON: a literal or a number.
func isJSONWord(v string) bool {
	switch v {
	case "true", "false", "null":
		return true
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// namePrefilter and shapePrefilter turn on mayNameSecret and
// mayHaveShape in Spans; the tests turn them off to check that they never
// change an answer.
var namePrefilter, shapePrefilter = true, true

// nameWords are pieces that every name IsSecretKey accepts contains once
// lowered and stripped to letters and digits: one of each alternative of
// keyPattern, and of Vocabulary.Names.
var nameWords = []string{"secret", "passw", "pwd", "key", "token", "bearer", "subscription", "credential", "connection", "authorization"}

// mayNameSecret reports whether some part of s could be a name that
// IsSecretKey accepts. An ASCII text without any of nameWords cannot, so
// Spans skips its name regexps, which cost a twentieth of a corpus lint
// when run on every message (issue #16). Other texts may (case folding
// beyond ASCII: the long s, the Kelvin sign).
func mayNameSecret(s string) bool {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return true
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			b = append(b, c)
		}
	}
	norm := string(b)
	return containsAny(norm, nameWords)
}

// isMasked says whether a value is already shown masked.
func isMasked(v string) bool {
	return v == "" || v == "…" || strings.HasSuffix(v, "…") && len([]rune(v)) <= 4
}

// jsonEscaped is s as it appears inside a JSON string.
func jsonEscaped(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '/':
			b.WriteRune(r)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
