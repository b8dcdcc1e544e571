package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/secret"
)

// group is a heading of the text and markdown reports, with its changes.
type group struct {
	title   string
	changes []*Change
}

// groups sorts the changes for reading: what affects every operation,
// then each operation in document order, then what several operations
// share, then the rest of the definition, then apiProperties.json.
func (r *Report) groups() []group {
	var all, shared, connector, props []*Change
	byOp := map[string][]*Change{}
	for _, c := range r.Changes {
		switch {
		case c.Doc == Properties:
			props = append(props, c)
		case c.AllOperations:
			all = append(all, c)
		case len(c.Operations) == 1:
			byOp[c.Operations[0]] = append(byOp[c.Operations[0]], c)
		case len(c.Operations) > 1:
			shared = append(shared, c)
		default:
			connector = append(connector, c)
		}
	}
	var out []group
	add := func(title string, cs []*Change) {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].Impact > cs[j].Impact })
		if len(cs) > 0 {
			out = append(out, group{title, cs})
		}
	}
	add("Every operation", all)
	for _, name := range r.Operations {
		title := name
		if route := r.Routes[name]; route != "" && route != name {
			title += " · " + route
		}
		add(title, byOp[name])
	}
	add("Shared by several operations", shared)
	add("Connector", connector)
	add("Connection settings (apiProperties.json)", props)
	return out
}

func (s Summary) String() string {
	if s.Total() == 0 {
		return "no changes"
	}
	return fmt.Sprintf("%d %s: %d breaking, %d %s, %d safe", s.Total(), plural(s.Total(), "change", "changes"),
		s.Breaking, s.Warning, plural(s.Warning, "warning", "warnings"), s.Safe) + s.ackNote()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// where says where the change is in OLD and NEW. With files (twins were
// compared) it names the file too, and the YAML twin's places of a
// change both twins have: "apiDefinition.swagger.json: OLD line 9, NEW
// line 9; apiDefinition.swagger.yaml: OLD line 7, NEW line 7".
func (c *Change) where(files bool) string {
	s := whereIn(c.Old, c.New, files)
	if files && (c.TwinOld != nil || c.TwinNew != nil) {
		s += "; " + whereIn(c.TwinOld, c.TwinNew, true)
	}
	return s
}

func whereIn(old, new *Loc, files bool) string {
	var s string
	switch {
	case old != nil && new != nil:
		s = "OLD " + old.String() + ", NEW " + new.String()
	case new != nil:
		s = "NEW " + new.String()
	case old != nil:
		s = "OLD " + old.String()
	}
	if !files {
		return s
	}
	switch {
	case old != nil && new != nil && filepath.Base(old.File) != filepath.Base(new.File):
		return "OLD " + filepath.Base(old.File) + " " + old.String() + ", NEW " + filepath.Base(new.File) + " " + new.String()
	case new != nil:
		return filepath.Base(new.File) + ": " + s
	case old != nil:
		return filepath.Base(old.File) + ": " + s
	}
	return s
}

func (l *Loc) String() string {
	if l.OneLine {
		return fmt.Sprintf("line %d column %d", l.Line, l.Col)
	}
	return fmt.Sprintf("line %d", l.Line)
}

// opList names the operations a change affects, at most n of them.
func (c *Change) opList(n int, quote func(string) string) string {
	if c.AllOperations {
		return fmt.Sprintf("all %d operations", len(c.Operations))
	}
	var names []string
	for i, o := range c.Operations {
		if i == n {
			names = append(names, fmt.Sprintf("and %d more", len(c.Operations)-n))
			break
		}
		names = append(names, quote(o))
	}
	return strings.Join(names, ", ")
}

// ANSI colours of the text report.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
)

