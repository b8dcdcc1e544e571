package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestStampOf(t *testing.T) {
	vcs := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/ppconn/ppconn", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	installed := &debug.BuildInfo{Main: debug.Module{Path: "github.com/ppconn/ppconn", Version: "v0.3.0"}}
	tests := []struct {
		name                  string
		version, commit, date string
		info                  *debug.BuildInfo
		want                  buildStamp
		line                  string // the start of String()
	}{
		{"release build: the stamps win", "v1.2.3", "fedcba9876543210fedcba9876543210fedcba98", "2026-12-02T05:00:00Z", vcs,
			buildStamp{Version: "v1.2.3", Commit: "fedcba9876543210fedcba9876543210fedcba98", Date: "2026-12-02T05:00:00Z"},
			"ppconn v1.2.3 (commit fedcba987654, 2026-12-02T05:00:00Z, go"},
		{"source build in a checkout", "", "", "", vcs,
			buildStamp{Version: "devel", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-01T10:00:00Z", Modified: true},
			"ppconn devel (commit 0123456789ab with uncommitted changes, 2026-12-01T10:00:00Z, go"},
		{"go install @version", "", "", "", installed,
			buildStamp{Version: "v0.3.0"},
			"ppconn v0.3.0 (go"},
		{"no build info", "", "", "", nil,
			buildStamp{Version: "devel"},
			"ppconn devel (go"},
		{"version stamped alone keeps the VCS commit", "v1.0.0", "", "", vcs,
			buildStamp{Version: "v1.0.0", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-01T10:00:00Z", Modified: true},
			"ppconn v1.0.0 (commit 0123456789ab with uncommitted changes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := stampOf(tt.version, tt.commit, tt.date, tt.info)
			if got != tt.want {
				t.Fatalf("stampOf = %+v, want %+v", got, tt.want)
			}
			line := got.String()
			if !strings.HasPrefix(line, tt.line) {
				t.Errorf("String() = %q, want it to start with %q", line, tt.line)
			}
			if !strings.HasSuffix(line, runtime.GOOS+"/"+runtime.GOARCH+")") {
				t.Errorf("String() = %q, want the platform last", line)
			}
		})
	}
}

func TestVersionFlagMatchesCommand(t *testing.T) {
	var cmdOut, flagOut strings.Builder
	if code := Run([]string{"version"}, &cmdOut, &cmdOut); code != ExitOK {
		t.Fatalf("ppconn version: exit %d: %s", code, cmdOut.String())
	}
	if code := Run([]string{"--version"}, &flagOut, &flagOut); code != ExitOK {
		t.Fatalf("ppconn --version: exit %d: %s", code, flagOut.String())
	}
	if cmdOut.String() != flagOut.String() {
		t.Errorf("ppconn --version printed %q, ppconn version %q", flagOut.String(), cmdOut.String())
	}
	if !strings.HasPrefix(cmdOut.String(), "ppconn ") {
		t.Errorf("ppconn version printed %q", cmdOut.String())
	}
}

// TestSourceBuildShowsCommit builds ppconn from this checkout, as a user's
// `go build` would (with VCS stamping, which GOFLAGS may switch off), and
// checks that `ppconn version` names the checked-out commit.
func TestSourceBuildShowsCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ppconn; skipped with -short")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	top, err := exec.Command(git, "-C", root, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): nothing to stamp", err)
	}
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !fi.IsDir() {
		t.Skip("a git worktree (.git is a file): the go command stamps VCS information only in a checkout with a .git folder")
	}
	head, err := exec.Command(git, "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "ppconn")
	// -buildvcs=true on the command line wins over a GOFLAGS that turns it off.
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/ppconn")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("ppconn version: %v", err)
	}
	want := "commit " + shortCommit(strings.TrimSpace(string(head)))
	if !strings.Contains(string(out), want) {
		t.Errorf("ppconn version of a source build = %q, want it to contain %q", out, want)
	}
}
