using System.Net.Http;

public class Script : ScriptBase
{
    private static readonly HttpClient Shared = new HttpClient();

    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        var log = $"sending {this.Context.OperationId} with \"new HttpClient()\"";
        using (var client = new System.Net.Http.HttpClient())
        {
            return await client.SendAsync(this.Context.Request);
        }
    }
}
