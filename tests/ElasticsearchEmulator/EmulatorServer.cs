using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coordination.ElasticsearchEmulator;

/// <summary>
/// An Elasticsearch 9.x (or, by its reported version, 8.x) emulator listening on HTTP, in-process (tests) or standalone (<c>dotnet run</c>).
/// </summary>
/// <example>
/// <code>
/// await using var es = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = clock });
/// var http = new HttpClient { BaseAddress = es.Url };
/// es.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Operations = EmulatorOperations.Index, Count = 1 });
/// EmulatorStats stats = es.Stats.Snapshot();
/// </code>
/// </example>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Cluster _cluster;
    private int _disposed;

    private EmulatorServer(WebApplication app, Cluster cluster, Uri url, FaultInjector faults, TrafficStats stats, EmulatorOptions options)
    {
        _app = app;
        _cluster = cluster;
        Url = url;
        Faults = faults;
        Stats = stats;
        Options = options;
    }

    /// <summary>The base URL clients should use (the actual port when bound to port 0).</summary>
    public Uri Url { get; }

    /// <summary>Fault rules applied to incoming requests.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Request counts by operation.</summary>
    public TrafficStats Stats { get; }

    public EmulatorOptions Options { get; }

    public static Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new EmulatorOptions(), handleConsoleSignals: false, cancellationToken);

    /// <summary>Starts with the process's Ctrl+C / SIGTERM handling (the standalone executable).</summary>
    internal static Task<EmulatorServer> StartAsyncStandalone(EmulatorOptions options) => StartAsync(options, handleConsoleSignals: true, CancellationToken.None);

    private static async Task<EmulatorServer> StartAsync(EmulatorOptions options, bool handleConsoleSignals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (options.LogRequests)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.WebHost.UseUrls(options.Url.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (options.ServerCertificate is not null)
        {
            // The slim builder leaves HTTPS out unless asked.
            builder.WebHost.UseKestrelHttpsConfiguration();
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
            if (options.ServerCertificate is { } certificate)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }
        });
        if (!handleConsoleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();
        }

        var cluster = new Cluster(options);
        var faults = new FaultInjector();
        var stats = new TrafficStats();
        var app = builder.Build();
        var logger = options.LogRequests
            ? app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Coordination.ElasticsearchEmulator")
            : NullLogger.Instance;
        var pipeline = new RequestPipeline(
            cluster,
            EmulatorRoutes.Build(cluster),
            EmulatorRoutes.BuildControl(cluster, faults, stats),
            new Authenticator(options.Credentials),
            faults,
            stats,
            options.MajorVersion,
            options.HttpCompression ?? options.ServerCertificate is null,
            logger);
        app.Run(pipeline.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault() ?? options.Url;
        return new EmulatorServer(app, cluster, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)), faults, stats, options);
    }

    /// <summary>Simulates a failover of every shard of the index: later writes carry primary term + 1. Returns the new term.</summary>
    public long FailoverPrimary(string index) => Resolve(index).BumpPrimaryTerms();

    /// <summary>The current primary term of the index (its highest shard term).</summary>
    public long PrimaryTerm(string index) => Resolve(index).Shards.Max(s => s.PrimaryTerm);

    /// <summary>Makes all acknowledged writes of the index visible to search, like POST /{index}/_refresh.</summary>
    public void Refresh(string index) => Resolve(index).RefreshAll();

    /// <summary>
    /// Completes once at least <paramref name="count"/> refresh=wait_for writes are waiting on the index, so a test can
    /// trigger the refresh knowing the writes are parked.
    /// </summary>
    public async Task WaitForRefreshListenersAsync(string index, int count, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var next = _cluster.NextRefreshListener;
            if (_cluster.FindIndex(index) is { } target && target.PendingRefreshListeners >= count)
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes once at least <paramref name="count"/> requests are parked on the emulator's clock (a health wait,
    /// injected latency, a held response, a wait for active shards): advancing the clock then releases them.
    /// </summary>
    public async Task WaitForClockWaitersAsync(int count, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var next = _cluster.NextClockWaiterChange;
            if (_cluster.ClockWaiters >= count)
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Requests currently parked on the emulator's clock.</summary>
    public int ClockWaiters => _cluster.ClockWaiters;

    private EmulatedIndex Resolve(string index)
    {
        try
        {
            return _cluster.ResolveForRead(index, isWrite: false);
        }
        catch (EsException e)
        {
            throw new InvalidOperationException(e.Reason, e);
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C / SIGTERM when standalone).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            foreach (var index in _cluster.Indices)
            {
                index.Dispose();
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>In a test process the emulator must not react to the host's Ctrl+C / SIGTERM.</summary>
    private sealed class InProcessLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
