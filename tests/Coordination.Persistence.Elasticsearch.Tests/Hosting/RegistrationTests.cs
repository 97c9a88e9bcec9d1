using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Persistence.Elasticsearch.Tests.Hosting;

/// <summary>What the hosting extensions register and how settings bind, without starting anything.</summary>
public sealed class RegistrationTests
{
    private static IHost Silo(Action<ISiloBuilder> configure, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.UseOrleans(configure);
        return builder.Build();
    }

    [Fact]
    public void Named_storages_each_get_their_own_options_storage_and_lock_directory_and_the_default_is_also_unkeyed()
    {
        using var host = Silo(silo => silo
            .UseLocalhostClustering()
            .AddElasticsearchGrainStorage("a", o => o.Index = "index-a")
            .AddElasticsearchGrainStorageAsDefault(o => o.Index = "index-default"));
        var services = host.Services;

        var a = Assert.IsType<ElasticsearchGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("a"));
        var byDefault = Assert.IsType<ElasticsearchGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default"));

        Assert.Equal("index-a", a.Options.Index);
        Assert.Equal("index-default", byDefault.Options.Index);
        Assert.Same(byDefault, services.GetRequiredService<IGrainStorage>());
        Assert.NotNull(services.GetRequiredKeyedService<ElasticsearchLockDirectory>("a"));
        Assert.Same(services.GetRequiredKeyedService<ElasticsearchLockDirectory>("Default"), services.GetRequiredService<ElasticsearchLockDirectory>());
        Assert.Contains(services.GetServices<Orleans.ILifecycleParticipant<ISiloLifecycle>>(), p => ReferenceEquals(p, a));
    }

    [Fact]
    public void One_flat_section_binds_onto_the_storage_options_and_onto_the_clustering_connection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordination:Storage:Elasticsearch:Urls:0"] = "http://es-1:9200,http://es-2:9200",
            ["Coordination:Storage:Elasticsearch:Username"] = "elastic",
            ["Coordination:Storage:Elasticsearch:Password"] = "secret",
            ["Coordination:Storage:Elasticsearch:RequestTimeout"] = "00:00:03",
            ["Coordination:Storage:Elasticsearch:MaxRetries"] = "5",
            ["Coordination:Storage:Elasticsearch:Index"] = "prod-locks",
            ["Coordination:Storage:Elasticsearch:NumberOfReplicas"] = "2",
            ["Coordination:Storage:Elasticsearch:WriteRefresh"] = "WaitFor",
            ["Coordination:Membership:Elasticsearch:Index"] = "prod-membership",
        }).Build();
        var section = configuration.GetSection("Coordination:Storage:Elasticsearch");

        using var host = Silo(silo => silo
            .AddElasticsearchGrainStorageAsDefault(options => options.Configure(o => section.BindElasticsearch(o)))
            .UseElasticsearchClustering(options => options.Configure(o =>
            {
                section.BindElasticsearch(o.Connection);
                configuration.GetSection("Coordination:Membership:Elasticsearch").Bind(o);
            })));

        var storage = host.Services.GetRequiredService<IOptionsMonitor<ElasticsearchGrainStorageOptions>>().Get("Default");
        var clustering = host.Services.GetRequiredService<IOptions<ElasticsearchClusteringOptions>>().Value;
        foreach (var connection in new ElasticsearchConnectionOptions[] { storage, clustering.Connection })
        {
            Assert.Equal(["http://es-1:9200", "http://es-2:9200"], connection.NodeUrls());
            Assert.Equal("elastic", connection.Username);
            Assert.Equal("secret", connection.Password);
            Assert.Equal(TimeSpan.FromSeconds(3), connection.RequestTimeout);
            Assert.Equal(5, connection.MaxRetries);
        }

        Assert.Equal("prod-locks", storage.Index);
        Assert.Equal(2, storage.NumberOfReplicas);
        Assert.Equal(RefreshPolicy.WaitFor, storage.WriteRefresh);
        Assert.Equal("prod-membership", clustering.Index);
    }

    [Fact]
    public void Urls_bind_from_one_comma_separated_string_too()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://es-1:9200, http://es-2:9200",
        }).Build();
        var options = new ElasticsearchConnectionOptions();

        section.BindElasticsearch(options);

        Assert.Equal(["http://es-1:9200", "http://es-2:9200"], options.NodeUrls());
    }

    [Fact]
    public void Elasticsearch_clustering_replaces_the_membership_table_chosen_before_it()
    {
        using var host = Silo(silo => silo.UseLocalhostClustering().UseElasticsearchClustering(o => o.Index = "members"));

        Assert.IsType<ElasticsearchMembershipTable>(host.Services.GetRequiredService<IMembershipTable>());
        Assert.Single(host.Services.GetServices<IMembershipTable>());
        Assert.Equal("members", host.Services.GetRequiredService<IOptions<ElasticsearchClusteringOptions>>().Value.Index);
    }

    [Fact]
    public void A_client_with_elasticsearch_clustering_finds_gateways_there_instead_of_a_static_list()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client => client.UseLocalhostClustering().UseElasticsearchClustering(o => o.Index = "members"));
        using var host = builder.Build();

        Assert.IsType<ElasticsearchGatewayListProvider>(host.Services.GetRequiredService<IGatewayListProvider>());
        Assert.Single(host.Services.GetServices<IGatewayListProvider>());
        Assert.Contains(host.Services.GetServices<Orleans.IConfigurationValidator>(), v => v is ElasticsearchClusteringOptionsValidator);
    }

    [Fact]
    public void The_gateway_list_is_refreshed_as_often_as_orleans_gateway_options_say()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client => client
            .UseElasticsearchClustering()
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(7)));
        using var host = builder.Build();

        Assert.Equal(TimeSpan.FromSeconds(7), host.Services.GetRequiredService<IGatewayListProvider>().MaxStaleness);
    }
}
