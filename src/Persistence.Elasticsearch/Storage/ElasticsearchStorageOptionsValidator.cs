using System.Text.RegularExpressions;
using Coordination.Runtime.Configuration;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Checks the Elasticsearch settings at start-up, naming each bad setting and what would be accepted.</summary>
public sealed partial class ElasticsearchStorageOptionsValidator : IValidateOptions<ElasticsearchStorageOptions>, IValidateOptions<ElasticsearchClientOptions>
{
    private const string Section = ElasticsearchStorageOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ElasticsearchStorageOptions options)
    {
        var failures = new List<string>();
        IndexNameRules.Validate(failures, $"{Section}:Index", options.Index, "coordination-locks");
        OptionRules.Range(failures, $"{Section}:NumberOfShards", options.NumberOfShards, 1, 1024);
        OptionRules.Range(failures, $"{Section}:NumberOfReplicas", options.NumberOfReplicas, 0, 16);
        OptionRules.Range(failures, $"{Section}:StartupHealthTimeout", options.StartupHealthTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        if (!TimeValuePattern().IsMatch(options.RefreshInterval ?? string.Empty))
        {
            failures.Add($"{Section}:RefreshInterval is '{options.RefreshInterval}'; use an Elasticsearch time value such as 1s, 500ms or 30s, or -1 to disable periodic refresh.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, ElasticsearchClientOptions options)
    {
        var failures = new List<string>();
        foreach (var url in options.Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{Section}:Urls contains '{ElasticsearchTransport.RedactUserInfo(url)}', which is not an http:// or https:// URL.");
            }
        }

        if (!string.IsNullOrEmpty(options.ApiKey) && !string.IsNullOrEmpty(options.Username))
        {
            failures.Add($"{Section}: both ApiKey and Username are set; use one way to authenticate.");
        }

        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Username))
        {
            failures.Add($"{Section}:Password is set without Username; set both for Basic authentication.");
        }

        if (options.CertificateAuthorityPath is { Length: > 0 } path && !File.Exists(path))
        {
            failures.Add($"{Section}:CertificateAuthorityPath is '{path}', which does not exist; give the path of the CA certificate (PEM or DER).");
        }

        OptionRules.Range(failures, $"{Section}:RequestTimeout", options.RequestTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        OptionRules.Range(failures, $"{Section}:MaxRetries", options.MaxRetries, 0, 10);
        OptionRules.Range(failures, $"{Section}:RetryBaseDelay", options.RetryBaseDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        OptionRules.Range(failures, $"{Section}:MaxRetryDelay", options.MaxRetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        OptionRules.Range(failures, $"{Section}:DeadNodeCooldown", options.DeadNodeCooldown, TimeSpan.Zero, TimeSpan.FromHours(1));
        return Result(failures);
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

    [GeneratedRegex(@"^(-1|0|\d+(nanos|micros|ms|s|m|h|d))$")]
    private static partial Regex TimeValuePattern();
}
