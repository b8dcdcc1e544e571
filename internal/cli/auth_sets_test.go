package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// authSetKinds are the sets auth sets add writes in the tests: a kind
// and the flags of its writer.
var authSetKinds = map[string][]string{
	"basic":  {"basic"},
	"apikey": {"apikey", "--in", "header", "--name", "X-API-Key"},
	"oauth2": {"oauth2", "--client-id", "0oa1b2c3d4e5f6g7h8i9", "--authorization-url", "https://login.contoso.com/oauth/authorize",
		"--token-url", "https://login.contoso.com/oauth/token", "--scope", "read", "--redirect-mode", "GlobalPerConnector"},
	"aad": {"aad", "--no-config", "--resource-uri", "https://graph.microsoft.com", "--redirect-mode", "GlobalPerConnector"},
	// the service principal as a parameter set
	"aad-sp": {"aad", "--no-config", "--client-credentials", "--resource-uri", "https://graph.microsoft.com", "--redirect-mode", "GlobalPerConnector"},
}

// authSetsAdd runs auth sets add of a kind and fails the test unless it
// exits 0.
func authSetsAdd(t *testing.T, dir, kind, name string, extra ...string) string {
	t.Helper()
	args := append([]string{"auth", "sets", "add"}, authSetKinds[kind]...)
	args = append(append(append(args[:4:4], name), authSetKinds[kind][1:]...), extra...)
	code, out, errOut := run(append(args, dir)...)
	if code != ExitOK {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

func authSetsRemove(t *testing.T, dir, name string) {
	t.Helper()
	if code, out, errOut := run("auth", "sets", "remove", name, dir); code != ExitOK {
		t.Fatalf("sets remove %s: exit %d\n%s%s", name, code, out, errOut)
	}
}

var authSetsFirst = regexp.MustCompile(`^/properties/connectionParameterSets/values/0/parameters/`)

// TestAuthSetsRoundTrip: on the fixtures (LF and CRLF, with a YAML twin),
// auth sets add of each kind, then auth sets remove, gives back the
// original bytes of every file; so does adding two sets and removing
// them in either order. The added set lints clean.
func TestAuthSetsRoundTrip(t *testing.T) {
	clearAuthEnv(t)
	for _, fixture := range []string{"apikey", "basic", "oauth2", "legacy", "twin", "templates"} {
		for _, crlf := range []bool{false, true} {
			for _, kind := range []string{"basic", "apikey", "oauth2", "aad", "aad-sp"} {
				name := fixture + "/" + kind
				if crlf {
					name += "/crlf"
				}
				t.Run(name, func(t *testing.T) {
					dir := authCopy(t, filepath.Join(authData, fixture), filepath.Join(t.TempDir(), fixture))
					if crlf {
						toCRLF(t, dir, false)
					}
					before := authReadAll(t, dir)
					had := map[string]bool{}
					for _, f := range authAllFindings(t, dir) {
						had[f.Profile+f.Rule+f.Pointer] = true
					}
					out := authSetsAdd(t, dir, kind, "extra-"+kind)
					// A set of another provider than the definition's
					// oauth2 one is said to draw oauth2-urls-match-swagger.
					otherProvider := strings.Contains(out, "(oauth2-urls-match-swagger) reports")
					after := authReadAll(t, dir)
					for f, text := range before {
						if f != auth.PropertiesName && after[f] != text {
							t.Errorf("sets add changed %s", f)
						}
					}
					if crlf && strings.Contains(strings.ReplaceAll(after[auth.PropertiesName], "\r\n", ""), "\n") {
						t.Error("sets add wrote LF lines into a CRLF file")
					}
					for _, f := range authAllFindings(t, dir) {
						// The first set of a conversion is a copy of
						// connectionParameters, with its findings.
						ptr := authSetsFirst.ReplaceAllString(f.Pointer, "/properties/connectionParameters/")
						if otherProvider && f.Rule == "oauth2-urls-match-swagger" {
							continue
						}
						if !had[f.Profile+f.Rule+ptr] && filepath.Base(f.File) == auth.PropertiesName {
							t.Errorf("after sets add: %s %s %s: %s", f.Profile, f.Rule, f.Pointer, f.Message)
						}
					}
					authSetsAdd(t, dir, "basic", "second")
					authSetsRemove(t, dir, "extra-"+kind)
					authSetsRemove(t, dir, "second")
					if got := authReadAll(t, dir); !reflect.DeepEqual(before, got) {
						t.Errorf("add, add, remove, remove: the files differ from the originals:\n%s", got[auth.PropertiesName])
					}
					authSetsAdd(t, dir, kind, "extra-"+kind)
					authSetsRemove(t, dir, "extra-"+kind)
					if got := authReadAll(t, dir); !reflect.DeepEqual(before, got) {
						t.Errorf("add then remove: the files differ from the originals:\n%s", got[auth.PropertiesName])
					}
				})
			}
		}
	}
}

// TestAuthSetsErrors: unknown set names, duplicate names, removing the
// last set and a connector without authentication are usage errors that
// name the sets, and write nothing.
func TestAuthSetsErrors(t *testing.T) {
	clearAuthEnv(t)
	dir := authCopy(t, filepath.Join(authData, "apikey"), filepath.Join(t.TempDir(), "apikey"))
	none := authCopy(t, filepath.Join(authData, "none"), filepath.Join(t.TempDir(), "none"))
	if err := os.WriteFile(filepath.Join(none, auth.PropertiesName), []byte(`{"properties": {"connectionParameters": {}, "iconBrandColor": "#da3b01"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	authSetsAdd(t, dir, "basic", "basic-auth")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown", []string{"remove", "nosuch", dir}, `no set named "nosuch": the sets are "api-auth", "basic-auth"`},
		{"duplicate", []string{"add", "basic", "basic-auth", dir}, `a set named "basic-auth" exists already`},
		{"duplicate-case", []string{"add", "basic", "BASIC-AUTH", dir}, `a set named "basic-auth" exists already`},
		{"bad-name", []string{"add", "basic", "two words", dir}, `set name "two words"`},
		{"nothing-to-keep", []string{"add", "basic", "basic-auth", none}, "has no authentication to keep beside set"},
		{"not-multi", []string{"remove", "api-auth", none}, "no connectionParameterSets (single authentication)"},
		{"current-clash", []string{"add", "basic", "api-auth", authCopy(t, filepath.Join(authData, "apikey"), filepath.Join(t.TempDir(), "k"))}, `the present authentication becomes set "api-auth"`},
		{"check", []string{"add", "basic", "other", "--check", dir}, "--check does not apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.args[len(tt.args)-1]
			before := authReadAll(t, target)
			code, out, errOut := run(append([]string{"auth", "sets"}, tt.args...)...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out, errOut, tt.want)
			}
			if !reflect.DeepEqual(before, authReadAll(t, target)) {
				t.Error("the refusal wrote the files")
			}
		})
	}
	// The last set: make a connector with one set left by removing all
	// but one from a three-set file, then refuse the last.
	authSetsAdd(t, dir, "oauth2", "oauth")
	authSetsRemove(t, dir, "basic-auth")
	authSetsRemove(t, dir, "api-auth")
	props := filepath.Join(dir, auth.PropertiesName)
	b, _ := os.ReadFile(props)
	if strings.Contains(string(b), "connectionParameterSets") {
		t.Fatalf("two sets, one removed: connectionParameterSets should be gone:\n%s", b)
	}
}

// TestAuthSetsLastSet: a connectionParameterSets with one value is never
// emptied.
func TestAuthSetsLastSet(t *testing.T) {
	clearAuthEnv(t)
	dir := authCopy(t, filepath.Join(authData, "basic"), filepath.Join(t.TempDir(), "basic"))
	props := filepath.Join(dir, auth.PropertiesName)
	b, err := os.ReadFile(props)
	if err != nil {
		t.Fatal(err)
	}
	one := strings.Replace(string(b), `"properties": {`, `"properties": {"connectionParameterSets": {"values": [{"name": "only", "parameters": {}}]},`, 1)
	if err := os.WriteFile(props, []byte(one), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run("auth", "sets", "remove", "only", dir)
	if code != ExitUsage || !strings.Contains(errOut, `set "only" is the last set`) {
		t.Errorf("exit %d, %q", code, errOut)
	}
	if after, _ := os.ReadFile(props); string(after) != one {
		t.Error("the refusal wrote the file")
	}
}

// TestAuthSetsList: list prints each set and its parameters; --format
// json is the list of sets.
func TestAuthSetsList(t *testing.T) {
	clearAuthEnv(t)
	dir := authCopy(t, filepath.Join(authData, "apikey"), filepath.Join(t.TempDir(), "apikey"))
	code, out, _ := run("auth", "sets", "list", dir)
	if code != ExitOK || !strings.Contains(out, "no connectionParameterSets") || !strings.Contains(out, "api_key") {
		t.Errorf("single auth: exit %d\n%s", code, out)
	}
	authSetsAdd(t, dir, "basic", "basic-auth", "--display-name", "User and password")
	code, out, _ = run("auth", "sets", "list", dir)
	want := []string{"2 connectionParameterSets", "Parameter set api-auth (API Key)", "Parameter set basic-auth (User and password)", "  username: username (securestring, required)"}
	for _, w := range want {
		if code != ExitOK || !strings.Contains(out, w) {
			t.Errorf("list: exit %d, no %q in\n%s", code, w, out)
		}
	}
	code, out, _ = run("auth", "sets", "list", "--format", "json", dir)
	if code != ExitOK || !strings.Contains(out, `"name": "basic-auth"`) || !strings.HasPrefix(out, "[") {
		t.Errorf("json: exit %d\n%s", code, out)
	}
}

// TestAuthSetsCorpus: on every parseable corpus connector with an
// apiProperties.json and an authentication, auth sets add then auth sets
// remove gives back the original bytes; on a multi-auth one, too.
func TestAuthSetsCorpus(t *testing.T) {
	corpus := sharedtest.Dir(t, "corpus/connectors")
	clearAuthEnv(t)
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	ran, same, multi, skipped := 0, 0, 0, map[string]int{}
	var failures []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(corpus, e.Name(), auth.PropertiesName)); !e.IsDir() || err != nil {
			continue
		}
		dir := authCopy(t, filepath.Join(corpus, e.Name()), filepath.Join(tmp, e.Name()))
		before := authReadAll(t, dir)
		code, _, errOut := run("auth", "sets", "add", "basic", "ppconn-extra", dir)
		if code != ExitOK {
			reason := errOut[:min(len(errOut), 100)]
			switch {
			case strings.Contains(errOut, "parses cleanly"):
				reason = "does not parse"
			case strings.Contains(errOut, "no authentication to keep"):
				reason = "no authentication"
			}
			skipped[reason]++
			continue
		}
		ran++
		if strings.Contains(before[auth.PropertiesName], "connectionParameterSets") {
			multi++
		}
		if code, out, errOut := run("auth", "sets", "remove", "ppconn-extra", dir); code != ExitOK {
			failures = append(failures, e.Name()+": remove: "+out+errOut)
			continue
		}
		if reflect.DeepEqual(before, authReadAll(t, dir)) {
			same++
		} else {
			failures = append(failures, e.Name()+": bytes differ")
		}
	}
	keys := make([]string, 0, len(skipped))
	for k := range skipped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("auth sets: add then remove on %d connectors (%d multi-auth): original bytes %d/%d; not run: %v", ran, multi, same, ran, skipped)
	if len(failures) > 0 {
		t.Errorf("%d failures, such as:\n  %s", len(failures), strings.Join(failures[:min(8, len(failures))], "\n  "))
	}
	if ran < 500 {
		t.Errorf("ran on %d connectors only", ran)
	}
}
