using System;
using System.Net.Http;
using Newtonsoft.Json.Linq;

public class Script : ScriptBase
{
    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        // "ListTeams" in a comment is not a comparison.
        switch (this.Context.OperationId)
        {
            case "GetTeams":
                return await this.GetTeam().ConfigureAwait(false);
            case "CreateTeam":
                break;
        }
        if (Context.OperationId == "getTeam")
        {
            return null;
        }
        if ("DeleteTeam".Equals(this.Context.OperationId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var op = this.Context.OperationId.ToLowerInvariant();
        var kind = op switch
        {
            "getteam" or "CreateTeam" => 1,
            "updateteam" => 2,
            _ => 0,
        };
        if (string.Equals(op, "archiveteam"))
        {
            return null;
        }
        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> GetTeam()
    {
        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken).ConfigureAwait(false);
    }
}
