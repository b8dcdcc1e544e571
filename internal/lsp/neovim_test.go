package lsp_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ppconn/ppconn/internal/lsp"
)

// neovimSummary is what testdata/neovim_quickfix.lua reports.
type neovimSummary struct {
	Error             string           `json:"error"`
	Steps             []string         `json:"steps"`
	BeforeCount       int              `json:"before_count"`
	Before            []lsp.Diagnostic `json:"before"`
	NeovimDiagnostics int              `json:"neovim_diagnostics"`
	OffsetEncoding    string           `json:"offset_encoding"`
	Code              string           `json:"code"`
	Message           string           `json:"message"`
	Range             lsp.Range        `json:"range"`
	Title             string           `json:"title"`
	Edit              struct {
		Changes         map[lsp.DocumentURI][]lsp.TextEdit `json:"changes"`
		DocumentChanges []lsp.TextDocumentEdit             `json:"documentChanges"`
	} `json:"edit"`
	AfterCount         int              `json:"after_count"`
	AfterVersion       *int             `json:"after_version"`
	AfterVersionWanted int              `json:"after_version_wanted"`
	After              []lsp.Diagnostic `json:"after"`
}

// TestNeovimQuickFix is the end-to-end test with a real third-party
// client: headless Neovim, with its own LSP client, opens a copy of nBold
// v5, receives ppconn's diagnostics, applies a quick fix, writes the file;
// the file on disk must carry the fix and the diagnostic must be gone. It
// skips when nvim is not installed (apt-get install -y neovim; .ci/run
// installs it) or ../shared/nbold/v5 is absent.
func TestNeovimQuickFix(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the Neovim end-to-end test (builds ppconn)")
	}
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is not installed (apt-get install -y neovim); skipping the Neovim end-to-end test")
	}
	src := filepath.Join("..", "..", "..", "shared", "nbold", "v5")
	if _, err := os.Stat(filepath.Join(src, "apiDefinition.swagger.json")); err != nil {
		t.Skipf("nBold v5 is absent (%v); skipping the Neovim end-to-end test", err)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "neovim_quickfix.lua"))
	if err != nil {
		t.Fatal(err)
	}

	bin := filepath.Join(t.TempDir(), "ppconn")
	build := exec.Command("go", "build", "-o", bin, "./cmd/ppconn")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/ppconn: %v\n%s", err, out)
	}

	dir := copyDir(t, src)
	def := filepath.Join(dir, "apiDefinition.swagger.json")
	original, err := os.ReadFile(def)
	if err != nil {
		t.Fatal(err)
	}
	summaryPath := filepath.Join(t.TempDir(), "summary.json")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-i", "NONE", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PPCONN_NVIM_BIN="+bin,
		"PPCONN_NVIM_FILE="+def,
		"PPCONN_NVIM_SUMMARY="+summaryPath,
		"PPCONN_NVIM_SKIP_EDIT="+os.Getenv("PPCONN_NVIM_SKIP_EDIT"),
		"HOME="+t.TempDir(), // no user configuration, no shada, no swap
	)
	out, runErr := cmd.CombinedOutput()
	data, err := os.ReadFile(summaryPath)
	if err != nil {
		t.Fatalf("nvim wrote no summary (%v); nvim: %v\n%s", err, runErr, out)
	}
	var sum neovimSummary
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatalf("summary %s: %v\n%s", summaryPath, err, data)
	}
	if runErr != nil || sum.Error != "" {
		t.Fatalf("nvim: %v; script error: %s; steps %v\n%s", runErr, sum.Error, sum.Steps, out)
	}
	t.Logf("nBold v5: %d diagnostics (%d in vim.diagnostic), fixed %s (%q) at %d:%d; %d after (version %v); offset encoding %s",
		sum.BeforeCount, sum.NeovimDiagnostics, sum.Code, sum.Title, sum.Range.Start.Line+1, sum.Range.Start.Character+1,
		sum.AfterCount, derefInt(sum.AfterVersion), sum.OffsetEncoding)

	if sum.BeforeCount == 0 || sum.NeovimDiagnostics == 0 {
		t.Errorf("Neovim received %d diagnostics from ppconn (%d in vim.diagnostic), want some", sum.BeforeCount, sum.NeovimDiagnostics)
	}

	// The file on disk is the original with the action's edit applied.
	var edits []lsp.TextEdit
	for uri, es := range sum.Edit.Changes {
		if uri != uriOf(def) {
			t.Fatalf("the quick fix edits %s, not the definition %s", uri, uriOf(def))
		}
		edits = append(edits, es...)
	}
	for _, dc := range sum.Edit.DocumentChanges {
		if dc.TextDocument.URI != uriOf(def) {
			t.Fatalf("the quick fix edits %s, not the definition %s", dc.TextDocument.URI, uriOf(def))
		}
		edits = append(edits, dc.Edits...)
	}
	if len(edits) == 0 {
		t.Fatalf("the quick fix %q has no text edit: %+v", sum.Title, sum.Edit)
	}
	written, err := os.ReadFile(def)
	if err != nil {
		t.Fatal(err)
	}
	if want := applyEdits(t, string(original), edits); string(written) != want {
		t.Errorf("the written file is not the original with the quick fix %q applied (%d bytes written, %d expected)", sum.Title, len(written), len(want))
	}
	var parsed any
	if err := json.Unmarshal(written, &parsed); err != nil {
		t.Errorf("the written definition is not JSON: %v", err)
	}

	// The fixed diagnostic is gone from the diagnostics of the new text.
	if sum.AfterVersion == nil || *sum.AfterVersion != sum.AfterVersionWanted {
		t.Errorf("the last diagnostics are of version %v, want the buffer's version %d", derefInt(sum.AfterVersion), sum.AfterVersionWanted)
	}
	// The same message may be reported at several places (the same
	// parameter in several operations): one of them must be gone.
	same := func(ds []lsp.Diagnostic) int {
		n := 0
		for _, d := range ds {
			if d.Code == sum.Code && d.Message == sum.Message {
				n++
			}
		}
		return n
	}
	if before, after := same(sum.Before), same(sum.After); after != before-1 {
		t.Errorf("the fixed diagnostic %s %q is reported %d times after the quick fix, %d before: want one fewer", sum.Code, sum.Message, after, before)
	}
	if sum.AfterCount >= sum.BeforeCount {
		t.Errorf("%d diagnostics after the quick fix, %d before: want fewer", sum.AfterCount, sum.BeforeCount)
	}
}

func derefInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
