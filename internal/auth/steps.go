package auth

import (
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
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

	steps = append(steps, redirectStep(redirectIn{
		mode: a.RedirectMode, connectorID: in.ConnectorID, fileURL: in.FileRedirectURL, migrated: in.Migrated,
		register: aadRegister, first: aadFirst,
	}))

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

	if a.ClientCredentials {
		add("Service principal connections (client credentials): grant the app registration application permissions on",
			"the resource (API permissions > Add a permission > Application permissions), then admin consent. A",
			"connection signs in as the application when it is created with token:grantType client_credentials,",
			"token:clientId and token:clientSecret (the parameterValues of a Microsoft.Web/connections ARM resource,",
			"or the API); the portal's connection dialog signs in as the user, since those parameters are hidden.")
	}
	steps = append(steps, secretExpiryStep("in the app registration"))
	return steps
}

// Where the redirect URI is registered, for Microsoft Entra ID and for
// any other provider; the *First texts come first on a migration, and
// say what breaks until it is done.
const (
	aadRegister = "Register the redirect URI in the app registration (Microsoft Entra admin center > App registrations > your app > Authentication > Add a platform > Web > Redirect URIs):"
	aadFirst    = "First, before you import or update the connector with these files, register its own redirect URI in the app\n" +
		"registration, beside the shared one (Microsoft Entra admin center > App registrations > your app >\n" +
		"Authentication > Web > Redirect URIs): the files move from redirectMode Global to GlobalPerConnector, and\n" +
		"until the new URI is registered every sign-in fails with \"The redirect_uri doesn't match the client\n" +
		"registered redirect_uri\". Keep https://global.consent.azure-apim.net/redirect registered until every\n" +
		"environment runs the updated connector. The URI to register:"
	oauthRegister = "Register the redirect URI (callback URL) with the OAuth app at the identity provider:"
	oauthFirst    = "First, before you import or update the connector with these files, register its own redirect URI with\n" +
		"the OAuth app at the identity provider, beside the shared one: the files move from redirectMode Global to\n" +
		"GlobalPerConnector, and until the new URI is registered every sign-in fails with a redirect_uri mismatch.\n" +
		"Keep https://global.consent.azure-apim.net/redirect registered until every environment runs the updated\n" +
		"connector. The URI to register:"
)

// redirectIn is what the redirect step says: where the URI is registered
// (register), and the warning that comes first on a migration (first).
type redirectIn struct {
	mode, connectorID, fileURL string
	migrated                   bool
	register, first            string
}

// redirectStep is the next step that registers the redirect URI at the
// identity provider, for any OAuth provider.
func redirectStep(in redirectIn) string {
	var steps []string
	add := func(lines ...string) { steps = append(steps, strings.Join(lines, "\n")) }
	register := in.register
	if in.migrated && in.mode == RedirectPerConnector {
		register = in.first
	}
	switch uri := RedirectURI(in.mode, in.connectorID); {
	case in.mode == RedirectGlobal:
		add(register, "    "+uri,
			"redirectMode Global is the shared redirect URI Microsoft retired: OAuth connectors had to move to a",
			"per-connector URI before 2024-02-17, and certification requires GlobalPerConnector. ppconn keeps an",
			"existing Global, since moving breaks sign-in until the new URI is registered; to move, run",
			"ppconn auth migrate-redirect (or this command with --redirect-mode GlobalPerConnector).")
	case uri != "":
		lines := []string{register, "    " + uri}
		if in.fileURL != "" && !strings.EqualFold(in.fileURL, uri) {
			lines = append(lines, "apiProperties.json records "+in.fileURL+" as redirectUrl: check which is the connector's.")
		}
		add(lines...)
	case in.fileURL != "":
		add(register, "    "+in.fileURL,
			"(the redirectUrl apiProperties.json records; the Security tab of the saved connector shows it too).")
	case in.migrated:
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

	return steps[0]
}

// APIKeySteps are what the user does after ppconn auth apikey.
func APIKeySteps(k APIKey) []string {
	where := "header " + k.Name
	if k.In == "query" {
		where = "query parameter " + k.Name
	}
	return []string{
		"Makers enter the API key when they create a connection; the platform sends it in the " + where + "\n" +
			"of every request. Try it: import the connector, create a connection on its Test tab, and run an operation.",
		"Never put an API key in the files: ppconn writes none, and a connection keeps its key in the platform.",
	}
}

// BasicSteps are what the user does after ppconn auth basic.
func BasicSteps() []string {
	return []string{
		"Makers enter a user name and a password when they create a connection; the platform sends them in\n" +
			"the Authorization header (Basic) of every request, so the API must be served over HTTPS.",
		"Never put a user name or password in the files: ppconn writes none.",
	}
}

// NoneSteps are what the user does after ppconn auth none.
func NoneSteps(removed bool) []string {
	steps := []string{"Check that the API accepts calls without credentials (or that a policy adds them): the\n" +
		"connector no longer asks makers for any."}
	if removed {
		steps = append(steps, "Connections made with the old authentication were created with credentials the connector no longer\n"+
			"declares: after you update the connector, test them, and create new connections where they fail.")
	}
	return steps
}

// OAuth2Steps are what the user does after ppconn auth oauth2.
func OAuth2Steps(o OAuth2, connectorID, fileURL string, migrated bool) []string {
	steps := []string{redirectStep(redirectIn{
		mode: o.RedirectMode, connectorID: connectorID, fileURL: fileURL, migrated: migrated,
		register: oauthRegister, first: oauthFirst,
	})}
	if connector.IsPlaceholder(o.ClientID) || o.ClientID == "" {
		steps = append(steps, "Set the client id: clientId is the placeholder "+o.ClientID+". Give the client id of the OAuth app\n"+
			"with --client-id, and run again.")
	}
	steps = append(steps,
		"Give the client secret to the platform, never to the files: ppconn writes none. Enter it on the\n"+
			"Security tab of the custom connector (Client secret), or pass it to paconn create or paconn update with\n"+
			"--secret.",
		secretExpiryStep("at the identity provider"))
	return steps
}

// secretExpiryStep says that client secrets expire and where to record
// the date, which the secret-expiry rule of ppconn lint reads.
func secretExpiryStep(where string) string {
	return "Client secrets expire: record the expiry date in .ppconn.yaml, as auth.secret-expires: 2027-03-31,\n" +
		"and ppconn lint warns from 30 days before it passes (run it daily in CI). Before then, add a new\n" +
		"secret " + where + " and update the connector (Security tab > Client secret,\n" +
		"or paconn update --secret). When it expires, connections stop signing in."
}
