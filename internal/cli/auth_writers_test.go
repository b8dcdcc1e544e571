package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// authWriter is one writer as the tests run it: its command and flags
// (the folder aside) and the connection parameters it writes.
type authWriter struct {
	name string
	cmd  []string
	own  []string
}

// authWriters are the writers of issue 14, each with values that make it
// write something on any connector.
var authWriters = []authWriter{
	{"apikey", []string{"auth", "apikey", "--replace", "--in", "header", "--name", "X-API-Key"}, []string{auth.APIKeyParam}},
	{"basic", []string{"auth", "basic", "--replace"}, []string{"username", "password"}},
	{"none", []string{"auth", "none"}, nil},
	{"oauth2", []string{"auth", "oauth2", "--replace", "--redirect-mode", "GlobalPerConnector", "--client-id", "0oa1b2c3d4e5f6g7h8i9",
		"--authorization-url", "https://login.contoso.com/oauth/authorize", "--token-url", "https://login.contoso.com/oauth/token", "--scope", "read"}, []string{auth.TokenParam}},
	{"oauth2-templates", []string{"auth", "oauth2", "--templates", "--replace", "--redirect-mode", "GlobalPerConnector", "--client-id", "0oa1b2c3d4e5f6g7h8i9",
		"--authorization-url", "https://login.contoso.com/oauth/authorize", "--token-url", "https://login.contoso.com/oauth/token", "--scope", "read"}, []string{auth.TokenParam}},
	{"aad-maker-app", []string{"auth", "aad", "--no-config", "--maker-app", "--replace", "--redirect-mode", "GlobalPerConnector", "--resource-uri", "https://graph.microsoft.com"},
		append([]string{"token", auth.TenantParam}, auth.MakerAppParams...)},
	{"aad-client-credentials", []string{"auth", "aad", "--no-config", "--client-credentials", "--replace", "--redirect-mode", "GlobalPerConnector", "--resource-uri", "https://graph.microsoft.com"},
		append([]string{"token", auth.TenantParam}, auth.ClientCredentialParams...)},
}

// TestAuthWritersGolden runs each writer on a fixture of its kind (and on
// others) and compares what it prints and writes with golden files; then
// --check exits 0 and a second run changes no byte.
func TestAuthWritersGolden(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		args    []string
	}{
		{"apikey-rename", "apikey", []string{"apikey", "--in", "header", "--name", "Ocp-Apim-Subscription-Key", "--label", "Subscription key"}},
		{"apikey-from-aad", "legacy", []string{"apikey", "--replace", "--in", "query", "--name", "code"}},
		{"basic-write", "basic", []string{"basic"}},
		{"none-removes", "apikey", []string{"none"}},
		{"oauth2-migrate", "oauth2", []string{"oauth2", "--redirect-mode", "GlobalPerConnector", "--scope", "boards.read", "--scope", "boards.write",
			"--client-id", "0oa1b2c3d4e5f6g7h8i9", "--connector-id", "northwind-20boards-5f0123456789abcdef"}},
		{"oauth2-templates", "templates", []string{"oauth2", "--templates", "--redirect-mode", "GlobalPerConnector", "--scope", "surveys_read", "--scope", "responses_read"}},
		{"oauth2-to-templates", "oauth2", []string{"oauth2", "--templates", "--redirect-mode", "GlobalPerConnector", "--token-body", "grant_type=authorization_code&code={Code}&redirect_uri={RedirectUrl}&client_id={ClientId}&client_secret={ClientSecret}&scope={Scopes}"}},
		{"aad-maker-app", "legacy", []string{"aad", "--no-config", "--maker-app", "--redirect-mode", "GlobalPerConnector"}},
		{"aad-client-credentials", "legacy", []string{"aad", "--no-config", "--client-credentials", "--redirect-mode", "GlobalPerConnector"}},
		{"oauth2-new", "none", []string{"oauth2", "--authorization-url", "https://auth.northwind.example/oauth/authorize",
			"--token-url", "https://auth.northwind.example/oauth/token", "--scope", "boards.read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearAuthEnv(t)
			dir := authCopy(t, filepath.Join(authData, tt.fixture), filepath.Join(t.TempDir(), tt.fixture))
			args := append(append([]string{"auth"}, tt.args...), dir)
			code, out, errOut := run(args...)
			got := authTranscript(code, out, errOut) + authFilesText(t, dir)
			compareGolden(t, filepath.Join(authData, "golden", tt.name+".txt"), authNormalizeDir(got, dir))
			if code != ExitOK {
				return
			}
			before := authReadAll(t, dir)
			check := append([]string{"auth", tt.args[0], "--check"}, args[2:]...)
			if code, out, errOut := run(check...); code != ExitOK {
				t.Errorf("--check after the write: exit %d\n%s%s", code, out, errOut)
			}
			if code, out, errOut := run(args...); code != ExitOK {
				t.Fatalf("second run: exit %d\n%s%s", code, out, errOut)
			}
			if !reflect.DeepEqual(before, authReadAll(t, dir)) {
				t.Error("the second run changed the files")
			}
		})
	}
}

