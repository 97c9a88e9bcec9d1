namespace Coordination.ElasticsearchEmulator;

/// <summary>How an <see cref="EmulatorServer"/> behaves. Every property has a default suitable for tests.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Drives tombstone expiry (gc_deletes), periodic refresh, injected latency and <c>took</c>. Default: system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where to listen. Default: <c>http://127.0.0.1:0</c> (a free port; read <see cref="EmulatorServer.Url"/>).</summary>
    public string Url { get; init; } = "http://127.0.0.1:0";

    /// <summary>Reported by GET / and the health API. Default: <c>coordination-emulator</c>.</summary>
    public string ClusterName { get; init; } = "coordination-emulator";

    /// <summary>Reported by GET /. Default: <c>emulator-0</c>.</summary>
    public string NodeName { get; init; } = "emulator-0";

    /// <summary>
    /// The version GET / reports (default <c>9.2.0</c>). Its major decides the accepted compatible-with values
    /// (major and major - 1). The APIs the emulator serves behave the same on 8.x and 9.x, so an 8.x version changes
    /// only what GET / reports and which media types are accepted.
    /// </summary>
    public string Version { get; init; } = DefaultVersion;

    /// <summary>The version reported unless another is chosen: the Elasticsearch 9 the official 9.x client targets.</summary>
    public const string DefaultVersion = "9.2.0";

    /// <summary>When set, requests must authenticate (401 with WWW-Authenticate otherwise). Default: no security.</summary>
    public EmulatorCredentials? Credentials { get; init; }

    /// <summary><c>action.auto_create_index</c>. Default: true.</summary>
    public bool AutoCreateIndex { get; init; } = true;

    /// <summary>Installs the logs-*-*, metrics-*-*, synthetics-*-* data-stream templates of an 8.x / 9.x cluster. Default: true.</summary>
    public bool InstallBuiltInTemplates { get; init; } = true;

    /// <summary>Whether the standalone process should log requests to the console. Default: false.</summary>
    public bool LogRequests { get; init; }

    /// <summary>
    /// When set, the emulator serves HTTPS with this certificate (give an https:// <see cref="Url"/>), so clients'
    /// TLS settings (a custom CA, say) can be tested.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; init; }

    /// <summary>
    /// <c>http.compression</c>: whether responses are gzip/deflate-compressed for requests that send
    /// <c>Accept-Encoding</c>. Default (null): on for plain HTTP and off with TLS, as Elasticsearch defaults it.
    /// Compressed request bodies are always accepted, whatever this says.
    /// </summary>
    public bool? HttpCompression { get; init; }

    internal int MajorVersion
    {
        get
        {
            var dot = Version.IndexOf('.', StringComparison.Ordinal);
            return int.TryParse(dot > 0 ? Version[..dot] : Version, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var major)
                ? major
                : 9;
        }
    }
}
