package connector

import (
	"fmt"
	"log/slog"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel"
	v2 "github.com/pb33f/libopenapi/datamodel/high/v2"
)

// OpenAPIConfig is the only libopenapi configuration ppconn uses: no
// remote and no file references, whatever the document says, since
// ppconn reads untrusted files and never touches the network. Its logger
// discards: libopenapi's default logs JSON lines to standard output,
// which broke --format json and echoed a document's raw $ref text (CI
// commands included) into the log. What ppconn has to say about a bad
// $ref, its own rules say.
func OpenAPIConfig() *datamodel.DocumentConfiguration {
	return &datamodel.DocumentConfiguration{
		AllowFileReferences:       false,
		AllowRemoteReferences:     false,
		SkipExternalRefResolution: true,
		Logger:                    slog.New(slog.DiscardHandler),
	}
}

// NewOpenAPIDocument wraps a parsed definition in a libopenapi document,
// for the consumers that build on libopenapi (the model and what-changed).
func (d *Document) NewOpenAPIDocument() (libopenapi.Document, error) {
	if d.Root == nil {
		return nil, fmt.Errorf("%s could not be parsed", d.Path)
	}
	return libopenapi.NewDocumentWithConfiguration(d.Src, OpenAPIConfig())
}

// V2Model builds libopenapi's Swagger 2.0 model of the definition.
func (d *Document) V2Model() (*v2.Swagger, error) {
	doc, err := d.NewOpenAPIDocument()
	if err != nil {
		return nil, err
	}
	m, err := doc.BuildV2Model()
	if m == nil {
		return nil, fmt.Errorf("%s: libopenapi could not build a Swagger 2.0 model: %w", d.Path, err)
	}
	return &m.Model, nil
}
