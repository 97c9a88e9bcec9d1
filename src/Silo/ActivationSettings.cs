using Coordination.Configuration;
using Orleans.Configuration;

namespace Coordination.Silo;

/// <summary>How long idle lock activations stay in memory. Bound from <c>Coordination:Activation</c>, mapped onto Orleans' <see cref="GrainCollectionOptions"/>.</summary>
internal sealed class ActivationSettings
{
    public const string SectionName = "Coordination:Activation";

    /// <summary>
    /// How long a lock nobody holds or waits for stays activated after its last call (Orleans <c>CollectionAge</c>,
    /// default 15 min). A held lock, or one with waiters, stays activated regardless.
    /// </summary>
    public TimeSpan? CollectionAge { get; set; }

    /// <summary>How long one deactivation may take (Orleans <c>DeactivationTimeout</c>, default 30 s).</summary>
    public TimeSpan? DeactivationTimeout { get; set; }

    public List<string> Validate()
    {
        var failures = new List<string>();
        if (CollectionAge is { } age)
        {
            OptionRules.Range(failures, $"{SectionName}:CollectionAge", age, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        }

        if (DeactivationTimeout is { } timeout)
        {
            OptionRules.Range(failures, $"{SectionName}:DeactivationTimeout", timeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        }

        return failures;
    }

    public void ApplyTo(GrainCollectionOptions options)
    {
        options.CollectionAge = CollectionAge ?? options.CollectionAge;
        options.DeactivationTimeout = DeactivationTimeout ?? options.DeactivationTimeout;
    }
}
