package auth

import (
	"fmt"
	"strings"
)

// StepsInput is what the next steps depend on.
type StepsInput struct {
	AAD AAD
	// ConnectorID is --connector-id: the name at the end of the
	// per-connector redirect URI, or that whole URI.
	ConnectorID string
	// FileRedirectURL is the per-connector redirect URI recorded in
	// apiProperties.json, if any.
	FileRedirectURL string
	// Preset is the --preset name, if any.
	Preset string
	// Migrated says that the files move from the shared Global redirect
	// (or none) to GlobalPerConnector in this run.
	Migrated bool
}

// NextSteps are what the user does after ppconn auth aad, in order, each
// a paragraph whose lines after the first are indented.
func NextSteps(in StepsInput) []string {
	a := in.AAD
	var steps []string
	add := func(lines ...string) { steps = append(steps, strings.Join(lines, "\n")) }

	register := "Register the redirect URI in the app registration (Microsoft Entra admin center > App registrations > your app > Authentication > Add a platform > Web > Redirect URIs):"
	if in.Migrated && a.RedirectMode == RedirectPerConnector {
		register = "First, before you import or update the connector with these files, register its own redirect URI in the app\n" +
			"registration, beside the shared one (Microsoft Entra admin center > App registrations > your app >\n" +
			"Authentication > Web > Redirect URIs): the files move from redirectMode Global to GlobalPerConnector, and\n" +
			"until the new URI is registered every sign-in fails with \"The redirect_uri doesn't match the client\n" +
			"registered redirect_uri\". Keep https://global.consent.azure-apim.net/redirect registered until every\n" +
			"environment runs the updated connector. The URI to register:"
	}
	switch uri := RedirectURI(a.RedirectMode, in.ConnectorID); {
	case a.RedirectMode == RedirectGlobal:
		add(register, "    "+uri,
			"redirectMode Global is the shared redirect URI Microsoft retired: OAuth connectors had to move to a",
			"per-connector URI before 2024-02-17, and certification requires GlobalPerConnector. ppconn keeps an",
			"existing Global, since moving breaks sign-in until the new URI is registered; to move, run",
			"ppconn auth migrate-redirect (or this command with --redirect-mode GlobalPerConnector).")
	case uri != "":
		lines := []string{register, "    " + uri}
		if in.FileRedirectURL != "" && !strings.EqualFold(in.FileRedirectURL, uri) {
			lines = append(lines, "apiProperties.json records "+in.FileRedirectURL+" as redirectUrl: check which is the connector's.")
		}
		add(lines...)
	case in.FileRedirectURL != "":
		add(register, "    "+in.FileRedirectURL,
			"(the redirectUrl apiProperties.json records; the Security tab of the saved connector shows it too).")
	case in.Migrated:
		add(register, "    "+SharedRedirectURL+"/<connector-id>",
			"The connector exists already, so its id does too: it is the name at the end of the custom connector's",
			"address in the portal (paconn create prints it too). Run this command again with",
			"--connector-id <connector-id> to have the exact URI printed.")
	default:
		add(register, "    "+SharedRedirectURL+"/<connector-id>",
			"The per-connector URI exists only once the connector is first saved (created): create or import it,",
			"copy the Redirect URL its Security tab shows, and add it to the app registration; or run this",
			"command again with --connector-id <connector-id> to print it. Until it is registered, sign-in fails",
			"with \"The redirect_uri doesn't match the client registered redirect_uri\".")
	}

	if a.Placeholder() {
		add(fmt.Sprintf("Set the client id: clientId is the placeholder %s. Give the Application (client) ID of", a.ClientID),
			fmt.Sprintf("the app registration with --client-id, %s or auth.aad.client-id in .ppconn.yaml, and run again.", EnvVars["client-id"]))
	}

	add("Give the client secret to the platform, never to the files: ppconn writes none. Enter it on the",
		"Security tab of the custom connector (Client secret), or pass it to paconn create or paconn update with",
		"--secret. Keep it out of the repository, and out of shell history (read it from a secret store).")

	if perms := PresetPermissions[in.Preset]; len(perms) > 0 {
		add("Grant the app registration the Microsoft Graph delegated permissions the "+in.Preset+" connector uses",
			"(API permissions > Add a permission > Microsoft Graph > Delegated permissions), then grant admin consent:",
			"    "+strings.Join(perms, ", "))
	}

	add("Client secrets expire (the Entra admin center offers up to 24 months): note the expiry date, and",
		"before it passes add a new secret to the app registration and update the connector (Security tab, or",
		"paconn update --secret). When it expires, connections stop signing in.")
	return steps
}