// TestAuthAADCertificateRefused: aadcertificate is for Microsoft
// first-party apps; ppconn refuses it with the reason, and writes nothing.
func TestAuthAADCertificateRefused(t *testing.T) {
	clearAuthEnv(t)
	dir := authCopy(t, filepath.Join(authData, "legacy"), filepath.Join(t.TempDir(), "legacy"))
	before := authReadAll(t, dir)
	code, _, errOut := run("auth", "aad", "--no-config", "--certificate", "--resource-uri", "https://graph.microsoft.com", dir)
	if code != ExitUsage || !strings.Contains(errOut, "first-party applications only") || !strings.Contains(errOut, "IsFirstParty") {
		t.Errorf("--certificate: exit %d, %q", code, errOut)
	}
	if !reflect.DeepEqual(before, authReadAll(t, dir)) {
		t.Error("the refusal wrote the files")
	}
}

// TestAuthWritersRefuseWithoutReplace: another kind of authentication
// is replaced only with --replace; the files keep their bytes, and the
// message names what is there and what --replace would write.
func TestAuthWritersRefuseWithoutReplace(t *testing.T) {
	clearAuthEnv(t)
	for _, w := range authWriters {
		if w.name == "none" {
			continue
		}
		fixture := "basic"
		if w.name == "basic" {
			fixture = "apikey"
		}
		dir := authCopy(t, filepath.Join(authData, fixture), filepath.Join(t.TempDir(), fixture))
		before := authReadAll(t, dir)
		var args []string
		for _, a := range w.cmd {
			if a != "--replace" {
				args = append(args, a)
			}
		}
		code, _, errOut := run(append(args, dir)...)
		if code != ExitUsage || !strings.Contains(errOut, "already has other authentication") || !strings.Contains(errOut, "--replace") {
			t.Errorf("%s on %s without --replace: exit %d, %q", w.name, fixture, code, errOut)
		}
		if !reflect.DeepEqual(before, authReadAll(t, dir)) {
			t.Errorf("%s wrote the files although it refused", w.name)
		}
	}
}

// authWriterPaths are the places of a connector a writer owns: a finding
// there is the writer's.
func authWriterPaths(own []string) []string {
	paths := []string{"/securityDefinitions", "/security", "/properties/connectionParameterSets"}
	for _, p := range own {
		paths = append(paths, "/properties/connectionParameters/"+p)
	}
	return paths
}

