package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
)

// SARIF renders a SARIF 2.1.0 log, for GitHub code scanning and the other
// tools that read it. It streams: the rules go first, then each result as
// its target comes.
//
// Artifact URIs are relative to BaseDir (uriBaseId %SRCROOT%), which in CI
// is the checkout. Each result carries a partial fingerprint that ignores
// line numbers, so that an alert survives edits that only move it.
type SARIF struct {
	W     io.Writer
	Rules RuleSet
	// Version is ppconn's version, for tool.driver.version.
	Version string
	// BaseDir is the folder artifact URIs are relative to; "" means the
	// current folder.
	BaseDir string

	started   bool
	count     int
	err       error
	ruleIndex map[string]int
	seen      map[string]int
}

// FingerprintKey is the name of ppconn's partial fingerprint in SARIF.
const FingerprintKey = "ppconn/v1"

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	ShortDescription     sarifMessage    `json:"shortDescription"`
	FullDescription      sarifMessage    `json:"fullDescription"`
	Help                 sarifMessage    `json:"help"`
	HelpURI              string          `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           sarifRuleProps  `json:"properties"`
}

type sarifRuleConfig struct {
	Enabled bool   `json:"enabled"`
	Level   string `json:"level"`
}

type sarifRuleProps struct {
	Tags           []string `json:"tags"`
	Level          string   `json:"ppconnLevel,omitempty"`
	ValidatorCodes []string `json:"validatorCodes,omitempty"`
	Fixable        bool     `json:"fixable,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           *int               `json:"ruleIndex,omitempty"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	RelatedLocations    []sarifRelated     `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

// sarifSuppression says a result is acknowledged (a diff's accept file).
type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

// sarifRelated is a related location: SARIF numbers them (id) and gives
// each its own message.
type sarifRelated struct {
	ID               int            `json:"id"`
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          sarifMessage   `json:"message"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind,omitempty"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	case lint.Info:
		return "note"
	}
	return "none"
}

func (s *SARIF) write(b []byte) {
	if s.err == nil {
		_, s.err = s.W.Write(b)
	}
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return escape.JSON(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

func (s *SARIF) start() error {
	if s.started {
		return s.err
	}
	s.started = true
	s.ruleIndex = map[string]int{}
	s.seen = map[string]int{}
	rules := []sarifRule{}
	for i, r := range s.Rules.rules() {
		sev := s.Rules.severity(r)
		s.ruleIndex[r.ID] = i
		tags := []string{"power-platform", r.Level.String()}
		rules = append(rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifMessage{Text: r.Title},
			FullDescription:      sarifMessage{Text: firstParagraph(r.Doc)},
			Help:                 sarifMessage{Text: r.Doc, Markdown: r.Doc},
			HelpURI:              HelpURI(r.ID),
			DefaultConfiguration: sarifRuleConfig{Enabled: sev != lint.Off, Level: sarifLevel(sev)},
			Properties:           sarifRuleProps{Tags: tags, Level: r.Level.String(), ValidatorCodes: r.ValidatorCodes, Fixable: r.Fixable},
		})
	}
	driver := map[string]any{
		"name":           "ppconn",
		"informationUri": "https://github.com/ppconn/ppconn",
		"rules":          rules,
	}
	if s.Version != "" {
		driver["version"] = s.Version
	}
	head, err := marshal(map[string]any{"driver": driver})
	if err != nil {
		return err
	}
	base := s.BaseDir
	if base == "" {
		base = "."
	}
	absBase, err := filepath.Abs(base)
	if err != nil {
		return err
	}
	root, err := marshal(map[string]any{"%SRCROOT%": map[string]string{"uri": fileURI(absBase) + "/"}})
	if err != nil {
		return err
	}
	s.write([]byte(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":`))
	s.write(head)
	s.write([]byte(`,"originalUriBaseIds":`))
	s.write(root)
	s.write([]byte(`,"columnKind":"unicodeCodePoints","results":[`))
	return s.err
}

// fileURI turns an absolute path into a file:// URI.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive
	}
	return (&url.URL{Scheme: "file", Path: strings.TrimSuffix(p, "/")}).String()
}

// artifactURI is the URI of a file: relative to the base folder when it
// is inside it, a file:// URI otherwise.
func (s *SARIF) artifactURI(file string) (uri, baseID string) {
	rel := lint.RelSlash(s.BaseDir, file)
	if rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		if abs, err := filepath.Abs(file); err == nil {
			return fileURI(abs), ""
		}
	}
	return (&url.URL{Path: rel}).String(), "%SRCROOT%"
}

// Result writes one target's results.
func (s *SARIF) Result(r lint.Result, findings []lint.Finding) error {
	if err := s.start(); err != nil {
		return err
	}
	for i := range findings {
		f := &findings[i]
		uri, baseID := s.artifactURI(f.File)
		fp := lint.Fingerprint(lint.DocumentOf(r.Package, f.File), f, lint.RelSlash(s.BaseDir, f.File))
		// Two identical findings in one file would share a fingerprint;
		// number the repeats so that each stays its own alert.
		if n := s.seen[fp]; n > 0 {
			s.seen[fp]++
			fp = fmt.Sprintf("%s:%d", fp, n)
		} else {
			s.seen[fp] = 1
		}
		res := sarifResult{
			RuleID:              f.Rule,
			Level:               sarifLevel(f.Severity),
			Message:             sarifMessage{Text: f.Message},
			PartialFingerprints: map[string]string{FingerprintKey: fp},
		}
		if idx, ok := s.ruleIndex[f.Rule]; ok {
			res.RuleIndex = &idx
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: baseID}}}
		if f.Line >= 1 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line, StartColumn: max(f.Column, 1)}
		}
		if f.Pointer != "" {
			loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: f.Pointer, Kind: "member"}}
		}
		res.Locations = []sarifLocation{loc}
		for k, rel := range f.Related {
			ruri, rbase := s.artifactURI(rel.File)
			r := sarifRelated{ID: k + 1, Message: sarifMessage{Text: rel.Message},
				PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: ruri, URIBaseID: rbase}}}
			if rel.Line >= 1 {
				r.PhysicalLocation.Region = &sarifRegion{StartLine: rel.Line, StartColumn: max(rel.Column, 1)}
			}
			if rel.Pointer != "" {
				r.LogicalLocations = []sarifLogical{{FullyQualifiedName: rel.Pointer, Kind: "member"}}
			}
			res.RelatedLocations = append(res.RelatedLocations, r)
		}
		b, err := marshal(res)
		if err != nil {
			return err
		}
		if s.count > 0 {
			s.write([]byte(","))
		}
		s.write([]byte("\n"))
		s.write(b)
		s.count++
	}
	return s.err
}

// Close ends the log.
func (s *SARIF) Close(Summary) error {
	if err := s.start(); err != nil {
		return err
	}
	s.write([]byte("\n]}]}\n"))
	return s.err
}
