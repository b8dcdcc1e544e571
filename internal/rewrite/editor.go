package rewrite

import "github.com/ppconn/ppconn/internal/connector"

// Editor edits one document, JSON or YAML, by JSON pointer.
type Editor interface {
	// Set sets the value at pointer, creating missing members and
	// objects on the way; value takes the types Layout.Render accepts.
	Set(pointer string, value any) error
	// Delete removes the member or item at pointer.
	Delete(pointer string) error
	// Bytes is the edited file, ready for WriteFileAtomic.
	Bytes() ([]byte, error)
}

// NewEditor returns a JSONEditor or a YAMLEditor for doc.
func NewEditor(doc *connector.Document) (Editor, error) {
	if doc != nil && doc.Format == connector.YAML {
		return NewYAMLEditor(doc)
	}
	return NewJSONEditor(doc)
}

var (
	_ Editor = (*JSONEditor)(nil)
	_ Editor = (*YAMLEditor)(nil)
)
