namespace Coordination.Storage;

/// <summary>
/// A write or clear was refused because the stored record changed since this activation read it.
/// When it escapes a grain method the runtime deactivates the activation, so the next call re-reads.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag, Exception? innerException = null)
        : base(message, innerException)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The etag held by the store (null when no record exists).</summary>
    public string? StoredEtag { get; }

    /// <summary>The etag the writer presented (null when it expected no record).</summary>
    public string? CurrentEtag { get; }
}
