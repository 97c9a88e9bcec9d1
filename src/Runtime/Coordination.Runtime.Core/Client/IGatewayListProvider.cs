using System.Net;

namespace Coordination.Client;

/// <summary>Where a client learns its gateways: a fixed list, or the cluster's membership table.</summary>
public interface IGatewayListProvider
{
    /// <summary>True when the list can change and is worth reading again (discovery); false for a fixed list.</summary>
    bool IsUpdatable { get; }

    /// <summary>The gateways as of now; empty when the cluster has none running.</summary>
    Task<IReadOnlyList<EndPoint>> GetGatewaysAsync(CancellationToken cancellationToken);
}

/// <summary>A fixed list of gateways.</summary>
public sealed class StaticGatewayListProvider(IReadOnlyList<EndPoint> gateways) : IGatewayListProvider
{
    public bool IsUpdatable => false;

    public Task<IReadOnlyList<EndPoint>> GetGatewaysAsync(CancellationToken cancellationToken) => Task.FromResult(gateways);

    /// <summary>The gateways of <paramref name="options"/>, or <see cref="ClusterClientOptions.DefaultGateway"/> when it lists none.</summary>
    public static StaticGatewayListProvider From(ClusterClientOptions options) =>
        new([.. (options.Gateways.Count == 0 ? [ClusterClientOptions.DefaultGateway] : options.Gateways).Select(GatewayAddress.Parse)]);
}
