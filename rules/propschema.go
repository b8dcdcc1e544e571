package rules

import "sort"

// PropertiesSchema is the JSON schema (draft-07) of apiProperties.json that
// editors validate the file with (docs/apiProperties.schema.json, the VS
// Code extension's jsonValidation). It is built from the tables the
// apiProperties.json rules check, so that the editor and the linter agree
// on the vocabulary. Objects are closed (additionalProperties false) where
// Microsoft's schema closes them and the rules enforce it; values are
// enumerated where the rules enumerate them. What the rules accept but
// report (lower-case "displayname", undocumented policy templates, the
// boolean constraints and null values accepted connectors carry) stays
// valid here: the schema marks what the platform's format rejects, the
// linter says the rest. TestPropertiesSchemaCorpus lists the accepted
// connectors it still rejects, each for a value ppconn reports too.
func PropertiesSchema() map[string]any {
	str := map[string]any{"type": "string"}
	strEnum := func(vals []string) map[string]any {
		return map[string]any{"type": "string", "enum": vals}
	}
	closed := func(props map[string]any, required ...string) map[string]any {
		out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			out["required"] = required
		}
		return out
	}

	constraints := map[string]any{}
	for _, c := range propsConstraintKinds {
		constraints[c.Key] = map[string]any{"type": schemaKind(c.Kind.String())}
	}
	// "required" and "hidden" are the strings "true" and "false" in
	// Microsoft's schema, but accepted connectors carry booleans, which the
	// platform reads: the schema admits both, the rule
	// connparam-ui-constraint-types reports the booleans.
	for _, k := range []string{"required", "hidden"} {
		constraints[k] = map[string]any{"oneOf": []any{strEnum([]string{"true", "false"}), map[string]any{"type": "boolean"}}}
	}

	oauth := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"identityProvider": strEnum(propsIdentityProviders),
			"redirectMode":     strEnum(propsRedirect.Modes),
			"clientId":         map[string]any{"type": []string{"string", "null"}}, // null in accepted connectors
			"scopes":           map[string]any{"type": "array", "items": str},
			"redirectUrl":      map[string]any{"type": []string{"string", "null"}},
			"properties": map[string]any{
				"type":       "object",
				"properties": map[string]any{"IsFirstParty": strEnum(propsIsFirstParty)},
			},
			"customParameters": map[string]any{"type": "object"},
		},
	}

	param := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"type": strEnum(propsParamTypes),
			"uiDefinition": map[string]any{
				"type": []string{"object", "null"}, // null in accepted connectors
				"properties": map[string]any{
					"displayName": str,
					"description": str,
					"tooltip":     str,
					"tabIndex":    map[string]any{"type": "integer"},
					"constraints": map[string]any{"type": "object", "properties": constraints},
				},
			},
			"oAuthSettings": map[string]any{"$ref": "#/definitions/oAuthSettings"},
		},
	}

	setUI := map[string]any{}
	for _, k := range propsSetUIKeys {
		setUI[k] = str
	}
	set := map[string]any{}
	for _, k := range propsSetKeys {
		set[k] = map[string]any{}
	}
	set["name"] = map[string]any{"type": "string", "minLength": 1}
	set["uiDefinition"] = map[string]any{"$ref": "#/definitions/parameterSetUI"}
	set["parameters"] = map[string]any{"$ref": "#/definitions/connectionParameters"}

	var templateIDs []string
	for _, t := range propsTemplates {
		templateIDs = append(templateIDs, t.Names...)
	}
	templateIDs = append(templateIDs, propsUndocumentedTemplates...)
	sort.Strings(templateIDs)

	properties := map[string]any{}
	for _, k := range propsKeys {
		properties[k.Key] = map[string]any{}
	}
	properties["iconBrandColor"] = map[string]any{"type": "string", "pattern": propsColor.Pattern.String()}
	properties["publisher"] = str
	properties["stackOwner"] = str
	properties["capabilities"] = map[string]any{"type": "array", "items": strEnum(propsCapabilities)}
	properties["connectionParameters"] = map[string]any{"$ref": "#/definitions/connectionParameters"}
	properties["connectionParameterSets"] = closed(map[string]any{
		"uiDefinition": map[string]any{"$ref": "#/definitions/parameterSetUI"},
		"values":       map[string]any{"type": "array", "items": closed(set, "name", "parameters")},
	}, "values")
	properties["scriptOperations"] = map[string]any{"type": []string{"array", "null"}, "items": str}
	properties["policyTemplateInstances"] = map[string]any{"type": "array", "items": map[string]any{
		"type":     "object",
		"required": []string{"templateId"},
		"properties": map[string]any{
			"templateId": strEnum(templateIDs),
			"title":      str,
			"parameters": map[string]any{"type": "object", "properties": map[string]any{
				propsOpNames: map[string]any{"type": "array", "items": str},
			}},
		},
	}}
	var required []string
	for _, k := range propsKeys {
		if k.Required {
			required = append(required, k.Key)
		}
	}

	root := map[string]any{}
	for _, k := range propsRootKeys {
		root[k] = map[string]any{}
	}
	root["$schema"] = str
	root["properties"] = closed(properties, required...)
	s := closed(root, "properties")
	s["$schema"] = "http://json-schema.org/draft-07/schema#"
	s["$id"] = "https://github.com/ppconn/ppconn/blob/main/docs/apiProperties.schema.json"
	s["title"] = "Power Platform custom connector properties (apiProperties.json), as ppconn checks them"
	s["definitions"] = map[string]any{
		"connectionParameters": map[string]any{
			"type":                 "object",
			"propertyNames":        map[string]any{"pattern": propsParamName.String()},
			"additionalProperties": map[string]any{"$ref": "#/definitions/connectionParameter"},
		},
		"connectionParameter": param,
		"oAuthSettings":       oauth,
		"parameterSetUI":      closed(setUI),
	}
	return s
}

// schemaKind is the JSON schema type of a connector.Kind's name.
func schemaKind(kind string) string {
	if kind == "number" {
		return "integer"
	}
	return kind
}
