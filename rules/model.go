package rules

import "github.com/ppconn/ppconn/internal/connector"

// The rules read the Swagger vocabulary of internal/connector (swagger.go):
// the object types, their keywords and extensions, and which member holds
// which object. The short names below are the rules' own for it.
type objType = connector.ObjectType

const (
	tRoot           = connector.RootObject
	tInfo           = connector.InfoObject
	tContact        = connector.ContactObject
	tLicense        = connector.LicenseObject
	tPaths          = connector.PathsObject
	tPathItem       = connector.PathItemObject
	tOperation      = connector.OperationObject
	tParameter      = connector.ParameterObject
	tItems          = connector.ItemsObject
	tResponses      = connector.ResponsesObject
	tResponse       = connector.ResponseObject
	tHeader         = connector.HeaderObject
	tSchema         = connector.SchemaObject
	tXML            = connector.XMLObject
	tTag            = connector.TagObject
	tExternalDocs   = connector.ExternalDocsObject
	tSecurityScheme = connector.SecuritySchemeObject
	tNotification   = connector.NotificationObject
)

// walkObject visits n, an object of type t, and the typed objects below
// it, in document order. Rules read the walk made once per document
// (typed.go).
func walkObject(n *Node, t objType, fn func(*Node, objType)) {
	if n == nil || n.Kind != connector.Object {
		return
	}
	fn(n, t)
	spec := connector.Spec(t)
	for _, c := range n.Children {
		typ, shape, ok := spec.Child(c.Key)
		if !ok {
			continue
		}
		switch shape {
		case connector.Single:
			walkObject(c, typ, fn)
		default:
			for _, item := range c.Children {
				walkObject(item, typ, fn)
			}
		}
	}
}

// knownXMS lists every x-ms-* extension name that ppconn knows, for the
// typo check.
func knownXMS() []string {
	seen := map[string]bool{"x-ms-notification-url": true, "x-ms-require-user-confirmation": true}
	for _, t := range connector.ObjectTypes() {
		for _, k := range connector.Spec(t).Extensions() {
			seen[k] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	return out
}
