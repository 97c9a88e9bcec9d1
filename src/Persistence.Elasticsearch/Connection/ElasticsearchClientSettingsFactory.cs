using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Turns <see cref="ElasticsearchConnectionOptions"/> into the official client's settings. The transport's own
/// retries are off (and with several nodes its pool offers one node per request, see <see cref="OneNodePerRequestPool"/>):
/// it resends a request only by failing over to another node, even after a timeout or a dropped connection, where the
/// request may already have run, and a compare-and-set write sent twice can come back as a 409 for its own first
/// copy. <see cref="ElasticsearchConnection"/> retries instead, and only what surely did not run.
/// </summary>
internal static class ElasticsearchClientSettingsFactory
{
    // How much longer than the first cooldown a node that keeps failing is skipped (the transport doubles it).
    private const int MaxDeadTimeoutFactor = 8;

    /// <exception cref="ArgumentException">A URL is not an http or https URL, or the CA file cannot be read.</exception>
    public static ElasticsearchClientSettings Create(ElasticsearchConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var urls = options.NodeUrls().Select(ParseUrl).ToList();

        // Credentials travel in the Authorization header only: a node's URI is in every DebugInformation and message.
        var nodes = urls.Select(WithoutUserInfo).ToList();
        NodePool pool = nodes.Count == 1 ? new SingleNodePool(nodes[0]) : new OneNodePerRequestPool(nodes);
        var settings = new ElasticsearchClientSettings(pool)
            .RequestTimeout(options.RequestTimeout)
            .MaximumRetries(0)
            .EnableHttpCompression(options.HttpCompression)
            // A ping (HEAD /) before using a node that was down would be one more request on the write path; a node
            // that is still down refuses the connection, which is retried on the next node anyway.
            .DisablePing()
            .DeadTimeout(options.DeadNodeCooldown)
            .MaxDeadTimeout(options.DeadNodeCooldown * MaxDeadTimeoutFactor);

        if (Authentication(options, urls) is { } authentication)
        {
            settings = settings.Authentication(authentication);
        }

        if (options.CertificateAuthorityPath is { Length: > 0 } caPath)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            settings = settings.ServerCertificateValidationCallback((_, certificate, _, errors) => IsTrusted(certificate, errors, authority));
        }

        return settings;
    }

    /// <summary>The URL as it may appear in logs and messages: scheme, host and port, never user info.</summary>
    public static string Display(Uri uri) => $"{uri.Scheme}://{uri.Authority}";

    /// <summary>A configured URL for a message, with any user info replaced by <c>***</c>.</summary>
    public static string RedactUserInfo(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var path = scheme < 0 ? -1 : url.IndexOf('/', scheme + 3);
        return scheme >= 0 && at > scheme && (path < 0 || at < path) ? url[..(scheme + 3)] + "***@" + url[(at + 1)..] : url;
    }

    private static AuthorizationHeader? Authentication(ElasticsearchConnectionOptions options, IReadOnlyList<Uri> urls)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            // Elasticsearch hands out keys already encoded; "id:key" is the form its create-key answer lists apart.
            var separator = options.ApiKey.IndexOf(':', StringComparison.Ordinal);
            return separator > 0
                ? new Base64ApiKey(options.ApiKey[..separator], options.ApiKey[(separator + 1)..])
                : new ApiKey(options.ApiKey);
        }

        if (!string.IsNullOrEmpty(options.Username))
        {
            return new BasicAuthentication(options.Username, options.Password ?? string.Empty);
        }

        var userInfo = urls.Select(u => u.UserInfo).FirstOrDefault(i => i.Length > 0);
        if (userInfo is null)
        {
            return null;
        }

        var parts = userInfo.Split(':', 2);
        return new BasicAuthentication(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }

    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an untrusted chain can be fixed by our CA; a wrong host name or a missing certificate cannot.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        // The chain must end at this CA and no other: trusting "any root" would accept any self-signed certificate.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{RedactUserInfo(url)}' is not an http or https URL.", nameof(url));
        }

        return uri;
    }

    private static Uri WithoutUserInfo(Uri uri) =>
        uri.UserInfo.Length == 0 ? uri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
}
