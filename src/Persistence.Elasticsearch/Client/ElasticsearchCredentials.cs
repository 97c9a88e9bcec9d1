using System.Text;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Builds the Authorization header value from the options (or from user info in the URLs).</summary>
internal static class ElasticsearchCredentials
{
    /// <summary>The header value, or null for anonymous access.</summary>
    public static string? AuthorizationHeader(ElasticsearchConnectionOptions options, IEnumerable<Uri> urls)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            // Elasticsearch hands out keys already encoded; "id:key" is encoded here.
            var key = options.ApiKey.Contains(':', StringComparison.Ordinal)
                ? Convert.ToBase64String(Encoding.UTF8.GetBytes(options.ApiKey))
                : options.ApiKey;
            return "ApiKey " + key;
        }

        var (user, password) = (options.Username, options.Password);
        if (string.IsNullOrEmpty(user))
        {
            var userInfo = urls.Select(u => u.UserInfo).FirstOrDefault(i => i.Length > 0);
            if (userInfo is not null)
            {
                var parts = userInfo.Split(':', 2);
                user = Uri.UnescapeDataString(parts[0]);
                password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
            }
        }

        return string.IsNullOrEmpty(user)
            ? null
            : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    /// <summary>The URL without user info, so credentials never reach a request line, a log or a message.</summary>
    public static Uri WithoutUserInfo(Uri uri) =>
        uri.UserInfo.Length == 0 ? uri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
}
