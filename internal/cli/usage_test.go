package cli

import (
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestCobraErrorsInPPconnWords: what cobra rejects (a flag group, the
// number of arguments, an unknown command or flag) is said in ppconn's
// words with a did-you-mean and the command's usage line, never in
// cobra's raw text (#12 item 16).
func TestCobraErrorsInPPconnWords(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"auth", "aad", "--dry-run", "--check", "."}, []string{"ppconn: --dry-run and --check cannot go together", "Usage: ppconn auth aad "}},
		{[]string{"explain"}, []string{"ppconn: ppconn explain takes 1 argument, got 0", "Usage: ppconn explain RULE"}},
		{[]string{"lnit"}, []string{"did you mean 'ppconn lint'?", "Usage: ppconn COMMAND [flags]"}},
		{[]string{"lint", "--formt", "json", "."}, []string{"ppconn lint has no flag --formt; did you mean --format?", "Usage: ppconn lint "}},
		{[]string{"lint", "--format"}, []string{"--format needs a value"}},
		{[]string{"fmt", "--chek", "."}, []string{"did you mean --check?", "Run 'ppconn fmt --help'"}},
		{[]string{"auth", "aadd"}, []string{`ppconn: ppconn auth has no command "aadd"; did you mean 'ppconn auth aad'?`, "Usage: ppconn auth COMMAND [flags]"}},
		{[]string{"auth", "sets", "ad", "basic", "."}, []string{`ppconn auth sets has no command "ad"; did you mean 'ppconn auth sets add'?`}},
	} {
		code, _, stderr := run(tt.args...)
		if code != ExitUsage {
			t.Errorf("ppconn %s: exit %d, want 2", strings.Join(tt.args, " "), code)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("ppconn %s: stderr lacks %q:\n%s", strings.Join(tt.args, " "), w, stderr)
			}
		}
		for _, raw := range []string{"if any flags in the group", "arg(s)", "Did you mean this", "unknown flag:", `\n`} {
			if strings.Contains(stderr, raw) {
				t.Errorf("ppconn %s: cobra's raw text %q:\n%s", strings.Join(tt.args, " "), raw, stderr)
			}
		}
	}
}

// TestEveryCommandRejectsInPPconnWords walks the whole command tree: every
// command answers an unknown flag in ppconn's words with its usage line,
// and every command that only groups others (auth, auth sets) refuses an
// unknown command with exit 2 and nothing on stdout, where cobra printed
// the group's help and exited 0 (#12 item 16).
func TestEveryCommandRejectsInPPconnWords(t *testing.T) {
	var walk func(c *cobra.Command)
	groups := 0
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub)
			}
		}
		path := strings.Fields(c.CommandPath())[1:]
		if c.HasParent() && c.HasAvailableSubCommands() && !c.Runnable() {
			groups++
			typo := c.Commands()[0].Name() + "x"
			code, stdout, stderr := run(append(path, typo)...)
			if code != ExitUsage || stdout != "" || !strings.Contains(stderr, c.CommandPath()+" has no command \""+typo+"\"; did you mean") {
				t.Errorf("%s %s: exit %d, stdout %.60q, stderr %q; want exit 2 with a did-you-mean", c.CommandPath(), typo, code, stdout, stderr)
			}
		}
		code, _, stderr := run(append(path, "--bogus-flag")...)
		if code != ExitUsage || !strings.Contains(stderr, c.CommandPath()+" has no flag --bogus-flag") || !strings.Contains(stderr, "Usage: "+c.CommandPath()) {
			t.Errorf("%s --bogus-flag: exit %d, stderr %q", c.CommandPath(), code, stderr)
		}
	}
	walk(NewRoot(io.Discard, io.Discard))
	if groups < 2 {
		t.Errorf("found %d group commands, want auth and auth sets at least", groups)
	}
}
