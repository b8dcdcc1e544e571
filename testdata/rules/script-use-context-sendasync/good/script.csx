using System.Net.Http;

public class Script : ScriptBase
{
    // Not: new HttpClient(); use the context instead.
    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        var log = $"sending {this.Context.OperationId} without \"new HttpClient()\" {{literal}}";
        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken);
    }
}
