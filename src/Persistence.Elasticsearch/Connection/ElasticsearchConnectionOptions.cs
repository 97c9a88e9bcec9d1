using Microsoft.Extensions.Configuration;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// How to reach an Elasticsearch cluster. The grain storage options are these plus where the state lives, so one
/// flat configuration section (<c>Urls</c>, <c>Username</c>, …, <c>Index</c>) binds onto them, and the same
/// section binds onto <see cref="ElasticsearchClusteringOptions.Connection"/>.
/// </summary>
public class ElasticsearchConnectionOptions
{
    /// <summary>The node URL used when none is configured.</summary>
    public const string DefaultUrl = "http://localhost:9200";

    /// <summary>
    /// Node URLs: one is the client's single-node pool, several its static node pool, used round-robin with failover
    /// away from unreachable ones; an entry may hold several URLs
    /// separated by commas (handy in one environment variable). Default <see cref="DefaultUrl"/> when empty
    /// (configuration binding appends to lists, so the default is not pre-filled). Credentials may be given in a
    /// URL (<c>https://user:pass@host:9200</c>); they are then sent as Basic authentication and never logged.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>Basic authentication user. Default none.</summary>
    public string? Username { get; set; }

    /// <summary>Basic authentication password. Default none.</summary>
    public string? Password { get; set; }

    /// <summary>An API key: the encoded form Elasticsearch returns, or <c>id:key</c>. Default none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A PEM or DER file with the CA certificate that signed the cluster's certificates. Default none (the system trust store).</summary>
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>How long one request may take before its outcome counts as unknown. Default 10 seconds; 1 ms to 5 minutes.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries of a request that surely did not run: a 429, a 503 for unavailable shards, a connection every node
    /// refused. Default 3; 0 to 10. Nothing else is retried, so a write is never sent twice.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; it doubles each time, with jitter, up to <see cref="MaxRetryDelay"/>. Default 100 ms; 1 ms to 1 minute.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest retry delay. Default 2 seconds; 1 ms to 5 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an unreachable node is skipped before it is tried again (the client's <c>DeadTimeout</c>; a node that
    /// keeps failing is skipped for up to eight times as long, its <c>MaxDeadTimeout</c>). Default 30 seconds; 0 to 1 hour.
    /// </summary>
    public TimeSpan DeadNodeCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether request bodies are sent gzip-compressed and compressed answers are accepted (the client's
    /// <c>EnableHttpCompression</c>). Default false: lock and membership documents are a few hundred bytes, and on the
    /// emulator compressing them raised a store write's p50 from about 350 to 540 µs while saving almost no bytes.
    /// Worth turning on only where bandwidth to the cluster costs more than CPU.
    /// </summary>
    public bool HttpCompression { get; set; }

    /// <summary>
    /// The key of an <c>ElasticsearchClient</c> the application registered as a keyed service
    /// (<c>services.AddKeyedSingleton&lt;ElasticsearchClient&gt;(key, …)</c>) for the provider to use as it is configured:
    /// its nodes, credentials, certificates and transport settings. <see cref="Urls"/>, <see cref="Username"/>,
    /// <see cref="Password"/>, <see cref="ApiKey"/>, <see cref="CertificateAuthorityPath"/> and <see cref="DeadNodeCooldown"/>
    /// are then not used; <see cref="RequestTimeout"/> and the retry settings still apply on top of the client's own.
    /// Default none: the provider builds its own client from these settings.
    /// </summary>
    public string? ClientServiceKey { get; set; }

    /// <summary>
    /// The clock of request timeouts and retry delays. Default (null): real time, even in a silo whose grains run
    /// on a fake clock, because a test's frozen clock must not freeze network I/O. Tests set it to drive timeouts
    /// deterministically. Never bound from configuration.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>The node URLs to use: every comma-separated entry of <see cref="Urls"/>, once each, or <see cref="DefaultUrl"/>.</summary>
    public IReadOnlyList<string> NodeUrls()
    {
        var urls = Urls.SelectMany(u => u.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        return urls.Count > 0 ? urls : [DefaultUrl];
    }
}

/// <summary>Binding of the documented flat settings sections.</summary>
public static class ElasticsearchConfigurationBinder
{
    /// <summary>
    /// Binds a flat section (<c>Urls</c>, <c>Username</c>, <c>Password</c>, … and, for grain storage options,
    /// <c>Index</c>, <c>NumberOfShards</c>, …) onto <paramref name="options"/>. <c>Urls</c> may be a list
    /// (<c>Urls:0</c>, <c>Urls:1</c>) or one comma-separated string, which the configuration binder alone would drop.
    /// </summary>
    public static void BindElasticsearch(this IConfiguration section, ElasticsearchConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        section.Bind(options);
        if (section[nameof(ElasticsearchConnectionOptions.Urls)] is { Length: > 0 } urls)
        {
            options.Urls.Add(urls);
        }
    }
}
