using System.Net;
using Coordination.ElasticsearchEmulator;
using Coordination.Persistence.Elasticsearch.Tests.Grains;
using Coordination.Testing.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch.Tests.Hosting;

/// <summary>Silos and clients hosted with the providers, as applications host them.</summary>
public sealed class SiloHostingTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static HostApplicationBuilder Builder(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static Dictionary<string, string?> Endpoints(string clusterId) => new()
    {
        ["Orleans:ClusterId"] = clusterId,
        ["Orleans:ServiceId"] = "coordination-tests",
        ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans:Endpoints:SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans:Endpoints:GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_silo_and_a_client_configured_only_through_configuration_keep_membership_and_state_in_elasticsearch()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var url = elasticsearch.Url.ToString();
        var userIndex = elasticsearch.OtherIndex("user");
        var clusterId = "config-" + Guid.NewGuid().ToString("N")[..8];
        var silo = Endpoints(clusterId);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Orleans:Clustering:ProviderType"] = "Elasticsearch",
            ["Orleans:Clustering:Urls"] = url,
            ["Orleans:Clustering:Index"] = elasticsearch.MembershipIndex,
            ["Orleans:GrainStorage:Default:ProviderType"] = "Elasticsearch",
            ["Orleans:GrainStorage:Default:Urls:0"] = url,
            ["Orleans:GrainStorage:Default:Index"] = elasticsearch.Index,
            ["Orleans:GrainStorage:Default:NumberOfReplicas"] = "0",
            [$"Orleans:GrainStorage:{CounterGrain.StorageName}:ProviderType"] = "Elasticsearch",
            [$"Orleans:GrainStorage:{CounterGrain.StorageName}:Urls"] = url,
            [$"Orleans:GrainStorage:{CounterGrain.StorageName}:Index"] = userIndex,
            [$"Orleans:GrainStorage:{CounterGrain.StorageName}:NumberOfReplicas"] = "0",
        })
        {
            silo[key] = value;
        }

        var siloBuilder = Builder(silo);
        siloBuilder.UseOrleans();
        using var siloHost = siloBuilder.Build();
        var clientBuilder = Builder(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = "coordination-tests",
            ["Orleans:Clustering:ProviderType"] = "Elasticsearch",
            ["Orleans:Clustering:Urls"] = url,
            ["Orleans:Clustering:Index"] = elasticsearch.MembershipIndex,
        });
        clientBuilder.UseOrleansClient();
        using var clientHost = clientBuilder.Build();

        await siloHost.StartAsync(_cancellation);
        try
        {
            await clientHost.StartAsync(_cancellation);
            var grains = clientHost.Services.GetRequiredService<IClusterClient>();
            await grains.GetGrain<ITestLockGrain>("orders/42").Grant("worker-7", 7);
            Assert.Equal(1, await grains.GetGrain<ICounterGrain>("c").Increment());
            await clientHost.StopAsync(_cancellation);
        }
        finally
        {
            await siloHost.StopAsync(_cancellation);
        }

        Assert.IsType<ElasticsearchMembershipTable>(siloHost.Services.GetRequiredService<IMembershipTable>());
        Assert.IsType<ElasticsearchGatewayListProvider>(clientHost.Services.GetRequiredService<Orleans.Messaging.IGatewayListProvider>());
        using var client = elasticsearch.Documents();
        var lockDocument = await client.GetAsync(elasticsearch.Index, "orders/42", _cancellation);
        Assert.Equal("worker-7", lockDocument.Source.GetProperty("owner").GetString());
        Assert.Equal(7, lockDocument.Source.GetProperty("fencing_token").GetInt64());
        var counter = await client.GetAsync(userIndex + "-grain-state", "counter/count/c", _cancellation);
        Assert.Equal(1, counter.Source.GetProperty("state").GetProperty("count").GetInt32());
        var table = await client.GetAsync(elasticsearch.MembershipIndex, clusterId, _cancellation);
        var row = Assert.Single(table.Source.GetProperty("entries").EnumerateArray());
        Assert.Equal(int.Parse(silo["Orleans:Endpoints:GatewayPort"]!, System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("proxy_port").GetInt32());
        // Stopped gracefully, the silo said so in the table.
        Assert.Equal("Dead", row.GetProperty("status").GetString());
    }

    public static TheoryData<string> Providers => ["clustering", "grain storage"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_unreachable_elasticsearch_fails_silo_start_up_with_the_startup_exception_naming_the_urls(string provider)
    {
        var url = $"http://127.0.0.1:{Ports.Closed()}";
        var builder = Builder(Endpoints("unreachable"));
        builder.UseOrleans(silo =>
        {
            if (provider == "clustering")
            {
                silo.UseElasticsearchClustering(o => o.Connection.Urls = [url]);
            }
            else
            {
                silo.UseLocalhostClustering(
                    int.Parse(builder.Configuration["Orleans:Endpoints:SiloPort"]!, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(builder.Configuration["Orleans:Endpoints:GatewayPort"]!, System.Globalization.CultureInfo.InvariantCulture));
                silo.AddElasticsearchGrainStorageAsDefault(o => o.Urls = [url]);
            }
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<ElasticsearchStartupException>(() => host.StartAsync(_cancellation));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(provider == "clustering" ? "membership" : "grain storage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_settings_stop_the_silo_before_it_starts_naming_each_setting()
    {
        var builder = Builder(Endpoints("bad-settings"));
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering()
            .AddElasticsearchGrainStorage("locks", o =>
            {
                o.Urls = ["http://es:9200", "es:9200"];
                o.Index = "Locks";
                o.MaxRetries = 11;
            }));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<Orleans.Runtime.OrleansConfigurationException>(() => host.StartAsync(_cancellation));

        Assert.Contains("Elasticsearch grain storage \"locks\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Index is 'Locks'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries is 11; it must be between 0 and 10", error.Message, StringComparison.Ordinal);
        Assert.Contains("Urls contains 'es:9200', which is not an http:// or https:// URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_membership_index_that_is_a_storage_index_stops_the_silo()
    {
        var builder = Builder(Endpoints("clash"));
        builder.UseOrleans(silo => silo
            .UseElasticsearchClustering(o => o.Index = "coordination-locks-grain-state")
            .AddElasticsearchGrainStorageAsDefault(o => o.Index = "coordination-locks"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<Orleans.Runtime.OrleansConfigurationException>(() => host.StartAsync(_cancellation));

        Assert.Contains("Index is 'coordination-locks-grain-state', an index of Elasticsearch grain storage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_errors_reach_grain_code_as_they_are_and_refusals_are_retried_into_one_write()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var emulator = Emulated.Require(elasticsearch);
        var endpoints = Endpoints("faults");
        var builder = Builder(endpoints);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(
                int.Parse(endpoints["Orleans:Endpoints:SiloPort"]!, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(endpoints["Orleans:Endpoints:GatewayPort"]!, System.Globalization.CultureInfo.InvariantCulture))
            .AddElasticsearchGrainStorage(CounterGrain.StorageName, o =>
            {
                elasticsearch.ConfigureStorage(o);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            }));
        using var host = builder.Build();
        await host.StartAsync(_cancellation);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var counter = grains.GetGrain<ICounterGrain>("k");
            Assert.Equal(0, await counter.Get());

            emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Operations = EmulatorOperations.Create, Count = 1 });
            emulator.Faults.Add(new FaultRule { Kind = FaultKind.ShardUnavailable, Operations = EmulatorOperations.Create, Count = 1 });
            var before = emulator.Stats.Snapshot();
            Assert.Equal("written", await counter.IncrementReportingFailure());
            Assert.Equal(3, emulator.Stats.Snapshot().Create - before.Create);

            // Orleans wraps storage errors that are not Orleans exceptions; ours reach the grain as they are.
            emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Index, Count = 1 });
            Assert.Equal(nameof(ElasticsearchWriteOutcomeUnknownException), await counter.IncrementReportingFailure());
            Assert.Equal(nameof(Orleans.Storage.InconsistentStateException), await counter.IncrementReportingFailure());
        }
        finally
        {
            await host.StopAsync(_cancellation);
        }
    }

    [Fact]
    public async Task Storage_and_membership_can_use_the_applications_own_client()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var applicationClient = elasticsearch.CreateClient();
        var clusterId = "own-client-" + Guid.NewGuid().ToString("N")[..8];
        var builder = Builder(Endpoints(clusterId));
        builder.UseOrleans(silo => silo
            .UseElasticsearchClustering(_ => applicationClient, o => o.Index = elasticsearch.MembershipIndex)
            .AddElasticsearchGrainStorage(CounterGrain.StorageName, _ => applicationClient, o =>
            {
                // Not used: the application's client says where the cluster is.
                o.Urls = [$"http://127.0.0.1:{Ports.Closed()}"];
                o.Index = elasticsearch.Index;
                o.NumberOfReplicas = 0;
            }));
        using var host = builder.Build();
        await host.StartAsync(_cancellation);
        try
        {
            Assert.Equal(1, await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("c").Increment());

            // An Orleans client finds the gateway through the application's client too (nothing else says where it is).
            var clientBuilder = Builder(new Dictionary<string, string?> { ["Orleans:ClusterId"] = clusterId, ["Orleans:ServiceId"] = "coordination-tests" });
            clientBuilder.UseOrleansClient(client => client.UseElasticsearchClustering(_ => applicationClient, o =>
            {
                o.Index = elasticsearch.MembershipIndex;
                o.Connection.Urls = [$"http://127.0.0.1:{Ports.Closed()}"];
            }));
            using var clientHost = clientBuilder.Build();
            await clientHost.StartAsync(_cancellation);
            try
            {
                Assert.Equal(2, await clientHost.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("c").Increment());
            }
            finally
            {
                await clientHost.StopAsync(_cancellation);
            }
        }
        finally
        {
            await host.StopAsync(_cancellation);
        }

        using var documents = applicationClient.Documents();
        var counter = await documents.GetAsync(elasticsearch.GrainStateIndex, "counter/count/c", _cancellation);
        Assert.Equal(2, counter.Source.GetProperty("state").GetProperty("count").GetInt32());
        Assert.True((await documents.GetAsync(elasticsearch.MembershipIndex, clusterId, _cancellation)).Found);
    }

    [Fact]
    public async Task Configuration_can_name_a_keyed_client_the_application_registered()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var endpoints = Endpoints("keyed-client");
        endpoints["Orleans:GrainStorage:es:ProviderType"] = "Elasticsearch";
        endpoints["Orleans:GrainStorage:es:ClientServiceKey"] = "search-cluster";
        endpoints["Orleans:GrainStorage:es:Index"] = elasticsearch.Index;
        endpoints["Orleans:GrainStorage:es:NumberOfReplicas"] = "0";
        var builder = Builder(endpoints);
        builder.Services.AddKeyedSingleton("search-cluster", elasticsearch.CreateClient());
        builder.UseOrleans(silo => silo.UseLocalhostClustering(
            int.Parse(endpoints["Orleans:Endpoints:SiloPort"]!, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(endpoints["Orleans:Endpoints:GatewayPort"]!, System.Globalization.CultureInfo.InvariantCulture)));
        using var host = builder.Build();
        await host.StartAsync(_cancellation);
        try
        {
            Assert.Equal(1, await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("c").Increment());
        }
        finally
        {
            await host.StopAsync(_cancellation);
        }
    }

    [Fact]
    public async Task A_client_service_key_that_names_no_client_stops_the_silo_saying_how_to_register_one()
    {
        var builder = Builder(Endpoints("missing-client"));
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering()
            .AddElasticsearchGrainStorage("locks", o => o.ClientServiceKey = "nowhere"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<Orleans.Runtime.OrleansConfigurationException>(() => host.StartAsync(_cancellation));

        Assert.Contains("ClientServiceKey is 'nowhere', but no ElasticsearchClient is registered under that key", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddKeyedSingleton<ElasticsearchClient>(\"nowhere\"", error.Message, StringComparison.Ordinal);
    }
}
