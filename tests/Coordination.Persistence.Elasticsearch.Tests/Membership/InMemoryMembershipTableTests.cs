using Coordination.Runtime.Membership;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>The reference table, held to the same contract as the durable one.</summary>
public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    private readonly InMemoryMembershipTable _table = new();

    protected override Task<IMembershipTable> CreateTableAsync() => Task.FromResult<IMembershipTable>(_table);
}
