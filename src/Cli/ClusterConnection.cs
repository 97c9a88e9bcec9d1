using Coordination.Locks;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Coordination.Cli;

/// <summary>
/// coord's Orleans client: a generic host with <c>UseOrleansClient</c>, connected to the gateways that
/// <see cref="GatewayDiscovery"/> names, in cluster <c>--cluster-id</c> of service <see cref="ServiceId"/>.
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>The Orleans service id of every Coordination cluster; the silo executable uses the same.</summary>
    public const string ServiceId = "coordination";

    // Orleans' own per-gateway connection timeout ends first, so that each gateway that did not answer is known.
    private static readonly TimeSpan s_startGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    /// <summary>The client host's loggers, for coord's own log events.</summary>
    public ILoggerFactory LoggerFactory => _host.Services.GetRequiredService<ILoggerFactory>();

    /// <summary>
    /// Connects, taking up to <see cref="CommonValues.Timeout"/> for it: each gateway gets that long to accept a
    /// connection, and every call made through the client that long to be answered (a waiting acquire adds its wait).
    /// </summary>
    /// <exception cref="ClusterUnavailableException">No gateway could be connected to; the message says why for each.</exception>
    public static async Task<ClusterConnection> OpenAsync(CommonValues common, CoordAppSettings settings, CancellationToken cancellationToken)
    {
        var discovery = await GatewayDiscovery.ForAsync(common, cancellationToken).ConfigureAwait(false);
        var failures = new GatewayFailureRecorder();
        if (!discovery.FromMembershipTable && discovery.Endpoints.Count == 0)
        {
            throw Unavailable(discovery, failures, common, lastFailure: null);
        }

        var host = Build(discovery, failures, common, settings);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(common.Timeout + s_startGrace);
            await host.StartAsync(deadline.Token).ConfigureAwait(false);
            return new ClusterConnection(host);
        }
        catch (Exception failure)
        {
            await ((IAsyncDisposable)host).DisposeAsync().ConfigureAwait(false);

            // Interrupted while connecting: whatever Orleans made of it, coord reports the interruption.
            cancellationToken.ThrowIfCancellationRequested();
            throw Unavailable(discovery, failures, common, failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(s_stopTimeout))
        {
            try
            {
                await _host.StopAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The process is about to end; a gateway that does not acknowledge the goodbye does not hold it up.
            }
        }

        await ((IAsyncDisposable)_host).DisposeAsync().ConfigureAwait(false);
    }

    private static IHost Build(GatewayDiscovery discovery, GatewayFailureRecorder failures, CommonValues common, CoordAppSettings settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "coord", DisableDefaults = true });

        // coord's output is its own: logs (its own and Orleans') go only where the settings send them.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(failures);
        settings.ConfigureLogging?.Invoke(builder.Logging);
        builder.Logging.AddFilter((provider, category, level) => provider == typeof(GatewayFailureRecorder).FullName
            ? category == GatewayFailureRecorder.ConnectionManagerCategory && level >= LogLevel.Warning
            : level >= settings.LogLevel);

        builder.UseOrleansClient(client =>
        {
            discovery.ConfigureClient(client);

            // Orleans' default keeps retrying the first connection for minutes; coord reports at once which gateway
            // failed and why, and leaves waiting for a silo to come up to whoever runs it.
            client.UseConnectionRetryFilter(static (_, _) => Task.FromResult(false));
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = common.ClusterId;
                cluster.ServiceId = ServiceId;
            });
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = common.Timeout);
            client.Configure<ConnectionOptions>(connection => connection.OpenConnectionTimeout = common.Timeout);
            client.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(ILockGrain).Assembly));

            // So that exec's lock handle sends a wait again when a gateway connection closes under it.
            client.Services.AddCoordinationLockProvider();
        });
        return builder.Build();
    }

    private static ClusterUnavailableException Unavailable(GatewayDiscovery discovery, GatewayFailureRecorder failures, CommonValues common, Exception? lastFailure)
    {
        var reasons = new List<string>();
        foreach (var (gateway, reason) in discovery.Unresolved)
        {
            reasons.Add($"{gateway}: {reason}");
        }

        foreach (var endpoint in discovery.Endpoints)
        {
            reasons.Add($"{discovery.Describe(endpoint)}: {Reason(failures.FailureOf(endpoint) ?? lastFailure, common)}");
        }

        if (discovery.FromMembershipTable)
        {
            // The gateways were never named: say where they were looked for, and what the client last ran into.
            reasons.Add($"{common.Where}: {(lastFailure is null ? "no active gateway is listed" : Reason(lastFailure, common))}");
        }

        return new ClusterUnavailableException($"no gateway could be connected to. {string.Join("; ", reasons)}.", lastFailure);
    }

    /// <summary>Why one gateway failed, from the failure Orleans logged for it, or else the client's own.</summary>
    /// <remarks>
    /// A gateway of another cluster ends Orleans' connection handshake. Whether the client first reads the gateway's
    /// cluster id ("Unexpected cluster id", an <see cref="InvalidOperationException"/>), reads the end of the stream
    /// ("Connection terminated prematurely", the same type) or sees the connection aborted
    /// (<see cref="ConnectionAbortedException"/>, which is an <see cref="OperationCanceledException"/> but no timeout)
    /// is a race inside Orleans, so the likely cause is named in every case.
    /// </remarks>
    private static string Reason(Exception? failure, CommonValues common) => failure is null
        ? "it was not tried"
        : Innermost(failure) switch
        {
            InvalidOperationException or ConnectionAbortedException => $"{Innermost(failure).Message.TrimEnd('.')} (the gateway ended Orleans' handshake, as gateways do with clients of another cluster: is --cluster-id '{common.ClusterId}' right?)",
            OperationCanceledException => $"it did not answer within {Durations.Format(common.Timeout)}",
            var other => other.Message.TrimEnd('.'),
        };

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
