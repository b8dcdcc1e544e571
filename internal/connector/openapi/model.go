// Package openapi builds libopenapi's model of a connector definition, for
// the one consumer built on it (diff's what-changed). It is a package of its
// own, not part of connector, so that libopenapi's types stay out of
// connector's API: every package that imported connector compiled again
// the hundreds of generic instantiations those types bring (connector's
// object file was 52 MB, internal/secret's 51 MB for 400 lines), about two
// minutes of CPU per build target after any change to connector.
package openapi

import (
	"fmt"
	"log/slog"

	"github.com/ppconn/ppconn/internal/connector"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel"
	v2 "github.com/pb33f/libopenapi/datamodel/high/v2"
)

// Config is the only libopenapi configuration ppconn uses: no
// remote and no file references, whatever the document says, since
// ppconn reads untrusted files and never touches the network. Its logger
// discards: libopenapi's default logs JSON lines to standard output,
// which broke --format json and echoed a document's raw $ref text (CI
// commands included) into the log. What ppconn has to say about a bad
// $ref, its own rules say.
func Config() *datamodel.DocumentConfiguration {
	return &datamodel.DocumentConfiguration{
		AllowFileReferences:       false,
		AllowRemoteReferences:     false,
		SkipExternalRefResolution: true,
		Logger:                    slog.New(slog.DiscardHandler),
	}
}

// NewDocument wraps a parsed definition in a libopenapi document.
func NewDocument(d *connector.Document) (libopenapi.Document, error) {
	if d.Root == nil {
		return nil, fmt.Errorf("%s could not be parsed", d.Path)
	}
	return libopenapi.NewDocumentWithConfiguration(d.Src, Config())
}

// V2Model builds libopenapi's Swagger 2.0 model of the definition.
func V2Model(d *connector.Document) (*v2.Swagger, error) {
	doc, err := NewDocument(d)
	if err != nil {
		return nil, err
	}
	m, err := doc.BuildV2Model()
	if m == nil {
		return nil, fmt.Errorf("%s: libopenapi could not build a Swagger 2.0 model: %w", d.Path, err)
	}
	return &m.Model, nil
}
