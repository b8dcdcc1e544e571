package rules

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ppconn/ppconn/internal/golden"
)

const propsSchemaGolden = "../docs/apiProperties.schema.json"

// TestPropertiesSchemaUpToDate keeps docs/apiProperties.schema.json, the
// schema editors validate apiProperties.json with, in step with the
// tables of the apiProperties.json rules (-update rewrites it).
func TestPropertiesSchemaUpToDate(t *testing.T) {
	golden.Compare(t, propsSchemaGolden, propsSchemaJSON(t))
}

func propsSchemaJSON(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(PropertiesSchema()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func compilePropsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(propsSchemaJSON(t)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("apiProperties.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("apiProperties.schema.json")
	if err != nil {
		t.Fatalf("the generated schema does not compile: %v", err)
	}
	return sch
}

func validateProps(sch *jsonschema.Schema, src string) error {
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.TrimPrefix(src, "\ufeff")))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestPropertiesSchemaStrict: the schema accepts a typical file and
// rejects what the rules call schema errors.
func TestPropertiesSchemaStrict(t *testing.T) {
	sch := compilePropsSchema(t)
	good := `{"properties": {"iconBrandColor": "#4b53bc", "capabilities": ["actions"],
	  "connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {
	    "identityProvider": "aad", "clientId": "x", "scopes": [], "redirectMode": "GlobalPerConnector",
	    "properties": {"IsFirstParty": "False"}, "customParameters": {}}},
	    "api_key": {"type": "securestring", "uiDefinition": {"displayName": "Key",
	      "constraints": {"required": "true", "tabIndex": 2, "clearText": false}}}},
	  "scriptOperations": null,
	  "policyTemplateInstances": [{"templateId": "setheader", "title": "t", "parameters": {}}]}}`
	if err := validateProps(sch, good); err != nil {
		t.Errorf("a valid file is rejected: %v", err)
	}
	bad := map[string]string{
		"root key":           `{"properties": {"iconBrandColor": "#4b53bc"}, "iconBrandColor": "#4b53bc"}`,
		"unknown property":   `{"properties": {"iconBrandColor": "#4b53bc", "script": true}}`,
		"no iconBrandColor":  `{"properties": {}}`,
		"color":              `{"properties": {"iconBrandColor": "blue"}}`,
		"parameter type":     `{"properties": {"iconBrandColor": "#4b53bc", "connectionParameters": {"k": {"type": "text"}}}}`,
		"parameter name":     `{"properties": {"iconBrandColor": "#4b53bc", "connectionParameters": {"a b": {"type": "string"}}}}`,
		"identity provider":  `{"properties": {"iconBrandColor": "#4b53bc", "connectionParameters": {"t": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "google"}}}}}`,
		"redirect mode":      `{"properties": {"iconBrandColor": "#4b53bc", "connectionParameters": {"t": {"type": "oauthSetting", "oAuthSettings": {"redirectMode": "PerConnector"}}}}}`,
		"required yes":       `{"properties": {"iconBrandColor": "#4b53bc", "connectionParameters": {"k": {"type": "string", "uiDefinition": {"constraints": {"required": "yes"}}}}}}`,
		"template id":        `{"properties": {"iconBrandColor": "#4b53bc", "policyTemplateInstances": [{"templateId": "sethttpheader"}]}}`,
		"script operations":  `{"properties": {"iconBrandColor": "#4b53bc", "scriptOperations": "GetTeam"}}`,
		"parameter set keys": `{"properties": {"iconBrandColor": "#4b53bc", "connectionParameterSets": {"values": [], "displayName": "x"}}}`,
	}
	for name, src := range bad {
		if validateProps(sch, src) == nil {
			t.Errorf("%s: the schema accepts %s", name, src)
		}
	}
}

// propsSchemaCorpusRejects are the accepted connectors of the shared corpus
// the schema rejects, each for something Microsoft's format does not admit
// and ppconn's rules report as well; any other rejection fails the test.
var propsSchemaCorpusRejects = map[string]string{
	"certified__Airmeet":                               "'script' under properties (props-allowed-keys)",
	"certified__CardsForPowerApps":                     "'script' under properties (props-allowed-keys)",
	"independent__Care_Quaility_Comission_For_England": "'website' under properties (props-allowed-keys)", //nolint:misspell // the corpus folder is spelled so
	"certified__Documenatron_Templating":               "capability 'Actions' (capabilities-values)",
	"certified__Tendocs_Documents":                     "capability 'Actions' (capabilities-values)",
	"independent__Strava":                              "capability 'Actions' (capabilities-values)",
	"certified__DocuSign":                              "identityProvider 'DocuSign' (oauth-identity-provider)",
	"certified__SurveyMonkey":                          "redirectMode 'direct' (oauth-redirect-mode)",
	"certified__PROS_AI":                               "redirectUrl an array",
}

// TestPropertiesSchemaCorpus validates every apiProperties.json of the
// shared corpus of accepted connectors against the schema: the schema must
// not reject what the platform accepted, beyond propsSchemaCorpusRejects.
func TestPropertiesSchemaCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../shared/corpus/connectors/*/apiProperties.json")
	if len(files) == 0 {
		t.Skip("no corpus at ../../shared/corpus/connectors (the shared data is absent)")
	}
	sch := compilePropsSchema(t)
	var valid, rejected, unparsed int
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(bytes.TrimPrefix(src, []byte("\ufeff"))) {
			unparsed++ // not JSON: the editor's JSON parser reports it
			continue
		}
		err = validateProps(sch, string(src))
		_, expected := propsSchemaCorpusRejects[name]
		switch {
		case err == nil && expected:
			t.Errorf("%s: valid now, but listed in propsSchemaCorpusRejects: remove it from the list", name)
		case err == nil:
			valid++
		case expected:
			rejected++
		default:
			t.Errorf("%s: an accepted connector the schema rejects (relax the schema, or list it with the reason in propsSchemaCorpusRejects): %v", name, err)
		}
	}
	t.Logf("corpus: %d apiProperties.json, %d valid, %d rejected as listed, %d not JSON", len(files), valid, rejected, unparsed)
}
