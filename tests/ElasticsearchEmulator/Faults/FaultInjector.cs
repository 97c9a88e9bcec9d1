namespace Coordination.ElasticsearchEmulator;

/// <summary>The fault rules of an emulator. Thread-safe; rules can be added and removed while traffic flows.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = [];
    private long _nextId;

    /// <summary>The rules currently registered, in matching order (disarmed ones stay until removed or cleared).</summary>
    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Kind == FaultKind.Latency && rule.Delay is null)
        {
            throw new ArgumentException("A latency fault needs a Delay.", nameof(rule));
        }

        lock (_gate)
        {
            if (_rules.Contains(rule))
            {
                throw new InvalidOperationException("The rule was already added.");
            }

            rule.Id = "fault-" + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rules.Add(rule);
        }

        return rule;
    }

    public bool Remove(FaultRule rule)
    {
        lock (_gate)
        {
            rule.MarkRemoved();
            return _rules.Remove(rule);
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            var rule = _rules.Find(r => r.Id == id);
            return rule is not null && Remove(rule);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                rule.MarkRemoved();
            }

            _rules.Clear();
        }
    }

    /// <summary>
    /// Picks the rules for one request and consumes one use of each: every matching latency and term-bump rule, and
    /// the first matching rule of the other kinds (which decides the outcome).
    /// </summary>
    internal FaultPlan? Plan(EmulatorOperations operation, IReadOnlyList<string> indices, string? documentId)
    {
        FaultRule[] snapshot;
        lock (_gate)
        {
            if (_rules.Count == 0)
            {
                return null;
            }

            snapshot = [.. _rules];
        }

        List<FaultRule>? latencies = null;
        List<FaultRule>? bumps = null;
        FaultRule? outcome = null;
        foreach (var rule in snapshot)
        {
            if (!rule.Matches(operation, indices, documentId))
            {
                continue;
            }

            switch (rule.Kind)
            {
                case FaultKind.Latency:
                    if (rule.TryConsume())
                    {
                        (latencies ??= []).Add(rule);
                    }

                    break;
                case FaultKind.PrimaryTermBump:
                    if (rule.TryConsume())
                    {
                        (bumps ??= []).Add(rule);
                    }

                    break;
                default:
                    if (outcome is null && rule.TryConsume())
                    {
                        outcome = rule;
                    }

                    break;
            }
        }

        return latencies is null && bumps is null && outcome is null ? null : new FaultPlan(latencies, bumps, outcome);
    }
}

/// <summary>The faults chosen for one request.</summary>
internal sealed record FaultPlan(IReadOnlyList<FaultRule>? Latencies, IReadOnlyList<FaultRule>? TermBumps, FaultRule? Outcome);
