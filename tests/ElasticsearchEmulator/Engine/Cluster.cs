using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>An index (or data stream backing index) chosen for a search, with the filter of the alias that led to it.</summary>
internal readonly record struct ResolvedIndex(EmulatedIndex Index, JsonNode? AliasFilter);

/// <summary>
/// The single-node cluster: indices, data streams, aliases and templates. Metadata changes are serialized by one
/// lock; document traffic never takes it (lookups go through concurrent dictionaries).
/// </summary>
internal sealed partial class Cluster
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, EmulatedIndex> _indices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DataStreamState> _dataStreams = new(StringComparer.Ordinal);
    private volatile Dictionary<string, List<EmulatedIndex>> _aliases = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _refreshListenerAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _clockWaitersChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _clockWaiters;

    public Cluster(EmulatorOptions options)
    {
        Clock = options.TimeProvider;
        Name = options.ClusterName;
        NodeName = options.NodeName;
        Version = options.Version;
        MajorVersion = options.MajorVersion;
        AutoCreateIndex = options.AutoCreateIndex;
        Uuid = EmulatedIndex.NewUuid();
        NodeId = EmulatedIndex.NewUuid();
        Templates = new TemplateRegistry(options.InstallBuiltInTemplates);
    }

    public TimeProvider Clock { get; }

    public string Name { get; }

    public string Uuid { get; }

    public string NodeName { get; }

    public string NodeId { get; }

    public string Version { get; }

    public int MajorVersion { get; }

    public bool AutoCreateIndex { get; }

    public TemplateRegistry Templates { get; }

    public ICollection<EmulatedIndex> Indices => _indices.Values;

    /// <summary>Completes at the next metadata change (index created, deleted or re-configured).</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    public Task NextRefreshListener => Volatile.Read(ref _refreshListenerAdded).Task;

    /// <summary>Requests currently parked on the emulator clock (health waits, injected latency, held responses).</summary>
    public int ClockWaiters => Volatile.Read(ref _clockWaiters);

    public Task NextClockWaiterChange => Volatile.Read(ref _clockWaitersChanged).Task;

    /// <summary>Marks a request as waiting on the clock until the returned scope is disposed, so tests know when to advance it.</summary>
    public ClockWaitScope EnterClockWait()
    {
        Interlocked.Increment(ref _clockWaiters);
        SignalClockWaiters();
        return new ClockWaitScope(this);
    }

    private void SignalClockWaiters() =>
        Interlocked.Exchange(ref _clockWaitersChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public readonly struct ClockWaitScope(Cluster cluster) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Decrement(ref cluster._clockWaiters);
            cluster.SignalClockWaiters();
        }
    }

    public void SignalChanged() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void SignalRefreshListener() =>
        Interlocked.Exchange(ref _refreshListenerAdded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public EmulatedIndex? FindIndex(string name) => _indices.TryGetValue(name, out var index) ? index : null;

    public DataStreamState? FindDataStream(string name) => _dataStreams.TryGetValue(name, out var stream) ? stream : null;

    public IReadOnlyList<EmulatedIndex>? FindAlias(string name) => _aliases.TryGetValue(name, out var members) ? members : null;

    public IReadOnlyCollection<DataStreamState> DataStreams => [.. _dataStreams.Values];

    private void RebuildAliasesLocked()
    {
        var aliases = new Dictionary<string, List<EmulatedIndex>>(StringComparer.Ordinal);
        foreach (var index in _indices.Values.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            foreach (var (alias, _) in index.Aliases)
            {
                if (!aliases.TryGetValue(alias, out var members))
                {
                    members = [];
                    aliases[alias] = members;
                }

                members.Add(index);
            }
        }

        _aliases = aliases;
    }
}
