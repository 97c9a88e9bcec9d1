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
        Elasticsearch = new Option<IReadOnlyList<string>>("--elasticsearch")
        {
            HelpName = "URL",
            Description = "Find the gateways of the cluster's active silos in its Elasticsearch membership table instead of naming them; repeat for several nodes. Credentials may be given in the URL.",
            Arity = ArgumentArity.OneOrMore,
            Recursive = true,
            CustomParser = result =>
            {
                var urls = new List<string>();
                foreach (var token in result.Tokens)
                {
                    if (!Uri.TryCreate(token.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    {
                        result.AddError($"{Elasticsearch!.Name} '{Redacted(token.Value)}' is not an http:// or https:// URL.");
                        return [];
                    }

                    urls.Add(token.Value);
                }

                return urls;
            },
        };
        MembershipIndex = new Option<string>("--membership-index")
        {
            HelpName = "INDEX",
            Description = $"The Elasticsearch index of the membership table, with --elasticsearch. Default {DefaultMembershipIndex}.",
            Recursive = true,
            CustomParser = result => CommandInputs.NotEmpty(result, MembershipIndex!.Name),
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

    public Option<IReadOnlyList<string>> Elasticsearch { get; }

    public Option<string> MembershipIndex { get; }

    public IEnumerable<Option> All => [Gateway, Elasticsearch, MembershipIndex, ClusterId, Timeout, Json];

    /// <summary>The values given, with the defaults for those left out; only for a parse without errors.</summary>
    /// <exception cref="UsageException">Both --gateway and --elasticsearch were given.</exception>
    public CommonValues Read(ParseResult parse)
    {
        var elasticsearch = parse.GetValue(Elasticsearch) ?? [];
        var named = parse.GetValue(Gateway) ?? [];
        if (elasticsearch.Count > 0 && named.Count > 0)
        {
            throw new UsageException($"{Gateway.Name} and {Elasticsearch.Name} both say where the gateways are; give one of them.");
        }

        var gateways = named.Count > 0 || elasticsearch.Count > 0 ? named : [DefaultGatewayAddress];
        return new CommonValues(gateways, parse.GetValue(ClusterId) ?? DefaultClusterId, parse.GetValue(Timeout) ?? DefaultTimeout)
        {
            ElasticsearchUrls = elasticsearch,
            MembershipIndex = parse.GetValue(MembershipIndex) ?? DefaultMembershipIndex,
        };
    }

    private const string DefaultMembershipIndex = "coordination-membership";

    /// <summary>A URL as it may be shown: without the credentials it may carry.</summary>
    public static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal) : url;

    private static GatewayAddress DefaultGatewayAddress { get; } =
        GatewayAddress.TryParse(GatewayAddress.Default, out var gateway, out _) ? gateway : throw new InvalidOperationException("The default gateway does not parse.");
}

/// <summary>Where the cluster is and how long connecting and each call may take.</summary>
internal sealed record CommonValues(IReadOnlyList<GatewayAddress> Gateways, string ClusterId, TimeSpan Timeout)
{
    /// <summary>Elasticsearch nodes whose membership table lists the gateways; empty when the gateways are named.</summary>
    public IReadOnlyList<string> ElasticsearchUrls { get; init; } = [];

    /// <summary>The membership index, with <see cref="ElasticsearchUrls"/>.</summary>
    public string MembershipIndex { get; init; } = string.Empty;

    /// <summary>"cluster 'dev', gateway 127.0.0.1:30000", for messages.</summary>
    public string Where => ElasticsearchUrls.Count > 0
        ? $"cluster '{ClusterId}', gateways from Elasticsearch index {MembershipIndex} at {string.Join(", ", ElasticsearchUrls.Select(CommonOptions.Redacted))}"
        : $"cluster '{ClusterId}', gateway{(Gateways.Count == 1 ? string.Empty : "s")} {string.Join(", ", Gateways)}";
}
