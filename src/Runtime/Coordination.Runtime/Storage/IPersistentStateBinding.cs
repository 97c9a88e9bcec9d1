namespace Coordination.Runtime.Storage;

/// <summary>A persistent state bound to an activation, read before the grain's OnActivateAsync.</summary>
internal interface IPersistentStateBinding
{
    Task ReadAsync(CancellationToken cancellationToken);
}
