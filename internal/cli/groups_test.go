package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/rules"
)

// TestGroupByConfig: lint and fix group the targets of their PATHs by the
// same rule, the .ppconn.yaml each PATH finds upwards, loaded once and
// replaced by --config or dropped by --no-config; groups in the order of
// the first PATH that finds them, targets in the order of their PATHs.
func TestGroupByConfig(t *testing.T) {
	root := t.TempDir()
	if found, _ := config.Find(root); found != "" {
		t.Skipf("%s lies below a configuration, %s", root, found)
	}
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const swagger = `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}`
	write("a/"+config.FileName, "profile: certification\n")
	write("a/one.swagger.json", swagger)
	write("a/deep/two.swagger.json", swagger)
	write("b/"+config.FileName, "profile: custom\n")
	write("b/three.swagger.json", swagger)
	write("none/four.swagger.json", swagger)
	write("other.yaml", "profile: certification\n")
	at := func(rel string) string { return filepath.Join(root, rel) }

	// group is a configGroup as the test sees it: the configuration file
	// (relative to root, "" for none), the profile it gives, the targets
	// (a connector folder's path, or a lone file's).
	type group struct {
		config  string
		profile string
		targets []string
	}
	describe := func(t *testing.T, gs []*configGroup, withProfile bool) []group {
		var out []group
		for _, g := range gs {
			d := group{}
			if g.file != nil {
				d.config, _ = filepath.Rel(root, g.file.Path)
			}
			if withProfile {
				d.profile = g.cfg.Profile.Name
			}
			for _, tg := range g.targets {
				p := tg.Dir
				if p == "" {
					p = tg.Swaggers[0]
				}
				if rel, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(rel, "..") {
					p = rel
				}
				d.targets = append(d.targets, filepath.ToSlash(p))
			}
			out = append(out, d)
		}
		return out
	}
	for _, tt := range []struct {
		name    string
		args    []string
		flags   configFlags
		want    []group
		wantErr string // both commands fail with this
	}{{
		name: "each PATH finds its own configuration, one group per file",
		args: []string{at("a/one.swagger.json"), at("b/three.swagger.json"), at("a/deep/two.swagger.json")},
		want: []group{
			{config: "a/.ppconn.yaml", profile: "certification", targets: []string{"a/one.swagger.json", "a/deep/two.swagger.json"}},
			{config: "b/.ppconn.yaml", profile: "custom", targets: []string{"b/three.swagger.json"}},
		},
	}, {
		name: "a folder PATH brings all of its targets to its group",
		args: []string{at("b"), at("a")},
		want: []group{
			{config: "b/.ppconn.yaml", profile: "custom", targets: []string{"b"}},
			{config: "a/.ppconn.yaml", profile: "certification", targets: []string{"a", "a/deep"}},
		},
	}, {
		name: "a PATH with no configuration above has a group of its own",
		args: []string{at("none/four.swagger.json"), at("a/one.swagger.json"), at("none")},
		want: []group{
			{profile: "custom", targets: []string{"none/four.swagger.json", "none"}},
			{config: "a/.ppconn.yaml", profile: "certification", targets: []string{"a/one.swagger.json"}},
		},
	}, {
		name:  "--config is the one configuration of every PATH",
		args:  []string{at("b/three.swagger.json"), at("a/one.swagger.json"), at("none")},
		flags: configFlags{path: at("other.yaml")},
		want: []group{
			{config: "other.yaml", profile: "certification", targets: []string{"b/three.swagger.json", "a/one.swagger.json", "none"}},
		},
	}, {
		name:  "--no-config reads none",
		args:  []string{at("a/one.swagger.json"), at("b/three.swagger.json")},
		flags: configFlags{none: true},
		want: []group{
			{profile: "custom", targets: []string{"a/one.swagger.json", "b/three.swagger.json"}},
		},
	}, {
		name:    "a missing --config is reported before the PATHs are read",
		args:    []string{at("nowhere"), at("a")},
		flags:   configFlags{path: at("nope.yaml")},
		wantErr: "bad configuration:\n" + at("nope.yaml") + ": no such file",
	}, {
		name:    "a missing PATH",
		args:    []string{at("a"), at("nowhere")},
		wantErr: at("nowhere") + ": no such file or folder",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			lo := &lintOptions{config: tt.flags.path, noConfig: tt.flags.none, limits: connector.DefaultLimits}
			lg, lerr := lintGroups(tt.args, lo, strings.NewReader(""))
			fo := &fixOptions{config: tt.flags.path, noConfig: tt.flags.none, limits: connector.DefaultLimits}
			fg, ferr := fixGroups(tt.args, fo, rules.Registry())
			if tt.wantErr != "" {
				for cmd, err := range map[string]error{"lint": lerr, "fix": ferr} {
					if err == nil || err.Error() != tt.wantErr {
						t.Errorf("%s: error %v, want %q", cmd, err, tt.wantErr)
					}
				}
				return
			}
			if lerr != nil || ferr != nil {
				t.Fatalf("lint: %v; fix: %v", lerr, ferr)
			}
			want := make([]group, len(tt.want))
			for i, g := range tt.want {
				want[i] = group{config: g.config, targets: g.targets}
			}
			if got := describe(t, lg, false); !reflect.DeepEqual(got, want) {
				t.Errorf("lint groups:\n%v\nwant:\n%v", got, want)
			}
			// fix also applies each group's configuration
			if got := describe(t, fg, true); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fix groups:\n%v\nwant:\n%v", got, tt.want)
			}
		})
	}
}

// TestGroupByConfigStdin: lint's "-" is standard input, read once, in the
// group of the configuration found from --stdin-filename.
func TestGroupByConfigStdin(t *testing.T) {
	root := t.TempDir()
	if found, _ := config.Find(root); found != "" {
		t.Skipf("%s lies below a configuration, %s", root, found)
	}
	cfgPath := filepath.Join(root, "a", config.FileName)
	lone := filepath.Join(root, "a", "one.swagger.json")
	for p, text := range map[string]string{cfgPath: "profile: certification\n", lone: `{"swagger": "2.0"}`} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	name := filepath.Join(root, "a", "piped.swagger.json") // need not exist
	o := &lintOptions{stdinFilename: name, limits: connector.DefaultLimits}
	gs, err := lintGroups([]string{lone, "-"}, o, strings.NewReader("piped"))
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || gs[0].file == nil || gs[0].file.Path != cfgPath {
		t.Fatalf("groups %+v: want one, of %s", gs, cfgPath)
	}
	wantTargets := []connector.Target{connector.FileTarget(lone), connector.FileTarget(name)}
	if !reflect.DeepEqual(gs[0].targets, wantTargets) {
		t.Errorf("targets %v, want %v", gs[0].targets, wantTargets)
	}
	if got := string(gs[0].overlay[name]); got != "piped" {
		t.Errorf("overlay of %s: %q, want the standard input", name, got)
	}
	for _, tt := range []struct {
		args []string
		name string
		want string
	}{
		{[]string{lone}, name, "--stdin-filename names standard input, which is linted only with the PATH '-'"},
		{[]string{"-", lone, "-"}, "", "standard input ('-') can be given once"},
	} {
		o := &lintOptions{stdinFilename: tt.name, limits: connector.DefaultLimits}
		if _, err := lintGroups(tt.args, o, strings.NewReader("")); err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %q", tt.args, err, tt.want)
		}
	}
}
