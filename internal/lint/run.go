package lint

import (
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/secret"
)

// Config says which rules run and how their findings are graded.
type Config struct {
	Registry *Registry
	Profile  Profile
	// Severity overrides the profile for single rules; Off disables one.
	Severity map[string]Severity
	// Options overrides rule option defaults: rule id → option → value.
	Options map[string]map[string]any
	Limits  connector.Limits
	// Jobs is the number of packages linted at once; 0 means GOMAXPROCS.
	Jobs int
	// Ignore silences findings by rule, file and pointer (the ignore
	// entries of .ppconn.yaml). x-lint-ignore in the files is always
	// honoured.
	Ignore []*Ignore
	// Now is the clock of the rules that read the date (secret-expiry);
	// nil is time.Now. Tests set it, so that none depends on today.
	Now func() time.Time
	// Overlay gives some files' contents instead of reading them (standard
	// input, for 'ppconn lint -'): path as in the target → text.
	Overlay map[string][]byte
}

// SeverityOf is the severity rule r's findings get: the override for the
// rule, else the profile's for its level. Off means the rule does not run.
func (c *Config) SeverityOf(r *Rule) Severity { return c.severityOf(r) }

func (c *Config) severityOf(r *Rule) Severity {
	if s, ok := c.Severity[r.ID]; ok {
		return s
	}
	return c.Profile.SeverityOf(r)
}

// Result is the outcome of linting one target.
type Result struct {
	Target   connector.Target
	Package  *connector.Package
	Findings []Finding
	// Files is the number of files read.
	Files int
	// ReadErrors are files that exist but could not be read.
	ReadErrors []error
	// Secrets are the secret values of the package's documents, when the
	// worker computed them to mask the messages (it does whenever there
	// are findings): a report masking its excerpts reads them here
	// rather than walking each tree again (a third of the text report's
	// CPU on the shared corpus, issue #16). Nil: not computed.
	Secrets Secrets
}

// Secrets are secret.Values of each document of a package.
type Secrets map[*connector.Document]map[int][]string

// packageSecrets computes the Secrets of pkg, and every value of them
// once (secret.All of its documents).
func packageSecrets(pkg *connector.Package) (Secrets, []string) {
	docs := pkg.Documents()
	values := make(Secrets, len(docs))
	byDoc := make([]map[int][]string, len(docs))
	for i, d := range docs {
		byDoc[i] = secret.Values(d)
		values[d] = byDoc[i]
	}
	return values, secret.Known(byDoc...)
}

// Run loads and lints the targets on Jobs workers and calls emit once per
// target, in the order of targets, whatever order the workers finish in.
// Each worker reads its target's files itself, so reading overlaps with
// linting on the other workers. A result is dropped once emitted and at
// most a few wait per worker (see OrderedLight), so memory stays bounded by
// the number of workers, not the number of targets.
//
// Unless GOGC is set, the collector runs at gcPercent during the run.
func Run(targets []connector.Target, cfg Config, emit func(Result)) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	}
	OrderedLight(len(targets), cfg.Jobs, func(i int) Result { return LintTarget(targets[i], &cfg) }, Result.light, emit)
}

// lightBytes is the most a result's files may hold for it to wait for
// its turn outside the window of heavy results (see OrderedLight): 622 of
// the 663 definitions of the shared corpus are under it, and the light
// results waiting hold at most 12 x jobs x lightBytes of source, whatever
// the largest file. Measured (issue #16, lint --jobs 2 of the shared
// corpus, 4 interleaved runs), worker time spent waiting for a slot:
// 177-198 ms with every result heavy, 70-88 ms at 128 KiB, 72-80 ms at
// 256 KiB, peak RSS unchanged (168-189 MB).
const lightBytes = 256 << 10

// light reports whether r's files hold at most lightBytes.
func (r Result) light() bool {
	var size int64
	if r.Package != nil {
		for _, d := range r.Package.Documents() {
			size += d.Size
		}
		if r.Package.Script != nil {
			size += r.Package.Script.Size
		}
	}
	return size <= lightBytes
}

