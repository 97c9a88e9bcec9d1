using System.Net;
using Coordination.Client;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Membership;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Discovers a cluster's gateways for clients in its membership table in Elasticsearch: the gateway of every
/// Active silo, read by id (realtime). It only reads, and installs nothing, so a client needs no more than
/// read access to the membership index.
/// </summary>
public sealed class ElasticsearchGatewayListProvider : IGatewayListProvider
{
    private readonly ElasticsearchClient _client;
    private readonly string _clusterId;
    private readonly string _index;

    /// <param name="client">The connection to the cluster's Elasticsearch; the caller keeps ownership of it.</param>
    /// <param name="clusterId">The cluster whose table to read, as its silos' <c>Coordination:Silo:ClusterId</c>.</param>
    /// <param name="index">The membership index, as the silos' <c>Coordination:Membership:Elasticsearch:Index</c>.</param>
    /// <exception cref="OptionsValidationException">The cluster id or the index name is not valid; the failures say why.</exception>
    public ElasticsearchGatewayListProvider(ElasticsearchClient client, string clusterId, string index = ElasticsearchMembershipOptions.DefaultIndex)
    {
        ArgumentNullException.ThrowIfNull(client);
        var failures = new List<string>();
        OptionRules.ClusterId(failures, $"{ClusterClientOptions.SectionName}:ClusterId", clusterId);
        var membership = new ElasticsearchMembershipOptionsValidator().Validate(null, new ElasticsearchMembershipOptions { Index = index });
        if (failures.Count > 0 || membership.Failed)
        {
            throw new OptionsValidationException(nameof(ElasticsearchGatewayListProvider), typeof(ElasticsearchGatewayListProvider), [.. failures, .. membership.Failures ?? []]);
        }

        _client = client;
        _clusterId = clusterId;
        _index = index;
    }

    public bool IsUpdatable => true;

    public async Task<IReadOnlyList<EndPoint>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var table = await ElasticsearchMembershipTable.ReadWithoutWritingAsync(_client, _index, _clusterId, cancellationToken).ConfigureAwait(false);
        return MembershipGatewayListProvider.GatewaysOf(table);
    }
}
