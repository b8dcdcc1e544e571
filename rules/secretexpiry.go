package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// secretExpiryRules is the family of the client secret's expiry date,
// which .ppconn.yaml records (auth.secret-expires) and no connector file
// holds.
var secretExpiryRules = []*lint.Rule{secretExpiry}

// secretRenewal is how a client secret is renewed, the end of every
// message of the rule.
const secretRenewal = "renew it: a new secret in the app registration, then the Security tab's Client secret or paconn update --secret, and the new date in auth.secret-expires"

var secretExpiry = &lint.Rule{
	ID:     "secret-expiry",
	Level:  lint.Import,
	Title:  "The client secret recorded in .ppconn.yaml (auth.secret-expires) has not expired, nor expires within 30 days",
	Source: "issue #14 item 5 (the seed's \"update your connector authentication\"); L-AAD (client secrets expire, 24 months at most)",
	Since:  since,
	Target: lint.Properties,
	Options: []lint.Option{
		{Name: "expires", Default: "", Doc: "the date (YYYY-MM-DD) the client secret expires; auth.secret-expires in .ppconn.yaml sets it"},
		{Name: "warn-days", Default: 30, Doc: "how many days before the date the rule starts to warn"},
	},
	Doc: `A client secret expires (the Entra admin center offers 6 to 24 months), and when it
does every connection of the connector stops signing in, with nothing in the connector's
files to say so. Record the date where ppconn reads it, in .ppconn.yaml:

    auth:
      secret-expires: 2027-03-31

From 30 days before the date (the warn-days option) the rule warns — at most a warning,
whatever the profile — and once the date has passed it reports an error. Run ppconn lint
on a schedule (a daily CI job) so that the warning reaches you in time. The rule reports
nothing when no date is recorded.

To renew: add a new client secret in the app registration (Microsoft Entra admin center >
App registrations > your app > Certificates & secrets; for another provider, its OAuth
app), enter it on the custom connector's Security tab (Client secret) or with
paconn update --secret, then record the new date.

Bad (on 2027-04-02):

    auth:
      secret-expires: 2027-03-31

Good:

    auth:
      secret-expires: 2028-03-31`,
	Check: func(p *lint.Pass) {
		raw := strings.TrimSpace(fmt.Sprint(p.Option("expires")))
		if raw == "" {
			return
		}
		at := secretParamOf(p.Root)
		date, err := time.Parse(time.DateOnly, raw)
		if err != nil {
			p.ReportKey(at, "The client secret's expiry date %q (auth.secret-expires in .ppconn.yaml) is not a date: write it as YYYY-MM-DD, such as 2027-03-31", raw)
			return
		}
		y, m, d := p.Now().Date()
		left := int(date.Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)).Hours() / 24)
		switch warn := p.IntOption("warn-days"); {
		case left < 0:
			p.ReportDiagnostic(lint.Diagnostic{Node: at, AtKey: at.IsMember(),
				Message: fmt.Sprintf("The client secret expired on %s (%s ago, auth.secret-expires in .ppconn.yaml): connections no longer sign in; %s", raw, secretDays(-left), secretRenewal)})
		case left <= warn:
			when := "in " + secretDays(left)
			if left == 0 {
				when = "today"
			}
			p.ReportDiagnostic(lint.Diagnostic{Node: at, AtKey: at.IsMember(), Notice: true,
				Message: fmt.Sprintf("The client secret expires on %s, %s (auth.secret-expires in .ppconn.yaml): then connections stop signing in; %s", raw, when, secretRenewal)})
		}
	},
}

func secretDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// secretParamOf is where the finding goes: the first oauthSetting
// connection parameter (in connectionParameters, then in the parameter
// sets), else the root of apiProperties.json.
func secretParamOf(root *connector.Node) *connector.Node {
	pr := root.Get("properties")
	for _, c := range pr.Get("connectionParameters").List() {
		if strings.EqualFold(c.Get("type").Str(), "oauthSetting") {
			return c
		}
	}
	for _, v := range pr.At("connectionParameterSets", "values").List() {
		for _, c := range v.Get("parameters").List() {
			if strings.EqualFold(c.Get("type").Str(), "oauthSetting") {
				return c
			}
		}
	}
	return root
}
