using System.Net;
using Coordination.Client;

namespace Coordination.Runtime.Membership;

/// <summary>
/// Discovers a cluster's gateways in its membership table: the gateway endpoint of every Active silo. A
/// client that uses it follows the cluster as silos join and leave, without a list to maintain.
/// </summary>
public sealed class MembershipGatewayListProvider(IMembershipTable table) : IGatewayListProvider
{
    public bool IsUpdatable => true;

    public async Task<IReadOnlyList<EndPoint>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var snapshot = await table.ReadAsync(cancellationToken).ConfigureAwait(false);
        return GatewaysOf(snapshot.Data);
    }

    /// <summary>The gateway endpoints of the Active silos in <paramref name="table"/>.</summary>
    public static IReadOnlyList<EndPoint> GatewaysOf(MembershipTableData table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return [.. table.Entries
            .Where(e => e.Status == SiloStatus.Active && e.GatewayEndpoint is not null)
            .Select(e => GatewayAddress.Parse(e.GatewayEndpoint!))];
    }
}
