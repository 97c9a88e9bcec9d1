namespace Coordination.Client.Cli;

/// <summary>The options every command accepts: where the cluster is, how long calls may take, and the output format.</summary>
internal sealed class CommonOptions
{
    public const string Gateway = "--gateway";
    public const string ClusterId = "--cluster-id";
    public const string Timeout = "--timeout";
    public const string Json = "--json";

    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new(Gateway, "host:port", $"A gateway (silo) to connect through; repeat for several. Default {ClusterClientOptions.DefaultGateway}.", Repeatable: true),
        new(ClusterId, "ID", "The id of the cluster to join; gateways of other clusters refuse. Default dev."),
        new(Timeout, "DURATION", "How long connecting and each call may take (a waiting acquire adds its wait). Default 30s."),
        new(Json, null, "Write exactly one JSON object to stdout (errors too); messages go to stderr."),
    ];

    private CommonOptions(IReadOnlyList<string> gateways, string clusterId, TimeSpan? timeout)
    {
        Gateways = gateways;
        ClusterIdValue = clusterId;
        CallTimeout = timeout;
    }

    /// <summary>The gateways, as <c>host:port</c>.</summary>
    public IReadOnlyList<string> Gateways { get; }

    public string ClusterIdValue { get; }

    /// <summary>The per-call timeout, or null for the client's default.</summary>
    public TimeSpan? CallTimeout { get; }

    public static CommonOptions From(ParsedArguments arguments)
    {
        var gateways = arguments.Values(Gateway);
        foreach (var gateway in gateways)
        {
            if (!GatewayAddress.TryParse(gateway, out _, out var problem))
            {
                throw new UsageException($"{Gateway} {problem}");
            }
        }

        var clusterId = arguments.Value(ClusterId) ?? "dev";
        if (string.IsNullOrWhiteSpace(clusterId))
        {
            throw new UsageException($"{ClusterId} must not be empty.");
        }

        var timeout = arguments.Value(Timeout) is { } text ? Durations.ParseOption(Timeout, text, allowZero: false) : (TimeSpan?)null;
        return new CommonOptions(gateways.Count > 0 ? gateways : [ClusterClientOptions.DefaultGateway], clusterId, timeout);
    }
}
