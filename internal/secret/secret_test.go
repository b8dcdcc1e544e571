package secret

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

const entra = "abc8Q~Zx9yW_vU.tS-rQpOnMlKjIhGfEdCbA1234" // shaped like an Entra ID secret, not one

func TestIsSecretKey(t *testing.T) {
	for _, k := range []string{"clientSecret", "password", "X-Api-Key", "api_key", "subscription_key", "Ocp-Apim-Subscription-Key", "accessToken", "connectionString"} {
		if !IsSecretKey(k) {
			t.Errorf("IsSecretKey(%q) = false", k)
		}
	}
	for _, k := range []string{"clientId", "tokenUrl", "name", "description", "type"} {
		if IsSecretKey(k) {
			t.Errorf("IsSecretKey(%q) = true", k)
		}
	}
}

func TestLooksLikeSecret(t *testing.T) {
	for _, v := range []string{entra, "sk-abcdefghijklmnopqrstuvwxyz012345", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "AKIAABCDEFGHIJKLMNOP"} {
		if !LooksLikeSecret(v) {
			t.Errorf("LooksLikeSecret(%q) = false", v)
		}
	}
	for _, v := range []string{"https://login.microsoftonline.com", "00000000-0000-0000-0000-000000000000", "GetTeams", "~"} {
		if LooksLikeSecret(v) {
			t.Errorf("LooksLikeSecret(%q) = true", v)
		}
	}
}

func TestMask(t *testing.T) {
	if got := Mask("short"); got != "…" {
		t.Errorf("Mask(short) = %q", got)
	}
	if got := Mask("0123456789abcdef"); got != "012…" {
		t.Errorf("Mask = %q", got)
	}
}

func TestIsSecretNode(t *testing.T) {
	src := `{"properties": {"connectionParameters": {"subscription_key": {"type": "securestring", "defaultValue": "d3adb33fd3adb33f"},
	  "plain": {"type": "string", "defaultValue": "visible-value"},
	  "token": {"type": "securestring", "uiDefinition": {"constraints": {"required": "true"}}}},
	  "oAuthSettings": {"clientSecret": {"value": "wrapped-secret-1"}, "clientId": "c1"},
	  "params": [{"name": "X-Api-Key", "in": "header", "default": "header-default-1"}]}}`
	doc := &connector.Document{Path: "apiProperties.json", Format: connector.JSON}
	connector.Parse(doc, []byte(src), connector.Limits{MaxBytes: 1 << 20, MaxDepth: 100})
	got := strings.Join(All(doc), ",")
	for _, want := range []string{"d3adb33fd3adb33f", "wrapped-secret-1", "header-default-1"} {
		if !strings.Contains(got, want) {
			t.Errorf("All misses %q: %s", want, got)
		}
	}
	for _, not := range []string{"visible-value", "c1", "true"} {
		if strings.Contains(","+got+",", ","+not+",") {
			t.Errorf("All has %q: %s", not, got)
		}
	}
}

