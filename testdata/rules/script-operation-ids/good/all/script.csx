using System;
using System.Net.Http;
using Newtonsoft.Json.Linq;

public class Script : ScriptBase
{
    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        switch (this.Context.OperationId)
        {
            case "GetTeam":
                return await this.GetTeam().ConfigureAwait(false);
            case "CreateTeam":
                break;
        }
        if (Context.OperationId == "GetTeam" || "CreateTeam" == this.Context.OperationId)
        {
            var label = "NotAnOperation";
            if (label == "AlsoNotAnOperation")
            {
                return null;
            }
        }
        if ("getteam".Equals(this.Context.OperationId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var op = this.Context.OperationId.ToLowerInvariant();
        var kind = op switch
        {
            "getteam" or "createteam" => 1,
            _ => 0,
        };
        if (string.Equals(op, "createteam"))
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
