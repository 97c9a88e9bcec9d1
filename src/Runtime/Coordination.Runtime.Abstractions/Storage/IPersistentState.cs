namespace Coordination.Storage;

/// <summary>
/// A piece of grain state kept in a storage provider with an etag. Every write is a compare-and-set
/// against the etag of the last read or write.
/// </summary>
public interface IPersistentState<TState>
    where TState : new()
{
    /// <summary>The state as of the last read or write (a new <typeparamref name="TState"/> when no record exists).</summary>
    TState State { get; set; }

    /// <summary>The etag of the stored record this state came from; null when there is no record.</summary>
    string? Etag { get; }

    /// <summary>True when the store holds a record for this state.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the stored record, replacing <see cref="State"/> and <see cref="Etag"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> if the stored etag still equals <see cref="Etag"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored record changed since it was read.</exception>
    /// <exception cref="StorageWriteOutcomeUnknownException">The store may or may not have applied the write.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record if its etag still equals <see cref="Etag"/>, and resets <see cref="State"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored record changed since it was read.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
