namespace Coordination.Runtime.Configuration;

/// <summary>Lifetime of grain activations. Bound from the <c>Coordination:Activation</c> configuration section.</summary>
public sealed class ActivationOptions
{
    public const string SectionName = "Coordination:Activation";

    /// <summary>
    /// An activation idle for this long is deactivated, unless it asked to stay alive. Default 15 minutes;
    /// allowed from 1 second to 30 days.
    /// </summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often idle activations are looked for, so collection happens at most this much after the age is
    /// reached. Default 1 minute; allowed from 1 millisecond to the collection age.
    /// </summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long <c>OnDeactivateAsync</c> may run before the activation is dropped anyway. Default 30 seconds;
    /// allowed from 1 millisecond to 10 minutes.
    /// </summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
