namespace Coordination.Persistence.Elasticsearch;

/// <summary>One node URL, with credentials stripped, and whether it is currently reachable.</summary>
internal sealed class ElasticsearchNode
{
    public ElasticsearchNode(Uri baseUri)
    {
        BaseUri = baseUri;
        Display = baseUri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The URL requests are sent to; it never carries user info.</summary>
    public Uri BaseUri { get; }

    /// <summary>The URL as it may appear in logs and messages.</summary>
    public string Display { get; }

    public DateTimeOffset DeadUntil { get; private set; } = DateTimeOffset.MinValue;

    public string? LastFailure { get; private set; }

    private int _consecutiveFailures;

    public bool IsAliveAt(DateTimeOffset now) => now >= DeadUntil;

    public void MarkDead(DateTimeOffset now, TimeSpan cooldown, string cause)
    {
        // Each consecutive failure doubles the time the node is skipped, up to eight cooldowns.
        var factor = 1 << Math.Min(3, _consecutiveFailures++);
        DeadUntil = now + (cooldown * factor);
        LastFailure = cause;
    }

    public void MarkAlive()
    {
        _consecutiveFailures = 0;
        DeadUntil = DateTimeOffset.MinValue;
    }

    public override string ToString() => Display;
}