func TestMaskText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"clientSecret": "s3cr3t-value-long",`, `"clientSecret": "s3c…",`},
		{`  client_secret: s3cr3t-value-long  # comment`, `  client_secret: s3c…  # comment`},
		{`  password: 'hunter2'`, `  password: '…'`},
		{`+  "value": "` + entra + `"`, `+  "value": "abc…"`},
		{`"clientId": "not-a-secret-at-all"`, `"clientId": "not-a-secret-at-all"`},
		{`"clientSecret": "abc…"`, `"clientSecret": "abc…"`},
	}
	for _, tt := range tests {
		if got := MaskText(tt.in); got != tt.want {
			t.Errorf("MaskText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := MaskText(`x "known\"one" y known"one`, `known"one`); strings.Contains(got, "known") {
		t.Errorf("known secret left in %q", got)
	}
}

// IsSecretKey masks every name the lint rule looks at (IsSecretName), so
// a value secrets-in-definition flags is never shown by another finding.
func TestSecretNames(t *testing.T) {
	for _, name := range []string{"token", "X-Api-Key", "password", "refresh_token", "Authorization", "subscription_key", "clientSecret"} {
		if !IsSecretName(name) || !IsSecretKey(name) {
			t.Errorf("%q: IsSecretName %v, IsSecretKey %v; want both", name, IsSecretName(name), IsSecretKey(name))
		}
	}
	for _, name := range []string{"tokenUrl", "pageToken", "token_type", "secretName", "description"} {
		if IsSecretName(name) {
			t.Errorf("IsSecretName(%q) = true", name)
		}
	}
	for _, v := range []string{"Pw7NotAFakeValue99", "Bearer Zq9ReallyRealKey77Plain"} {
		if !LooksReal(v, 16) {
			t.Errorf("LooksReal(%q) = false", v)
		}
	}
	for _, v := range []string{"<your API key>", "short1", "https://example.com/a1b2c3d4e5f6", "YOUR_KEY_0123456789", "abcdefghijklmnopqrstuvwxyz"} {
		if LooksReal(v, 16) {
			t.Errorf("LooksReal(%q) = true", v)
		}
	}
	if got := Describe("Xy8Q~Zq4vN2pLk7RtW9sMb3HcJ6dFg1AeUo5Ti0"); got != "'Xy8…' (39 characters, masked)" {
		t.Errorf("Describe = %q", got)
	}
	if got := Describe("hunter2"); got != "(7 characters, masked)" {
		t.Errorf("Describe = %q", got)
	}
}

// TestShapePrefilter: the shortcuts in front of the shape regexps (a '~'
// for Entra secrets; apiKeyMarkers and apiKeyMin for API keys) never
// change an answer. Random texts are built from the shapes' own pieces so
// that many of them match.
func TestShapePrefilter(t *testing.T) {
	pieces := []string{"sk-", "gh", "p_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "ghx_", "xoxa-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxz-", "xox", "github_pat_", "xoxb-", "AKIA", "AIza", "eyJ", ".", "~", "8Q~", "Q~", "-", "_", " ", "abc", "XYZ", "0123456789", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9", "ABCDEFGHIJKLMNOP"}
	rng := rand.New(rand.NewPCG(1, 2))
	matched := 0
	for i := 0; i < 50000; i++ {
		s := randomText(rng, pieces, 12)
		raw := entraShapes[0].MatchString(s) || (len(s) >= 34 && len(s) <= 40 && entraShapes[1].MatchString(s)) || apiKeyShape.MatchString(s)
		if got := LooksLikeSecret(s); got != raw {
			t.Fatalf("LooksLikeSecret(%q) = %v, the regexps say %v", s, got, raw)
		}
		if raw {
			matched++
		}
	}
	if matched < 500 {
		t.Errorf("only %d of 50,000 texts match a shape: the test checks too little", matched)
	}
}

// TestNamePrefilter: skipping the name regexps of Spans for a text
// without any of nameWords never changes the spans. Texts are built from
// the names' own pieces, separators and values, so that many hold a
// secret-named member.
func TestNamePrefilter(t *testing.T) {
	pieces := []string{`"`, `": "`, ": ", "\n", "\n  ", "- ", "'", "api", "Api", "_", "-", ".", " ", "key", "KEY", "secret", "pass", "word", "wd", "p", "token", "refresh", "auth", "bearer", "subscription", "ocp-apim-", "credential", "connection", "string", "authorization", "name", "url", "type", "value", "Xy8fQ2mZ7pL4wR9t", "abc", "0123456789", "é", "ſ"}
	checkSpansPrefilter(t, &namePrefilter, rand.New(rand.NewPCG(3, 4)), pieces, 14)
}

// TestShapePrefilterSpans: skipping the shape regexp of Spans for a text
// without "Q~" or any of apiKeyMarkers, or shorter than apiKeyMin, never
// changes the spans. Texts are built from the shapes' own pieces.
func TestShapePrefilterSpans(t *testing.T) {
	pieces := []string{"sk-", "gh", "p_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "ghx_", "xoxa-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxz-", "xox", "github_pat_", "xoxb-", "AKIA", "AIza", "eyJ", ".", "~", "8Q~", "Q~", "Q", "-", "_", " ", "abc", "XYZ", "0123456789", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9", "ABCDEFGHIJKLMNOP", "'", "\\n"}
	checkSpansPrefilter(t, &shapePrefilter, rand.New(rand.NewPCG(5, 6)), pieces, 12)
}

// checkSpansPrefilter compares Spans with the prefilter *on turned off
// and on, on 50,000 random texts of 1 to max+1 pieces, and fails if fewer
// than 500 of them have a span (the test would check too little).
func checkSpansPrefilter(t *testing.T, on *bool, rng *rand.Rand, pieces []string, max int) {
	t.Helper()
	defer func() { *on = true }()
	found := 0
	for i := 0; i < 50000; i++ {
		s := randomText(rng, pieces, max)
		*on = false
		want := Spans(s)
		*on = true
		got := Spans(s)
		if !slices.Equal(got, want) {
			t.Fatalf("Spans(%q) = %v with the prefilter, %v without", s, got, want)
		}
		if len(want) > 0 {
			found++
		}
	}
	if found < 500 {
		t.Errorf("only %d of 50,000 texts have a span: the test checks too little", found)
	}
}

// randomText joins 1 to max+1 pieces picked at random.
func randomText(rng *rand.Rand, pieces []string, max int) string {
	var b strings.Builder
	for n := rng.IntN(max); n >= 0; n-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// TestMaskUnparsed (#19 item 9): a file that does not parse has no tree,
// so its secrets are found in its text; an unquoted secret is masked, and
// so is a message that quotes the word where the parser stopped, even cut
// short. JSON words (true, numbers) and a message's own sentence stay.
func TestMaskUnparsed(t *testing.T) {
	src := "{\"x\": {\"clientSecret\": SuperSecretValue123abc,\n \"apiKeyRequired\": true, \"tokenLifetime\": 3600}}\n"
	doc := &connector.Document{Path: "a.json", Format: connector.JSON}
	connector.Parse(doc, []byte(src), connector.DefaultLimits)
	if doc.Root != nil || len(doc.Problems) == 0 {
		t.Fatalf("the fixture parses: %v", doc.Problems)
	}
	known := All(doc)
	if !slices.Contains(known, "SuperSecretValue123abc") {
		t.Errorf("All of an unparsed file = %q", known)
	}
	for _, tt := range []struct{ in, want string }{
		{doc.Problems[0].Message, `unexpected word "Sup…": strings must be in double quotes`},
		{`{"clientSecret": SuperSecretValue123abc, "b": 1}`, `{"clientSecret": Sup…, "b": 1}`},
		{`"apiKeyRequired": true, "tokenLifetime": 3600}`, `"apiKeyRequired": true, "tokenLifetime": 3600}`},
		{`the value 'SuperSecretValue' is listed twice`, `the value 'Sup…' is listed twice`},
		{`"SuperS" is short but a prefix`, `"…" is short but a prefix`},
		{`"Supe" gives away no more than the mask`, `"Supe" gives away no more than the mask`},
		{`"clientId" is not one`, `"clientId" is not one`},
	} {
		if got := MaskText(tt.in, known...); got != tt.want {
			t.Errorf("MaskText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMaskQuotedTemplatePrefix: a word a message quotes is not masked
// for starting a token body template that holds only placeholders
// (independent__Coupa: the property 'code' was shown as '…').
func TestMaskQuotedTemplatePrefix(t *testing.T) {
	known := []string{"code={code}&grant_type=authorization_code&client_secret={ClientSecret}"}
	for _, in := range []string{`properties without an 'x-ms-summary': 'code', 'id'`, `the x-ms-summary 'code={code}&grant'`} {
		if got := MaskText(in, known...); got != in {
			t.Errorf("MaskText(%q) = %q, want it unchanged", in, got)
		}
	}
}

// TestMaskQueryParams (#19 item 6): a credential in a URL's query string
// or a form body template is masked; a {placeholder}, and parameters
// that carry none, stay.
func TestMaskQueryParams(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`https://f.azurewebsites.net/api/h?code=FnKeyUrlToken5566&x=1`, `https://f.azurewebsites.net/api/h?code=FnK…&x=1`},
		{`"value": "client_id={ClientId}&client_secret=TbTemplateSecret2211"`, `"value": "client_id={ClientId}&client_secret=TbT…"`},
		{`client_secret=RbRefreshSecret99&client_id={ClientId}`, `client_secret=RbR…&client_id={ClientId}`},
		{`?sv=2020-08-04&sig=SgSasSignature7788abc`, `?sv=2020-08-04&sig=SgS…`},
		{`https://x.example/cb?access_token=AtUrlAccessToken3344`, `https://x.example/cb?access_token=AtU…`},
		{`client_secret={ClientSecret}&refresh_token={RefreshToken}`, `client_secret={ClientSecret}&refresh_token={RefreshToken}`},
		{`https://x.example/a?api-version=2020-01-01&mode=full&response_type=code`, `https://x.example/a?api-version=2020-01-01&mode=full&response_type=code`},
	} {
		if got := MaskText(tt.in); got != tt.want {
			t.Errorf("MaskText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNormNameASCIIPath: normName, which does an ASCII name byte by byte,
// gives what the rune loop gives, on random names of ASCII letters,
// digits, punctuation and non-ASCII letters and digits.
func TestNormNameASCIIPath(t *testing.T) {
	pieces := []string{"Api", "KEY", "x", "Z", "a", "z", "0", "9", "-", "_", ".", " ", "@", "[", "`", "{", "/", ":", "é", "\u212a", "ſ", "İ", "٣", "\xff"}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 50000 {
		s := randomText(rng, pieces, 8)
		if got, want := normName(s), normNameRunes(s); got != want {
			t.Fatalf("normName(%q) = %q, the rune loop %q", s, got, want)
		}
	}
}
