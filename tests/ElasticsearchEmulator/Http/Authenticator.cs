using System.Text;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>The security realm of a secured 8.x cluster, reduced to fixed credentials.</summary>
internal sealed class Authenticator
{
    private readonly EmulatorCredentials? _credentials;
    private readonly string[] _challenges;

    public Authenticator(EmulatorCredentials? credentials)
    {
        _credentials = credentials;
        var challenges = new List<string>();
        if (credentials?.Username is not null)
        {
            challenges.Add("Basic realm=\"security\", charset=\"UTF-8\"");
        }

        if (credentials?.BearerToken is not null)
        {
            challenges.Add("Bearer realm=\"security\"");
        }

        if (credentials?.ApiKeyId is not null)
        {
            challenges.Add("ApiKey");
        }

        _challenges = [.. challenges];
    }

    public bool Enabled => _credentials is not null && _challenges.Length > 0;

    /// <summary>Throws a 401 <c>security_exception</c> unless the request carries valid credentials.</summary>
    public void Authenticate(EsRequest request)
    {
        if (!Enabled)
        {
            return;
        }

        var header = request.Context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            throw Unauthorized($"missing authentication credentials for REST request [{request.Uri}]");
        }

        var space = header.IndexOf(' ');
        var scheme = space > 0 ? header[..space] : header;
        var value = space > 0 ? header[(space + 1)..].Trim() : string.Empty;
        var credentials = _credentials!;
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && credentials.Username is not null)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            }
            catch (FormatException)
            {
                throw Unauthorized($"missing authentication credentials for REST request [{request.Uri}]");
            }

            var colon = decoded.IndexOf(':');
            var user = colon >= 0 ? decoded[..colon] : decoded;
            var password = colon >= 0 ? decoded[(colon + 1)..] : string.Empty;
            if (user == credentials.Username && password == credentials.Password)
            {
                return;
            }

            throw Unauthorized($"unable to authenticate user [{user}] for REST request [{request.Uri}]");
        }

        if (scheme.Equals("ApiKey", StringComparison.OrdinalIgnoreCase) && credentials.EncodedApiKey is not null)
        {
            if (value == credentials.EncodedApiKey)
            {
                return;
            }

            throw Unauthorized("unable to authenticate with provided credentials and anonymous access is not allowed for this request");
        }

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && credentials.BearerToken is not null)
        {
            if (value == credentials.BearerToken)
            {
                return;
            }

            throw Unauthorized("unable to authenticate with provided credentials and anonymous access is not allowed for this request");
        }

        throw Unauthorized($"missing authentication credentials for REST request [{request.Uri}]");
    }

    private EsException Unauthorized(string reason) =>
        new(401, "security_exception", reason)
        {
            Headers = [new KeyValuePair<string, string[]>("WWW-Authenticate", _challenges)],
        };
}
