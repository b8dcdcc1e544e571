package rules

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// secretExpiryLint lints the secret-expiry fixture connector with the
// configuration text cfg, in a profile, on the date today.
func secretExpiryLint(t *testing.T, cfgText, profile string, today time.Time) []lint.Finding {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(fixtureRoot, "secret-expiry", "good", "unrecorded")
	for _, name := range []string{"apiDefinition.swagger.json", "apiProperties.json"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte(cfgText), 0o644); err != nil {
		t.Fatal(err)
	}
	only, err := lint.NewRegistry(secretExpiry)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lint.LookupProfile(profile)
	if err != nil {
		t.Fatal(err)
	}
	cfg := lint.Config{Registry: only, Profile: p, Limits: connector.DefaultLimits, Now: func() time.Time { return today }}
	c, err := config.Load(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(only, &cfg); err != nil {
		t.Fatal(err)
	}
	targets, err := connector.Discover([]string{dir})
	if err != nil || len(targets) != 1 {
		t.Fatalf("discover: %v", err)
	}
	return lint.LintTarget(targets[0], &cfg).Findings
}

// TestSecretExpiryDates: before the window nothing, inside it a warning
// (in both profiles, the Import level notwithstanding), after the date an
// error; the date comes from the injected clock, the window from the
// warn-days option.
func TestSecretExpiryDates(t *testing.T) {
	const expires = "auth:\n  secret-expires: 2027-03-31\n"
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(15 * time.Hour)
	}
	for _, tt := range []struct {
		name, cfg, today string
		want             lint.Severity // Off: no finding
	}{
		{"long before", expires, "2026-12-01", lint.Off},
		{"the day before the window", expires, "2027-02-28", lint.Off},
		{"first day of the window", expires, "2027-03-01", lint.Warning},
		{"on the date", expires, "2027-03-31", lint.Warning},
		{"the day after", expires, "2027-04-01", lint.Error},
		{"a year after", expires, "2028-04-01", lint.Error},
		{"warn-days 60", expires + "rules:\n  secret-expiry:\n    options:\n      warn-days: 60\n", "2027-02-01", lint.Warning},
		{"rule option over auth", expires + "rules:\n  secret-expiry:\n    options:\n      expires: \"2027-01-31\"\n", "2027-03-01", lint.Error},
		{"not recorded", "profile: custom\n", "2030-01-01", lint.Off},
		{"turned off", expires + "rules:\n  secret-expiry: off\n", "2028-04-01", lint.Off},
	} {
		for _, profile := range []string{"custom", "certification"} {
			t.Run(tt.name+"/"+profile, func(t *testing.T) {
				fs := secretExpiryLint(t, tt.cfg, profile, day(tt.today))
				switch {
				case tt.want == lint.Off && len(fs) > 0:
					t.Errorf("want no finding, got %s: %s", fs[0].Severity, fs[0].Message)
				case tt.want != lint.Off && len(fs) != 1:
					t.Fatalf("want one %s finding, got %d", tt.want, len(fs))
				case tt.want != lint.Off && fs[0].Severity != tt.want:
					t.Errorf("severity %s, want %s: %s", fs[0].Severity, tt.want, fs[0].Message)
				}
			})
		}
	}
}

// TestSecretExpiryConfigChecksTheDate: a date that is not YYYY-MM-DD is
// an error of the configuration file, at its line.
func TestSecretExpiryConfigChecksTheDate(t *testing.T) {
	path := filepath.Join(t.TempDir(), config.FileName)
	if err := os.WriteFile(path, []byte("auth:\n  secret-expires: 31/03/2027\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Load(path); err == nil || !contains([]string{err.Error()}, path+":2:19: auth.secret-expires: \"31/03/2027\" is not a date: write it as YYYY-MM-DD, such as 2027-03-31") {
		t.Errorf("config.Load: %v", err)
	}
}
