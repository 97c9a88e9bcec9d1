namespace Coordination;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>The grain called <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,

    /// <summary>The activation was idle for longer than the collection age.</summary>
    IdleCollection,

    /// <summary>A write found the stored state changed underneath; the next call re-reads it.</summary>
    InconsistentState,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>The grain now belongs to another silo.</summary>
    PlacementChanged,
}

/// <summary>A deactivation reason code with a human-readable description for logs.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    public override string ToString() => $"{Code}: {Description}";
}
