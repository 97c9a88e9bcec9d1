using System.CommandLine;

namespace Coordination.Cli;

/// <summary>
/// The options every command accepts: where the cluster is, how long connecting and calls may take, and the output
/// format. They are recursive, so they may come before or after the command's name.
/// </summary>
internal sealed class CommonOptions
{
    public const string DefaultClusterId = "dev";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public CommonOptions()
    {
        Gateway = new Option<IReadOnlyList<GatewayAddress>>("--gateway")
        {
            HelpName = "host:port",
            Description = $"A gateway (silo) to connect through; repeat for several. Default {GatewayAddress.Default}.",
            Arity = ArgumentArity.OneOrMore,
            Recursive = true,
            CustomParser = result =>
            {
                var gateways = new List<GatewayAddress>();
                foreach (var token in result.Tokens)
                {
                    if (!GatewayAddress.TryParse(token.Value, out var gateway, out var problem))
                    {
                        result.AddError($"{Gateway!.Name} {problem}");
                        return [];
                    }

                    gateways.Add(gateway);
                }

                return gateways;
            },
        };
        ClusterId = new Option<string>("--cluster-id")
        {
            HelpName = "ID",
            Description = $"The id of the cluster to join; gateways of other clusters refuse. Default {DefaultClusterId}.",
            Recursive = true,
            CustomParser = result => CommandInputs.NotEmpty(result, ClusterId!.Name),
        };
        Timeout = new Option<TimeSpan?>("--timeout")
        {
            HelpName = "DURATION",
            Description = $"How long connecting and each call may take (a waiting acquire adds its wait). Default {Durations.Format(DefaultTimeout)}.",
            Recursive = true,
            CustomParser = result => CommandInputs.Duration(result, Timeout!.Name, allowZero: false),
        };
        Json = new Option<bool>("--json")
        {
            Description = "Write exactly one JSON object to stdout (errors too); messages go to stderr.",
            Arity = ArgumentArity.Zero,
            Recursive = true,
        };
    }

    public Option<IReadOnlyList<GatewayAddress>> Gateway { get; }

    public Option<string> ClusterId { get; }

    public Option<TimeSpan?> Timeout { get; }

    public Option<bool> Json { get; }

    public IEnumerable<Option> All => [Gateway, ClusterId, Timeout, Json];

    /// <summary>The values given, with the defaults for those left out; only for a parse without errors.</summary>
    public CommonValues Read(ParseResult parse)
    {
        var gateways = parse.GetValue(Gateway) is { Count: > 0 } given ? given : [DefaultGatewayAddress];
        return new CommonValues(gateways, parse.GetValue(ClusterId) ?? DefaultClusterId, parse.GetValue(Timeout) ?? DefaultTimeout);
    }

    private static GatewayAddress DefaultGatewayAddress { get; } =
        GatewayAddress.TryParse(GatewayAddress.Default, out var gateway, out _) ? gateway : throw new InvalidOperationException("The default gateway does not parse.");
}

/// <summary>Where the cluster is and how long connecting and each call may take.</summary>
internal sealed record CommonValues(IReadOnlyList<GatewayAddress> Gateways, string ClusterId, TimeSpan Timeout)
{
    /// <summary>"cluster 'dev', gateway 127.0.0.1:30000", for messages.</summary>
    public string Where => $"cluster '{ClusterId}', gateway{(Gateways.Count == 1 ? string.Empty : "s")} {string.Join(", ", Gateways)}";
}
