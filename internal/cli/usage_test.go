package cli

import (
	"strings"
	"testing"
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
