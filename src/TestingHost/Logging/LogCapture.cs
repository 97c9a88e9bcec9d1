using Microsoft.Extensions.Logging;

namespace Coordination.TestingHost;

/// <summary>
/// Keeps the log lines of a test cluster's silos (warnings and above, unless the minimum level is lowered)
/// so tests can assert what operators would read, and wait for a line without polling.
/// </summary>
public sealed class LogCapture
{
    private readonly object _gate = new();
    private readonly List<CapturedLogEntry> _entries = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<CapturedLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Waits for a line matching <paramref name="match"/> (one already written counts).</summary>
    /// <exception cref="TimeoutException">None was written within <paramref name="timeout"/>; the message lists what was.</exception>
    public async Task<CapturedLogEntry> WaitForAsync(Func<CapturedLogEntry, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            Task added;
            lock (_gate)
            {
                if (_entries.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                added = _added.Task;
            }

            try
            {
                await added.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching log line within {timeout}. Lines written:{Environment.NewLine}{string.Join(Environment.NewLine, Entries)}");
            }
        }
    }

    /// <summary>A logger provider that records under <paramref name="silo"/>'s name.</summary>
    public ILoggerProvider ProviderFor(string silo) => new Provider(this, silo);

    private void Add(CapturedLogEntry entry)
    {
        TaskCompletionSource added;
        lock (_gate)
        {
            _entries.Add(entry);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }

    private sealed class Provider(LogCapture capture, string silo) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(capture, silo, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(LogCapture capture, string silo, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(new CapturedLogEntry(silo, category, logLevel, eventId, formatter(state, exception), exception));
    }
}
