using System.Net.Http;
using System.Runtime.Remoting.Contexts;
using static System.Math;
using static Org.BouncyCastle.Crypto.Digest;
using Json = Newtonsoft.Json.JsonConvert;
using Bc = Org.BouncyCastle.Crypto;
/* using Not.A.Directive; */

namespace Contoso
{
    public class Script : ScriptBase
    {
        public override async Task<HttpResponseMessage> ExecuteAsync()
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                using var client = new System.Net.Http.HttpRequestMessage();
            }
            return await this.Context.SendAsync(this.Context.Request, this.CancellationToken);
        }
    }
}
