namespace Coordination.Runtime.Activation;

/// <summary>Where an activation is in its life. It only moves forward.</summary>
internal enum ActivationState
{
    /// <summary>Created by the catalog; nothing has run yet.</summary>
    Creating,

    /// <summary>Constructing the grain, reading its state and running OnActivateAsync; calls wait.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; calls wait and are then sent to a new activation.</summary>
    Deactivating,

    /// <summary>Gone; anything that still reaches it is sent back to the catalog.</summary>
    Invalid,
}
