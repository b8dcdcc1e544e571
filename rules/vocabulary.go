package rules

import "github.com/ppconn/ppconn/internal/connector"

// The vocabulary the rules check, exported for the editor (internal/lsp):
// completion and hover read the same tables the rules do, so that what the
// editor proposes is what the linter accepts.

// ExtensionsAt lists the x-ms-* extensions Power Platform reads on obj, an
// object of the definition root; nil when obj is not a typed Swagger
// object (an extension value, a free-form map).
func ExtensionsAt(root, obj *connector.Node) []string {
	for _, tn := range typedNodes(root) {
		if tn.n == obj {
			return connector.Spec(tn.t).Extensions()
		}
	}
	return nil
}

// ObjectTypeOf names the Swagger object type of obj ("operation",
// "parameter", "schema", ...), or "" when it has none.
func ObjectTypeOf(root, obj *connector.Node) string {
	for _, tn := range typedNodes(root) {
		if tn.n == obj {
			return string(tn.t)
		}
	}
	return ""
}

// AllowedValues lists the values the rules accept for a member named key,
// or nil when the rules do not enumerate them.
func AllowedValues(key string) []string {
	switch key {
	case "x-ms-visibility":
		return opVisibilityValues
	case "x-ms-trigger":
		return trigKindValues()
	case "x-ms-url-encoding":
		return paramURLEncodings
	case "identityProvider":
		return propsIdentityProviders
	case "redirectMode":
		return propsRedirect.Modes
	case "templateId":
		return propsTemplateIDs()
	case "Categories", "categories":
		return connectorCategories
	}
	return nil
}

// TemplateParameters lists the parameters a policy template requires.
func TemplateParameters(templateID string) []string {
	if t := propsTemplateOf(templateID); t != nil {
		return t.Required
	}
	return nil
}
