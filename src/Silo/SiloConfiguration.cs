using System.Net;
using System.Net.Sockets;
using Coordination.Locks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Coordination.Silo;

/// <summary>
/// The silo's documented <c>Coordination:*</c> settings, read and checked before Orleans starts, and how they map
/// onto Orleans: cluster and silo identity, endpoints, membership timings, the lock store and the lock limits.
/// </summary>
internal sealed class SiloConfiguration
{
    private readonly IConfiguration _configuration;

    private readonly string _lockStorageName;

    private SiloConfiguration(IConfiguration configuration, SiloSettings silo, StorageOptions storage, MembershipSettings membership, ActivationSettings activation, LockOptions locks, List<string> problems)
    {
        _configuration = configuration;
        _lockStorageName = locks.StorageName;
        Silo = silo;
        Storage = storage;
        Membership = membership;
        Activation = activation;
        Problems = problems;
    }

    public SiloSettings Silo { get; }

    public StorageOptions Storage { get; }

    public MembershipSettings Membership { get; }

    public ActivationSettings Activation { get; }

    /// <summary>Every invalid setting, each naming the setting and what is allowed; empty when the silo may start.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The silo port actually used (a free one when the setting is 0).</summary>
    public int SiloPort { get; private set; }

    /// <summary>The gateway port actually used (a free one when the setting is 0).</summary>
    public int GatewayPort { get; private set; }

    /// <summary>How the store is described in the start-up line.</summary>
    public string StoreDescription => Storage.IsElasticsearch ? ElasticsearchHosting.Describe(_configuration) : "memory (this silo only)";

    public static SiloConfiguration Read(IConfiguration configuration)
    {
        var silo = configuration.GetSection(SiloSettings.SectionName).Get<SiloSettings>() ?? new SiloSettings();
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var membership = configuration.GetSection(MembershipSettings.SectionName).Get<MembershipSettings>() ?? new MembershipSettings();
        var activation = configuration.GetSection(ActivationSettings.SectionName).Get<ActivationSettings>() ?? new ActivationSettings();
        var locks = new LockOptions();
        configuration.GetSection(LockOptions.SectionName).Bind(locks);

        List<string> problems = [.. silo.Validate(), .. membership.Validate(), .. activation.Validate(), .. LockOptionsValidator.Validate(locks)];
        if (storage.Problem is { } storageProblem)
        {
            problems.Add(storageProblem);
        }

        if (storage.IsElasticsearch || membership.IsElasticsearch(storage))
        {
            problems.AddRange(ElasticsearchHosting.Validate(configuration));
        }

        return new SiloConfiguration(configuration, silo, storage, membership, activation, locks, problems);
    }

    public void ConfigureSilo(ISiloBuilder silo)
    {
        SiloPort = Silo.SiloPort == 0 ? FreePort(Silo.Listen) : Silo.SiloPort;
        GatewayPort = Silo.GatewayPort == 0 ? FreePort(Silo.Listen) : Silo.GatewayPort;

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = Silo.ClusterId;
            o.ServiceId = SiloSettings.ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = Silo.SiloName);
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = Silo.Advertised;
            o.SiloPort = SiloPort;
            o.GatewayPort = GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(Silo.Listen, SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(Silo.Listen, GatewayPort);
        });
        silo.Configure<ClusterMembershipOptions>(Membership.ApplyTo);
        silo.Configure<GrainCollectionOptions>(Activation.ApplyTo);

        if (Membership.IsElasticsearch(Storage))
        {
            // A cluster keeps its membership table beside the locks, in the same Elasticsearch cluster.
            ElasticsearchHosting.UseClustering(silo, _configuration);
        }
        else
        {
            // Orleans' development membership: this silo is the whole cluster.
            silo.UseDevelopmentClustering(new IPEndPoint(Silo.Advertised, SiloPort));
        }

        if (Storage.IsElasticsearch)
        {
            ElasticsearchHosting.AddLockStorage(silo, _lockStorageName, _configuration);
        }
        else
        {
            silo.AddMemoryGrainStorage(_lockStorageName);
        }

        silo.AddCoordinationLocks();
    }

    // Orleans must know its ports before it listens (they are advertised in the membership table), so a free one
    // is found here; another process could take it in between, in which case start-up fails with "port in use".
    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
