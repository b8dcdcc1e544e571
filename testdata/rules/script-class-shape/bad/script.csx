using System.Net.Http;

// class Script : ScriptBase is not here: this comment must not count.
public class Script : ScriptBase
{
    private const string Note = "class Script : ScriptBase { }";

    public async Task<HttpResponseMessage> ExecuteAsync()
    {
        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken);
    }
}

public class Script : ScriptBase
{
}
