namespace Coordination.ElasticsearchEmulator;

/// <summary>
/// One fault to inject. It selects requests by operation kind, and optionally by index name and document id; with
/// a <see cref="Count"/> it applies to that many requests and then disarms. Rules are matched in the order they
/// were added.
/// </summary>
public sealed class FaultRule
{
    private readonly object _gate = new();
    private readonly List<(int Target, TaskCompletionSource Signal)> _waiters = [];
    private int _applied;
    private int? _remaining;
    private bool _removed;

    public FaultRule()
    {
    }

    public FaultRule(FaultKind kind)
    {
        Kind = kind;
    }

    public FaultKind Kind { get; init; }

    /// <summary>Which operations it applies to (default: all).</summary>
    public EmulatorOperations Operations { get; init; } = EmulatorOperations.All;

    /// <summary>The index name as the request names it (path segment), or null for any index.</summary>
    public string? Index { get; init; }

    /// <summary>The document id, or null for any document (and for requests without one).</summary>
    public string? DocumentId { get; init; }

    /// <summary>How many requests it applies to before disarming; null means every matching request.</summary>
    public int? Count
    {
        get => _remaining is null ? null : _initialCount;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A fault count must be at least 1.");
            }

            _initialCount = value;
            _remaining = value;
        }
    }

    private readonly int? _initialCount;

    /// <summary>Latency: how long to wait. ApplyThenTimeout: how long to withhold the response (null: until the client aborts).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Set when the rule is added to an emulator; used by the HTTP control API.</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>How many requests the rule has been applied to so far.</summary>
    public int AppliedCount => Volatile.Read(ref _applied);

    /// <summary>Requests it may still apply to (null: unlimited).</summary>
    public int? Remaining
    {
        get
        {
            lock (_gate)
            {
                return _remaining;
            }
        }
    }

    /// <summary>False once its count is used up or it was removed.</summary>
    public bool IsArmed
    {
        get
        {
            lock (_gate)
            {
                return !_removed && _remaining is not 0;
            }
        }
    }

    /// <summary>
    /// Completes once the rule has been applied <paramref name="times"/> times. "Applied" means: a latency rule has
    /// armed its timer; a rejection has been decided; an apply-then-* rule has applied the request and is about to
    /// withhold or reset; a primary-term bump has happened.
    /// </summary>
    public Task WhenAppliedAsync(int times = 1, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_applied >= times)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((times, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    internal bool Matches(EmulatorOperations operation, IReadOnlyList<string> indices, string? documentId)
    {
        if ((Operations & operation) == 0)
        {
            return false;
        }

        if (Index is not null && !indices.Contains(Index))
        {
            return false;
        }

        return DocumentId is null || DocumentId == documentId;
    }

    /// <summary>Takes one use of the rule; false when it is disarmed.</summary>
    internal bool TryConsume()
    {
        lock (_gate)
        {
            if (_removed || _remaining is 0)
            {
                return false;
            }

            if (_remaining is { } remaining)
            {
                _remaining = remaining - 1;
            }

            return true;
        }
    }

    internal void MarkRemoved()
    {
        lock (_gate)
        {
            _removed = true;
        }
    }

    internal void NotifyApplied()
    {
        List<TaskCompletionSource>? ready = null;
        lock (_gate)
        {
            _applied++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= _applied)
                {
                    (ready ??= []).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(s => s.TrySetResult());
    }

    public override string ToString() =>
        $"{Kind} ops={Operations} index={Index ?? "*"} id={DocumentId ?? "*"} count={(Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited")} delay={Delay}";
}