// gcPercent is the GOGC of a lint run, chosen by measurement (issue #16;
// lint --jobs 1 of the shared corpus, quiet machine): 100 costs 2.05 s
// of CPU at 123 MB peak RSS, 200 1.82 s at 170-190 MB, 300 no less CPU
// at 205-215 MB. The heap that survives a collection is the packages
// being linted (at most a window per worker, see OrderedLight), so the peak
// stays a constant times jobs x the largest package, not the corpus.
const gcPercent = 200

// LintTarget loads one target and runs every enabled rule on it.
func LintTarget(t connector.Target, cfg *Config) Result {
	pkg := connector.LoadOverlay(t, cfg.Limits, cfg.Overlay)
	res := Result{Target: t, Package: pkg, ReadErrors: pkg.ReadErrors}
	res.Files = len(pkg.Documents())
	if pkg.Script != nil {
		res.Files++
	}
	res.Findings, res.Secrets = lintPackage(pkg, cfg)
	res.Findings = MergeTwins(pkg, res.Findings)
	return res
}

// LintPackage runs every enabled rule on a loaded package and returns the
// sorted findings.
func LintPackage(pkg *connector.Package, cfg *Config) []Finding {
	out, _ := lintPackage(pkg, cfg)
	return out
}

// lintPackage is LintPackage, which also returns the secret values of
// the documents when it computed them.
func lintPackage(pkg *connector.Package, cfg *Config) ([]Finding, Secrets) {
	var out []Finding
	emit := func(f Finding) { out = append(out, f) }
	run := &packageRun{}
	for _, r := range cfg.Registry.Rules() {
		sev := cfg.severityOf(r)
		if sev == Off {
			continue
		}
		for _, doc := range docsFor(r, pkg) {
			pass := &Pass{Rule: r, Package: pkg, Doc: doc, options: cfg.Options[r.ID], severity: sev, emit: emit, run: run, now: cfg.Now}
			if doc != nil {
				pass.Root = doc.Root
			}
			runCheck(pass)
		}
	}
	out = suppress(pkg, cfg, out)
	maskMessages(run, pkg, out)
	SortFindings(out)
	return out, run.values
}

// maskMessages masks, in every message, each secret value of the
// package's documents (internal/secret's tree-aware check): a rule that
// quotes a value (a duplicate enum entry, a misplaced member's value)
// never prints a secret, whatever the output format.
func maskMessages(run *packageRun, pkg *connector.Package, fs []Finding) {
	if len(fs) == 0 {
		return
	}
	known := run.secrets(pkg)
	if len(known) == 0 {
		return
	}
	for i := range fs {
		fs[i].Message = secret.MaskText(fs[i].Message, known...)
	}
}

// docsFor lists what a rule runs on in pkg: one entry per pass, nil for a
// pass without a document.
func docsFor(r *Rule, pkg *connector.Package) []*connector.Document {
	var docs []*connector.Document
	switch r.Target {
	case Swagger:
		docs = pkg.Swaggers
	case Properties:
		if pkg.Properties != nil {
			docs = []*connector.Document{pkg.Properties}
		}
	case Script:
		if pkg.Script != nil {
			return []*connector.Document{nil}
		}
		return nil
	case Package:
		return []*connector.Document{nil}
	}
	if r.Unparsed {
		return docs
	}
	parsed := docs[:0:0]
	for _, d := range docs {
		if d.Root != nil {
			parsed = append(parsed, d)
		}
	}
	return parsed
}

// runCheck turns a panic in a rule into a finding: one broken rule must not
// take down a CI run over a thousand connectors. The finding is an
// internal error, reported at error severity whatever the rule's level,
// so that a crash never passes a gate (--fail-on error) unnoticed.
func runCheck(p *Pass) {
	defer func() {
		if r := recover(); r != nil {
			file := p.Package.Dir
			if docs := p.Package.Documents(); file == "" && len(docs) > 0 {
				file = docs[0].Path // a lone file: no folder to name
			}
			if p.Doc != nil {
				file = p.Doc.Path
			}
			q := *p
			q.severity = Error
			q.internal = true
			q.Report(Diagnostic{File: file, Message: fmt.Sprintf("internal error: rule %s crashed on this file (%v); the other rules ran. Please report it with the file", p.Rule.ID, r)})
		}
	}()
	p.Rule.Check(p)
}
