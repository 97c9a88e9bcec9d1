using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Locks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Coordination.EndToEnd.Tests.Processes;

/// <summary>
/// A cluster as an operator runs it: an Elasticsearch (the emulator as a process, or the real cluster named
/// by <c>COORDINATION_TEST_ES_URL</c>), silo processes on the Elasticsearch store with ports chosen by the
/// system, and the coord tool run as a child process. Indices and the cluster id are unique per cluster, so
/// clusters never see each other's data.
/// </summary>
internal sealed partial class ProcessCluster : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];
    private readonly List<SiloProcess> _silos = [];
    private readonly string _scope = Guid.NewGuid().ToString("N")[..10];
    private readonly HttpClient _http = new();
    private ChildProcess? _emulator;

    private ProcessCluster()
    {
    }

    public string ClusterId => "e2e-" + _scope;

    public string ElasticsearchUrl { get; private set; } = string.Empty;

    public string LockIndex => $"e2e-{_scope}-locks";

    public string MembershipIndex => $"e2e-{_scope}-membership";

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>Starts the store and <paramref name="silos"/> silos, each waited for until its start-up line.</summary>
    public static async Task<ProcessCluster> StartAsync(int silos, CancellationToken cancellationToken)
    {
        var cluster = new ProcessCluster();
        try
        {
            await cluster.StartStoreAsync(cancellationToken);
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync($"silo-{i}", cancellationToken: cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo process and waits until it announces its endpoints.</summary>
    public async Task<SiloProcess> StartSiloAsync(string name, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var process = StartSiloProcess(name, settings);
        var started = await process.WaitForLineAsync($"Silo {name} started in cluster {ClusterId}", cancellationToken);
        var endpoints = StartedLine().Match(started);
        var silo = new SiloProcess(name, process, endpoints.Groups["silo"].Value, endpoints.Groups["gateway"].Value);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Starts a silo process without waiting for it, for silos expected to refuse to start.</summary>
    public ChildProcess StartSiloProcess(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["COORDINATION__Silo__SiloName"] = name,
            ["COORDINATION__Silo__ClusterId"] = ClusterId,
            ["COORDINATION__Silo__SiloPort"] = "0",
            ["COORDINATION__Silo__GatewayPort"] = "0",
            ["COORDINATION__Silo__ListenAddress"] = "127.0.0.1",
            ["COORDINATION__Storage__Provider"] = "Elasticsearch",
            ["COORDINATION__Storage__Elasticsearch__Urls__0"] = ElasticsearchUrl,
            ["COORDINATION__Storage__Elasticsearch__Index"] = LockIndex,
            ["COORDINATION__Storage__Elasticsearch__NumberOfReplicas"] = "0",
            ["COORDINATION__Membership__Elasticsearch__Index"] = MembershipIndex,
            // Failure detection in a few seconds instead of Orleans' tens, so a killed silo is noticed quickly.
            ["COORDINATION__Membership__ProbeTimeout"] = "00:00:01",
            ["COORDINATION__Membership__TableRefreshInterval"] = "00:00:01",
            ["COORDINATION__Membership__HeartbeatInterval"] = "00:00:05",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = ChildProcess.Start(name, Executables.Silo, [], environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>Runs <c>coord <paramref name="arguments"/></c> against every silo's gateway, with <c>--json</c>.</summary>
    public Task<CoordResult> CoordAsync(CancellationToken cancellationToken, params string[] arguments) =>
        CoordAsync(arguments, _silos.Where(s => !s.Process.HasExited).Select(s => s.Gateway), cancellationToken);

    public async Task<CoordResult> CoordAsync(IEnumerable<string> arguments, IEnumerable<string> gateways, CancellationToken cancellationToken)
    {
        var all = arguments.ToList();
        var separator = all.IndexOf("--");
        var options = new List<string> { "--cluster-id", ClusterId, "--json" };
        options.AddRange(gateways.SelectMany(g => new[] { "--gateway", g }));
        // Options go before "--", after which everything belongs to the command exec runs.
        all.InsertRange(separator < 0 ? all.Count : separator, options);
        await using var coord = ChildProcess.Start("coord", Executables.Coord, all, new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1" });
        var exitCode = await coord.WaitForExitAsync(cancellationToken);
        return new CoordResult(exitCode, coord.StandardOutput, coord.Output);
    }

    /// <summary>
    /// The silo process whose activation serves lock <paramref name="key"/> now, as Orleans' management grain reports
    /// it to a client connected to the running silos' gateways.
    /// </summary>
    public async Task<SiloProcess> HostOfAsync(string key, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseStaticClustering([.. _silos.Where(s => !s.Process.HasExited).Select(s => IPEndPoint.Parse(s.Gateway))])
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = "coordination";
            }));
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var silo = await client.GetGrain<IManagementGrain>(0).GetActivationAddress(client.GetGrain<ILockGrain>(key))
                ?? throw new InvalidOperationException($"Lock {key} has no activation.");
            return _silos.Single(s => s.SiloAddress == silo.ToParsableString());
        }
        finally
        {
            await host.StopAsync(cancellationToken);
        }
    }

    /// <summary>The silos the membership table lists as Active.</summary>
    public async Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken)
    {
        using var document = await _http.GetFromJsonAsync<JsonDocument>($"{ElasticsearchUrl}/{MembershipIndex}/_doc/{ClusterId}", cancellationToken)
            ?? throw new InvalidOperationException("The membership table is missing.");
        return [.. document.RootElement.GetProperty("_source").GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("status").GetString() == "Active")
            .Select(e => e.GetProperty("silo").GetString()!)];
    }

    /// <summary>
    /// Waits until the membership table lists exactly the running silos as Active, and every silo has had time
    /// to read it. Polls the table: the silos are other processes, and this is how an operator would watch.
    /// </summary>
    public async Task WaitForMembershipAsync(CancellationToken cancellationToken)
    {
        var expected = _silos.Where(s => !s.Process.HasExited).Select(s => s.SiloAddress).Order(StringComparer.Ordinal).ToList();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        IReadOnlyList<string> active = [];
        try
        {
            while (!(active = await ActiveSilosAsync(limit.Token)).Order(StringComparer.Ordinal).SequenceEqual(expected))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The table lists {string.Join(", ", active)} as active, not {string.Join(", ", expected)}.");
        }

        // Each silo re-reads the table every second (and hears of changes sooner by gossip); two periods later they all have.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task StartStoreAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("COORDINATION_TEST_ES_URL") is { Length: > 0 } real)
        {
            ElasticsearchUrl = real.TrimEnd('/');
            return;
        }

        _emulator = ChildProcess.Start("emulator", Executables.Emulator, ["--urls", "http://127.0.0.1:0"]);
        var listening = await _emulator.WaitForLineAsync("listening on", cancellationToken);
        ElasticsearchUrl = EmulatorUrl().Match(listening).Value.TrimEnd('/');
    }

    [GeneratedRegex(@"silo endpoint (?<silo>\S+), gateway (?<gateway>\S+), store")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"http://[^ ]+")]
    private static partial Regex EmulatorUrl();
}