// WriteText writes the report for a terminal: grouped by operation, each
// change with its impact, kind, pointer, lines, message and reason, then
// the counts. Colour only when color is set.
func WriteText(w io.Writer, r *Report, color bool) error {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	impactColor := map[Impact]string{Breaking: ansiRed, Warning: ansiYellow, Safe: ansiGreen}
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s\n", escape.Text(r.Old.Name), escape.Text(r.New.Name))
	for _, g := range r.groups() {
		fmt.Fprintf(&b, "\n%s\n", paint(ansiBold, escape.Text(g.title)))
		for _, c := range g.changes {
			ptr := c.Pointer
			if ptr == "" {
				ptr = "(the whole document)"
			}
			fmt.Fprintf(&b, "  %s %-8s %s  %s\n", paint(impactColor[c.Impact], fmt.Sprintf("%-8s", c.Impact)), c.Kind, escape.Text(ptr), paint(ansiDim, "("+escape.Text(c.where(r.Twins))+")"))
			fmt.Fprintf(&b, "           %s\n", escape.Text(secret.MaskText(c.Message)))
			if c.Impact != Safe {
				// safe changes keep their reason in the JSON and markdown
				// reports; here it would be noise
				fmt.Fprintf(&b, "           %s\n", paint(ansiDim, "why: "+escape.Text(secret.MaskText(c.Reason))))
			}
			if c.Acknowledged {
				fmt.Fprintf(&b, "           %s\n", paint(ansiGreen, "acknowledged: "+escape.Text(secret.MaskText(c.AckReason))))
			}
			if len(c.Operations) > 1 && !c.AllOperations {
				fmt.Fprintf(&b, "           %s\n", paint(ansiDim, "used by: "+c.opList(12, escape.Text)))
			}
		}
	}
	if len(r.Stale) > 0 {
		fmt.Fprintf(&b, "\n%s\n", paint(ansiBold, "Stale acknowledgements (they match no change: the change was undone, or changed again)"))
		for _, e := range r.Stale {
			fmt.Fprintf(&b, "  %s %s  %s\n", escape.Text(e.Rule), escape.Text(e.Pointer), paint(ansiDim, escape.Text(e.Fingerprint)))
		}
	}
	if len(r.Changes) > 0 || len(r.Stale) > 0 {
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%s\n", summaryLine(r, paint, impactColor))
	if len(r.Changes) > 0 {
		fmt.Fprintf(&b, "%s\n", escape.Text(r.Certification().String()))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func summaryLine(r *Report, paint func(string, string) string, colors map[Impact]string) string {
	s := r.Summary
	if s.Total() == 0 {
		return "No changes: the two versions hold the same definition once parsed."
	}
	line := fmt.Sprintf("%d %s: %s, %s, %s", s.Total(), plural(s.Total(), "change", "changes"),
		paint(colors[Breaking], fmt.Sprintf("%d breaking", s.Breaking)),
		paint(colors[Warning], fmt.Sprintf("%d %s", s.Warning, plural(s.Warning, "warning", "warnings"))),
		paint(colors[Safe], fmt.Sprintf("%d safe", s.Safe)))
	return line + s.ackNote()
}

// ackNote is what the summary line adds about accept files: "; 2
// acknowledged, 1 stale acknowledgement".
func (s Summary) ackNote() string {
	var parts []string
	if s.Acknowledged > 0 {
		parts = append(parts, fmt.Sprintf("%d acknowledged", s.Acknowledged))
	}
	if s.Stale > 0 {
		parts = append(parts, fmt.Sprintf("%d stale %s", s.Stale, plural(s.Stale, "acknowledgement", "acknowledgements")))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, ", ")
}

// WriteMarkdown writes the report for a pull-request comment or a job
// summary: the breaking changes and warnings in a table, the safe ones in
// a collapsed one, and the text diff when there is one.
func WriteMarkdown(w io.Writer, r *Report, text string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### ppconn diff: %s\n\n", r.Summary)
	fmt.Fprintf(&b, "%s → %s\n\n", code(r.Old.Name), code(r.New.Name))
	if len(r.Changes) > 0 {
		fmt.Fprintf(&b, "%s ([Microsoft's rules](%s))\n\n", escape.Markdown(r.Certification().String()), CertificationUpdatesURI)
	}
	var loud, quiet []*Change
	for _, g := range r.groups() {
		for _, c := range g.changes {
			if c.Impact == Safe {
				quiet = append(quiet, c)
			} else {
				loud = append(loud, c)
			}
		}
	}
	switch {
	case len(r.Changes) == 0:
		b.WriteString("No changes: the two versions hold the same definition once parsed.\n")
	case len(loud) == 0:
		b.WriteString("No breaking change and no warning.\n")
	default:
		mdTable(&b, loud, r.Twins)
	}
	if len(r.Stale) > 0 {
		fmt.Fprintf(&b, "\n%d stale %s (%s no change: the change was undone, or changed again):\n\n", len(r.Stale),
			plural(len(r.Stale), "acknowledgement", "acknowledgements"), plural(len(r.Stale), "it matches", "they match"))
		for _, e := range r.Stale {
			fmt.Fprintf(&b, "- %s %s\n", code(e.Rule), code(e.Pointer))
		}
	}
	if len(quiet) > 0 {
		fmt.Fprintf(&b, "\n<details><summary>%d safe %s</summary>\n\n", len(quiet), plural(len(quiet), "change", "changes"))
		mdTable(&b, quiet, r.Twins)
		b.WriteString("\n</details>\n")
	}
	if text != "" {
		fence := "```"
		for strings.Contains(text, fence) {
			fence += "`"
		}
		fmt.Fprintf(&b, "\n<details><summary>Text diff</summary>\n\n%sdiff\n%s%s\n\n</details>\n", fence, escape.Lines(text), fence)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var mdBadge = map[Impact]string{Breaking: "🔴 **breaking**", Warning: "🟡 warning", Safe: "🟢 safe"}

func mdTable(b *strings.Builder, cs []*Change, files bool) {
	b.WriteString("| Impact | Change | Operations | Where |\n|---|---|---|---|\n")
	for _, c := range cs {
		ops := c.opList(5, code)
		if c.Doc == Properties {
			ops = "apiProperties.json"
			if c.AllOperations {
				ops += "; " + c.opList(5, code)
			}
		}
		badge, why := mdBadge[c.Impact], mdCell(c.Reason)
		if c.Acknowledged {
			badge += " ✅ acknowledged"
			why += "<br>*acknowledged:* " + mdCell(c.AckReason)
		}
		fmt.Fprintf(b, "| %s | %s<br>*why:* %s | %s | %s %s |\n", badge, mdCell(c.Message), why,
			ops, code(c.Pointer), mdCell(c.where(files)))
	}
}

// mdCell escapes text for a table cell.
func mdCell(s string) string { return escape.Markdown(secret.MaskText(s)) }

// code writes s as inline code, with a fence longer than any run of
// backticks in it.
func code(s string) string {
	if s == "" {
		return "` `"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + escape.Code(s) + pad + fence
}

type jsonLoc struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonChange struct {
	Impact     string   `json:"impact"`
	Kind       string   `json:"kind"`
	Rule       string   `json:"rule"`
	Document   string   `json:"document"`
	Pointer    string   `json:"pointer"`
	OldPointer string   `json:"oldPointer,omitempty"`
	Operations []string `json:"operations"`
	AllOps     bool     `json:"allOperations,omitempty"`
	Message    string   `json:"message"`
	Reason     string   `json:"reason"`
	// Fingerprint identifies the change for accept files (fingerprint.go).
	Fingerprint  string   `json:"fingerprint"`
	Acknowledged bool     `json:"acknowledged,omitempty"`
	AckReason    string   `json:"acknowledgedReason,omitempty"`
	Old          *jsonLoc `json:"old"`
	New          *jsonLoc `json:"new"`
	// TwinOld and TwinNew: the same change in the YAML twins.
	TwinOld *jsonLoc `json:"twinOld,omitempty"`
	TwinNew *jsonLoc `json:"twinNew,omitempty"`
}

type jsonReport struct {
	Old           string        `json:"oldInput"`
	New           string        `json:"newInput"`
	Changes       []jsonChange  `json:"changes"`
	Summary       Summary       `json:"summary"`
	Notes         []string      `json:"notes,omitempty"`
	Stale         []AcceptEntry `json:"stale,omitempty"`
	Certification Certification `json:"certification"`
	WhatChanged   bool          `json:"whatChanged"`
	Text          *string       `json:"text,omitempty"`
}

// WriteJSON writes the report as one JSON object:
// {"changes":[{"impact","kind","pointer","operations","message","old":{"line"},"new":{"line"},...}],"summary":{"breaking","warning","safe"}}.
// "old" is null for an addition, "new" for a removal. The text diff is
// included as "text" when withText is set.
func WriteJSON(w io.Writer, r *Report, text string, withText bool) error {
	out := jsonReport{Old: r.Old.Name, New: r.New.Name, Changes: []jsonChange{}, Summary: r.Summary, Notes: r.Notes, Stale: r.Stale, Certification: r.Certification(), WhatChanged: r.WhatChanged}
	for _, c := range r.Changes {
		jc := jsonChange{Impact: c.Impact.String(), Kind: c.Kind.String(), Rule: string(c.Rule), Document: c.Doc.String(),
			Pointer: c.Pointer, OldPointer: c.OldPointer, Operations: c.Operations, AllOps: c.AllOperations,
			Message: c.Message, Reason: c.Reason, Fingerprint: c.fingerprint, Acknowledged: c.Acknowledged, AckReason: c.AckReason}
		if jc.Operations == nil {
			jc.Operations = []string{}
		}
		if c.Old != nil {
			jc.Old = &jsonLoc{c.Old.File, c.Old.Line, c.Old.Col}
		}
		if c.New != nil {
			jc.New = &jsonLoc{c.New.File, c.New.Line, c.New.Col}
		}
		if c.TwinOld != nil {
			jc.TwinOld = &jsonLoc{c.TwinOld.File, c.TwinOld.Line, c.TwinOld.Col}
		}
		if c.TwinNew != nil {
			jc.TwinNew = &jsonLoc{c.TwinNew.File, c.TwinNew.Line, c.TwinNew.Col}
		}
		out.Changes = append(out.Changes, jc)
	}
	if withText {
		out.Text = &text
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := w.Write(escape.JSON(buf.Bytes()))
	return err
}
