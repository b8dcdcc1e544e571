package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/sharedtest"
	"github.com/ppconn/ppconn/rules"
)

const authData = "../../testdata/auth"

// clearAuthEnv keeps the PPCONN_* variables of the machine out of a test.
func clearAuthEnv(t *testing.T) {
	t.Helper()
	for _, v := range auth.EnvVars {
		t.Setenv(v, "")
	}
}

// authCopy copies the files of a connector folder into a new
// temporary folder, writable, and returns it.
func authCopy(t testing.TB, src, dst string) string {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// authRules are ppconn's rules about authentication, which must report
// nothing on what auth aad writes.
func authRules(t testing.TB) *lint.Registry {
	t.Helper()
	var list []*lint.Rule
	for _, r := range rules.All() {
		for _, p := range []string{"aad-", "oauth", "secdef-", "security-", "token-tenantid-"} {
			if strings.HasPrefix(r.ID, p) {
				list = append(list, r)
				break
			}
		}
	}
	reg, err := lint.NewRegistry(list...)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// authFindings lints dir with reg under every built-in profile (custom
// and certification), since a rule may report under one profile only.
func authFindings(t testing.TB, reg *lint.Registry, dir string) []lint.Finding {
	t.Helper()
	targets, err := connector.Discover([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var out []lint.Finding
	for _, profile := range lint.Profiles {
		for _, tg := range targets {
			res := lint.LintTarget(tg, &lint.Config{Registry: reg, Profile: profile, Limits: connector.DefaultLimits})
			out = append(out, res.Findings...)
		}
	}
	return out
}

// authNormalizeDir replaces a temporary folder in output by DIR.
func authNormalizeDir(s, dir string) string {
	return strings.ReplaceAll(s, dir, "DIR")
}

func authTranscript(code int, stdout, stderr string) string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", code, stdout, stderr)
}

// TestAuthAADGolden runs auth aad on the fixtures of testdata/auth and
// compares what it prints and writes with golden files.
func TestAuthAADGolden(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		args    []string
		write   bool // run on a copy and append the files written
	}{
		{"apikey-refused", "apikey", []string{"--resource-uri", "https://graph.microsoft.com"}, false},
		{"apikey-replace", "apikey", []string{"--replace", "--dry-run", "--resource-uri", "https://api.contoso.com", "--client-id", "11111111-2222-3333-4444-555555555555", "--scope", "https://api.contoso.com/user_impersonation"}, false},
		{"legacy-secret", "legacy", []string{"--dry-run", "--connector-id", "contoso-20widgets-5f0123456789abcdef-0123456789abcdef"}, false},
		{"legacy-check", "legacy", []string{"--check"}, false},
		{"legacy-migrate", "legacy", []string{"--dry-run", "--redirect-mode", "GlobalPerConnector", "--connector-id", "contoso-20widgets-5f0123456789abcdef-0123456789abcdef"}, false},
		{"none-write", "none", []string{"--preset", "nbold", "--client-id", "11111111-2222-3333-4444-555555555555"}, true},
		{"twin-write", "twin", []string{"--resource-uri", "https://graph.microsoft.com", "--on-behalf-of"}, true},
		{"global", "legacy", []string{"--dry-run", "--redirect-mode", "Global", "--tenant-id", "contoso.onmicrosoft.com"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearAuthEnv(t)
			dir := filepath.Join(authData, tt.fixture)
			if tt.write {
				dir = authCopy(t, dir, filepath.Join(t.TempDir(), tt.fixture))
			}
			code, out, errOut := run(append([]string{"auth", "aad", "--no-config"}, append(tt.args, dir)...)...)
			got := authTranscript(code, out, errOut)
			if tt.write {
				got = authNormalizeDir(got+authFilesText(t, dir), dir)
			}
			compareGolden(t, filepath.Join(authData, "golden", tt.name+".txt"), got)
		})
	}
}

// TestAuthAADFixturesClean: on every fixture, auth aad --replace gives
// files the auth rules find nothing in, a second run changes no byte, and
// --check then exits 0.
func TestAuthAADFixturesClean(t *testing.T) {
	clearAuthEnv(t)
	reg := authRules(t)
	entries, err := os.ReadDir(authData)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "golden" {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			dir := authCopy(t, filepath.Join(authData, e.Name()), filepath.Join(t.TempDir(), e.Name()))
			args := []string{"auth", "aad", "--no-config", "--replace", "--redirect-mode", "GlobalPerConnector", "--resource-uri", "https://graph.microsoft.com", "--client-id", "11111111-2222-3333-4444-555555555555", dir}
			if code, _, errOut := run(args...); code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, f := range authFindings(t, reg, dir) {
				t.Errorf("%s:%d:%d %s: %s", f.File, f.Line, f.Column, f.Rule, f.Message)
			}
			before := authReadAll(t, dir)
			if code, _, errOut := run(args...); code != ExitOK {
				t.Fatalf("second run: exit %d: %s", code, errOut)
			}
			if after := authReadAll(t, dir); !reflect.DeepEqual(before, after) {
				t.Error("the second run changed the files")
			}
			if code, out, errOut := run(append([]string{"auth", "aad", "--check"}, args[2:]...)...); code != ExitOK {
				t.Errorf("--check: exit %d\n%s%s", code, out, errOut)
			}
		})
	}
}

