using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Coordination.Cli;

/// <summary>
/// Remembers, per gateway, why Orleans' last attempt to connect to it failed. The client's start reports one failure
/// for all of its gateways together (the last one); each gateway's own reason is known only to Orleans' connection
/// manager, which logs it with the gateway's address. coord reads that log event so that "no gateway could be reached"
/// can say why for each; nothing else depends on it.
/// </summary>
internal sealed class GatewayFailureRecorder : ILoggerProvider
{
    /// <summary>The log category of Orleans' connection manager (Orleans.Runtime.Messaging.ConnectionManager).</summary>
    public const string ConnectionManagerCategory = "Orleans.Runtime.Messaging.ConnectionManager";

    private readonly ConcurrentDictionary<IPEndPoint, Exception> _failures = new();

    /// <summary>The last failure logged for <paramref name="endpoint"/>, if any.</summary>
    public Exception? FailureOf(IPEndPoint endpoint) => _failures.TryGetValue(endpoint, out var failure) ? failure : null;

    public ILogger CreateLogger(string categoryName) =>
        categoryName == ConnectionManagerCategory ? new Recorder(_failures) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Recorder(ConcurrentDictionary<IPEndPoint, Exception> failures) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || logLevel < LogLevel.Warning || state is not IEnumerable<KeyValuePair<string, object?>> values)
            {
                return;
            }

            foreach (var (_, value) in values)
            {
                if (value is SiloAddress silo)
                {
                    failures[silo.Endpoint] = exception;
                    return;
                }
            }
        }
    }
}
