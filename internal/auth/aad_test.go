package auth

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

var testAAD = AAD{
	ClientID: "11111111-2222-3333-4444-555555555555", TenantID: "common", LoginURI: "https://login.microsoftonline.com",
	ResourceURI: "https://graph.microsoft.com", Scopes: []string{"User.Read"}, RedirectMode: RedirectPerConnector,
}

// writeConnector writes files into a new folder and loads it.
func writeConnector(t *testing.T, files map[string]string) *Connector {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func parse(t *testing.T, name string, data []byte) *connector.Node {
	t.Helper()
	doc := &connector.Document{Path: name}
	if strings.HasSuffix(name, ".yaml") {
		doc.Format = connector.YAML
	}
	connector.Parse(doc, data, connector.DefaultLimits)
	if len(doc.Problems) > 0 {
		t.Fatalf("%s: %v\n%s", name, doc.Problems, data)
	}
	return doc.Root
}

// plan plans and then plans again on the result, which must change nothing.
func plan(t *testing.T, c *Connector, a AAD, opt Options) *Result {
	t.Helper()
	r, err := Plan(c, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Files {
		if err := os.WriteFile(f.Path, f.New, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c2, err := Load(c.Dir)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Plan(c2, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r2.Files {
		if f.Changed() {
			t.Errorf("%s: a second run changes it:\n%s", f.Path, f.New)
		}
	}
	return r
}

func TestPlanKeepsCRLFAndBOM(t *testing.T) {
	sw := "\uFEFF{\r\n\t\"swagger\": \"2.0\",\r\n\t\"info\": {\"title\": \"T\", \"version\": \"1\"},\r\n\t\"paths\": {}\r\n}\r\n"
	c := writeConnector(t, map[string]string{"apiDefinition.swagger.json": sw})
	r := plan(t, c, testAAD, Options{})
	out := r.Files[0].New
	if !bytes.HasPrefix(out, []byte("\uFEFF")) || bytes.Contains(bytes.ReplaceAll(out, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("BOM or CRLF lost:\n%q", out)
	}
	if !bytes.Contains(out, []byte("\r\n\t\"securityDefinitions\": {\r\n\t\t\"oauth2_auth\": {\r\n\t\t\t\"type\": \"oauth2\"")) {
		t.Errorf("not laid out like the file:\n%s", out)
	}
	if !r.Files[1].Created() || !bytes.Contains(r.Files[1].New, []byte(`"iconBrandColor": "`+DefaultIconBrandColor+`"`)) {
		t.Errorf("apiProperties.json not created:\n%s", r.Files[1].New)
	}
}

func TestPlanYAMLOnly(t *testing.T) {
	sw := "# banner\nswagger: \"2.0\"\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\n# security below\nsecurityDefinitions:\n  api_key: {type: apiKey, in: header, name: X-Key}\n"
	c := writeConnector(t, map[string]string{"apiDefinition.swagger.yaml": sw})
	if _, err := Plan(c, testAAD, Options{}); !errors.As(err, new(*ConflictError)) {
		t.Fatalf("want a ConflictError, got %v", err)
	}
	r := plan(t, c, testAAD, Options{Replace: true})
	root := parse(t, "x.yaml", r.Files[0].New)
	if root.At("securityDefinitions", "oauth2_auth", "flow").Str() != "accessCode" || root.Get("securityDefinitions").Len() != 1 {
		t.Errorf("got:\n%s", r.Files[0].New)
	}
	if !bytes.Contains(r.Files[0].New, []byte("# banner\n")) || !bytes.Contains(r.Files[0].New, []byte("# security below\n")) {
		t.Errorf("comments lost:\n%s", r.Files[0].New)
	}
}

func TestPlanProperties(t *testing.T) {
	const sw = `{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": "@connectionParameters('token:host')", "paths": {}}`
	tests := []struct {
		name     string
		props    string
		replaced []string // the What of each replaced item, in part
		keep     []string // connection parameters that stay
		gone     []string // pointers that go
	}{
		{
			name:     "multi-auth",
			props:    `{"properties": {"connectionParameterSets": {"values": [{"name": "oauth", "parameters": {}}, {"name": "key", "parameters": {}}]}, "iconBrandColor": "#007ee5"}}`,
			replaced: []string{`connectionParameterSets (multi-auth: "oauth", "key")`},
			gone:     []string{"/properties/connectionParameterSets"},
		},
		{
			name: "basic and sub-parameters",
			props: `{"properties": {"connectionParameters": {
				"username": {"type": "string"}, "password": {"type": "securestring"},
				"token:clientId": {"type": "string"}, "token:host": {"type": "string"}, "region": {"type": "string"}}}}`,
			replaced: []string{`"username" (string)`, `"password" (securestring)`, `"token:clientId" (string)`},
			keep:     []string{"token:host", "region"},
		},
		{
			name:     "generic oauth token",
			props:    `{"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "oauth2", "clientSecret": "s3cr3t-value"}}}}}`,
			replaced: []string{`"token" (oauthSetting, identityProvider oauth2)`},
		},
		{
			name:     "not an object",
			props:    `{"properties": {"connectionParameters": []}}`,
			replaced: []string{"connectionParameters, which is array rather than an object"},
		},
		{
			name:  "no properties",
			props: `{}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := writeConnector(t, map[string]string{"apiDefinition.swagger.json": sw, "apiProperties.json": tt.props})
			_, err := Plan(c, testAAD, Options{})
			var ce *ConflictError
			if len(tt.replaced) > 0 != errors.As(err, &ce) {
				t.Fatalf("conflict error %v", err)
			}
			r := plan(t, c, testAAD, Options{Replace: true})
			var got []string
			for _, it := range r.Replaced {
				got = append(got, it.What)
			}
			if strings.Join(got, "|") != strings.Join(func() []string {
				var w []string
				for _, x := range tt.replaced {
					if !strings.HasPrefix(x, "connection") {
						x = "connection parameter " + x
					}
					w = append(w, x)
				}
				return w
			}(), "|") {
				t.Errorf("replaced %q, want %q", got, tt.replaced)
			}
			root := parse(t, "apiProperties.json", r.Files[1].New)
			params := root.At("properties", "connectionParameters")
			if params.At("token", "oAuthSettings", "identityProvider").Str() != "aad" || params.Get(TenantParam) == nil {
				t.Errorf("no Entra ID token:\n%s", r.Files[1].New)
			}
			for _, k := range tt.keep {
				if params.Get(k) == nil {
					t.Errorf("%s went", k)
				}
			}
			for _, p := range tt.gone {
				if root.Resolve(p) != nil {
					t.Errorf("%s stayed", p)
				}
			}
			if bytes.Contains(r.Files[1].New, []byte("s3cr3t")) || bytes.Contains(r.Files[1].New, []byte("clientSecret")) {
				t.Error("a secret stayed")
			}
		})
	}
}

func TestPlanOperationSecurity(t *testing.T) {
	const sw = `{
  "swagger": "2.0",
  "info": {"title": "T", "version": "1"},
  "paths": {
    "/a": {"get": {"security": []}, "post": {"security": [{}]}, "put": {"security": [{"k": []}]}},
    "/b": {"get": {"security": [{"oauth2_auth": []}]}, "post": {"security": [{"oauth2_auth": ["x"]}]}}
  }
}`
	c := writeConnector(t, map[string]string{"apiDefinition.swagger.json": sw})
	r := plan(t, c, testAAD, Options{})
	root := parse(t, "s.json", r.Files[0].New)
	for ptr, stays := range map[string]bool{
		"/paths/~1a/get/security": true, "/paths/~1a/post/security": true, "/paths/~1a/put/security": false,
		"/paths/~1b/get/security": true, "/paths/~1b/post/security": false,
	} {
		if (root.Resolve(ptr) != nil) != stays {
			t.Errorf("%s: stays %v, want %v", ptr, !stays, stays)
		}
	}
}

func TestResolveAndFileLayer(t *testing.T) {
	props := `{"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {
		"identityProvider": "aad", "clientId": "[[DUMMY]]", "scopes": ["a b"],
		"properties": {"AzureActiveDirectoryResourceId": "https://vault.azure.net"},
		"customParameters": {"LoginUri": {"value": "https://login.microsoftonline.us"}, "tenantId": {"value": "<tenant>"},
			"enableOnbehalfOfLogin": {"value": "true"}}}}}}}`
	doc := &connector.Document{Path: "apiProperties.json"}
	connector.Parse(doc, []byte(props), connector.DefaultLimits)
	a, err := Resolve(Layer{Name: "flag", RedirectMode: RedirectGlobal}, FileLayer(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := AAD{ClientID: ClientIDPlaceholder, TenantID: "common", LoginURI: "https://login.microsoftonline.us",
		ResourceURI: "https://vault.azure.net", Scopes: []string{"a b"}, RedirectMode: RedirectGlobal, OnBehalfOf: true}
	a.Sources = nil
	if a.ClientID != want.ClientID || a.TenantID != want.TenantID || a.LoginURI != want.LoginURI || a.ResourceURI != want.ResourceURI ||
		strings.Join(a.Scopes, "|") != "a b" || a.RedirectMode != want.RedirectMode || !a.OnBehalfOf {
		t.Errorf("got %+v\nwant %+v", a, want)
	}
	if got := RedirectURI(RedirectPerConnector, "contoso"); got != "https://global.consent.azure-apim.net/redirect/contoso" {
		t.Error(got)
	}
	if got := RedirectURI(RedirectPerConnector, "https://europe-001.consent.azure-apim.net/redirect/contoso"); got != "https://europe-001.consent.azure-apim.net/redirect/contoso" {
		t.Error(got)
	}
	if CheckConnectorID("a/b") == nil || CheckConnectorID("contoso-20x-5f12") != nil {
		t.Error("CheckConnectorID")
	}
}

// TestPlanTwinName: a twin without an Entra ID definition takes the name
// of the other's.
func TestPlanTwinName(t *testing.T) {
	js := `{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {},
  "securityDefinitions": {"azureaadv2": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://login.windows.net/common/oauth2/authorize", "tokenUrl": "https://login.windows.net/common/oauth2/authorize", "scopes": {}}},
  "security": [{"azureaadv2": []}]}`
	yml := "swagger: \"2.0\"\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\n"
	c := writeConnector(t, map[string]string{"apiDefinition.swagger.json": js, "apiDefinition.swagger.yaml": yml})
	r := plan(t, c, testAAD, Options{})
	if r.Scheme != "azureaadv2" || len(r.Notes) > 1 {
		t.Errorf("scheme %q, notes %q", r.Scheme, r.Notes)
	}
	if root := parse(t, "x.yaml", r.Files[1].New); root.At("securityDefinitions", "azureaadv2") == nil {
		t.Errorf("the YAML twin got:\n%s", r.Files[1].New)
	}
}