// authFilesText is the files of a folder, each after a "=== name" line.
func authFilesText(t testing.TB, dir string) string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "=== %s\n%s", filepath.Base(n), data)
	}
	return b.String()
}

func authReadAll(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = string(data)
	}
	return out
}

// TestAuthAADValueOrder checks where each value comes from: flags, then
// the preset, the environment, .ppconn.yaml, the file, the defaults.
func TestAuthAADValueOrder(t *testing.T) {
	type want struct{ clientID, tenant, login, resource, scopes, mode, obo string }
	const cfg = `auth:
  aad:
    client-id: 22222222-0000-0000-0000-000000000000
    tenant-id: fromconfig.onmicrosoft.com
    resource-uri: https://config.contoso.com
    scopes: [config.scope]
    on-behalf-of: true
`
	tests := []struct {
		name   string
		env    map[string]string
		config bool
		args   []string
		want   want
	}{
		{"defaults", nil, false, []string{"--resource-uri", "https://r"},
			want{auth.ClientIDPlaceholder, "common", "https://login.microsoftonline.com", "https://r", "", "GlobalPerConnector", "false"}},
		{"config", nil, true, nil,
			want{"22222222-0000-0000-0000-000000000000", "fromconfig.onmicrosoft.com", "https://login.microsoftonline.com", "https://config.contoso.com", "config.scope", "GlobalPerConnector", "true"}},
		{"env over config", map[string]string{"PPCONN_CLIENT_ID": "33333333-0000-0000-0000-000000000000", "PPCONN_SCOPES": "a, b", "PPCONN_ON_BEHALF_OF": "false"}, true, nil,
			want{"33333333-0000-0000-0000-000000000000", "fromconfig.onmicrosoft.com", "https://login.microsoftonline.com", "https://config.contoso.com", "a b", "GlobalPerConnector", "false"}},
		{"flags over env", map[string]string{"PPCONN_CLIENT_ID": "33333333-0000-0000-0000-000000000000", "PPCONN_TENANT_ID": "organizations"}, true,
			[]string{"--client-id", "44444444-0000-0000-0000-000000000000", "--scope", "x", "--scope", "y z", "--login-uri", "https://login.windows.net/"},
			want{"44444444-0000-0000-0000-000000000000", "organizations", "https://login.windows.net", "https://config.contoso.com", "x y z", "GlobalPerConnector", "true"}},
		{"preset under flags", map[string]string{"PPCONN_RESOURCE_URI": "https://env"}, false, []string{"--preset", "nbold", "--tenant-id", "consumers"},
			want{auth.ClientIDPlaceholder, "consumers", "https://login.windows.net", "https://graph.microsoft.com", "https://graph.microsoft.com/.default", "GlobalPerConnector", "false"}},
		{"no scopes", nil, true, []string{"--scope", ""},
			want{"22222222-0000-0000-0000-000000000000", "fromconfig.onmicrosoft.com", "https://login.microsoftonline.com", "https://config.contoso.com", "", "GlobalPerConnector", "true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearAuthEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			root := t.TempDir()
			dir := authCopy(t, filepath.Join(authData, "none"), filepath.Join(root, "c"))
			if tt.config {
				if err := os.WriteFile(filepath.Join(root, ".ppconn.yaml"), []byte(cfg), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, out, errOut := run(append([]string{"auth", "aad"}, append(tt.args, dir)...)...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s%s", code, out, errOut)
			}
			doc := authParse(t, filepath.Join(dir, "apiProperties.json"))
			s := doc.Root.At("properties", "connectionParameters", "token", "oAuthSettings")
			cp := s.Get("customParameters")
			var scopes []string
			for _, it := range s.Get("scopes").List() {
				scopes = append(scopes, it.Value)
			}
			got := want{s.Get("clientId").Str(), cp.At("tenantId", "value").Str(), cp.At("loginUri", "value").Str(), cp.At("resourceUri", "value").Str(),
				strings.Join(scopes, " "), s.Get("redirectMode").Str(), cp.At("enableOnbehalfOfLogin", "value").Str()}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v\n%s", got, tt.want, out)
			}
		})
	}
}

func authParse(t testing.TB, path string) *connector.Document {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := &connector.Document{Path: path, Format: rewrite.FormatOf(path)}
	connector.Parse(doc, raw, connector.DefaultLimits)
	return doc
}

// TestAuthAADUsageErrors: bad values and bad invocations exit 2 with a
// message that says what to do.
func TestAuthAADUsageErrors(t *testing.T) {
	clearAuthEnv(t)
	dir := filepath.Join(authData, "none")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{dir}, "the resource URI is required"},
		{[]string{"--resource-uri", "r", "--login-uri", "https://login.contoso.com", dir}, "not a Microsoft Entra sign-in endpoint"},
		{[]string{"--resource-uri", "r", "--tenant-id", "not a tenant", dir}, "is not a tenant"},
		{[]string{"--resource-uri", "r", "--redirect-mode", "Direct", dir}, "redirect mode \"Direct\""},
		{[]string{"--preset", "nope", dir}, "the presets are nbold"},
		{[]string{"--resource-uri", "r", "--connector-id", "a b", dir}, "connector id"},
		{[]string{"--resource-uri", "r", "--dry-run", "--check", dir}, "--dry-run and --check cannot go together"},
		{[]string{"--resource-uri", "r", authData}, "is not a connector folder"},
		{[]string{"--resource-uri", "r", filepath.Join(authData, "missing")}, "no such file or folder"},
		{[]string{"--resource-uri", "r", dir, dir}, "takes at most 1 argument, got 2"},
	}
	for _, tt := range tests {
		code, _, errOut := run(append([]string{"auth", "aad", "--no-config"}, tt.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	t.Setenv("PPCONN_ON_BEHALF_OF", "maybe")
	if code, _, errOut := run("auth", "aad", "--no-config", "--resource-uri", "r", dir); code != ExitUsage || !strings.Contains(errOut, "PPCONN_ON_BEHALF_OF") {
		t.Errorf("bad PPCONN_ON_BEHALF_OF: exit %d, %q", code, errOut)
	}
}

// TestAuthAADNeverPrintsSecrets: a clientSecret in apiProperties.json is
// removed, and its value appears in no output of any mode.
func TestAuthAADNeverPrintsSecrets(t *testing.T) {
	clearAuthEnv(t)
	const secret = "abc8Q~0123456789abcdefghijklmnopqrstuvwxyz"
	dir := authCopy(t, filepath.Join(authData, "legacy"), filepath.Join(t.TempDir(), "legacy"))
	for _, mode := range [][]string{{"--dry-run"}, {"--check"}, nil} {
		code, out, errOut := run(append(append([]string{"auth", "aad", "--no-config"}, mode...), dir)...)
		if strings.Contains(out+errOut, secret) || strings.Contains(out+errOut, "abc8Q") {
			t.Errorf("%v printed the secret:\n%s%s", mode, out, errOut)
		}
		if mode == nil && code != ExitOK {
			t.Errorf("exit %d: %s", code, errOut)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "apiProperties.json"))
	if bytes.Contains(data, []byte(secret)) || bytes.Contains(data, []byte("clientSecret")) {
		t.Error("the secret is still in apiProperties.json")
	}
}

// TestAuthAADNBold: on nBold's published v5, the YAML twin keeps every #
// comment banner, both definitions get the same scheme, and the auth
// rules then report nothing.
func TestAuthAADNBold(t *testing.T) {
	clearAuthEnv(t)
	src := sharedtest.Dir(t, "nbold/v5")
	dir := authCopy(t, src, filepath.Join(t.TempDir(), "nbold"))
	if code, out, errOut := run("auth", "aad", "--no-config", "--preset", "nbold", "--redirect-mode", "GlobalPerConnector", dir); code != ExitOK {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	comments := func(path string) []string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for l := range strings.SplitSeq(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "#") {
				out = append(out, l)
			}
		}
		return out
	}
	before, after := comments(filepath.Join(src, "apiDefinition.swagger.yaml")), comments(filepath.Join(dir, "apiDefinition.swagger.yaml"))
	if len(before) < 20 || !reflect.DeepEqual(before, after) {
		t.Errorf("the YAML comments changed: %d before, %d after", len(before), len(after))
	}
	for _, name := range []string{"apiDefinition.swagger.json", "apiDefinition.swagger.yaml"} {
		root := authParse(t, filepath.Join(dir, name)).Root
		if got := root.At("securityDefinitions", "oauth2_auth", "authorizationUrl").Str(); got != "https://login.windows.net/common/oauth2/authorize" {
			t.Errorf("%s: authorizationUrl %q", name, got)
		}
	}
	for _, f := range authFindings(t, authRules(t), dir) {
		t.Errorf("%s:%d:%d %s: %s", f.File, f.Line, f.Column, f.Rule, f.Message)
	}
	if code, out, errOut := run("auth", "aad", "--no-config", "--check", "--preset", "nbold", "--redirect-mode", "GlobalPerConnector", dir); code != ExitOK {
		t.Errorf("--check after writing: exit %d\n%s%s", code, out, errOut)
	}
}

// ---- the corpus ----

// authCorpusStats counts, over the corpus, the connectors each check passed.
type authCorpusStats struct {
	mu                                     sync.Mutex
	parseable, ran, equal, lines, minified int
	idempotent, check, clean               int
	failures                               map[string][]string
	ruleHits                               map[string]int
}

func (s *authCorpusStats) fail(kind, format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[kind] = append(s.failures[kind], fmt.Sprintf(format, args...))
}

func (s *authCorpusStats) inc(p *int) {
	s.mu.Lock()
	*p++
	s.mu.Unlock()
}

// TestAuthAADCorpus runs auth aad --replace on a copy of every parseable
// connector of the corpus, and checks that: both files are deep-equal to
// the originals once the auth paths are removed; on JSON, the diff touches
// only lines inside the auth blocks (a comma added or removed on the line
// before one excepted); a second run changes no byte; --check then exits
// 0; and the auth rules report nothing.
func TestAuthAADCorpus(t *testing.T) {
	authCorpusRun(t, []authWriter{{"aad", authAADCorpusArgs, []string{"token", auth.TenantParam}}})
}

// authAADCorpusArgs is the auth aad command the corpus test runs.
var authAADCorpusArgs = []string{"auth", "aad", "--no-config", "--replace", "--redirect-mode", "GlobalPerConnector", "--resource-uri", "https://graph.microsoft.com"}

// authCorpusOne runs the writer cmd (its arguments but the folder) on a
// copy of the connector src at dst; own are the connection parameters the
// writer writes.
func authCorpusOne(t *testing.T, reg *lint.Registry, src, dst string, st *authCorpusStats, cmd, own []string) {
	name := filepath.Base(src)
	targets, err := connector.Discover([]string{src})
	if err != nil || len(targets) != 1 || len(targets[0].Swaggers) == 0 {
		return
	}
	tg := targets[0]
	files := append(append([]string(nil), tg.Swaggers...), tg.Props)
	old := map[string]*connector.Document{}
	for _, f := range files {
		if f == "" {
			continue
		}
		doc := authParse(t, f)
		if rewrite.FirstProblem(doc) != nil {
			return
		}
		old[filepath.Base(f)] = doc
	}
	st.inc(&st.parseable)
	authCopy(t, src, dst)
	args := append(append([]string(nil), cmd...), dst)
	code, _, errOut := run(args...)
	if code != ExitOK {
		st.fail(cmd[1]+" failed", "%s: exit %d: %s", name, code, strings.TrimSpace(errOut))
		return
	}
	st.inc(&st.ran)
	equal, lines := true, true
	minified := false
	for base, o := range old {
		n := authParse(t, filepath.Join(dst, base))
		isProps := strings.EqualFold(base, "apiProperties.json")
		removed, err := authStrip(o, n, isProps, own)
		if err != nil {
			st.fail("removed a parameter that is not a credential", "%s: %v", name, err)
			equal = false
		}
		if a, b := o.Root.Interface(), n.Root.Interface(); !reflect.DeepEqual(a, b) {
			st.fail("not deep-equal outside the auth paths", "%s/%s", name, base)
			equal = false
		}
		if o.Format != connector.JSON {
			continue
		}
		switch {
		case bytes.Count(o.Src, []byte("\n")) <= 1:
			minified = true
		default:
			if msg := authOutsideLines(o, n, isProps, append(removed, own...)); msg != "" {
				st.fail("diff outside the auth blocks", "%s/%s: %s", name, base, msg)
				lines = false
			}
		}
	}
	if equal {
		st.inc(&st.equal)
	}
	switch {
	case minified:
		st.inc(&st.minified)
	case lines:
		st.inc(&st.lines)
	}
	before := authReadAll(t, dst)
	if code, _, errOut := run(args...); code != ExitOK {
		st.fail("second run failed", "%s: exit %d: %s", name, code, errOut)
	} else if !reflect.DeepEqual(before, authReadAll(t, dst)) {
		st.fail("second run changed the files", "%s", name)
	} else {
		st.inc(&st.idempotent)
	}
	if code, out, _ := run(append([]string{"auth", cmd[1], "--check"}, args[2:]...)...); code != ExitOK {
		st.fail("--check did not exit 0", "%s: exit %d: %.300s", name, code, out)
	} else {
		st.inc(&st.check)
	}
	fs := authFindings(t, reg, dst)
	if len(fs) == 0 {
		st.inc(&st.clean)
	}
	for _, f := range fs {
		st.mu.Lock()
		st.ruleHits[f.Rule]++
		st.mu.Unlock()
		st.fail("auth rule finding", "%s: %s %s: %s", name, f.Rule, f.Pointer, f.Message)
	}
}

// authStrip removes the auth paths from the trees of a file before and
// after (the nodes are unlinked from their parents): in a definition
// /securityDefinitions, /security and the operations' security; in
// apiProperties.json connectionParameterSets, token, token:TenantId and
// the parameters that went, each of which must be a credential. It
// returns the names of the parameters that went.
func authStrip(o, n *connector.Document, isProps bool, own []string) ([]string, error) {
	if !isProps {
		for _, d := range []*connector.Document{o, n} {
			authUnlink(d.Root.Get("securityDefinitions"))
			authUnlink(d.Root.Get("security"))
			for _, item := range d.Root.Get("paths").List() {
				for _, op := range item.List() {
					authUnlink(op.Get("security"))
				}
			}
		}
		return nil, nil
	}
	var removed []string
	var err error
	newParams := n.Root.At("properties", "connectionParameters")
	for _, p := range o.Root.At("properties", "connectionParameters").List() {
		if slices.Contains(own, p.Key) || newParams.Get(p.Key) != nil {
			continue
		}
		removed = append(removed, p.Key)
		typ := strings.ToLower(p.Get("type").Str())
		if typ != "securestring" && typ != "oauthsetting" && typ != "clientcertificate" && !strings.HasPrefix(p.Key, "token:") &&
			!strings.EqualFold(p.Key, "username") && !strings.EqualFold(p.Key, "password") {
			err = fmt.Errorf("removed %q (%s)", p.Key, typ)
		}
	}
	for _, d := range []*connector.Document{o, n} {
		pr := d.Root.Get("properties")
		authUnlink(pr.Get("connectionParameterSets"))
		cp := pr.Get("connectionParameters")
		for _, k := range append(append([]string(nil), own...), removed...) {
			authUnlink(cp.Get(k))
		}
		if cp != nil && cp.Len() == 0 {
			authUnlink(cp)
		}
		if pr != nil && pr.Len() == 0 {
			authUnlink(pr)
		}
	}
	return removed, err
}

func authUnlink(n *connector.Node) {
	if n == nil || n.Parent == nil {
		return
	}
	p := n.Parent
	for i, c := range p.Children {
		if c == n {
			p.Children = append(p.Children[:i:i], p.Children[i+1:]...)
			return
		}
	}
}

// authOutsideLines compares the lines of the files before and after that
// lie outside the auth blocks: they must be the same lines, in the same
// order, but for a trailing comma (the member before a block that was
// added or removed gains or loses one) and white space at the end of a
// line (which moves after a block added at the end of an object). It returns a description of the
// first difference, or "". The trees have been stripped, so the auth
// blocks are found again in fresh parses.
func authOutsideLines(o, n *connector.Document, isProps bool, removed []string) string {
	outside := func(d *connector.Document) (lines []string, nums []int) {
		in := authLines(authReparse(d), isProps, removed)
		for i, l := range strings.Split(string(d.Src), "\n") {
			if !in[i+1] {
				lines = append(lines, strings.TrimRight(strings.TrimSuffix(strings.TrimRight(l, " \t\r"), ","), " \t"))
				nums = append(nums, i+1)
			}
		}
		return lines, nums
	}
	a, an := outside(o)
	b, bn := outside(n)
	for i := 0; i < len(a) || i < len(b); i++ {
		switch {
		case i >= len(a):
			return fmt.Sprintf("line %d added: %q", bn[i], b[i])
		case i >= len(b):
			return fmt.Sprintf("line %d removed: %q", an[i], a[i])
		case a[i] != b[i]:
			return fmt.Sprintf("line %d %q became line %d %q", an[i], a[i], bn[i], b[i])
		}
	}
	return ""
}

func authReparse(d *connector.Document) *connector.Document {
	c := &connector.Document{Path: d.Path, Format: d.Format}
	connector.Parse(c, d.Src, connector.DefaultLimits)
	return c
}

// authLines is the set of line numbers inside the auth blocks of a file.
func authLines(d *connector.Document, isProps bool, removed []string) map[int]bool {
	lines := map[int]bool{}
	mark := func(n *connector.Node) {
		if n == nil {
			return
		}
		for l := d.KeyPosition(n).Line; l <= d.OffsetPos(int(n.End)-1).Line; l++ {
			lines[l] = true
		}
	}
	root := d.Root
	if !isProps {
		mark(root.Get("securityDefinitions"))
		mark(root.Get("security"))
		for _, item := range root.Get("paths").List() {
			for _, op := range item.List() {
				mark(op.Get("security"))
			}
		}
		return lines
	}
	pr := root.Get("properties")
	mark(pr.Get("connectionParameterSets"))
	cp := pr.Get("connectionParameters")
	if cp != nil {
		lines[d.KeyPosition(cp).Line] = true
		lines[d.OffsetPos(int(cp.End)-1).Line] = true
	}
	for _, k := range removed {
		mark(cp.Get(k))
	}
	return lines
}
