package cli

import (
	"fmt"

	"github.com/ppconn/ppconn/internal/connector"
	gitcmd "github.com/ppconn/ppconn/internal/git"
	"github.com/ppconn/ppconn/internal/lint"
)

// revBaseline lints the files of the groups' targets as they are in the
// commit rev (read with git, the work tree untouched) and records their
// findings as a baseline, so that the run reports only what is new
// (--new-from-rev, as golangci-lint's). A file that is not in rev has no
// findings there: all of its findings are new. The configuration is
// today's, so that a rule turned on today does not flood the run.
func revBaseline(rev string, groups []*configGroup) (*lint.Baseline, error) {
	if _, err := gitcmd.Output("rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, usageError("--new-from-rev %s: not a commit of this repository (%v)", rev, err)
	}
	base := &lint.Baseline{}
	for _, g := range groups {
		var targets []connector.Target
		overlay := map[string][]byte{}
		for _, t := range g.targets {
			old, err := revTarget(rev, t, g.cfg.Limits, overlay)
			if err != nil {
				return nil, usageError("--new-from-rev %s: %v", rev, err)
			}
			if old != nil {
				targets = append(targets, *old)
			}
		}
		if len(targets) == 0 {
			continue
		}
		cfg := g.cfg
		cfg.Overlay = overlay
		lint.Run(targets, cfg, func(r lint.Result) {
			base.Add(r, r.Findings, ".")
		})
	}
	return base, nil
}

// revTarget is t with the files that exist in rev, their text put in
// overlay under the names t gives them; nil when none does.
func revTarget(rev string, t connector.Target, lim connector.Limits, overlay map[string][]byte) (*connector.Target, error) {
	found := false
	keep := func(p string) (string, error) {
		if p == "" {
			return "", nil
		}
		spec, err := gitPathspec(p)
		if err != nil {
			return "", err
		}
		object := rev + ":" + spec
		if typ, ok := gitcmd.Exists(object); !ok || typ != "blob" {
			return "", nil
		}
		src, err := gitcmd.Blob(object, lim.MaxBytes)
		if err != nil {
			return "", fmt.Errorf("%s: %w", displayPath(p), err)
		}
		overlay[p] = src
		found = true
		return p, nil
	}
	old := connector.Target{Dir: t.Dir}
	for _, s := range t.Swaggers {
		p, err := keep(s)
		if err != nil {
			return nil, err
		}
		if p != "" {
			old.Swaggers = append(old.Swaggers, p)
		}
	}
	var err error
	for _, f := range []struct{ from, to *string }{{&t.Props, &old.Props}, {&t.Settings, &old.Settings}, {&t.Script, &old.Script}} {
		if *f.to, err = keep(*f.from); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, nil
	}
	return &old, nil
}
