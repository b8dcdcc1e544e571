package cli

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ppconn/ppconn/internal/lint"
)

// cobra's own error texts, which ppconn rewords: what happened, then what
// to do.
var (
	cobraExclusive  = regexp.MustCompile(`^if any flags in the group \[([^\]]*)\] are set none of the others can be`)
	cobraTogether   = regexp.MustCompile(`^if any flags in the group \[([^\]]*)\] are set they must all be set`)
	cobraOneOf      = regexp.MustCompile(`^at least one of the flags in the group \[([^\]]*)\] is required`)
	cobraExact      = regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`)
	cobraAtLeast    = regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)`)
	cobraAtMost     = regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)`)
	cobraBetween    = regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)`)
	cobraUnknownCmd = regexp.MustCompile(`^unknown command "([^"]*)" for "([^"]*)"`)
	cobraUnknownFlg = regexp.MustCompile(`^unknown flag: --(\S+)`)
	cobraUnknownSh  = regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)`)
	cobraNeedsArg   = regexp.MustCompile(`^flag needs an argument: '?(-\S+?)'?(?: in \S+)?$`)
)

// cobraError rewords an error cobra itself returned for cmd (a flag or
// argument it rejected) in ppconn's style: what is wrong, a did-you-mean
// for a mistyped command or flag, the command's usage line, and where its
// help is. Every line is escaped by the caller.
func cobraError(cmd *cobra.Command, err error) []string {
	msg := err.Error()
	name := cmd.CommandPath()
	var what string
	m := &matcher{msg: msg}
	switch {
	case m.match(cobraExclusive):
		what = fmt.Sprintf("%s cannot go together: give one of them", flagList(m.sub[1], "and"))
	case m.match(cobraTogether):
		what = fmt.Sprintf("%s go together: give all of them, or none", flagList(m.sub[1], "and"))
	case m.match(cobraOneOf):
		what = fmt.Sprintf("%s needs %s", name, flagList(m.sub[1], "or"))
	case m.match(cobraExact):
		what = fmt.Sprintf("%s takes %s, got %s", name, arguments(m.sub[1]), m.sub[2])
	case m.match(cobraAtLeast):
		what = fmt.Sprintf("%s takes at least %s, got %s", name, arguments(m.sub[1]), m.sub[2])
	case m.match(cobraAtMost):
		what = fmt.Sprintf("%s takes at most %s, got %s", name, arguments(m.sub[1]), m.sub[2])
	case m.match(cobraBetween):
		what = fmt.Sprintf("%s takes %s to %s, got %s", name, m.sub[1], arguments(m.sub[2]), m.sub[3])
	case m.match(cobraUnknownCmd):
		what = fmt.Sprintf("%s has no command %q", m.sub[2], m.sub[1])
		var names []string
		for _, c := range cmd.Commands() {
			if c.IsAvailableCommand() {
				names = append(names, c.Name())
			}
		}
		if near := lint.Closest(m.sub[1], names, 2); near != "" {
			what += fmt.Sprintf("; did you mean '%s %s'?", m.sub[2], near)
		} else {
			what += fmt.Sprintf("; the commands: %s", strings.Join(names, ", "))
		}
	case m.match(cobraUnknownFlg):
		what = fmt.Sprintf("%s has no flag --%s", name, m.sub[1])
		if near := lint.Closest(m.sub[1], flagNames(cmd), 2); near != "" {
			what += fmt.Sprintf("; did you mean --%s?", near)
		}
	case m.match(cobraUnknownSh):
		what = fmt.Sprintf("%s has no flag -%s", name, m.sub[1])
		if m.sub[2] != "-"+m.sub[1] {
			what += " (in " + m.sub[2] + ")"
		}
	case m.match(cobraNeedsArg):
		what = fmt.Sprintf("%s needs a value, as in %s VALUE", m.sub[1], m.sub[1])
	default:
		what = msg
	}
	usage := cmd.UseLine()
	if !cmd.Runnable() {
		usage = name + " COMMAND [flags]"
	}
	return []string{what, "Usage: " + usage, fmt.Sprintf("Run '%s --help' for its flags and examples.", name)}
}

// unknownSubcommand finds, in args, a word given to a command that only
// groups others (auth, auth sets) and is none of them: the group and the
// word, or nil. "help" asks for the group's help, which cobra prints.
func unknownSubcommand(root *cobra.Command, args []string) (*cobra.Command, string) {
	group, rest, err := root.Find(args)
	if err != nil || group == root || group.Runnable() || !group.HasSubCommands() {
		return nil, ""
	}
	for _, a := range rest {
		switch {
		case a == "--":
			return nil, ""
		case a == "help" || strings.HasPrefix(a, "-"):
			continue
		}
		return group, a
	}
	return nil, ""
}

// matcher matches a message against the patterns in turn, keeping the
// submatches of the one that matched.
type matcher struct {
	msg string
	sub []string
}

func (m *matcher) match(re *regexp.Regexp) bool {
	m.sub = re.FindStringSubmatch(m.msg)
	return m.sub != nil
}

// flagList is cobra's space-separated flag group as "--a, --b and --c".
func flagList(group, conj string) string {
	names := strings.Fields(group)
	for i, n := range names {
		names[i] = "--" + n
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

func arguments(n string) string {
	if n == "1" {
		return "1 argument"
	}
	return n + " arguments"
}

// flagNames are the long flags cmd accepts, its own and inherited.
func flagNames(cmd *cobra.Command) []string {
	var names []string
	add := func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	}
	cmd.Flags().VisitAll(add)
	cmd.InheritedFlags().VisitAll(add)
	return names
}