// TestAuthWritersLintClean: on every fixture, what each writer writes
// has no finding of ppconn's auth rules, nor any new finding in the
// blocks it wrote, in both profiles.
func TestAuthWritersLintClean(t *testing.T) {
	clearAuthEnv(t)
	authIDs := map[string]bool{}
	for _, r := range authRules(t).Rules() {
		authIDs[r.ID] = true
	}
	entries, err := os.ReadDir(authData)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range authWriters {
		for _, e := range entries {
			if !e.IsDir() || e.Name() == "golden" {
				continue
			}
			t.Run(w.name+"/"+e.Name(), func(t *testing.T) {
				dir := authCopy(t, filepath.Join(authData, e.Name()), filepath.Join(t.TempDir(), e.Name()))
				// A finding the files had before, at a member the writer
				// keeps (an author's x- extension), is not the writer's.
				had := map[string]bool{}
				for _, f := range authAllFindings(t, dir) {
					had[f.Profile+f.Rule+f.Pointer] = true
				}
				if code, out, errOut := run(append(append([]string(nil), w.cmd...), dir)...); code != ExitOK {
					t.Fatalf("exit %d: %s%s", code, out, errOut)
				}
				for _, f := range authAllFindings(t, dir) {
					mine := authIDs[f.Rule]
					for _, p := range authWriterPaths(w.own) {
						if (f.Pointer == p || strings.HasPrefix(f.Pointer, p+"/") || strings.HasSuffix(f.Pointer, "/security")) && !had[f.Profile+f.Rule+f.Pointer] {
							mine = true
						}
					}
					if mine {
						t.Errorf("%s: %s:%d:%d %s %s: %s", f.Profile, filepath.Base(f.File), f.Line, f.Column, f.Rule, f.Pointer, f.Message)
					}
				}
			})
		}
	}
}

// TestAuthWritersCorpus runs every writer with --replace on a copy of
// every parseable corpus connector that has an apiProperties.json, with
// the checks of TestAuthAADCorpus: deep-equal outside the auth paths, the
// JSON lines outside the auth blocks unchanged, a second run changes no
// byte, --check exits 0, the auth rules report nothing.
func TestAuthWritersCorpus(t *testing.T) {
	authCorpusRun(t, authWriters)
}

// authCorpusRun runs each writer on a copy of every connector of the
// corpus (authCorpusOne) and reports the figures and failures per writer.
func authCorpusRun(t *testing.T, writers []authWriter) {
	corpus := sharedtest.Dir(t, "corpus/connectors")
	clearAuthEnv(t)
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	reg := authRules(t)
	tmp := t.TempDir()
	stats := map[string]*authCorpusStats{}
	for _, w := range writers {
		stats[w.name] = &authCorpusStats{failures: map[string][]string{}, ruleHits: map[string]int{}}
	}
	var names []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(corpus, e.Name(), auth.PropertiesName)); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	connectors := len(names)
	sharedtest.Parallel(len(names), func(i int) {
		for _, w := range writers {
			dst := filepath.Join(tmp, w.name, names[i])
			authCorpusOne(t, reg, filepath.Join(corpus, names[i]), dst, stats[w.name], w.cmd, w.own)
			// 663 connectors times seven writers: each copy goes once
			// checked, so that the test's disk use stays one copy per worker.
			if err := os.RemoveAll(dst); err != nil {
				t.Error(err)
			}
		}
	})
	for _, w := range writers {
		st := stats[w.name]
		t.Logf("auth %s: %d connectors with %s, %d parseable: ran on %d; deep-equal outside the auth paths %d/%d; JSON diff inside the auth blocks %d/%d (%d minified); second run unchanged %d/%d; --check exit 0 %d/%d; auth rules clean %d/%d",
			w.name, connectors, auth.PropertiesName, st.parseable, st.ran, st.equal, st.parseable, st.lines, st.parseable-st.minified, st.minified,
			st.idempotent, st.parseable, st.check, st.parseable, st.clean, st.parseable)
		kinds := make([]string, 0, len(st.failures))
		for k := range st.failures {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			list := st.failures[k]
			sort.Strings(list)
			t.Errorf("auth %s: %s: %d connectors, such as:\n  %s", w.name, k, len(list), strings.Join(list[:min(len(list), 8)], "\n  "))
		}
		if len(st.ruleHits) > 0 {
			t.Errorf("auth %s: auth rule findings by rule: %v", w.name, st.ruleHits)
		}
	}
}

