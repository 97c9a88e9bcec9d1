using System.Text.RegularExpressions;
using Coordination.Configuration;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The Elasticsearch-specific checks behind the providers' configuration validators. Each failure names the setting, what it is and
/// what would be accepted, so a silo that refuses to start says how to fix it. Credentials are never echoed.
/// </summary>
internal static partial class SettingRules
{
    /// <summary>The connection settings; <paramref name="prefix"/> is put before each setting name (e.g. <c>Connection:</c>).</summary>
    public static void Connection(List<string> failures, ElasticsearchConnectionOptions? options, string prefix = "")
    {
        if (options is null)
        {
            failures.Add($"{prefix.TrimEnd(':')} is missing; give the Elasticsearch connection settings.");
            return;
        }

        foreach (var url in options.NodeUrls())
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{prefix}Urls contains '{ElasticsearchClientSettingsFactory.RedactUserInfo(url)}', which is not an http:// or https:// URL.");
            }
        }

        if (!string.IsNullOrEmpty(options.ApiKey) && !string.IsNullOrEmpty(options.Username))
        {
            failures.Add($"{prefix}ApiKey and {prefix}Username are both set; use one way to authenticate.");
        }

        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Username))
        {
            failures.Add($"{prefix}Password is set without {prefix}Username; set both for Basic authentication.");
        }

        if (options.CertificateAuthorityPath is { Length: > 0 } path && !File.Exists(path))
        {
            failures.Add($"{prefix}CertificateAuthorityPath is '{path}', which does not exist; give the path of the CA certificate (PEM or DER).");
        }

        OptionRules.Range(failures, $"{prefix}RequestTimeout", options.RequestTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        OptionRules.Range(failures, $"{prefix}MaxRetries", options.MaxRetries, 0, 10);
        OptionRules.Range(failures, $"{prefix}RetryBaseDelay", options.RetryBaseDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        OptionRules.Range(failures, $"{prefix}MaxRetryDelay", options.MaxRetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        OptionRules.Range(failures, $"{prefix}DeadNodeCooldown", options.DeadNodeCooldown, TimeSpan.Zero, TimeSpan.FromHours(1));
    }

    /// <summary>The client named by <see cref="ElasticsearchConnectionOptions.ClientServiceKey"/>, when one is, must be registered.</summary>
    public static void ClientService(List<string> failures, ElasticsearchConnectionOptions? options, IServiceProvider? services, string prefix = "")
    {
        if (options?.ClientServiceKey is { Length: > 0 } key && services?.GetKeyedService<ElasticsearchClient>(key) is null)
        {
            failures.Add(prefix + ElasticsearchConnection.MissingClientMessage(key));
        }
    }

    public static void RefreshInterval(List<string> failures, string setting, string? value)
    {
        if (!TimeValuePattern().IsMatch(value ?? string.Empty))
        {
            failures.Add($"{setting} is '{value}'; use an Elasticsearch time value such as 1s, 500ms or 30s, or -1 to disable periodic refresh.");
        }
    }

    [GeneratedRegex(@"^(-1|0|\d+(nanos|micros|ms|s|m|h|d))$")]
    private static partial Regex TimeValuePattern();
}
