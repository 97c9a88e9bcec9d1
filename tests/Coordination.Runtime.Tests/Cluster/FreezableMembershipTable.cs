using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Tests.Cluster;

/// <summary>
/// One silo's access to the shared membership table, which a test can freeze: while frozen the silo keeps
/// reading the table as it was, so its view goes stale exactly when the test wants.
/// </summary>
internal sealed class FreezableMembershipTable(IMembershipTable shared) : IMembershipTable
{
    private MembershipSnapshot? _frozen;

    public async Task FreezeAsync(CancellationToken cancellationToken) => _frozen = await shared.ReadAsync(cancellationToken);

    public async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken) =>
        _frozen ?? await shared.ReadAsync(cancellationToken);

    public Task<bool> TryWriteAsync(MembershipTableData data, string? expectedEtag, CancellationToken cancellationToken) =>
        shared.TryWriteAsync(data, expectedEtag, cancellationToken);

    public Task WriteHeartbeatAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken) =>
        shared.WriteHeartbeatAsync(silo, at, cancellationToken);

    public Task DeleteHeartbeatsAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken) =>
        shared.DeleteHeartbeatsAsync(silos, cancellationToken);
}