// TestAuthWritersValueSources: auth oauth2 and auth apikey take their
// values from the flags, then the PPCONN_* variables, then their section
// of .ppconn.yaml (auth.oauth2, auth.apikey), then the files, as auth
// aad does, and say where each came from; --no-config reads no file.
func TestAuthWritersValueSources(t *testing.T) {
	write := func(t *testing.T, fixture, yaml string) string {
		dir := authCopy(t, filepath.Join(authData, fixture), filepath.Join(t.TempDir(), fixture))
		if yaml != "" {
			if err := os.WriteFile(filepath.Join(dir, ".ppconn.yaml"), []byte(yaml), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	props := func(t *testing.T, dir string) string {
		b, err := os.ReadFile(filepath.Join(dir, auth.PropertiesName))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Run("oauth2-env", func(t *testing.T) {
		clearAuthEnv(t)
		t.Setenv("PPCONN_AUTHORIZATION_URL", "https://env.example/authorize")
		t.Setenv("PPCONN_TOKEN_URL", "https://env.example/token")
		t.Setenv("PPCONN_CLIENT_ID", "env-client")
		t.Setenv("PPCONN_SCOPES", "a, b")
		dir := write(t, "none", "auth:\n  oauth2:\n    client-id: config-client\n    refresh-url: https://config.example/refresh\n")
		code, out, errOut := run("auth", "oauth2", "--token-url", "https://flag.example/token", dir)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		p := props(t, dir)
		for _, want := range []string{"https://env.example/authorize", "https://flag.example/token", "https://config.example/refresh", `"env-client"`} {
			if !strings.Contains(p, want) {
				t.Errorf("apiProperties.json has no %s:\n%s", want, p)
			}
		}
		for _, want := range []string{"PPCONN_AUTHORIZATION_URL", "--token-url", "PPCONN_SCOPES", "PPCONN_CLIENT_ID", ".ppconn.yaml"} {
			if !strings.Contains(out, want) {
				t.Errorf("the summary names no %s:\n%s", want, out)
			}
		}
	})
	t.Run("oauth2-config", func(t *testing.T) {
		clearAuthEnv(t)
		yaml := "auth:\n  oauth2:\n    authorization-url: https://config.example/authorize\n    token-url: https://config.example/token\n    scopes: [read]\n    redirect-mode: GlobalPerConnector\n"
		dir := write(t, "none", yaml)
		if code, out, errOut := run("auth", "oauth2", dir); code != ExitOK || !strings.Contains(props(t, dir), "https://config.example/token") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		if !strings.Contains(props(t, dir), `"refreshUrl": {`) || !strings.Contains(props(t, dir), `"value": "https://config.example/token"`) {
			t.Errorf("the refresh URL is not the configured token URL:\n%s", props(t, dir))
		}
		dir = write(t, "none", yaml)
		if code, _, errOut := run("auth", "oauth2", "--no-config", dir); code != ExitUsage || !strings.Contains(errOut, "--authorization-url and --token-url are required") {
			t.Errorf("--no-config: exit %d %s", code, errOut)
		}
	})
	t.Run("apikey", func(t *testing.T) {
		clearAuthEnv(t)
		t.Setenv("PPCONN_APIKEY_NAME", "X-Env-Key")
		dir := write(t, "basic", "auth:\n  apikey:\n    in: query\n    name: config-key\n    label: Config label\n")
		code, out, errOut := run("auth", "apikey", "--replace", dir)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		sw, _ := os.ReadFile(filepath.Join(dir, "apiDefinition.swagger.json"))
		if !strings.Contains(string(sw), `"in": "query"`) || !strings.Contains(string(sw), `"name": "X-Env-Key"`) || !strings.Contains(props(t, dir), `"Config label"`) {
			t.Errorf("in from the configuration, name from the environment, label from the configuration:\n%s\n%s", sw, props(t, dir))
		}
		if !strings.Contains(out, "PPCONN_APIKEY_NAME") {
			t.Errorf("the summary does not name PPCONN_APIKEY_NAME:\n%s", out)
		}
	})
	t.Run("unknown-key", func(t *testing.T) {
		clearAuthEnv(t)
		dir := write(t, "basic", "auth:\n  apikey:\n    client-id: x\n")
		if code, _, errOut := run("auth", "apikey", "--replace", "--in", "header", "--name", "K", dir); code != ExitUsage || !strings.Contains(errOut, "client-id") {
			t.Errorf("auth.apikey.client-id: exit %d %s", code, errOut)
		}
	})
}
