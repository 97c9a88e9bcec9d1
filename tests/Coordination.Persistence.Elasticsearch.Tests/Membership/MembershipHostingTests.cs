using Coordination.ElasticsearchEmulator;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Coordination.Testing.Elasticsearch;
using Coordination.TestingHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>Membership registered through the silo builder, configured the way the silo executable configures it.</summary>
public sealed class MembershipHostingTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static ServiceCollection Services(IDictionary<string, string?> settings, Action<ISiloBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCoordinationSilo(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), configure);
        return services;
    }

    [Fact]
    public void Storage_and_membership_registered_in_any_order_and_twice_share_one_client_and_one_table()
    {
        var settings = new Dictionary<string, string?> { ["Coordination:Storage:Elasticsearch:Urls:0"] = "http://es-1:9200" };

        var services = Services(settings, silo => silo
            .AddElasticsearchMembership()
            .AddElasticsearchGrainStorage()
            .AddElasticsearchMembership(o => o.Index = "members"));

        Assert.Single(services, d => d.ServiceType == typeof(ElasticsearchClient));
        Assert.Single(services, d => d.ServiceType == typeof(IMembershipTable));
        Assert.Single(services, d => d.ServiceType == typeof(ElasticsearchMembershipTable));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<ElasticsearchMembershipTable>(provider.GetRequiredService<IMembershipTable>());
        Assert.Same(provider.GetRequiredService<ElasticsearchMembershipTable>(), provider.GetRequiredService<IMembershipTable>());
        // Bound once: a second binding would have appended the URL again (and only Distinct would hide it).
        Assert.Equal(["http://es-1:9200"], provider.GetRequiredService<IOptions<ElasticsearchClientOptions>>().Value.Urls);
        Assert.Equal("members", provider.GetRequiredService<IOptions<ElasticsearchMembershipOptions>>().Value.Index);
    }

    [Fact]
    public void Membership_alone_binds_the_connection_from_the_storage_section_and_its_index_from_its_own()
    {
        var services = Services(
            new Dictionary<string, string?>
            {
                ["Coordination:Storage:Elasticsearch:Urls:0"] = "http://es-1:9200,http://es-2:9200",
                ["Coordination:Storage:Elasticsearch:RequestTimeout"] = "00:00:03",
                ["Coordination:Membership:Elasticsearch:Index"] = "prod-membership",
            },
            silo => silo.AddElasticsearchMembership());

        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IOptions<ElasticsearchClientOptions>>().Value;
        Assert.Equal(["http://es-1:9200", "http://es-2:9200"], client.Urls);
        Assert.Equal(TimeSpan.FromSeconds(3), client.RequestTimeout);
        Assert.Equal("prod-membership", provider.GetRequiredService<IOptions<ElasticsearchMembershipOptions>>().Value.Index);
        Assert.IsType<ElasticsearchMembershipTable>(provider.GetRequiredService<IMembershipTable>());
    }

    [Fact]
    public void Bad_settings_stop_the_silo_with_messages_naming_them()
    {
        var services = Services(
            new Dictionary<string, string?>
            {
                ["Coordination:Storage:Elasticsearch:Index"] = "coordination-shared",
                ["Coordination:Membership:Elasticsearch:Index"] = "coordination-shared",
            },
            silo => silo.AddElasticsearchGrainStorage().AddElasticsearchMembership());
        using var provider = services.BuildServiceProvider();

        var clash = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ElasticsearchMembershipOptions>>().Value);
        Assert.Contains("Coordination:Membership:Elasticsearch:Index is 'coordination-shared', the index of the lock documents", clash.Message, StringComparison.Ordinal);

        using var invalid = Services(
            new Dictionary<string, string?> { ["Coordination:Membership:Elasticsearch:Index"] = "Members" },
            silo => silo.AddElasticsearchMembership()).BuildServiceProvider();
        var refused = Assert.Throws<OptionsValidationException>(() => invalid.GetRequiredService<IOptions<ElasticsearchMembershipOptions>>().Value);
        Assert.Contains("Coordination:Membership:Elasticsearch:Index is 'Members', which Elasticsearch would refuse", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registered_table_is_stored_under_the_configured_cluster_id_in_the_configured_index()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var index = elasticsearch.Index + "-membership";
        var silo = new SiloAddress(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 11111), 7);
        await using (var provider = Services(
            new Dictionary<string, string?>
            {
                ["Coordination:Silo:ClusterId"] = "prod-eu",
                ["Coordination:Storage:Elasticsearch:Urls:0"] = elasticsearch.Url.ToString(),
                ["Coordination:Membership:Elasticsearch:Index"] = index,
            },
            builder => builder.AddElasticsearchMembership()).BuildServiceProvider())
        {
            var table = provider.GetRequiredService<IMembershipTable>();
            Assert.True(await table.TryWriteAsync(new MembershipTableData(1, [new MembershipEntry(silo, "a", SiloStatus.Joining, DateTimeOffset.UnixEpoch, [])]), null, _cancellation));
        }

        using var client = new ElasticsearchClient(elasticsearch.ClientOptions());
        try
        {
            var document = await client.GetAsync(index, "prod-eu", _cancellation);
            Assert.True(document.Found);
            Assert.Equal("127.0.0.1:11111@7", document.Source.GetProperty("entries")[0].GetProperty("silo").GetString());
        }
        finally
        {
            await client.DeleteIndexAsync(index, _cancellation);
            await client.DeleteIndexTemplateAsync(index, _cancellation);
        }
    }

    [Fact]
    public async Task A_client_clock_given_by_the_storage_applies_even_when_membership_registered_the_client_first()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var emulator = Emulated.Require(elasticsearch);
        var clock = new ManualTimeProvider();
        await using var provider = Services(
            new Dictionary<string, string?> { ["Coordination:Storage:Elasticsearch:Urls:0"] = elasticsearch.Url.ToString() },
            silo => silo.AddElasticsearchMembership().AddElasticsearchGrainStorage(clientClock: clock)).BuildServiceProvider();
        var table = provider.GetRequiredService<IMembershipTable>();
        await table.ReadAsync(_cancellation);
        var held = emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Index, Count = 1 });

        var heartbeat = table.WriteHeartbeatAsync(new SiloAddress(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), 1), DateTimeOffset.UnixEpoch, _cancellation);
        await held.WhenAppliedAsync(cancellationToken: _cancellation);
        clock.Advance(new ElasticsearchClientOptions().RequestTimeout);

        var error = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(() => heartbeat);
        Assert.True(error.OutcomeUnknown);
    }
}
